// `npm run bench`: the server on Node, Bun and Deno in turn, driven over HTTP with MISP's import
// payload (a dense page, a sparse page, a two-page fax, a ten-page scanned PDF), one request at a
// time and then 2 x workers at once; native Tesseract and tesseract.js on the same pages with the
// same model, in the same run. Prints ratios to native Tesseract on one thread: per-page latency,
// pages per second, recognition alone, where the time went (from the server's own log lines), peak
// memory, and how fast /healthcheck and /modules answer while every worker is busy. Writes the
// tables to bench/results/<date>-bench.md and a chart of the latencies to <date>-bench.svg.
// Usage: npm run bench -- [--workers N] [--repeats N] [--runtimes node,bun,deno] [--baselines on|off]
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import * as mupdf from 'mupdf';
import { PNG } from 'pngjs';
import { extractIndicators } from '../src/indicators/extract.ts';
import { encodeBase64 } from '../src/util/base64.ts';
import { nativeTesseract, pageFiles, tesseractJs, type Baseline } from './baselines.ts';
import { latencyChart } from './chart.ts';
import { median, option, percentile, ROOT, rssMiB, startServer, type BenchServer, type Runtime } from './server.ts';

const workers = Number(option('workers', '2'));
const repeats = Number(option('repeats', '3'));
const runtimes = option('runtimes', 'node,bun,deno').split(',') as Runtime[];
const withBaselines = option('baselines', 'on') === 'on';
const file = (path: string) => new Uint8Array(readFileSync(new URL(path, ROOT)));

/** A 300 dpi letter page, blank but for one line of text in its top left corner. */
function sparsePage(): Uint8Array {
  const line = PNG.sync.read(Buffer.from(file('test/fixtures/page2.png')));
  const width = 2550;
  const height = 3300;
  const data = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < line.height; y++) {
    data.set(line.data.subarray(y * line.width * 4, (y + 1) * line.width * 4), ((300 + y) * width + 300) * 4);
  }
  return new Uint8Array(PNG.sync.write({ width, height, data: Buffer.from(data.buffer) }));
}

/** Ten scanned pages: the two pages of five sample scans, in one PDF. */
function tenPagePdf(): Uint8Array {
  const out = new mupdf.PDFDocument();
  for (let doc = 0; doc < 5; doc++) {
    const source = mupdf.Document.openDocument(file(`../shared/samples/doc${doc}-scan.pdf`), 'application/pdf').asPDF()!;
    for (let page = 0; page < source.countPages(); page++) out.graftPage(-1, source, page);
  }
  return out.saveToBuffer('').asUint8Array().slice();
}

const DOCUMENTS: { name: string; pages: number; bytes: Uint8Array }[] = [
  { name: 'dense page', pages: 1, bytes: file('../shared/samples/doc0-clean.png') },
  { name: 'sparse page', pages: 1, bytes: sparsePage() },
  { name: '2-page fax', pages: 2, bytes: file('../shared/samples/doc0-fax.tif') },
  { name: '10-page scanned PDF', pages: 10, bytes: tenPagePdf() },
];

/** A server set-up under test: each runtime as it ships, and Node without splitting pages over workers. */
const SETUPS: { label: string; runtime: Runtime; args: string[]; concurrencies: number[] }[] = [
  ...runtimes.map((runtime) => ({ label: runtime, runtime, args: [], concurrencies: [1, 2 * workers] })),
  ...(runtimes.includes('node') ? [{ label: 'node, unsplit', runtime: 'node' as Runtime, args: ['--split-pages', 'off'], concurrencies: [1] }] : []),
];

type Split = Record<'decodeMs' | 'renderMs' | 'prepareMs' | 'recognizeMs' | 'secondLookMs' | 'extractMs', number>;
interface Measure {
  setup: string;
  document: string;
  concurrency: number;
  perPageMs: number[];
  pagesPerSecond: number;
  /** Per request. */
  split: Split;
  /** Slowest /healthcheck and /modules answers while the requests ran. */
  slowestControlMs?: number;
}

