// Decode step of the pipeline: a document's bytes in, its pages out. Single images are decoded at
// once; PDF and TIFF pages are only outlined here and rendered later by whichever thread recognizes
// them, so a long document never sits in memory as pixels all at once. Dimensions are checked from
// headers before any pixel buffer is allocated.
import jpeg from 'jpeg-js';
import { Buffer } from 'node:buffer';
import { PNG } from 'pngjs';
import { readPackageFile } from '../../wasm/assets.ts';
import { decodeToRgba, outlineDocument, type PagedKind, type RenderOptions } from './documents.ts';
import { DocumentError } from './errors.ts';
import { flipHorizontal, resize, rgbaToGray, rotateQuarter, type AlphaMode, type GrayPage } from './raster.ts';
import { FILE_KIND_NAMES, sniffFileKind, type FileKind } from './sniff.ts';

export { DocumentError } from './errors.ts';

export interface DecodeLimits {
  /** Pixel budget per page: larger pages are scaled down to it. */
  maxPixels: number;
  /** Largest number of pages read from one document. */
  maxPages: number;
  /**
   * Most pixels per byte of file for a page over the pixel budget. Below the budget a decompression
   * bomb can do no harm; over it, a page made of little but compressed blank is refused undecoded.
   */
  maxRatio?: number;
  /** Most objects in a PDF: each costs memory in MuPDF's cross-reference table. */
  maxPdfObjects?: number;
}

/** Pages whose header claims more than this many times the budget are refused without decoding. */
export const HARD_LIMIT_FACTOR = 4;

export type PagePlan =
  | { kind: 'text'; text: string; source: 'text-layer' | 'plain-text' }
  | { kind: 'raster'; page: GrayPage }
  | { kind: 'render'; index: number; render: Omit<RenderOptions, 'maxPixels' | 'pdfDpi'> };

export interface DocumentPlan {
  kind: FileKind;
  pages: PagePlan[];
}

export async function planDocument(
  bytes: Uint8Array,
  options: { limits: DecodeLimits; alpha: AlphaMode; documentId: string },
): Promise<DocumentPlan> {
  if (bytes.length === 0) throw new DocumentError('The file is empty.', 'corrupt');
  const { limits } = options;
  const kind = sniffFileKind(bytes);
  switch (kind) {
    case 'text':
      return { kind, pages: [{ kind: 'text', text: new TextDecoder().decode(bytes), source: 'plain-text' }] };
    case 'pdf':
    case 'tiff':
      return { kind, pages: await planPaged(bytes, kind, options.documentId, limits) };
    case 'unknown':
      throw new DocumentError(
        'This file type is not supported: send an image (PNG, JPEG, GIF, BMP, TIFF, WebP), a PDF or plain text.',
        'unsupported',
      );
    default:
      return { kind, pages: [{ kind: 'raster', page: fitBudget(await decodeSingleImage(bytes, kind, options.alpha, limits), limits) }] };
  }
}

async function planPaged(bytes: Uint8Array, kind: PagedKind, documentId: string, limits: DecodeLimits): Promise<PagePlan[]> {
  // MuPDF follows a TIFF's directory chain without loop detection, and assumes 96 dpi where none is
  // stated: read the directories ourselves first.
  const tiffPages = kind === 'tiff' ? readTiffDirectories(bytes, limits.maxPages) : undefined;
  tiffPages?.forEach((page) => checkHardLimit(page.width, page.height, bytes.length, limits));
  const outline = await outlineDocument(bytes, kind, documentId, limits);
  return outline.textLayers.map((text, index): PagePlan => {
    if (text !== undefined) return { kind: 'text', text, source: 'text-layer' };
    const tiff = tiffPages?.[index];
    return { kind: 'render', index, render: { tiffWidth: tiff?.width, tiffDpi: tiff?.dpi?.x } };
  });
}

