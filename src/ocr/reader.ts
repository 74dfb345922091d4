// The document pipeline as modules see it: bytes in, text per page out. Planning, rendering,
// preparation and recognition all run in the worker pool; this side orders the work and joins it.
import { randomUUID } from 'node:crypto';
import type { DecodeLimits } from '../image/decode.ts';
import type { PagedKind } from '../image/documents.ts';
import type { PreparationFacts } from '../image/prepare.ts';
import type { AlphaMode } from '../image/raster.ts';
import type { Word } from './engine.ts';
import { bandImage, joinBands, planBands } from './bands.ts';
import type { PageInput, PageRecognition, RecognizeJob } from './jobs.ts';
import type { WorkerPool } from './pool.ts';

export interface ReadOptions {
  alpha: AlphaMode;
  /** Tesseract language code of an installed model (default `eng`). */
  language?: string;
  pageSegMode?: number;
  /** Read at most this many pages (the server's own limit applies too). */
  maxPages?: number;
  /** Aborting stops the document's remaining work, including pages being recognized. */
  signal?: AbortSignal;
  /**
   * When this aborts, the pages not read yet are stopped and left out (listed in `unreadPages`), and
   * the document comes back with what was read: an answer in time beats none.
   */
  answerBy?: AbortSignal;
  /** Called as pages finish, in whatever order they finish. */
  onProgress?: (pagesDone: number, pageCount: number) => void;
}

export interface PageText {
  /** 1-based, in document order. */
  number: number;
  /** Where the text comes from: recognition, the PDF's own text layer, or a plain-text upload. */
  source: 'ocr' | 'text-layer' | 'plain-text';
  text: string;
  /** Mean word confidence, 0..1 (1 for text that was not recognized). */
  confidence: number;
  words: Word[];
  /** Size and effective resolution of the page as recognized. */
  width?: number;
  height?: number;
  dpi?: number;
  preparation?: PreparationFacts;
  /** Read in this many bands on several workers at once. */
  bands?: number;
  timings?: PageRecognition['timings'];
}

export interface DocumentText {
  /** The detected file type (png, pdf, tiff, text, …). */
  kind: string;
  pages: PageText[];
  /** All pages' text, in order, with a marker line before every page after the first. */
  text: string;
  /** Numbers of the pages left out because the answer was due (see ReadOptions.answerBy). */
  unreadPages: number[];
  /** Set when the reading came from the cache (cache.ts) rather than from OCR. */
  cached?: boolean;
  timings: { decodeMs: number; totalMs: number };
}

export interface DocumentReader {
  read(bytes: Uint8Array, options: ReadOptions): Promise<DocumentText>;
}

/** A sentence for the analyst naming the pages left out, or '' when every page was read. */
export function unreadNote(document: DocumentText, seconds: number): string {
  const unread = document.unreadPages;
  if (unread.length === 0) return '';
  const total = document.pages.length + unread.length;
  const which = unread.length === 1 ? `Page ${unread[0]}` : `Pages ${pageRanges(unread)}`;
  return (
    `${which} of ${total} ${unread.length === 1 ? 'was' : 'were'} not read: the answer was due after ${seconds} s, ` +
    'before MISP stops waiting. To read every page, raise Plugin.Import_timeout (or Plugin.Enrichment_timeout) and misp-ocr\'s --answer-within.'
  );
}

/** 3, 4, 5, 7 → "3-5, 7". */
function pageRanges(numbers: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let end = i;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end] + 1) end++;
    ranges.push(end > i ? `${numbers[i]}-${numbers[end]}` : String(numbers[i]));
    i = end;
  }
  return ranges.join(', ');
}

/** True when no page has any text: page markers alone are no result. */
export const hasNoText = (document: DocumentText) => document.pages.every((page) => page.text.trim() === '');

export const pageMarker = (pageNumber: number) => `--- page ${pageNumber} ---`;

