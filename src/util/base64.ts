// MISP sends file contents as base64 inside JSON. Decoding is strict: a lenient decoder would
// silently turn a mangled upload into different bytes and a confusing "not an image" error.

const DATA_URL_PREFIX = /^data:[^,]*;base64,/i;

const EQUALS = 61;

type FromBase64 = (text: string, options?: { alphabet?: 'base64' | 'base64url' }) => Uint8Array;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;

export class InvalidBase64Error extends Error {
  constructor(reason: string) {
    super(`The file data is not valid base64 (${reason}).`);
    this.name = 'InvalidBase64Error';
  }
}

/**
 * Decodes standard or URL-safe base64, tolerating whitespace, line breaks and a data: URL prefix.
 * Uploads run to hundreds of MB on the HTTP thread, so nothing here scans the text with a regular
 * expression more than once: a foreign character shows as a decoded length short of the text's.
 */
export function decodeBase64(text: string): Uint8Array {
  let body = text.replace(DATA_URL_PREFIX, '');
  if (/\s/.test(body)) body = body.replace(/\s+/g, '');
  let end = body.length;
  while (end > 0 && body.length - end < 2 && body.charCodeAt(end - 1) === EQUALS) end--;
  const unpadded = body.slice(0, end);
  const urlSafe = unpadded.includes('-') || unpadded.includes('_');
  if (urlSafe && (unpadded.includes('+') || unpadded.includes('/'))) throw new InvalidBase64Error('unexpected characters');
  if (unpadded.length % 4 === 1) throw new InvalidBase64Error('truncated');
  if (nativeFromBase64) {
    try {
      return nativeFromBase64(unpadded, { alphabet: urlSafe ? 'base64url' : 'base64' });
    } catch {
      throw new InvalidBase64Error('unexpected characters');
    }
  }
  // Buffer skips what is not base64; every character skipped costs at least one byte here (a
  // length of 4n + 1 is refused above).
  const bytes = Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64');
  if (bytes.length !== Math.floor((unpadded.length * 3) / 4)) throw new InvalidBase64Error('unexpected characters');
  // A fresh, exact-size copy: Buffer may hand out a slice of a shared pool.
  return new Uint8Array(bytes);
}

/** Encodes bytes as standard base64 (used by tests and the CLI). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
