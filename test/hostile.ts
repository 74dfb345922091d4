// Hostile files, made here byte by byte: oversized headers, decompression bombs, loops, truncations.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const ascii = (text: string) => new TextEncoder().encode(text);

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, data.length);
  head.set(ascii(type), 4);
  const crc = new Uint8Array(4);
  new DataView(crc.buffer).setUint32(0, crc32(concat(ascii(type), data)));
  return concat(head, data, crc);
}

/** A valid 8-bit grayscale PNG header of any claimed size, with the given compressed pixel data. */
export function png(width: number, height: number, idat: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, no filter, no interlace
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array()),
  );
}

/** A true decompression bomb: every row of a black page, deflated (about 1000 pixels per byte). */
export function pngBomb(width: number, height: number): Uint8Array {
  return png(width, height, deflateSync(new Uint8Array((width + 1) * height), { level: 9 }));
}

/**
 * A little-endian TIFF of `count` one-pixel pages, each directory pointing to the next; `loop`
 * points the last back to the first. `size` overrides the claimed width and height.
 */
export function tiff(count: number, options: { loop?: boolean; size?: number } = {}): Uint8Array {
  const entries = 2;
  const ifdBytes = 2 + entries * 12 + 4;
  const bytes = new Uint8Array(8 + count * ifdBytes);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  for (let i = 0; i < count; i++) {
    const at = 8 + i * ifdBytes;
    view.setUint16(at, entries, true);
    for (const [n, tag] of [256, 257].entries()) {
      const entry = at + 2 + n * 12;
      view.setUint16(entry, tag, true);
      view.setUint16(entry + 2, 4, true); // LONG
      view.setUint32(entry + 4, 1, true);
      view.setUint32(entry + 8, options.size ?? 1, true);
    }
    const last = i === count - 1;
    view.setUint32(at + 2 + entries * 12, last ? (options.loop ? 8 : 0) : at + ifdBytes, true);
  }
  return bytes;
}

/**
 * A PDF of the given objects (numbered from 1, object 1 the catalog) with a correct cross-reference
 * table. Objects are written byte for byte (latin1), so that streams may hold binary data.
 */
export function pdf(objects: string[]): Uint8Array {
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(body, (char) => char.charCodeAt(0) & 0xff);
}

/** Bytes as a latin1 string, for binary streams in pdf(). */
export const latin1 = (bytes: Uint8Array) => Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');

/**
 * A PDF whose first page has a text layer (read at once) and whose other pages are scans: the same
 * JPEG, `width`x`height` pixels, embedded as is.
 */
export function textThenScansPdf(jpeg: Uint8Array, width: number, height: number, scans: number): Uint8Array {
  const pages = scans + 1;
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 2} 0 R`).join(' ');
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`];
  const text = 'BT /F1 14 Tf 72 700 Td (A page with its own text layer, read at once.) Tj ET';
  const image = `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n${latin1(jpeg)}\nendstream`;
  const imageObject = 3 + pages * 2;
  for (let i = 0; i < pages; i++) {
    const contents = 4 + i * 2;
    const resources = i === 0 ? '<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>' : `<< /XObject << /Im1 ${imageObject} 0 R >> >>`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${resources} /Contents ${contents} 0 R >>`);
    const stream = i === 0 ? text : 'q 612 0 0 792 0 0 cm /Im1 Do Q';
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  objects.push(image);
  return pdf(objects);
}

/** The smallest JPEG that sent jpeg-js before 0.4.4 into an endless loop (CVE-2022-25851). */
export const JPEG_LOOP = Uint8Array.from('ffd8ffc1f151d800ff51d800ffdaffde'.match(/../g)!, (hex) => parseInt(hex, 16));

/** Bytes from a fixed seed, so that a failure can be replayed. */
export function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A JPEG's frame header changed to claim another size. */
export function withJpegSize(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const copy = jpeg.slice();
  for (let at = 2; at + 9 < copy.length; ) {
    const marker = copy[at + 1];
    const length = (copy[at + 2] << 8) | copy[at + 3];
    if (marker === 0xc0 || marker === 0xc2) {
      new DataView(copy.buffer).setUint16(at + 5, height);
      new DataView(copy.buffer).setUint16(at + 7, width);
      return copy;
    }
    at += 2 + length;
  }
  throw new Error('no frame header');
}

/** The header of a WebP claiming a size, extended (VP8X, up to 2^24 a side) or lossless (VP8L, up to 16384), then junk. */
export function webpHeader(chunk: 'VP8X' | 'VP8L', width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set(new TextEncoder().encode(`RIFF\0\0\0\0WEBP${chunk}`));
  new DataView(bytes.buffer).setUint32(4, bytes.length - 8, true);
  new DataView(bytes.buffer).setUint32(16, bytes.length - 20, true);
  const [w, h] = [width - 1, height - 1];
  if (chunk === 'VP8X') bytes.set([w & 255, (w >> 8) & 255, w >> 16, h & 255, (h >> 8) & 255, h >> 16], 24);
  else bytes.set([0x2f, w & 255, ((w >> 8) & 0x3f) | ((h & 3) << 6), (h >> 2) & 255, h >> 10], 20);
  return bytes;
}
