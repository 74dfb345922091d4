// Shared by the test files: a real service on a free loopback port, fixtures, and a MISP-like client.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseConfig, type ServerConfig } from '../src/config.ts';
import { startService, type Service } from '../src/server.ts';
import { encodeBase64 } from '../src/util/base64.ts';
import { silentLogger, type Logger } from '../src/util/log.ts';

/** The checkout's root, found from here whether the tests run from test/ or dist/test/. */
function findRoot(): URL {
  for (const relative of ['../', '../../']) {
    const url = new URL(relative, import.meta.url);
    try {
      if (JSON.parse(readFileSync(new URL('package.json', url), 'utf8')).name === 'misp-ocr') return url;
    } catch {
      // not here
    }
  }
  throw new Error('Cannot find the misp-ocr checkout');
}

export const ROOT = findRoot();

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`test/fixtures/${name}`, ROOT)));

/** Files of the project's shared folder, next to the checkout. */
export const shared = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../shared/${path}`, ROOT)));

export const base64 = encodeBase64;

/** The command line that runs the CLI here: the built JavaScript on Node, the sources on Bun and Deno. */
export function cliCommand(): string[] {
  const root = fileURLToPath(ROOT);
  if ('Deno' in globalThis) return [process.execPath, 'run', '--no-check', '-A', `${root}src/main.ts`];
  if ('Bun' in globalThis) return [process.execPath, `${root}src/main.ts`];
  return [process.execPath, `${root}dist/src/main.js`];
}

export async function startTestService(
  overrides: Partial<ServerConfig> = {},
  log: Logger = silentLogger,
): Promise<Service & { url: string }> {
  // Every page is read unless a test asks for early answers (shared machines are slow at times), and
  // read for real unless a test asks for the cache.
  const config = { ...parseConfig(['--port', '0', '--workers', '2', '--answer-within', '0', '--cache-mb', '0'], {}), ...overrides };
  const service = await startService(config, log);
  await service.pool.ready;
  return { ...service, url: `http://127.0.0.1:${service.port}` };
}

/** POSTs a JSON payload to /query, as MISP does, and returns the status and the parsed answer. */
export async function query(url: string, payload: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.status, body: await response.json() };
}

/** The text of a simplified-format answer's first result (what MISP hands its freetext parser). */
export function firstValue(body: any): string {
  const value = body?.results?.[0]?.values;
  if (typeof value !== 'string') throw new Error(`No text in answer: ${JSON.stringify(body).slice(0, 300)}`);
  return value;
}

/** The document text of a simplified-format answer: its `freetext` or `text` result, wherever it is. */
export function textOf(body: any): string {
  const result = body?.results?.find?.((r: any) => ['freetext', 'text'].includes(r?.types?.[0]));
  if (typeof result?.values !== 'string') throw new Error(`No text in answer: ${JSON.stringify(body).slice(0, 300)}`);
  return result.values;
}

/** The typed indicators of a simplified-format answer, as [default type, value] pairs. */
export function indicatorsOf(body: any): [string, string][] {
  if (!Array.isArray(body?.results)) throw new Error(`No results in answer: ${JSON.stringify(body).slice(0, 300)}`);
  return body.results.filter((r: any) => !['freetext', 'text'].includes(r.types[0])).map((r: any) => [r.types[0], r.values]);
}
