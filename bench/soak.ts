// `npm run soak`: a live server on loopback takes 1,000 mixed requests at a concurrency of twice its
// workers: documents of every kind, hostile files, bad payloads, and the GET routes. Every answer is
// checked against what that request must get. Prints the unexpected answers, latency percentiles, and
// the server's RSS at start, middle and end.
// Usage: npm run soak -- [--requests N] [--workers N] [--runtime node|bun|deno]
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { encodeBase64 } from '../src/util/base64.ts';
import { JPEG_LOOP, noise, pdf, png, pngBomb, tiff } from '../test/hostile.ts';
import { option, percentile, ROOT, rssMiB, startServer, type Runtime } from './server.ts';

const total = Number(option('requests', '1000'));
const workers = Number(option('workers', '2'));
const runtime = option('runtime', 'node') as Runtime;
const concurrency = 2 * workers;

const file = (path: string) => new Uint8Array(readFileSync(new URL(path, ROOT)));

type Expect = 'results' | 'error';
interface Request {
  name: string;
  expect: Expect;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

const post = (name: string, expect: Expect, payload: unknown): Request => ({
  name,
  expect,
  method: 'POST',
  path: '/query',
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
});
const upload = (module: string, name: string, bytes: Uint8Array, expect: Expect = 'results') =>
  post(`${module} ${name}`, expect, module === 'ocr_enrich'
    ? { module, attachment: name, data: encodeBase64(bytes) }
    : { module, filename: name, data: encodeBase64(bytes), config: { result: 'both' } });

/** The mix, by weight: mostly documents, a fair share of hostile and broken requests. */
function requestMix(): [number, Request][] {
  const fixtures = ['beacon.png', 'beacon.jpg', 'beacon.gif', 'beacon.bmp', 'beacon.tif', 'beacon.webp', 'page1.png', 'dark-mode.png', 'fax-g3-fill2.tif'];
  const samples = ['doc1-small.bmp', 'doc2-small.webp', 'doc3-small.tif', 'doc4-small.jpg', 'doc0-screenshot.png'];
  const textPdfs = ['doc0-text.pdf', 'doc3-text.pdf'];
  const mix: [number, Request][] = [];
  for (const name of fixtures) mix.push([5, upload('ocr', name, file(`test/fixtures/${name}`))]);
  for (const name of ['page2.png', 'two-pages.pdf']) mix.push([5, upload('ocr_enrich', name, file(`test/fixtures/${name}`))]);
  for (const name of textPdfs) mix.push([5, upload('ocr_report', name, file(`../shared/samples/${name}`))]);
  for (const name of samples) mix.push([1, upload('ocr', name, file(`../shared/samples/${name}`))]);
  const hostile: [string, Uint8Array][] = [
    ['truncated.png', file('test/fixtures/beacon.png').subarray(0, 2000)],
    ['huge.png', png(100_000, 100_000, new Uint8Array(16))],
    ['bomb.png', pngBomb(8000, 8000)],
    ['jpeg-loop.jpg', JPEG_LOOP],
    ['loop.tif', tiff(3, { loop: true })],
    ['pages.tif', tiff(10_000)],
    ['tree-loop.pdf', pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'])],
    ['noise.bin', noise(20_000, 7)],
  ];
  for (const [name, bytes] of hostile) mix.push([2, upload('ocr', name, bytes, 'error')]);
  mix.push([3, post('invalid base64', 'error', { module: 'ocr', data: '@@@' })]);
  mix.push([3, post('unknown module', 'error', { module: 'nope' })]);
  mix.push([2, post('not JSON', 'error', '{"module":')]);
  mix.push([2, post('wrong types', 'error', { module: 'ocr', data: 5, config: [] })]);
  mix.push([5, { name: 'GET /modules', expect: 'results', method: 'GET', path: '/modules' }]);
  mix.push([5, { name: 'GET /healthcheck', expect: 'results', method: 'GET', path: '/healthcheck' }]);
  return mix;
}

/** A fixed, shuffled sequence of `count` requests drawn from the mix by weight. */
function sequence(count: number): Request[] {
  const mix = requestMix();
  const weights = mix.reduce((sum, [weight]) => sum + weight, 0);
  const random = noise(count * 4, 42);
  const view = new DataView(random.buffer);
  return Array.from({ length: count }, (_, i) => {
    let pick = (view.getUint32(i * 4) / 2 ** 32) * weights;
    for (const [weight, request] of mix) if ((pick -= weight) < 0) return request;
    return mix[mix.length - 1][1];
  });
}

async function send(url: string, request: Request): Promise<{ ms: number; problem?: string }> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${request.path}`, { method: request.method, body: request.body });
    const body = await response.json();
    const ms = performance.now() - started;
    if (response.status !== 200) return { ms, problem: `HTTP ${response.status}` };
    const got: Expect = body && typeof body === 'object' && 'error' in body ? 'error' : 'results';
    if (got !== request.expect) return { ms, problem: `expected ${request.expect}, got ${JSON.stringify(body).slice(0, 200)}` };
    return { ms };
  } catch (error) {
    return { ms: performance.now() - started, problem: String(error) };
  }
}

// The mix repeats its documents: without the cache every one of them is read again.
const { child, url, stop, log } = await startServer(runtime, ['--workers', String(workers), '--cache-mb', '0']);
/** Pages the server has read so far, from its log lines. */
const pagesRead = () => log.reduce((sum, entry) => sum + (entry.event === 'query' ? Number(entry.pages ?? 0) : 0), 0);
let rssAt500Pages: { rss?: number; request: number } | undefined;
const requests = sequence(total);
const rss: Record<string, number | undefined> = { start: rssMiB(child.pid!) };
/** RSS after each tenth of the run, to tell warm-up from a leak. */
const rssByTenth: (number | undefined)[] = [];
const latencies: number[] = [];
const problems = new Map<string, number>();
let next = 0;
let done = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const { ms, problem } = await send(url, request);
      latencies.push(ms);
      if (problem) {
        const key = `${request.name}: ${problem}`;
        problems.set(key, (problems.get(key) ?? 0) + 1);
      }
      if (++done === Math.floor(total / 2)) rss.middle = rssMiB(child.pid!);
      if (!rssAt500Pages && pagesRead() >= 500) rssAt500Pages = { rss: rssMiB(child.pid!), request: done };
      if (done % Math.max(1, Math.floor(total / 10)) === 0) {
        rssByTenth.push(rssMiB(child.pid!));
        process.stderr.write(`${done}/${total}\n`);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
rss.end = rssMiB(child.pid!);
const { workers: pool } = await (await fetch(`${url}/healthcheck`)).json();
await stop();

latencies.sort((a, b) => a - b);
const unexpected = [...problems.values()].reduce((sum, n) => sum + n, 0);
console.log(`soak: ${total} requests on ${runtime}, ${workers} workers, concurrency ${concurrency}, ${seconds.toFixed(0)} s`);
console.log(`unexpected answers: ${unexpected}`);
for (const [problem, count] of problems) console.log(`  ${count}x ${problem}`);
console.log(`latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
console.log(`server RSS: start ${rss.start} MiB, middle ${rss.middle} MiB, end ${rss.end} MiB`);
console.log(`server RSS after each tenth (MiB): ${rssByTenth.join(' ')}`);
console.log(
  `pages read: ${pagesRead()}; server RSS after 500 pages: ${rssAt500Pages ? `${rssAt500Pages.rss} MiB (request ${rssAt500Pages.request})` : 'not reached'}; ` +
    `workers recycled ${pool?.recycled}, replaced ${pool?.replaced}, largest WebAssembly memory ${pool?.largestHeapMiB} MiB`,
);
process.exit(unexpected === 0 ? 0 : 1);
