// The work a pool worker does, as plain functions of their inputs. The unit of work is a page:
// `decode` splits a document into pages, `recognize` prepares and reads one page.
import { decodeDocument, DocumentError, type DecodeLimits, type RasterPage } from '../image/decode.ts';
import { prepareForRecognition, type AlphaMode } from '../image/prepare.ts';
import type { Recognition, RecognizeOptions, TesseractEngine } from './engine.ts';

export interface DecodeJob {
  kind: 'decode';
  bytes: Uint8Array;
  limits: DecodeLimits;
}

export interface RecognizeJob {
  kind: 'recognize';
  page: RasterPage;
  alpha: AlphaMode;
  pageSegMode?: number;
}

export type Job = DecodeJob | RecognizeJob;

export interface PageRecognition extends Recognition {
  timings: { prepareMs: number; recognizeMs: number };
}

export interface JobResults {
  decode: { pages: RasterPage[]; decodeMs: number };
  recognize: PageRecognition;
}

export type JobResult<J extends Job> = JobResults[J['kind']];

export function runJob(job: Job, engine: TesseractEngine): JobResults[Job['kind']] {
  if (job.kind === 'decode') {
    const started = performance.now();
    const pages = decodeDocument(job.bytes, job.limits);
    return { pages, decodeMs: performance.now() - started };
  }
  const started = performance.now();
  const image = prepareForRecognition(job.page, job.alpha);
  const prepared = performance.now();
  const options: RecognizeOptions = { pageSegMode: job.pageSegMode, dpi: job.page.dpi?.x };
  const recognition = engine.recognize(image, options);
  return {
    ...recognition,
    timings: { prepareMs: prepared - started, recognizeMs: performance.now() - prepared },
  };
}

/** Buffers to move (not copy) to the other thread along with a job or its result. */
export function transferablesOf(value: Job | JobResults[Job['kind']]): ArrayBuffer[] {
  if ('bytes' in value) return [value.bytes.buffer as ArrayBuffer];
  if ('page' in value) return [value.page.data.buffer as ArrayBuffer];
  if ('pages' in value) return value.pages.map((page) => page.data.buffer as ArrayBuffer);
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
