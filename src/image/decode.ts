// Decode step of the pipeline: file bytes in, one RGBA raster per page out. Pure JS decoders only;
// dimensions are checked from headers before any pixel buffer is allocated.
import decodeImage from 'image-decode';
import UTIF, { type Ifd } from 'utif';
import { FILE_KIND_NAMES, sniffFileKind, type FileKind } from './sniff.ts';

export interface RasterPage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8Array;
  /** Whether the alpha channel carries information (otherwise every pixel is opaque). */
  hasAlpha: boolean;
  /** Resolution from the file, when it states one. */
  dpi?: { x: number; y: number };
}

export interface DecodeLimits {
  /** Largest number of pixels accepted on one page. */
  maxPixels: number;
  /** Largest number of pages read from one document. */
  maxPages: number;
}

/** A problem with the document itself: the message is meant for the analyst. */
export class DocumentError extends Error {
  constructor(message: string, readonly code: 'corrupt' | 'unsupported' | 'too-large') {
    super(message);
    this.name = 'DocumentError';
  }
}

const SINGLE_IMAGE_MIME: Partial<Record<FileKind, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

export function decodeDocument(bytes: Uint8Array, limits: DecodeLimits): RasterPage[] {
  if (bytes.length === 0) throw new DocumentError('The file is empty.', 'corrupt');
  const kind = sniffFileKind(bytes);
  if (kind === 'tiff') return decodeTiff(bytes, limits);
  const mime = SINGLE_IMAGE_MIME[kind];
  if (!mime) {
    const name = kind === 'unknown' ? 'This file type is not' : `${FILE_KIND_NAMES[kind]} files are not`;
    throw new DocumentError(`${name} supported: send a PNG, JPEG, GIF, BMP or TIFF image.`, 'unsupported');
  }
  const size = readImageSize(bytes, kind);
  if (!size) throw new DocumentError(`Corrupt ${FILE_KIND_NAMES[kind]} image: no readable header.`, 'corrupt');
  checkPixelBudget(size.width, size.height, limits);
  let decoded;
  try {
    decoded = decodeImage(bytes, mime);
  } catch (error) {
    throw new DocumentError(`Corrupt ${FILE_KIND_NAMES[kind]} image: ${describe(error)}.`, 'corrupt');
  }
  if (!decoded || decoded.width <= 0 || decoded.height <= 0) {
    throw new DocumentError(`Corrupt ${FILE_KIND_NAMES[kind]} image.`, 'corrupt');
  }
  const data = decoded.data;
  return [{ width: decoded.width, height: decoded.height, data, hasAlpha: hasTransparency(data) }];
}

function checkPixelBudget(width: number, height: number, limits: DecodeLimits) {
  if (width * height > limits.maxPixels) {
    throw new DocumentError(
      `The image is too large: ${width}x${height} pixels, the limit is ${limits.maxPixels} pixels per page.`,
      'too-large',
    );
  }
}

function hasTransparency(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return true;
  return false;
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\.$/, '') || 'unreadable data';

/** Image size from the header alone, so oversized images are refused before decoding. */
export function readImageSize(bytes: Uint8Array, kind: FileKind): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fits = (end: number) => end <= bytes.length;
  switch (kind) {
    case 'png':
      return fits(24) ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
    case 'gif':
      return fits(10) ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : undefined;
    case 'bmp':
      return fits(26)
        ? { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) }
        : undefined;
    case 'jpeg':
      return readJpegSize(bytes, view);
    default:
      return undefined;
  }
}

function readJpegSize(bytes: Uint8Array, view: DataView) {
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

/** Every page of a TIFF, with its resolution; thumbnails (reduced-resolution subfiles) are skipped. */
function decodeTiff(bytes: Uint8Array, limits: DecodeLimits): RasterPage[] {
  // UTIF follows the IFD chain without loop detection: walk it ourselves first.
  countTiffDirectories(bytes, limits.maxPages);
  let ifds;
  try {
    ifds = UTIF.decode(bytes);
  } catch (error) {
    throw new DocumentError(`Corrupt TIFF image: ${describe(error)}.`, 'corrupt');
  }
  const pages: RasterPage[] = [];
  for (const ifd of ifds) {
    const subfileType = Number(ifd.t254?.[0] ?? 0);
    if (subfileType & 1) continue;
    const width = Number(ifd.t256?.[0] ?? 0);
    const height = Number(ifd.t257?.[0] ?? 0);
    if (!width || !height) continue;
    checkPixelBudget(width, height, limits);
    let rgba;
    try {
      UTIF.decodeImage(bytes, ifd, ifds);
      rgba = UTIF.toRGBA8(ifd);
    } catch (error) {
      throw new DocumentError(`Corrupt TIFF image (page ${pages.length + 1}): ${describe(error)}.`, 'corrupt');
    }
    if (rgba.length < width * height * 4) {
      throw new DocumentError(`Corrupt TIFF image (page ${pages.length + 1}): truncated pixel data.`, 'corrupt');
    }
    pages.push({ width, height, data: rgba, hasAlpha: hasTransparency(rgba), dpi: tiffResolution(ifd) });
  }
  if (pages.length === 0) throw new DocumentError('Corrupt TIFF image: it contains no page.', 'corrupt');
  return pages;
}

function tiffResolution(ifd: Ifd): RasterPage['dpi'] {
  const x = Number(ifd.t282?.[0]);
  const y = Number(ifd.t283?.[0]);
  if (!(x > 0 && y > 0)) return undefined;
  const unit = Number(ifd.t296?.[0] ?? 2);
  if (unit === 1) return undefined; // no absolute unit: only the aspect ratio is known
  const perInch = unit === 3 ? 2.54 : 1;
  // Rationals written from centimetres come back as 299.9994: a tenth of a dot is precision enough.
  const round = (value: number) => Math.round(value * perInch * 10) / 10;
  return { x: round(x), y: round(y) };
}

/** Counts the directories of a TIFF, refusing loops and documents with too many pages. */
export function countTiffDirectories(bytes: Uint8Array, maxPages: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = bytes[0] === 0x49;
  const seen = new Set<number>();
  let offset = bytes.length >= 8 ? view.getUint32(4, littleEndian) : 0;
  while (offset !== 0) {
    if (offset + 2 > bytes.length) throw new DocumentError('Corrupt TIFF image: truncated directory.', 'corrupt');
    if (seen.has(offset)) throw new DocumentError('Corrupt TIFF image: its page list loops.', 'corrupt');
    seen.add(offset);
    if (seen.size > maxPages) {
      throw new DocumentError(`The TIFF has more than ${maxPages} pages, the most this server reads.`, 'too-large');
    }
    const next = offset + 2 + view.getUint16(offset, littleEndian) * 12;
    if (next + 4 > bytes.length) throw new DocumentError('Corrupt TIFF image: truncated directory.', 'corrupt');
    offset = view.getUint32(next, littleEndian);
  }
  if (seen.size === 0) throw new DocumentError('Corrupt TIFF image: it contains no page.', 'corrupt');
  return seen.size;
}
