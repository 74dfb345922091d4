// Server settings from command-line flags, then environment variables, then defaults.
import { availableParallelism } from 'node:os';

export interface ServerConfig {
  host: string;
  port: number;
  workers: number;
  /** Per-request deadline when the request has no `timeout` key, in seconds. */
  timeoutSeconds: number;
  /** After this long, answer with the pages read so far (seconds; 0: only just before the deadline). */
  answerWithinSeconds: number;
  maxBodyBytes: number;
  maxPixels: number;
  maxPages: number;
  /** Most pixels per byte of file for pages over the pixel budget (decompression bombs). */
  maxRatio: number;
  /** Most objects in one PDF. */
  maxPdfObjects: number;
  /** Longest time decoding a document (or outlining its pages) may take, in seconds. */
  decodeTimeoutSeconds: number;
  /** Longest time one page may take to render, prepare and recognize, in seconds. */
  pageTimeoutSeconds: number;
  /** Memory for readings of recent documents, in bytes (0: no cache). */
  cacheBytes: number;
  /** Pages a worker reads before it is replaced by a fresh one (0: never). */
  recycleAfterPages: number;
  /** WebAssembly memory, in bytes, past which a worker is replaced by a fresh one (0: no limit). */
  recycleAboveBytes: number;
  /** Read one page in bands on several idle workers: on or off. */
  splitPages: string;
  /** Requests accepted at once, being read or waiting; 0 means 4 per worker. */
  maxRequests: number;
  /** How long a stopping server lets requests in progress finish, in seconds. */
  graceSeconds: number;
  /** A directory of extra `.traineddata` models; empty for none. */
  modelDir: string;
  /** The try-it page at GET /: on, off, or auto (on when listening on loopback only). */
  web: string;
  /** Shared secret every request but /healthcheck must carry; empty for none. */
  secret: string;
}

interface Setting {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  help: string;
  parse(text: string): string | number | undefined;
  fallback(): string | number;
}

const integer = (min: number, max: number) => (text: string) => {
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
};
const positive = (text: string) => {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
};
const nonNegative = (text: string) => (Number(text) === 0 ? 0 : positive(text));

