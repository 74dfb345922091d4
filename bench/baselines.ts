// What misp-ocr is measured against, on the very pages it reads: native Tesseract (the floor: one
// thread per process, and OpenMP's default threads, which is what upstream's pytesseract runs) and
// tesseract.js, all with misp-ocr's model. Each runs as its own processes, so that memory is theirs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { gunzipSync } from 'node:zlib';
import { Buffer } from 'node:buffer';
import { PNG } from 'pngjs';
import { planDocument } from '../src/image/decode.ts';
import { renderPage, type PagedKind } from '../src/image/documents.ts';
import { median, ROOT, rssMiB } from './server.ts';

const MODEL = new URL('node_modules/@tesseract.js-data/eng/4.0.0_best_int/', ROOT).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'misp-ocr-bench-'));

/** The pages of a document as misp-ocr decodes them (PDFs at 300 dpi), as grayscale PNG files. */
export async function pageFiles(name: string, bytes: Uint8Array): Promise<string[]> {
  const limits = { maxPixels: 36_000_000, maxPages: 100 };
  const plan = await planDocument(bytes.slice(), { limits, alpha: 'flatten', documentId: name });
  const files: string[] = [];
  for (const [index, planned] of plan.pages.entries()) {
    if (planned.kind === 'text') throw new Error(`${name}: the bench's documents are scans`);
    const page =
      planned.kind === 'raster'
        ? planned.page
        : await renderPage(
            { bytes, format: plan.kind as PagedKind, documentId: name, index: planned.index },
            { ...planned.render, pdfDpi: 300, maxPixels: limits.maxPixels },
          );
    const png = PNG.sync.write(
      { width: page.width, height: page.height, data: Buffer.from(page.pixels.buffer, page.pixels.byteOffset, page.pixels.length) },
      { colorType: 0, inputColorType: 0, inputHasAlpha: false },
    );
    const file = join(scratch, `${name.replace(/\W+/g, '-')}-${index + 1}.png`);
    writeFileSync(file, png);
    files.push(file);
  }
  return files;
}

/** Wall time and peak resident memory (summed over processes run at once) of child processes. */
async function timed(runs: { command: string; args: string[]; env?: Record<string, string> }[]): Promise<{ ms: number; peakMiB: number; stdout: string[] }> {
  const started = performance.now();
  const peaks = runs.map(() => 0);
  const results = await Promise.all(
    runs.map(
      ({ command, args, env }, i) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
          // The kernel's high-water mark, read often: it is gone once the process has exited.
          const sample = () => (peaks[i] = Math.max(peaks[i], rssMiB(child.pid!, 'VmHWM') ?? 0));
          const poll = setInterval(sample, 10);
          child.on('exit', (code) => {
            clearInterval(poll);
            if (code === 0) resolve(out);
            else reject(new Error(`${command} exited with ${code}`));
          });
        }),
    ),
  );
  return { ms: performance.now() - started, peakMiB: peaks.reduce((a, b) => a + b, 0), stdout: results };
}

export interface Baseline {
  /** Mean time per page reading one page at a time (for native, start-up subtracted). */
  perPageMs: number;
  pagesPerSecond: number;
  peakMiB: number;
}

export interface NativeTesseract {
  version: string;
  /** Mean time per page on one thread, start-up subtracted. */
  perPageMs(pages: string[], repeats: number): Promise<number>;
  measure(pages: string[], repeats: number, workers: number): Promise<{ singleThread: Baseline; openMp: Baseline }>;
}

/** Native tesseract, or why it cannot be measured here. */
export function nativeTesseract(): NativeTesseract | string {
  const probe = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'native tesseract is not installed (apt-get install tesseract-ocr); skipped';
  const tessdata = join(scratch, 'tessdata');
  mkdirSync(tessdata, { recursive: true });
  writeFileSync(join(tessdata, 'eng.traineddata'), gunzipSync(readFileSync(join(MODEL, 'eng.traineddata.gz'))));
  const blank = join(scratch, 'blank.png');
  writeFileSync(blank, PNG.sync.write({ width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 255) }));
  const run = (list: string[], threads?: string) => {
    const listFile = join(scratch, `list-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(listFile, `${list.join('\n')}\n`);
    const env: Record<string, string> = threads ? { OMP_THREAD_LIMIT: threads } : {};
    return { command: 'tesseract', args: [listFile, join(scratch, 'out'), '--tessdata-dir', tessdata, '--oem', '1', '-l', 'eng'], env };
  };
  const startUp: Record<string, number> = {};
  const startUpMs = async (threads?: string) =>
    (startUp[threads ?? 'default'] ??= median(await Promise.all([0, 1, 2].map(async () => (await timed([run([blank], threads)])).ms))));
  const repeated = (pages: string[], repeats: number) => Array.from({ length: repeats }, () => pages).flat();
  const perPageMs = async (list: string[], threads?: string) => {
    const start = await startUpMs(threads);
    return Math.max(0, (await timed([run(list, threads)])).ms - start) / list.length;
  };
  const measureWith = async (pages: string[], repeats: number, workers: number, threads?: string): Promise<Baseline> => {
    const list = repeated(pages, repeats);
    const single = await perPageMs(list, threads);
    // Throughput: one process per core, each reading every page (start-up paid once per process).
    const parallel = await timed(Array.from({ length: workers }, () => run(list, threads)));
    return {
      perPageMs: single,
      pagesPerSecond: (workers * list.length) / (Math.max(1, parallel.ms - (await startUpMs(threads))) / 1000),
      peakMiB: parallel.peakMiB,
    };
  };
  return {
    version: probe.stdout.split('\n')[0].split(' ')[1] ?? '?',
    perPageMs: (pages, repeats) => perPageMs(repeated(pages, repeats), '1'),
    async measure(pages, repeats, workers) {
      return { singleThread: await measureWith(pages, repeats, workers, '1'), openMp: await measureWith(pages, repeats, 1) };
    },
  };
}

/** tesseract.js (a dev dependency) on the same pages, one worker for latency, `workers` for throughput. */
export async function tesseractJs(pages: string[], workers: number): Promise<Baseline> {
  const script = new URL('dist/bench/tesseractjs.js', ROOT).pathname;
  const { stdout, peakMiB } = await timed([{ command: process.execPath, args: [script, MODEL, String(workers), ...pages] }]);
  const { perPageMs, pagesPerSecond } = JSON.parse(stdout[0].trim().split('\n').pop()!);
  return { perPageMs: perPageMs.reduce((a: number, b: number) => a + b, 0) / perPageMs.length, pagesPerSecond, peakMiB };
}