async function decodeSingleImage(bytes: Uint8Array, kind: FileKind, alpha: AlphaMode, limits: DecodeLimits): Promise<GrayPage> {
  const name = FILE_KIND_NAMES[kind];
  const size = readImageSize(bytes, kind);
  if (!size) throw new DocumentError(`Corrupt ${name} image: no readable header.`, 'corrupt');
  checkHardLimit(size.width, size.height, bytes.length, limits);
  let decoded;
  try {
    decoded = await decodeToRgbaByKind(bytes, kind);
  } catch (error) {
    throw new DocumentError(`Corrupt ${name} image: ${describe(error)}.`, 'corrupt');
  }
  if (!(decoded.width > 0 && decoded.height > 0)) throw new DocumentError(`Corrupt ${name} image.`, 'corrupt');
  const page = { width: decoded.width, height: decoded.height, pixels: rgbaToGray(decoded.data, decoded.width, decoded.height, alpha) };
  return kind === 'jpeg' ? applyExifOrientation(page, readExifOrientation(bytes)) : page;
}

/**
 * PNG through pngjs and JPEG through jpeg-js (0.4.4 or later: earlier ones loop forever on crafted
 * files); WebP through @jsquash/webp; GIF and BMP through MuPDF, whose decoders are hardened where the
 * JavaScript GIF decoder loops forever on some damaged files and the BMP one is unmaintained.
 */
async function decodeToRgbaByKind(bytes: Uint8Array, kind: FileKind): Promise<{ width: number; height: number; data: ArrayLike<number> }> {
  if (kind === 'png') return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (kind === 'jpeg') return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  if (kind === 'webp') return (await webpDecoder())(bytes.slice().buffer);
  return decodeToRgba(bytes);
}

let webp: Promise<(buffer: ArrayBuffer) => Promise<ImageData>> | undefined;

const webpDecoder = () =>
  (webp ??= (async () => {
    const codec = await import('@jsquash/webp/decode.js');
    // The codec would fetch its .wasm by URL, which Node cannot do for files: hand it the compiled module.
    await codec.init(await WebAssembly.compile(await readPackageFile('@jsquash/webp/decode.js', 'codec/dec/webp_dec.wasm')));
    return codec.default;
  })());

function checkHardLimit(width: number, height: number, fileBytes: number, limits: DecodeLimits) {
  const limit = limits.maxPixels * HARD_LIMIT_FACTOR;
  const pixels = width * height;
  if (pixels > limit) {
    throw new DocumentError(
      `The image is too large: ${width}x${height} pixels; pages over ${limit} pixels are refused ` +
        `(pages over ${limits.maxPixels} are scaled down).`,
      'too-large',
    );
  }
  if (limits.maxRatio && pixels > limits.maxPixels && pixels > limits.maxRatio * fileBytes) {
    throw new DocumentError(
      `The image claims ${width}x${height} pixels from only ${fileBytes} bytes, which is how decompression ` +
        `bombs look; pages over ${limits.maxPixels} pixels need at least one byte per ${limits.maxRatio} pixels.`,
      'too-large',
    );
  }
}

/** Scales a page over the pixel budget down to it. */
export function fitBudget(page: GrayPage, limits: DecodeLimits): GrayPage {
  const pixels = page.width * page.height;
  if (pixels <= limits.maxPixels) return page;
  const factor = Math.sqrt(limits.maxPixels / pixels);
  return resize(page, Math.floor(page.width * factor), Math.floor(page.height * factor));
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
      return fits(26) ? { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) } : undefined;
    case 'jpeg':
      return readJpegSize(bytes, view);
    case 'webp':
      return readWebpSize(bytes);
    default:
      return undefined;
  }
}

/** The canvas of a WebP file, from its first chunk: extended (VP8X), lossy (VP8) or lossless (VP8L). */
function readWebpSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 30) return undefined;
  const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (chunk === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  // A key frame: 3 bytes of frame tag, the start code 9d 01 2a, then 14-bit width and height.
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: (b[26] | (b[27] << 8)) & 0x3fff, height: (b[28] | (b[29] << 8)) & 0x3fff };
  }
  // The signature byte 2f, then width - 1 and height - 1 in 14 bits each.
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    return { width: 1 + (b[21] | ((b[22] & 0x3f) << 8)), height: 1 + ((b[22] >> 6) | (b[23] << 2) | ((b[24] & 0x0f) << 10)) };
  }
  return undefined;
}

/** Walks JPEG segments up to the frame header, calling `visit` on each; stops when it returns a value. */
function walkJpeg<T>(bytes: Uint8Array, visit: (marker: number, offset: number, length: number) => T | undefined): T | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = view.getUint16(offset + 2);
    const found = visit(marker, offset, length);
    if (found !== undefined) return found;
    if (marker === 0xda) return undefined; // image data follows: no more headers
    offset += 2 + length;
  }
  return undefined;
}

