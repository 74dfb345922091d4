// Entry point of a pool worker thread: one engine, one job at a time. The same node:worker_threads
// module runs on Node, Bun and Deno.
import { parentPort, workerData } from 'node:worker_threads';
import { TesseractEngine } from './engine.ts';
import { runJob, serializeError, transferablesOf, type Job } from './jobs.ts';

export interface WorkerInit {
  wasm: Uint8Array;
  model: Uint8Array;
}

export type WorkerMessage =
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

const port = parentPort!;
const init = workerData as WorkerInit;
const engine = await TesseractEngine.create(init.wasm, init.model);
engine.warmUp();

port.on('message', ({ id, job }: { id: number; job: Job }) => {
  let reply: WorkerMessage;
  try {
    const result = runJob(job, engine);
    reply = { type: 'done', id, result };
    port.postMessage(reply, transferablesOf(result));
  } catch (error) {
    reply = { type: 'failed', id, error: serializeError(error) };
    port.postMessage(reply);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