async function ocr(url: string, bytes: Uint8Array): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/query`, {
    method: 'POST',
    body: JSON.stringify({ module: 'ocr', filename: 'bench', data: encodeBase64(bytes), config: { result: 'freetext' } }),
  });
  const body = await response.json();
  if (!Array.isArray(body.results)) throw new Error(`no results: ${JSON.stringify(body).slice(0, 200)}`);
  return { ms: performance.now() - started, text: String(body.results[0].values) };
}

/** Asks /healthcheck and /modules in turn until `done`, and returns the slowest answer. */
async function watchControl(url: string, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let slowest = 0;
  for (let i = 0; !finished; i++) {
    const started = performance.now();
    await (await fetch(`${url}/${i % 2 ? 'modules' : 'healthcheck'}`)).arrayBuffer();
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return slowest;
}

async function measure(server: BenchServer, setup: string, document: (typeof DOCUMENTS)[number], concurrency: number): Promise<Measure> {
  const logged = server.log.length;
  const perPageMs: number[] = [];
  let extractMs = 0;
  const started = performance.now();
  let next = 0;
  const count = repeats * concurrency;
  const requests = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const { ms, text } = await ocr(server.url, document.bytes);
        perPageMs.push(ms / document.pages);
        const extractStarted = performance.now();
        extractIndicators(text);
        extractMs += performance.now() - extractStarted;
      }
    }),
  );
  const slowestControlMs = concurrency > 1 ? await watchControl(server.url, requests) : undefined;
  await requests;
  const seconds = (performance.now() - started) / 1000;
  const lines = server.log.slice(logged).filter((entry) => entry.event === 'query');
  const mean = (key: string) => lines.reduce((total, entry) => total + Number(entry[key] ?? 0), 0) / count;
  const split: Split = {
    decodeMs: mean('decodeMs'),
    renderMs: mean('renderMs'),
    prepareMs: mean('prepareMs'),
    recognizeMs: mean('recognizeMs'),
    secondLookMs: mean('secondLookMs'),
    extractMs: extractMs / count,
  };
  return { setup, document: document.name, concurrency, perPageMs, pagesPerSecond: (count * document.pages) / seconds, split, slowestControlMs };
}

const measures: Measure[] = [];
const peakRss: Record<string, number | undefined> = {};
for (const setup of SETUPS) {
  const server = await startServer(setup.runtime, ['--workers', String(workers), '--cache-mb', '0', '--answer-within', '0', ...setup.args]);
  try {
    await ocr(server.url, file('test/fixtures/page2.png')); // warm-up: first pages load the legacy classifier
    for (const document of DOCUMENTS) {
      for (const concurrency of setup.concurrencies) {
        measures.push(await measure(server, setup.label, document, concurrency));
        process.stderr.write(`${setup.label}: ${document.name} at concurrency ${concurrency} done\n`);
      }
    }
    peakRss[setup.label] = rssMiB(server.child.pid!, 'VmHWM');
  } finally {
    await server.stop();
  }
}

// The baselines read the pages misp-ocr decodes, as PNG files.
const native = withBaselines ? nativeTesseract() : 'baselines not asked for (--baselines off)';
const nativeResults = new Map<string, { singleThread: Baseline; openMp: Baseline }>();
const tesseractJsResults = new Map<string, Baseline>();
let tesseractJsSkipped = withBaselines ? '' : 'baselines not asked for (--baselines off)';
if (withBaselines) {
  for (const document of DOCUMENTS) {
    const pages = await pageFiles(document.name, document.bytes);
    if (typeof native !== 'string') nativeResults.set(document.name, await native.measure(pages, repeats, workers));
    try {
      tesseractJsResults.set(document.name, await tesseractJs(pages, workers));
    } catch (error) {
      tesseractJsSkipped = `tesseract.js failed: ${error instanceof Error ? error.message : error}`;
    }
    process.stderr.write(`baselines: ${document.name} done\n`);
  }
}

const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${Math.round(n)} ms`);
const times = (value: number | undefined, base: number | undefined) => (value !== undefined && base ? `${(value / base).toFixed(2)}×` : 'n/a');
const find = (setup: string, document: string, concurrency: number) =>
  measures.find((m) => m.setup === setup && m.document === document && m.concurrency === concurrency);