function readJpegSize(bytes: Uint8Array, view: DataView) {
  return walkJpeg(bytes, (marker, offset) => {
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (!isFrame || offset + 9 > bytes.length) return undefined;
    return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
  });
}

/** The EXIF Orientation tag (1-8) of a JPEG, 1 when absent. */
export function readExifOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (
    walkJpeg(bytes, (marker, offset, length) => {
      if (marker !== 0xe1 || offset + 10 + 8 > bytes.length) return undefined;
      const exif = offset + 4;
      if (view.getUint32(exif) !== 0x45786966) return undefined; // "Exif"
      const tiff = exif + 6;
      const little = view.getUint16(tiff) === 0x4949;
      const end = Math.min(bytes.length, offset + 2 + length);
      const ifd = tiff + view.getUint32(tiff + 4, little);
      if (ifd + 2 > end) return undefined;
      const count = view.getUint16(ifd, little);
      for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= end; i++) {
        const entry = ifd + 2 + i * 12;
        if (view.getUint16(entry, little) === 0x0112) {
          const value = view.getUint16(entry + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }) ?? 1
  );
}

/** Turns a decoded JPEG the way its EXIF orientation says a viewer would show it. */
export function applyExifOrientation(page: GrayPage, orientation: number): GrayPage {
  switch (orientation) {
    case 2: return flipHorizontal(page);
    case 3: return rotateQuarter(page, 180);
    case 4: return flipHorizontal(rotateQuarter(page, 180));
    case 5: return flipHorizontal(rotateQuarter(page, 90));
    case 6: return rotateQuarter(page, 90);
    case 7: return flipHorizontal(rotateQuarter(page, 270));
    case 8: return rotateQuarter(page, 270);
    default: return page;
  }
}

export interface TiffDirectory {
  width: number;
  height: number;
  dpi?: { x: number; y: number };
}

/** The directories (pages) of a TIFF, refusing loops and documents with too many pages. */
export function readTiffDirectories(bytes: Uint8Array, maxPages: number): TiffDirectory[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const corrupt = (why: string) => new DocumentError(`Corrupt TIFF image: ${why}.`, 'corrupt');
  const seen = new Set<number>();
  const pages: TiffDirectory[] = [];
  let offset = bytes.length >= 8 ? view.getUint32(4, little) : 0;
  while (offset !== 0) {
    if (offset + 2 > bytes.length) throw corrupt('truncated directory');
    if (seen.has(offset)) throw corrupt('its page list loops');
    seen.add(offset);
    if (seen.size > maxPages) {
      throw new DocumentError(`The TIFF has more than ${maxPages} pages, the most this server reads.`, 'too-large');
    }
    const count = view.getUint16(offset, little);
    const next = offset + 2 + count * 12;
    if (next + 4 > bytes.length) throw corrupt('truncated directory');
    const tags = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      tags.set(view.getUint16(entry, little), tagValue(view, entry, little));
    }
    const unit = tags.get(296) ?? 2;
    const x = tags.get(282);
    const y = tags.get(283);
    const perInch = unit === 3 ? 2.54 : 1;
    // Rationals written from centimetres come back as 299.9994: a tenth of a dot is precision enough.
    const round = (value: number) => Math.round(value * perInch * 10) / 10;
    const dpi = unit !== 1 && x && y ? { x: round(x), y: round(y) } : undefined;
    pages.push({ width: tags.get(256) ?? 0, height: tags.get(257) ?? 0, dpi });
    offset = view.getUint32(next, little);
  }
  if (pages.length === 0) throw corrupt('it contains no page');
  return pages;
}

/** The first value of a directory entry: SHORT, LONG or RATIONAL (others read as 0). */
function tagValue(view: DataView, entry: number, little: boolean): number {
  const type = view.getUint16(entry + 2, little);
  if (type === 3) return view.getUint16(entry + 8, little);
  if (type === 4) return view.getUint32(entry + 8, little);
  if (type === 5) {
    const at = view.getUint32(entry + 8, little);
    if (at + 8 > view.byteLength) return 0;
    const denominator = view.getUint32(at + 4, little);
    return denominator ? view.getUint32(at, little) / denominator : 0;
  }
  return 0;
}
