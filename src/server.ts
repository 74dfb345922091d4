// Assembles the service: engine assets → worker pool → document reader → HTTP app → socket.
import { statSync } from 'node:fs';
import { assetLocations, loadEngineWasm, loadModel, locateAssets } from '../wasm/assets.ts';
import { ConfigError, servesTryPage, type ServerConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { runtimeName, serve } from './http/serve.ts';
import { modules } from './modules/index.ts';
import { RequestGate } from './modules/query.ts';
import { cachingReader, type CacheStats } from './ocr/cache.ts';
import { WorkerPool } from './ocr/pool.ts';
import { createDocumentReader, type DocumentReader } from './ocr/reader.ts';
import type { Logger } from './util/log.ts';
import { packageVersion } from './version.ts';

/** After the workers stop, how long the requests they failed get to send their answers. */
const LAST_ANSWERS_MS = 2000;

export interface Service {
  port: number;
  pool: WorkerPool;
  gate: RequestGate;
  /**
   * Stops taking requests, lets those in progress finish within the grace period (the server's
   * setting unless given), fails what is left with a clear error, then stops the workers.
   */
  close(graceSeconds?: number): Promise<void>;
}

/** Adds the configured model directory to where models are looked for; throws when it is not a directory. */
export function locateModels(config: Pick<ServerConfig, 'modelDir'>): void {
  // `scan` locates them before it starts the engine, which would otherwise look again.
  if (!config.modelDir || assetLocations().modelDirectory === config.modelDir) return;
  let isDirectory = false;
  try {
    isDirectory = statSync(config.modelDir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new ConfigError(`The model directory ${config.modelDir} is not a readable directory.`);
  locateAssets({ ...assetLocations(), modelDirectory: config.modelDir });
}

/** The OCR side on its own: engine assets loaded, workers warm, a reader over them. */
export async function startEngine(
  config: ServerConfig,
  log: Logger,
): Promise<{ pool: WorkerPool; reader: DocumentReader & { stats(): CacheStats } }> {
  locateModels(config);
  const [wasm, model] = await Promise.all([loadEngineWasm(), loadModel('eng')]);
  const pool = new WorkerPool({
    size: config.workers,
    init: { wasm, models: { eng: model }, assets: assetLocations() },
    jobTimeoutMs: {
      plan: config.decodeTimeoutSeconds * 1000,
      prepare: config.pageTimeoutSeconds * 1000,
      recognize: config.pageTimeoutSeconds * 1000,
    },
    recycleAfterPages: config.recycleAfterPages || undefined,
    recycleAboveBytes: config.recycleAboveBytes || undefined,
  });
  const started = performance.now();
  try {
    await pool.ready;
  } catch (error) {
    await pool.close();
    throw new Error(`the OCR engine cannot start: ${error instanceof Error ? error.message : error}`);
  }
  log('workers-ready', { workers: pool.size, ms: Math.round(performance.now() - started) });
  const { maxPixels, maxPages, maxRatio, maxPdfObjects } = config;
  const limits = { maxPixels, maxPages, maxRatio, maxPdfObjects };
  const reader = cachingReader(createDocumentReader(pool, limits, { splitPages: config.splitPages === 'on' }), config.cacheBytes);
  return { pool, reader };
}

export async function startService(config: ServerConfig, log: Logger): Promise<Service> {
  const [{ pool, reader }, version] = await Promise.all([startEngine(config, log), packageVersion()]);
  const gate = new RequestGate(config.maxRequests || 4 * config.workers);
  const app = createApp({
    modules,
    reader,
    version,
    log,
    gate,
    secret: config.secret || undefined,
    tryPage: servesTryPage(config),
    maxBodyBytes: config.maxBodyBytes,
    defaultTimeoutSeconds: config.timeoutSeconds,
    answerWithinSeconds: config.answerWithinSeconds,
    health: () => ({ workers: pool.stats(), cache: reader.stats() }),
  });
  let server;
  try {
    server = await serve(app.fetch, { host: config.host, port: config.port });
  } catch (error) {
    await pool.close();
    throw error;
  }
  log('listening', { url: `http://${config.host}:${server.port}`, runtime: runtimeName(), version, workers: pool.size });
  return {
    port: server.port,
    pool,
    gate,
    async close(graceSeconds = config.graceSeconds) {
      server.stopListening();
      if (!(await gate.drained(graceSeconds * 1000))) log('grace-over', { failing: gate.active });
      await pool.close();
      // The requests just failed still have their answers to send.
      await gate.drained(LAST_ANSWERS_MS);
      await server.close();
    },
  };
}