/** p50 per-page latency of a set-up, one request at a time. */
const latency = (setup: string, document: string) => {
  const m = find(setup, document, 1);
  return m && median(m.perPageMs);
};
const labels = SETUPS.map((s) => s.label);
const shipped = SETUPS.filter((s) => s.concurrencies.length > 1).map((s) => s.label);
const nativeNote = typeof native === 'string' ? native : `native tesseract ${native.version}`;

const out: string[] = [
  `# Benchmark, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Command: \`npm run bench -- --workers ${workers} --repeats ${repeats}\` (${repeats} request(s) per client, model eng 4.0.0_best_int for every engine, misp-ocr's cache off).`,
  `Baselines: ${nativeNote}; tesseract.js ${tesseractJsSkipped || 'from the dev dependencies'}. They read the pages as misp-ocr decodes them (PDF pages at 300 dpi), as PNG files.`,
  '',
  '## Per-page latency, one request at a time',
  '',
  'p50 of the request time divided by its pages; ratios to native tesseract on one thread (start-up subtracted).',
  '"native, OpenMP" is tesseract with its default threads, as upstream misp-modules runs it through pytesseract.',
  `"unsplit" is Node with \`--split-pages off\`: without reading one page in bands over idle workers.`,
  '',
  `| document | native, 1 thread | native, OpenMP | tesseract.js | ${labels.join(' | ')} |`,
  `|---|---|---|---|${labels.map(() => '---|').join('')}`,
];
for (const document of DOCUMENTS) {
  const base = nativeResults.get(document.name);
  const floor = base?.singleThread.perPageMs;
  const cell = (value: number | undefined) => (value === undefined ? 'n/a' : `${ms(value)} (${times(value, floor)})`);
  const ours = labels.map((label) => cell(latency(label, document.name)));
  out.push(`| ${document.name} | ${ms(floor)} | ${cell(base?.openMp.perPageMs)} | ${cell(tesseractJsResults.get(document.name)?.perPageMs)} | ${ours.join(' | ')} |`);
}

