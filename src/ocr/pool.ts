// A fixed set of worker threads, one engine each. Jobs queue in arrival order and go to whichever
// worker is free, so the pages of one document spread over every core. A worker that overruns its
// time, crashes or whose job is abandoned is terminated and replaced: the engine cannot be interrupted
// any other way.
import { deserializeError, transferablesOf, type Job, type JobResult } from './jobs.ts';
import { assetLocations } from '../../wasm/assets.ts';
import { startThread, type Thread } from './thread.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker.ts';

export interface PoolOptions {
  size: number;
  init: WorkerInit;
  /** A job running longer than this, by kind, is abandoned and its worker replaced. */
  jobTimeoutMs: Record<Job['kind'], number>;
  /**
   * A worker that has read this many pages is replaced by a fresh one once idle: WebAssembly memory
   * only grows, so this bounds what one worker holds. No limit when unset.
   */
  recycleAfterPages?: number;
  /** A worker whose WebAssembly memory has grown past this many bytes is replaced once idle. */
  recycleAboveBytes?: number;
}

export class JobTimeoutError extends Error {
  constructor(kind: Job['kind'], seconds: number) {
    super(
      kind === 'plan'
        ? `Decoding the document took longer than ${seconds} s and was abandoned.`
        : `A page took longer than ${seconds} s to process and was abandoned.`,
    );
    this.name = 'JobTimeoutError';
  }
}

export class WorkerCrashError extends Error {
  constructor(cause: Error) {
    super('The OCR worker reading this document stopped unexpectedly and was replaced. Try again; if it happens again, the file is the cause.', { cause });
    this.name = 'WorkerCrashError';
  }
}

export class PoolClosedError extends Error {
  constructor() {
    super('The OCR workers are shutting down.');
    this.name = 'PoolClosedError';
  }
}

interface Task {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  /** Unset while a replacement is pending. */
  worker?: Thread;
  ready: boolean;
  /** Has this slot ever had a working engine? A worker that never starts is a set-up problem. */
  started: boolean;
  task?: Task;
  taskId?: number;
  /** Pages read by the current worker. */
  pagesRead: number;
  /** WebAssembly memory of the current worker after its last job. */
  heapBytes: number;
  timer?: ReturnType<typeof setTimeout>;
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
const RETRY_START_DELAY_MS = 1000;

/** The worker's module: beside this one, unless the assets say where (a single binary). */
function workerUrl(): URL {
  const given = assetLocations().workerUrl;
  return given ? new URL(given) : WORKER_URL;
}

export class WorkerPool {
  /** Resolves once every worker has loaded its engine and warmed up; rejects if one cannot start. */
  readonly ready: Promise<void>;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private replaced = 0;
  private recycled = 0;
  private closed = false;
  private markReady!: () => void;
  private failStart!: (error: Error) => void;

