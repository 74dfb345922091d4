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