export const SETTINGS: readonly Setting[] = [
  { key: 'host', flag: '--host', env: 'HOST', help: 'address to listen on (loopback unless you say otherwise)',
    parse: (t) => t.trim() || undefined, fallback: () => '127.0.0.1' },
  { key: 'port', flag: '--port', env: 'PORT', help: 'TCP port (0: any free port)',
    parse: integer(0, 65535), fallback: () => 6666 },
  { key: 'workers', flag: '--workers', env: 'WORKERS', help: 'OCR worker threads, one engine each (default: CPU count)',
    parse: integer(1, 256), fallback: () => availableParallelism() },
  { key: 'timeoutSeconds', flag: '--timeout', env: 'MISP_OCR_TIMEOUT', help: 'request deadline in seconds when MISP sends none',
    parse: positive, fallback: () => 300 },
  { key: 'answerWithinSeconds', flag: '--answer-within', env: 'MISP_OCR_ANSWER_WITHIN', help: 'seconds after which the pages read so far are answered, before MISP stops waiting (0: just before the deadline)',
    parse: nonNegative, fallback: () => 9 },
  { key: 'maxBodyBytes', flag: '--max-body-mb', env: 'MISP_OCR_MAX_BODY_MB', help: 'largest request body in MiB',
    parse: (t) => (positive(t) ? Math.round(Number(t) * 2 ** 20) : undefined), fallback: () => 256 * 2 ** 20 },
  { key: 'maxPixels', flag: '--max-pixels', env: 'MISP_OCR_MAX_PIXELS', help: 'largest page in pixels',
    parse: integer(1, 1e9), fallback: () => 50_000_000 },
  { key: 'maxPages', flag: '--max-pages', env: 'MISP_OCR_MAX_PAGES', help: 'most pages read from one document',
    parse: integer(1, 10_000), fallback: () => 100 },
  { key: 'maxRatio', flag: '--max-ratio', env: 'MISP_OCR_MAX_RATIO', help: 'most pixels per byte of file in a page over --max-pixels',
    parse: positive, fallback: () => 250 },
  { key: 'maxPdfObjects', flag: '--max-pdf-objects', env: 'MISP_OCR_MAX_PDF_OBJECTS', help: 'most objects in one PDF',
    parse: integer(1, 1e9), fallback: () => 500_000 },
  { key: 'decodeTimeoutSeconds', flag: '--decode-timeout', env: 'MISP_OCR_DECODE_TIMEOUT', help: 'longest time to decode a document in seconds',
    parse: positive, fallback: () => 30 },
  { key: 'pageTimeoutSeconds', flag: '--page-timeout', env: 'MISP_OCR_PAGE_TIMEOUT', help: 'longest time to read one page in seconds',
    parse: positive, fallback: () => 120 },
  { key: 'cacheBytes', flag: '--cache-mb', env: 'MISP_OCR_CACHE_MB', help: 'MiB of memory for readings of recent documents, answered again without OCR (0: none)',
    parse: (t) => (nonNegative(t) === undefined ? undefined : Math.round(Number(t) * 2 ** 20)), fallback: () => 64 * 2 ** 20 },
  { key: 'recycleAfterPages', flag: '--recycle-after', env: 'MISP_OCR_RECYCLE_AFTER', help: 'pages a worker reads before a fresh one replaces it (0: never)',
    parse: (t) => (t.trim() === '0' ? 0 : integer(1, 1e9)(t)), fallback: () => 200 },
  { key: 'recycleAboveBytes', flag: '--recycle-above-mb', env: 'MISP_OCR_RECYCLE_ABOVE_MB', help: 'MiB of WebAssembly memory past which a worker is replaced by a fresh one (0: no limit)',
    parse: (t) => (nonNegative(t) === undefined ? undefined : Math.round(Number(t) * 2 ** 20)), fallback: () => 512 * 2 ** 20 },
  { key: 'splitPages', flag: '--split-pages', env: 'MISP_OCR_SPLIT_PAGES', help: 'read a page in bands on idle workers at once, for a faster answer: on or off',
    parse: (t) => (['on', 'off'].includes(t.trim()) ? t.trim() : undefined), fallback: () => 'on' },
  { key: 'maxRequests', flag: '--max-requests', env: 'MISP_OCR_MAX_REQUESTS', help: 'requests accepted at once; more are told the server is busy (default: 4 per worker)',
    parse: integer(1, 100_000), fallback: () => 0 },
  { key: 'graceSeconds', flag: '--grace', env: 'MISP_OCR_GRACE', help: 'seconds a stopping server lets requests in progress finish',
    parse: nonNegative, fallback: () => 20 },
  { key: 'modelDir', flag: '--model-dir', env: 'MISP_OCR_MODEL_DIR', help: 'directory of extra <lang>.traineddata models (tessdata files)',
    parse: (t) => t.trim() || undefined, fallback: () => '' },
  { key: 'web', flag: '--web', env: 'MISP_OCR_WEB', help: 'the try-it page at / : on, off, or auto (on for loopback)',
    parse: (t) => (['on', 'off', 'auto'].includes(t.trim()) ? t.trim() : undefined), fallback: () => 'auto' },
  { key: 'secret', flag: '--secret', env: 'MISP_OCR_SECRET', help: 'shared secret required in the X-MISP-OCR-Secret header (the variable keeps it out of process lists)',
    parse: (t) => t, fallback: () => '' },
];

export class ConfigError extends Error {}

/** Whether the try-it page is served: asked for, or by default when only this machine can reach it. */
export function servesTryPage(config: Pick<ServerConfig, 'web' | 'host'>): boolean {
  if (config.web !== 'auto') return config.web === 'on';
  return ['127.0.0.1', '::1', 'localhost'].includes(config.host);
}

export function parseConfig(args: readonly string[], env: Record<string, string | undefined>): ServerConfig {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const setting = SETTINGS.find((s) => s.flag === flag);
    if (!setting) throw new ConfigError(`Unknown option ${flag}. See --help.`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigError(`${flag} needs a value.`);
    given.set(setting.flag, value);
  }
  const config: Record<string, string | number> = {};
  for (const setting of SETTINGS) {
    const [source, text] = given.has(setting.flag)
      ? [setting.flag, given.get(setting.flag)!]
      : [setting.env, env[setting.env]];
    if (text === undefined || text === '') {
      config[setting.key] = setting.fallback();
      continue;
    }
    const value = setting.parse(text);
    if (value === undefined) throw new ConfigError(`Invalid value for ${source}: "${text}" (${setting.help}).`);
    config[setting.key] = value;
  }
  return config as unknown as ServerConfig;
}

export function configHelp(): string {
  const rows = SETTINGS.map((s) => `  ${`${s.flag} (${s.env})`.padEnd(40)} ${s.help}`);
  return ['Options (flag, then environment variable):', ...rows].join('\n');
}
