// The work a pool thread does. The unit of work is a page: `plan` splits a document into pages
// (decoding single images, outlining PDFs and TIFFs), `recognize` renders, prepares and reads one page.
// A page read in bands over several threads (bands.ts) is first `prepare`d, then each band is a
// `recognize` of an already prepared image.
import { planDocument, type DecodeLimits, type DocumentPlan } from '../image/decode.ts';
import { renderPage, type PageSource, type RenderOptions } from '../image/documents.ts';
import { DocumentError } from '../image/errors.ts';
import { preparePage, type PreparationFacts, type PreparedPage } from '../image/prepare.ts';
import { rotateQuarter, type AlphaMode, type GrayPage } from '../image/raster.ts';
import type { Recognition, TesseractEngine } from './engine.ts';
import type { LegacyReader } from './legacy.ts';
import { rereadHashes } from './reread.ts';
import { voteOnIndicatorWords } from './vote.ts';

export interface PlanJob {
  kind: 'plan';
  bytes: Uint8Array;
  documentId: string;
  limits: DecodeLimits;
  alpha: AlphaMode;
}

export type PageInput =
  | { kind: 'raster'; page: GrayPage }
  | ({ kind: 'render'; render: Omit<RenderOptions, 'maxPixels' | 'pdfDpi'> } & PageSource)
  /** Already upright and sized (a band of a prepared page): read as it is. */
  | { kind: 'prepared'; page: GrayPage; preparation: PreparationFacts };

export interface RecognizeJob {
  kind: 'recognize';
  input: PageInput;
  limits: DecodeLimits;
  language: string;
  pageSegMode?: number;
}

/** Render and prepare a page, and find its text lines, so that it can be read in bands. */
export interface PrepareJob {
  kind: 'prepare';
  input: PageInput;
  limits: DecodeLimits;
  language: string;
}

export type Job = PlanJob | PrepareJob | RecognizeJob;

/** A page rendered and prepared (prepare.ts), with what that took. */
export interface PreparedForBands extends PreparedPage {
  timings: { renderMs: number; prepareMs: number };
}

export interface PageRecognition extends Recognition {
  width: number;
  height: number;
  preparation: PreparationFacts;
  /** Resolution the engine was told, when the document states one. */
  dpi?: number;
  /** Set when the page was read in bands on several workers at once (bands.ts): how many. */
  bands?: number;
  /** recognizeMs is the engine's reading (both ways up, when tried); secondLookMs the re-reading of indicator-like words. */
  timings: { renderMs: number; prepareMs: number; recognizeMs: number; secondLookMs: number };
}

export interface JobResults {
  plan: DocumentPlan & { decodeMs: number };
  prepare: PreparedForBands;
  recognize: PageRecognition;
}

export type JobResult<J extends Job> = JobResults[J['kind']];

/** PDF pages are rendered at this resolution (within the pixel budget). */
const PDF_DPI = 300;
/** Below this mean word confidence an upright-looking page is also read upside down. */
const RETRY_UPSIDE_DOWN_BELOW = 0.6;

/** The engines of a thread, by language: created on first use and kept. */
export interface EngineSource {
  engineFor(language: string): Promise<TesseractEngine>;
  legacyFor(language: string): Promise<LegacyReader>;
}

export async function runJob(job: Job, engines: EngineSource): Promise<JobResults[Job['kind']]> {
  if (job.kind === 'plan') {
    const started = performance.now();
    const plan = await planDocument(job.bytes, job);
    return { ...plan, decodeMs: performance.now() - started };
  }
  const engine = await engines.engineFor(job.language);
  const prepared = await preparedPage(job, engine);
  if (job.kind === 'prepare') return prepared;
  const ready = performance.now();
  // Only a resolution the document states reliably (PDF renders, TIFF tags) goes to the engine; for
  // other images Tesseract's own estimate from the text measured as good on our samples.
  const options = { pageSegMode: job.pageSegMode, dpi: prepared.page.dpi?.x };
  let read = prepared.page;
  let result = engine.recognize(read, options);
  const preparation = { ...prepared.facts };
  if (preparation.rotation === 0 && result.words.length > 0 && result.confidence < RETRY_UPSIDE_DOWN_BELOW) {
    const turnedPage = rotateQuarter(read, 180);
    const turned = engine.recognize(turnedPage, options);
    if (turned.confidence > result.confidence + 0.05) {
      [read, result] = [turnedPage, turned];
      preparation.rotation = 180;
    }
  }
  const recognized = performance.now();
  // Indicators hide in the words the engine reads least surely: hashes, then host names and addresses.
  // Without the legacy classifier (a language without its data) the LSTM's re-readings still vote.
  const readers = { engine, legacy: await engines.legacyFor(job.language).catch(() => undefined) };
  result = voteOnIndicatorWords(readers, read, rereadHashes(readers, read, result));
  return {
    ...result,
    width: prepared.page.width,
    height: prepared.page.height,
    preparation,
    dpi: options.dpi,
    timings: { ...prepared.timings, recognizeMs: recognized - ready, secondLookMs: performance.now() - recognized },
  };
}

/** The page of a job, rendered and prepared unless it already was. */
async function preparedPage(job: PrepareJob | RecognizeJob, engine: TesseractEngine): Promise<PreparedForBands> {
  const { input, limits } = job;
  if (input.kind === 'prepared') return { page: input.page, facts: input.preparation, lines: [], timings: { renderMs: 0, prepareMs: 0 } };
  const started = performance.now();
  const page =
    input.kind === 'raster'
      ? input.page
      : await renderPage(input, { ...input.render, pdfDpi: PDF_DPI, maxPixels: limits.maxPixels });
  const rendered = performance.now();
  return { ...preparePage(page, engine, limits.maxPixels), timings: { renderMs: rendered - started, prepareMs: performance.now() - rendered } };
}

/** Buffers to move (not copy) to the other thread along with a job or its result. */
export function transferablesOf(value: Job | JobResults[Job['kind']]): ArrayBuffer[] {
  if ('input' in value) return value.input.kind === 'render' ? [] : [value.input.page.pixels.buffer as ArrayBuffer];
  if ('lines' in value) return [value.page.pixels.buffer as ArrayBuffer];
  // Document bytes are copied, not moved: the reader still needs them to have pages rendered.
  if ('bytes' in value) return [];
  if ('pages' in value) {
    return value.pages.flatMap((p) => (p.kind === 'raster' ? [p.page.pixels.buffer as ArrayBuffer] : []));
  }
  return [];
}

/** Errors cross the thread boundary as plain data; document errors keep their class and code. */
export interface SerializedError {
  name: string;
  message: string;
  code?: DocumentError['code'];
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DocumentError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.name === 'DocumentError' && error.code) return new DocumentError(error.message, error.code);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
