// The document pipeline as modules see it: bytes in, text per page out. Decoding and recognition both
// run in the worker pool; this side only orders the work and joins the results.
import type { DecodeLimits } from '../image/decode.ts';
import type { AlphaMode } from '../image/prepare.ts';
import type { Word } from './engine.ts';
import type { WorkerPool } from './pool.ts';

export interface ReadOptions {
  alpha: AlphaMode;
  /** Aborting stops the document's remaining work, including pages being recognized. */
  signal?: AbortSignal;
}

export interface PageText {
  /** 1-based, in document order. */
  number: number;
  text: string;
  /** Mean word confidence, 0..1. */
  confidence: number;
  words: Word[];
  width: number;
  height: number;
  dpi?: { x: number; y: number };
  timings: { prepareMs: number; recognizeMs: number };
}

export interface DocumentText {
  pages: PageText[];
  /** All pages' text, in order, with a marker line before every page after the first. */
  text: string;
  timings: { decodeMs: number; totalMs: number };
}

export interface DocumentReader {
  read(bytes: Uint8Array, options: ReadOptions): Promise<DocumentText>;
}

export const pageMarker = (pageNumber: number) => `--- page ${pageNumber} ---`;

export function joinPages(pages: readonly { number: number; text: string }[]): string {
  return pages
    .map((page) => {
      const text = page.text.replace(/[ \t]+$/gm, '').trim();
      return page.number === 1 ? text : `${pageMarker(page.number)}\n\n${text}`;
    })
    .join('\n\n');
}

export function createDocumentReader(pool: WorkerPool, limits: DecodeLimits): DocumentReader {
  return {
    async read(bytes, { alpha, signal }) {
      const started = performance.now();
      // The buffer moves to a worker thread: it must be one this document owns outright.
      const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const { pages, decodeMs } = await pool.run({ kind: 'decode', bytes: owned, limits }, signal);
      // When one page fails, the document has failed: stop its other pages too.
      const pagesFailed = new AbortController();
      const pageSignal = signal ? AbortSignal.any([signal, pagesFailed.signal]) : pagesFailed.signal;
      const recognized = await Promise.all(
        pages.map(async (page, index) => {
          const { width, height, dpi } = page;
          const result = await pool.run({ kind: 'recognize', page, alpha }, pageSignal);
          return { number: index + 1, width, height, dpi, ...result };
        }),
      ).catch((error) => {
        pagesFailed.abort(error);
        throw error;
      });
      return {
        pages: recognized,
        text: joinPages(recognized),
        timings: { decodeMs, totalMs: performance.now() - started },
      };
    },
  };
}
