// Reading the file a request carries: MISP sends it as base64 in `data`.
import { hasNoText, unreadNote, type DocumentText, type ReadOptions } from '../ocr/reader.ts';
import { decodeBase64, InvalidBase64Error } from '../util/base64.ts';
import { ModuleError, type ModuleContext, type QueryRequest } from './contract.ts';
import { readOcrSettings, type OcrSettings } from './settings.ts';

/** The decoded `data` field, or a ModuleError with `missingMessage` when it is absent or unusable. */
export function fileData(data: unknown, missingMessage: string): Uint8Array {
  if (typeof data !== 'string' || data.trim() === '') throw new ModuleError(missingMessage);
  try {
    const bytes = decodeBase64(data);
    if (bytes.length === 0) throw new ModuleError(missingMessage);
    return bytes;
  } catch (error) {
    if (error instanceof InvalidBase64Error) throw new ModuleError(error.message);
    throw error;
  }
}

/** An optional string field; anything else is a mistake worth reporting. */
export function optionalString(request: Record<string, unknown>, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ModuleError(`"${key}" must be a string.`);
  return value;
}

/** A document read for a module, with the note to show when pages were left out for time. */
export interface ReadDocument {
  document: DocumentText;
  /** '' when every page was read. */
  note: string;
}

/**
 * Reads a document with the request's settings and deadlines; an error when no page has text, or
 * when no page could be read before the answer was due.
 */
export async function readDocument(
  bytes: Uint8Array,
  name: string,
  options: Pick<ReadOptions, 'alpha'> & OcrSettings,
  { reader, signal, answerBy, answerBySeconds }: ModuleContext,
): Promise<ReadDocument> {
  const document = await reader.read(bytes, { ...options, signal, answerBy });
  if (document.pages.length === 0 && document.unreadPages.length > 0) {
    throw new ModuleError(
      `Timeout. No page of ${name} could be read in the ${answerBySeconds} s before the answer was due. ` +
        "Raise Plugin.Import_timeout (or Plugin.Enrichment_timeout) and misp-ocr's --answer-within.",
    );
  }
  if (hasNoText(document)) throw new ModuleError(`No text was recognized in ${name}.`);
  return { document, note: unreadNote(document, answerBySeconds) };
}

/** An import's uploaded document, read with the request's settings. */
export async function readUpload(request: QueryRequest, context: ModuleContext): Promise<ReadDocument & { name: string; bytes: Uint8Array }> {
  const name = optionalString(request, 'filename') ?? 'the upload';
  const bytes = fileData(request.data, 'No file received: the request has no "data" (base64 of the file).');
  // Transparent areas become white, as a page printed on paper would be.
  const read = await readDocument(bytes, name, { alpha: 'flatten', ...readOcrSettings(request.config) }, context);
  return { name, bytes, ...read };
}