export function joinPages(pages: readonly { number: number; text: string }[]): string {
  return pages
    .map((page) => {
      const text = page.text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
      return page.number === 1 ? text : `${pageMarker(page.number)}\n\n${text}`;
    })
    .join('\n\n');
}

export interface ReaderOptions {
  /** Read a page in bands on several workers when more workers are idle than there are pages. */
  splitPages?: boolean;
}

export function createDocumentReader(pool: WorkerPool, serverLimits: DecodeLimits, { splitPages = true }: ReaderOptions = {}): DocumentReader {
  return {
    async read(bytes, { alpha, signal, answerBy, language = 'eng', pageSegMode, maxPages, onProgress }) {
      const started = performance.now();
      const limits = { ...serverLimits, maxPages: Math.min(serverLimits.maxPages, maxPages ?? Infinity) };
      const documentId = randomUUID();
      const plan = await pool.run({ kind: 'plan', bytes, documentId, limits, alpha }, signal);
      const decodeMs = performance.now() - started;
      // When one page fails, the document has failed: stop its other pages too.
      const pagesFailed = new AbortController();
      let pagesDone = 0;
      const done = (page: PageText) => {
        onProgress?.(++pagesDone, plan.pages.length);
        return page;
      };
      const pageSignal = AbortSignal.any([signal, answerBy, pagesFailed.signal].filter((s): s is AbortSignal => s !== undefined));
      const pagesToRecognize = plan.pages.filter((page) => page.kind !== 'text').length;
      // Bands follow Tesseract's automatic layout; a mode the caller chose applies to the page as a whole.
      const automaticLayout = pageSegMode === undefined || pageSegMode === 3;
      const recognize = (job: RecognizeJob) =>
        splitPages && automaticLayout && pagesToRecognize < pool.idleWorkers() ? readInBands(pool, job, pageSignal) : pool.run(job, pageSignal);
      const results = await Promise.all(
        plan.pages.map(async (planned, index): Promise<PageText | undefined> => {
          const number = index + 1;
          if (planned.kind === 'text') {
            return done({ number, source: planned.source, text: planned.text, confidence: 1, words: [] });
          }
          const input: PageInput =
            planned.kind === 'raster'
              ? { kind: 'raster', page: planned.page }
              : { kind: 'render', bytes, format: plan.kind as PagedKind, documentId, index: planned.index, render: planned.render };
          try {
            const result = await recognize({ kind: 'recognize', input, limits, language, pageSegMode });
            return done({ number, source: 'ocr', ...result });
          } catch (error) {
            const due = answerBy?.aborted && !signal?.aborted && !pagesFailed.signal.aborted;
            if (due) return undefined;
            throw error;
          }
        }),
      ).catch((error) => {
        pagesFailed.abort(error);
        throw error;
      });
      const pages = results.filter((page): page is PageText => page !== undefined);
      const unreadPages = results.flatMap((page, index) => (page ? [] : [index + 1]));
      return { kind: plan.kind, pages, text: joinPages(pages), unreadPages, timings: { decodeMs, totalMs: performance.now() - started } };
    },
  };
}

/** One page prepared on one worker, then read in bands on as many as are idle (bands.ts). */
async function readInBands(pool: WorkerPool, job: RecognizeJob, signal: AbortSignal): Promise<PageRecognition> {
  const prepared = await pool.run({ kind: 'prepare', input: job.input, limits: job.limits, language: job.language }, signal);
  const { page, facts: preparation } = prepared;
  const bands = planBands(prepared.lines, page.height, pool.idleWorkers());
  const readings = await Promise.all(
    bands.map((band) =>
      pool.run({ ...job, input: { kind: 'prepared', page: bands.length === 1 ? page : bandImage(page, band), preparation } }, signal),
    ),
  );
  const reading = bands.length === 1 ? readings[0] : joinBands(page, preparation, bands, readings);
  return { ...reading, bands: bands.length > 1 ? bands.length : undefined, timings: { ...reading.timings, ...prepared.timings } };
}
