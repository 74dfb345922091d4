// Threads for the worker pool. Node has only node:worker_threads; Bun and Deno also have Web Workers,
// and Deno needs them: its node:worker_threads copies messages at roughly 170 ms per MB (a 300 dpi
// page takes seconds), while its Web Workers move the same buffer in milliseconds.
import { parentPort, Worker as NodeWorker } from 'node:worker_threads';

export interface ThreadEvents {
  message(data: unknown): void;
  /** The thread died or threw outside a job. */
  failure(error: Error): void;
}

export interface Thread {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<void>;
}

interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: URL, options: { type: 'module' }) => WebWorker;

const WebWorker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;

export function startThread(url: URL, events: ThreadEvents): Thread {
  if (WebWorker) {
    const worker = new WebWorker(url, { type: 'module' });
    worker.onmessage = (event) => events.message(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      events.failure(new Error(event.message ?? 'OCR worker failed'));
    };
    return {
      post: (message, transfer = []) => worker.postMessage(message, transfer),
      terminate: async () => worker.terminate(),
    };
  }
  const worker = new NodeWorker(url);
  worker.on('message', events.message);
  worker.on('error', events.failure);
  worker.on('exit', (code) => events.failure(new Error(`OCR worker exited unexpectedly (code ${code}).`)));
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate: async () => void (await worker.terminate()),
  };
}

/** Inside a thread: the channel back to the thread that started it. */
export function parentChannel(): { post(message: unknown, transfer?: ArrayBuffer[]): void; onMessage(handler: (data: any) => void): void } {
  if (parentPort) {
    const port = parentPort;
    return { post: (message, transfer = []) => port.postMessage(message, transfer), onMessage: (handler) => port.on('message', handler) };
  }
  const scope = globalThis as unknown as {
    postMessage(message: unknown, transfer: ArrayBuffer[]): void;
    onmessage: ((event: { data: unknown }) => void) | null;
  };
  return {
    post: (message, transfer = []) => scope.postMessage(message, transfer),
    onMessage: (handler) => {
      scope.onmessage = (event) => handler(event.data);
    },
  };
}