  constructor(private readonly options: PoolOptions) {
    if (!(options.size >= 1)) throw new RangeError('A pool needs at least one worker.');
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.failStart = reject;
    });
    for (let i = 0; i < options.size; i++) {
      const slot: Slot = { ready: false, started: false, pagesRead: 0, heapBytes: 0 };
      this.slots.push(slot);
      this.startWorker(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * For /healthcheck: workers started, idle or busy; jobs waiting; workers replaced after a fault or
   * recycled so far; the WebAssembly memory of the largest worker.
   */
  stats(): { workers: number; ready: number; busy: number; queued: number; replaced: number; recycled: number; largestHeapMiB: number } {
    return {
      workers: this.slots.length,
      ready: this.slots.filter((s) => s.ready).length,
      busy: this.slots.filter((s) => s.task).length,
      queued: this.queue.length,
      replaced: this.replaced,
      recycled: this.recycled,
      largestHeapMiB: Math.round(Math.max(...this.slots.map((s) => s.heapBytes)) / 2 ** 20),
    };
  }

  /** Workers ready for a job that no queued job is waiting for. */
  idleWorkers(): number {
    return Math.max(0, this.slots.filter((s) => s.ready && !s.task).length - this.queue.length);
  }

  /** Runs one job on the next free worker. Buffers in the job are moved to the worker, not copied. */
  run<J extends Job>(job: J, signal?: AbortSignal): Promise<JobResult<J>> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<JobResult<J>>((resolve, reject) => {
      const task: Task = { job, resolve: resolve as (value: unknown) => void, reject, signal };
      if (signal) {
        task.onAbort = () => this.abandon(task, signal.reason);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new PoolClosedError());
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.task) this.settle(slot.task, new PoolClosedError());
        this.release(slot);
        const worker = slot.worker;
        slot.worker = undefined;
        return worker?.terminate();
      }),
    );
  }

  private startWorker(slot: Slot): void {
    slot.ready = false;
    slot.pagesRead = 0;
    slot.heapBytes = 0;
    const worker: Thread = startThread(workerUrl(), {
      message: (message) => {
        if (slot.worker === worker) this.onMessage(slot, message as FromWorker);
      },
      failure: (error) => {
        if (slot.worker !== worker || this.closed) return;
        if (!slot.started) this.failStart(error);
        this.replace(slot, new WorkerCrashError(error));
      },
    });
    slot.worker = worker;
    worker.post({ type: 'init', init: this.options.init } satisfies ToWorker);
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = slot.started = true;
      if (this.slots.every((s) => s.started)) this.markReady();
    } else if (message.id === slot.taskId && slot.task) {
      const task = slot.task;
      this.release(slot);
      if (message.type === 'done') {
        slot.heapBytes = message.heapBytes;
        this.settle(task, undefined, message.result);
      } else this.settle(task, deserializeError(message.error));
      if (task.job.kind === 'recognize') slot.pagesRead++;
      if (slot.pagesRead >= (this.options.recycleAfterPages ?? Infinity) || slot.heapBytes > (this.options.recycleAboveBytes ?? Infinity)) {
        this.recycled++;
        this.restart(slot);
      }
    }
    this.dispatch();
  }

  /**
   * Terminates a worker, whatever it is doing, fails its job and starts a fresh worker in its place.
   * A job its caller gave up on is no fault of the worker's, and is not counted as one.
   */
  private replace(slot: Slot, reason: Error, fault = true): void {
    const task = slot.task;
    this.release(slot);
    if (task) this.settle(task, reason);
    if (fault && !this.closed) this.replaced++;
    // A worker that never started is retried after a pause, not in a tight loop.
    this.restart(slot, slot.started ? 0 : RETRY_START_DELAY_MS);
  }

  /** Terminates the slot's worker and starts a fresh one after `delayMs`. */
  private restart(slot: Slot, delayMs = 0): void {
    const old = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    void old?.terminate();
    if (this.closed) return;
    if (delayMs) setTimeout(() => this.closed || this.startWorker(slot), delayMs);
    else this.startWorker(slot);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      const worker = slot.worker;
      if (!worker || !slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.taskId = this.nextTaskId++;
      const { kind } = task.job;
      const limitMs = this.options.jobTimeoutMs[kind];
      slot.timer = setTimeout(() => this.replace(slot, new JobTimeoutError(kind, Math.round(limitMs / 1000))), limitMs);
      worker.post({ type: 'job', id: slot.taskId, job: task.job } satisfies ToWorker, transferablesOf(task.job));
    }
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.taskId = undefined;
    slot.timer = undefined;
  }

  /** The caller gave up (deadline, client gone): drop the job, stopping its worker if it had started. */
  private abandon(task: Task, reason: unknown): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, reason instanceof Error ? reason : new Error(String(reason)));
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (slot) this.replace(slot, reason instanceof Error ? reason : new Error(String(reason)), false);
  }

  private settle(task: Task, error?: Error, value?: unknown): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    if (error) task.reject(error);
    else task.resolve(value);
  }
}
