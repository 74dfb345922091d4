// Entry point of a pool thread: one job at a time, one engine per language. The engine's assets
// arrive in the first message, so the same module serves Web Workers and node:worker_threads.
import { loadModel, locateAssets, type AssetLocations } from '../../wasm/assets.ts';
import { TesseractEngine } from './engine.ts';
import { runJob, serializeError, transferablesOf, type EngineSource, type Job } from './jobs.ts';
import { LegacyReader } from './legacy.ts';
import { parentChannel } from './thread.ts';

export interface WorkerInit {
  wasm: Uint8Array;
  /** Models loaded at start, by language; others are read from disk on first use. */
  models: Record<string, Uint8Array>;
  /** Where the other files are: the main thread's locations. */
  assets: AssetLocations;
}

export type ToWorker = { type: 'init'; init: WorkerInit } | { type: 'job'; id: number; job: Job };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown; heapBytes: number }
  | { type: 'failed'; id: number; error: ReturnType<typeof serializeError> };

// Tesseract reports routine guesses on stderr for every page; keep real warnings only.
const CHATTER = /^(Estimating resolution as \d+|Detected \d+ diacritics|Too few characters\. Skipping this page|Empty page!*)\s*$/;
for (const level of ['error', 'warn', 'log'] as const) {
  const write = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (!(args.length === 1 && typeof args[0] === 'string' && CHATTER.test(args[0]))) write(...args);
  };
}

// The engines and decoders keep their WebAssembly memories to themselves: note each one as it is
// made, so that the pool can see how much this thread holds (it never shrinks) and recycle it.
const memories: WebAssembly.Memory[] = [];
const noteMemories = <R extends WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance>(result: R): R => {
  const instance = result instanceof WebAssembly.Instance ? result : (result as WebAssembly.WebAssemblyInstantiatedSource).instance;
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) memories.push(value);
  return result;
};
const { instantiate, instantiateStreaming } = WebAssembly;
WebAssembly.instantiate = ((...args: Parameters<typeof instantiate>) => instantiate(...args).then(noteMemories)) as typeof instantiate;
if (instantiateStreaming) {
  WebAssembly.instantiateStreaming = (...args: Parameters<typeof instantiateStreaming>) => instantiateStreaming(...args).then(noteMemories);
}
const heapBytes = () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);

const parent = parentChannel();
let wasm: Uint8Array;
const engines = new Map<string, Promise<TesseractEngine>>();
const legacyReaders = new Map<string, Promise<LegacyReader>>();

/** The value cached under `key`, made on first use; a failure is not cached. */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}

const engineSource: EngineSource = {
  engineFor: (language) => once(engines, language, async () => TesseractEngine.create(wasm, await loadModel(language))),
  legacyFor: (language) => once(legacyReaders, language, () => LegacyReader.create(language)),
};

parent.onMessage(async (message: ToWorker) => {
  if (message.type === 'init') {
    wasm = message.init.wasm;
    locateAssets(message.init.assets);
    for (const [language, model] of Object.entries(message.init.models)) {
      const engine = await TesseractEngine.create(wasm, model);
      engine.warmUp();
      engines.set(language, Promise.resolve(engine));
      // Loaded while the pool waits for work, so that the first page does not wait for it.
      void engineSource.legacyFor(language).catch(() => undefined);
    }
    parent.post({ type: 'ready' } satisfies FromWorker);
    return;
  }
  try {
    const result = await runJob(message.job, engineSource);
    parent.post({ type: 'done', id: message.id, result, heapBytes: heapBytes() } satisfies FromWorker, transferablesOf(result));
  } catch (error) {
    parent.post({ type: 'failed', id: message.id, error: serializeError(error) } satisfies FromWorker);
  }
});