out.push(
  '',
  `## Throughput, ${2 * workers} requests at once on ${workers} workers`,
  '',
  `Pages per second; ratios to native tesseract, one thread per process, ${workers} processes at once. p95 is per page.`,
  `"vs workers × single" divides Node's rate by ${workers} × its unsplit one-at-a-time rate (one worker busy): single pages only.`,
  '',
  `| document | native ×${workers} | tesseract.js ×${workers} | ${shipped.map((l) => `${l} | ${l} p95`).join(' | ')} | node vs workers × single |`,
  `|---|---|---|${shipped.map(() => '---|---|').join('')}---|`,
);
for (const document of DOCUMENTS) {
  const floor = nativeResults.get(document.name)?.singleThread.pagesPerSecond;
  const rate = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)} (${times(value, floor)})`);
  const ours = shipped.map((label) => {
    const m = find(label, document.name, 2 * workers);
    return `${rate(m?.pagesPerSecond)} | ${ms(m && percentile(m.perPageMs, 95))}`;
  });
  const single = document.pages === 1 ? find('node, unsplit', document.name, 1) : undefined;
  const loaded = find('node', document.name, 2 * workers);
  const scaling = single && loaded ? (loaded.pagesPerSecond / (workers * single.pagesPerSecond)).toFixed(2) : 'n/a';
  out.push(`| ${document.name} | ${floor?.toFixed(2) ?? 'n/a'} | ${rate(tesseractJsResults.get(document.name)?.pagesPerSecond)} | ${ours.join(' | ')} | ${scaling} |`);
}

out.push(
  '',
  '## Where the time goes, one request at a time',
  '',
  'Per page, from the server log. Recognition is the engine reading the page (both ways up when tried; summed over bands); its ratio is to',
  'native tesseract on one thread. The second look re-reads indicator-like words (accuracy, not speed). Overhead is',
  'decode + render + prepare + extract as a share of recognition. Decode includes the wait for a free worker.',
  '',
  '| document | setup | decode | render | prepare | recognition | vs native | second look | extract | overhead |',
  '|---|---|---|---|---|---|---|---|---|---|',
);
for (const document of DOCUMENTS) {
  const floor = nativeResults.get(document.name)?.singleThread.perPageMs;
  for (const label of labels) {
    const m = find(label, document.name, 1);
    if (!m) continue;
    const page = Object.fromEntries(Object.entries(m.split).map(([key, value]) => [key, value / document.pages])) as Split;
    const overhead = (page.decodeMs + page.renderMs + page.prepareMs + page.extractMs) / page.recognizeMs;
    out.push(
      `| ${document.name} | ${label} | ${ms(page.decodeMs)} | ${ms(page.renderMs)} | ${ms(page.prepareMs)} | ${ms(page.recognizeMs)} | ` +
        `${times(page.recognizeMs, floor)} | ${ms(page.secondLookMs)} | ${page.extractMs.toFixed(1)} ms | ${(overhead * 100).toFixed(0)} % |`,
    );
  }
}

const nativePeak = Math.max(0, ...[...nativeResults.values()].map((r) => r.singleThread.peakMiB));
const tesseractJsPeak = Math.max(0, ...[...tesseractJsResults.values()].map((r) => r.peakMiB));
const slowestControl = Math.max(0, ...measures.map((m) => m.slowestControlMs ?? 0));
out.push(
  '',
  '## Memory and control endpoints',
  '',
  `Peak resident memory (VmHWM) over the whole run: ${labels.map((l) => `${l} ${peakRss[l] ?? 'n/a'} MiB`).join(', ')}; ` +
    `native ×${workers} ${nativePeak || 'n/a'} MiB; tesseract.js ${tesseractJsPeak || 'n/a'} MiB (process with ${workers} workers).`,
  `Slowest /healthcheck or /modules answer while ${2 * workers} requests were in progress: ${ms(slowestControl)} ` +
    `(${shipped.map((l) => `${l} ${ms(Math.max(0, ...measures.filter((m) => m.setup === l).map((m) => m.slowestControlMs ?? 0)))}`).join(', ')}).`,
);

const day = new Date().toISOString().slice(0, 10);
const chart = latencyChart(
  DOCUMENTS.map((d) => d.name),
  [
    { label: 'native tesseract, 1 thread', values: DOCUMENTS.map((d) => nativeResults.get(d.name)?.singleThread.perPageMs) },
    { label: 'native tesseract, OpenMP (upstream)', values: DOCUMENTS.map((d) => nativeResults.get(d.name)?.openMp.perPageMs) },
    { label: 'tesseract.js', values: DOCUMENTS.map((d) => tesseractJsResults.get(d.name)?.perPageMs) },
    ...labels.map((label) => ({ label: `misp-ocr, ${label}`, values: DOCUMENTS.map((d) => latency(label, d.name)) })),
  ],
  `Per-page latency, one request at a time (${workers} workers), ${day}`,
);
out.push('', `Chart: \`bench/results/${day}-bench.svg\`.`);
const report = out.join('\n');
console.log(report);
mkdirSync(new URL('bench/results/', ROOT), { recursive: true });
writeFileSync(new URL(`bench/results/${day}-bench.md`, ROOT), `${report}\n`);
writeFileSync(new URL(`bench/results/${day}-bench.svg`, ROOT), chart);
