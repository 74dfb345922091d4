// `npm run bench:http`: the server on Node, Bun and Deno in turn, driven over HTTP with MISP's import
// payload: a dense page, a sparse page, a two-page fax and a ten-page scanned PDF, one request at a
// time and then 2 x workers at once. Prints per-page latency, pages per second, peak RSS and where
// the time went (from the server's own log lines), as ratios to Node measured in the same run, and
// writes the table to bench/results/<date>-http.md.
// Usage: npm run bench:http -- [--workers N] [--repeats N] [--runtimes node,bun,deno]
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import * as mupdf from 'mupdf';
import { PNG } from 'pngjs';
import { extractIndicators } from '../src/indicators/extract.ts';
import { encodeBase64 } from '../src/util/base64.ts';
import { option, ROOT, rssMiB, startServer, type Runtime } from './server.ts';

const workers = Number(option('workers', '2'));
const repeats = Number(option('repeats', '3'));
const runtimes = option('runtimes', 'node,bun,deno').split(',') as Runtime[];
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

interface Measure {
  runtime: Runtime;
  document: string;
  concurrency: number;
  perPageMs: number[];
  pagesPerSecond: number;
  split: Record<'decodeMs' | 'renderMs' | 'prepareMs' | 'recognizeMs' | 'extractMs', number>;
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

const measures: Measure[] = [];
const peakRss: Partial<Record<Runtime, number>> = {};
for (const runtime of runtimes) {
  const server = await startServer(runtime, ['--workers', String(workers), '--cache-mb', '0', '--answer-within', '0']);
  try {
    await ocr(server.url, file('test/fixtures/page2.png')); // warm-up: first pages load the legacy classifier
    for (const document of DOCUMENTS) {
      for (const concurrency of [1, 2 * workers]) {
        const logged = server.log.length;
        const perPageMs: number[] = [];
        let extractMs = 0;
        const started = performance.now();
        let next = 0;
        const count = repeats * concurrency;
        await Promise.all(
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
        const seconds = (performance.now() - started) / 1000;
        const lines = server.log.slice(logged).filter((entry) => entry.event === 'query');
        const sum = (key: string) => lines.reduce((total, entry) => total + Number(entry[key] ?? 0), 0) / count;
        measures.push({
          runtime,
          document: document.name,
          concurrency,
          perPageMs,
          pagesPerSecond: (count * document.pages) / seconds,
          split: { decodeMs: sum('decodeMs'), renderMs: sum('renderMs'), prepareMs: sum('prepareMs'), recognizeMs: sum('recognizeMs'), extractMs: extractMs / count },
        });
        process.stderr.write(`${runtime}: ${document.name} at concurrency ${concurrency} done\n`);
      }
    }
    peakRss[runtime] = rssMiB(server.child.pid!, 'VmHWM');
  } finally {
    await server.stop();
  }
}

const round = (n: number) => String(Math.round(n));
const ratio = (value: number, base: number | undefined) => (base ? (value / base).toFixed(2) : 'n/a');
const lines = [
  `HTTP bench: \`npm run bench:http -- --workers ${workers} --repeats ${repeats}\`, ${new Date().toISOString().slice(0, 10)}, eng 4.0.0_best_int, cache off.`,
  `Per-page latency is the request's time divided by its pages; "vs node" compares p50 with Node's in this run.`,
  'Split per request, from the server log: decode includes the wait for a free worker; render, prepare and recognize',
  'are summed over pages (recognize includes the second look); extract is the extractor on the returned text, in the bench.',
  '',
  '| document | concurrency | runtime | per page p50 | p95 | vs node | pages/s | decode | render | prepare | recognize | extract (per request) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const measure of measures) {
  const node = measures.find((m) => m.runtime === 'node' && m.document === measure.document && m.concurrency === measure.concurrency);
  const p50 = median(measure.perPageMs);
  const { decodeMs, renderMs, prepareMs, recognizeMs, extractMs } = measure.split;
  lines.push(
    `| ${measure.document} | ${measure.concurrency} | ${measure.runtime} | ${round(p50)} ms | ${round(percentile(measure.perPageMs, 95))} ms | ` +
      `${ratio(p50, node && median(node.perPageMs))} | ${measure.pagesPerSecond.toFixed(2)} | ${round(decodeMs)} ms | ${round(renderMs)} ms | ` +
      `${round(prepareMs)} ms | ${round(recognizeMs)} ms | ${extractMs.toFixed(1)} ms |`,
  );
}
lines.push('', `Peak RSS of the server (VmHWM): ${runtimes.map((r) => `${r} ${peakRss[r] ?? 'n/a'} MiB`).join(', ')}.`);
const table = lines.join('\n');
console.log(table);
mkdirSync(new URL('bench/results/', ROOT), { recursive: true });
writeFileSync(new URL(`bench/results/${new Date().toISOString().slice(0, 10)}-http.md`, ROOT), `${table}\n`);
