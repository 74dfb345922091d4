// MISP sends file contents as base64 inside JSON. Decoding is strict: a lenient decoder would
// silently turn a mangled upload into different bytes and a confusing "not an image" error.

const DATA_URL_PREFIX = /^data:[^,]*;base64,/i;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL_BODY = /^[A-Za-z0-9_-]*={0,2}$/;

type FromBase64 = (text: string, options?: { alphabet?: 'base64' | 'base64url' }) => Uint8Array;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;

export class InvalidBase64Error extends Error {
  constructor(reason: string) {
    super(`The file data is not valid base64 (${reason}).`);
    this.name = 'InvalidBase64Error';
  }
}

/** Decodes standard or URL-safe base64, tolerating whitespace, line breaks and a data: URL prefix. */
export function decodeBase64(text: string): Uint8Array {
  let body = text.replace(DATA_URL_PREFIX, '');
  if (/\s/.test(body)) body = body.replace(/\s+/g, '');
  const urlSafe = !BASE64_BODY.test(body);
  if (urlSafe && !BASE64URL_BODY.test(body)) throw new InvalidBase64Error('unexpected characters');
  const unpadded = body.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) throw new InvalidBase64Error('truncated');
  if (nativeFromBase64) {
    try {
      return nativeFromBase64(unpadded, { alphabet: urlSafe ? 'base64url' : 'base64' });
    } catch {
      throw new InvalidBase64Error('malformed');
    }
  }
  const bytes = Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64');
  // A fresh, exact-size copy: Buffer may hand out a slice of a shared pool.
  return new Uint8Array(bytes);
}

/** Encodes bytes as standard base64 (used by tests and the CLI). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
