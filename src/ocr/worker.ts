// Entry point of a pool thread: one engine, one job at a time. The engine's assets arrive in the
// first message, so the same module serves Web Workers and node:worker_threads.
import { TesseractEngine } from './engine.ts';
import { runJob, serializeError, transferablesOf, type Job } from './jobs.ts';
import { parentChannel } from './thread.ts';

export interface WorkerInit {
  wasm: Uint8Array;
  model: Uint8Array;
}

export type ToWorker = { type: 'init'; init: WorkerInit } | { type: 'job'; id: number; job: Job };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: ReturnType<typeof serializeError> };

// Tesseract reports routine guesses on stderr for every page; keep real warnings only.
const CHATTER = /^(Estimating resolution as \d+|Detected \d+ diacritics)\s*$/;
for (const level of ['error', 'warn', 'log'] as const) {
  const write = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (!(args.length === 1 && typeof args[0] === 'string' && CHATTER.test(args[0]))) write(...args);
  };
}

const parent = parentChannel();
let engine: TesseractEngine | undefined;

parent.onMessage(async (message: ToWorker) => {
  if (message.type === 'init') {
    engine = await TesseractEngine.create(message.init.wasm, message.init.model);
    engine.warmUp();
    parent.post({ type: 'ready' } satisfies FromWorker);
    return;
  }
  try {
    const result = runJob(message.job, engine!);
    parent.post({ type: 'done', id: message.id, result } satisfies FromWorker, transferablesOf(result));
  } catch (error) {
    parent.post({ type: 'failed', id: message.id, error: serializeError(error) } satisfies FromWorker);
  }
});
