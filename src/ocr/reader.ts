// The document pipeline as modules see it: bytes in, text per page out. Planning, rendering,
// preparation and recognition all run in the worker pool; this side orders the work and joins it.
import { randomUUID } from 'node:crypto';
import type { DecodeLimits } from '../image/decode.ts';
import type { PagedKind } from '../image/documents.ts';
import type { PreparationFacts } from '../image/prepare.ts';
import type { AlphaMode } from '../image/raster.ts';
import type { Word } from './engine.ts';
import type { PageInput } from './jobs.ts';
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
  timings?: { renderMs: number; prepareMs: number; recognizeMs: number };
}

export interface DocumentText {
  /** The detected file type (png, pdf, tiff, text, …). */
  kind: string;
  pages: PageText[];
  /** All pages' text, in order, with a marker line before every page after the first. */
  text: string;
  timings: { decodeMs: number; totalMs: number };
}

export interface DocumentReader {
  read(bytes: Uint8Array, options: ReadOptions): Promise<DocumentText>;
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

export function createDocumentReader(pool: WorkerPool, serverLimits: DecodeLimits): DocumentReader {
  return {
    async read(bytes, { alpha, signal, language = 'eng', pageSegMode, maxPages, onProgress }) {
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
      const pageSignal = signal ? AbortSignal.any([signal, pagesFailed.signal]) : pagesFailed.signal;
      const pages = await Promise.all(
        plan.pages.map(async (planned, index): Promise<PageText> => {
          const number = index + 1;
          if (planned.kind === 'text') {
            return done({ number, source: planned.source, text: planned.text, confidence: 1, words: [] });
          }
          const input: PageInput =
            planned.kind === 'raster'
              ? { kind: 'raster', page: planned.page }
              : { kind: 'render', bytes, format: plan.kind as PagedKind, documentId, index: planned.index, render: planned.render };
          const result = await pool.run({ kind: 'recognize', input, limits, language, pageSegMode }, pageSignal);
          return done({ number, source: 'ocr', ...result });
        }),
      ).catch((error) => {
        pagesFailed.abort(error);
        throw error;
      });
      return { kind: plan.kind, pages, text: joinPages(pages), timings: { decodeMs, totalMs: performance.now() - started } };
    },
  };
}
