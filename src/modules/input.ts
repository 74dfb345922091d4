// Reading the file a request carries: MISP sends it as base64 in `data`.
import { hasNoText, type DocumentText } from '../ocr/reader.ts';
import { decodeBase64, InvalidBase64Error } from '../util/base64.ts';
import { ModuleError, type ModuleContext, type QueryRequest } from './contract.ts';
import { readOcrSettings } from './settings.ts';

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

/** An import's uploaded document, read with the request's settings; an error when it has no text. */
export async function readUpload(
  request: QueryRequest,
  { reader, signal }: ModuleContext,
): Promise<{ name: string; bytes: Uint8Array; document: DocumentText }> {
  const name = optionalString(request, 'filename') ?? 'the upload';
  const bytes = fileData(request.data, 'No file received: the request has no "data" (base64 of the file).');
  const settings = readOcrSettings(request.config);
  // Transparent areas become white, as a page printed on paper would be.
  const document = await reader.read(bytes, { alpha: 'flatten', signal, ...settings });
  if (hasNoText(document)) throw new ModuleError(`No text was recognized in ${name}.`);
  return { name, bytes, document };
}
