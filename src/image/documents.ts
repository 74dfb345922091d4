// PDF and TIFF through MuPDF (WebAssembly): text layers, page counts and rendering; GIF and BMP are
// decoded by it too (decodeToRgba). TIFF goes here because MuPDF reads every CCITT variant (including
// Modified Huffman) and honours the file's X/Y resolution, so 204x98 dpi fax pages come out with
// square pixels.
import type * as MuPDF from 'mupdf';
import { readPackageFile } from '../../wasm/assets.ts';
import { DocumentError } from './errors.ts';
import type { GrayPage } from './raster.ts';

type MuPDFModule = typeof MuPDF;
let mupdfModule: Promise<MuPDFModule> | undefined;
/** Loaded on first use: 10 MB of WebAssembly that workloads without PDF, TIFF, GIF or BMP never need. */
const loadMuPDF = () =>
  (mupdfModule ??= (async () => {
    // MuPDF would locate its .wasm beside its script, which a single binary does not have: hand it the bytes.
    (globalThis as { $libmupdf_wasm_Module?: object }).$libmupdf_wasm_Module = {
      wasmBinary: await readPackageFile('mupdf', 'mupdf-wasm.wasm'),
    };
    const mupdf = await import('mupdf');
    // MuPDF writes a line to stderr for every repair it makes to a broken file. The analyst gets the
    // outcome as an error or a result; the server log stays one JSON line per event.
    mupdf.setLog(() => {});
    return mupdf;
  })());

export type PagedKind = 'pdf' | 'tiff';

/** One image (GIF, BMP, …) decoded by MuPDF to RGBA at its own size. */
export async function decodeToRgba(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8Array }> {
  const mupdf = await loadMuPDF();
  const image = new mupdf.Image(bytes);
  try {
    const decoded = image.toPixmap();
    try {
      const pixmap = decoded.convertToColorSpace(mupdf.ColorSpace.DeviceRGB, true);
      try {
        return rgbaOf(pixmap);
      } finally {
        pixmap.destroy();
      }
    } finally {
      decoded.destroy();
    }
  } finally {
    image.destroy();
  }
}

function rgbaOf(pixmap: MuPDF.Pixmap): { width: number; height: number; data: Uint8Array } {
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const stride = pixmap.getStride();
  // MuPDF counts the alpha channel among the components.
  const channels = pixmap.getNumberOfComponents();
  const alpha = pixmap.getAlpha() > 0;
  const source = pixmap.getPixels();
  const data = new Uint8Array(width * height * 4);
  for (let y = 0, out = 0; y < height; y++) {
    for (let x = 0, at = y * stride; x < width; x++, at += channels, out += 4) {
      data[out] = source[at];
      data[out + 1] = source[at + 1];
      data[out + 2] = source[at + 2];
      data[out + 3] = alpha ? source[at + 3] : 255;
    }
  }
  return { width, height, data };
}

const MIME: Record<PagedKind, string> = { pdf: 'application/pdf', tiff: 'image/tiff' };

/** The last document opened by this thread: its pages usually arrive one after another. */
let cached: { documentId: string; document: MuPDF.Document } | undefined;

async function open(bytes: Uint8Array, kind: PagedKind, documentId: string): Promise<MuPDF.Document> {
  if (cached?.documentId === documentId) return cached.document;
  const mupdf = await loadMuPDF();
  let document: MuPDF.Document;
  try {
    document = mupdf.Document.openDocument(bytes, MIME[kind]);
  } catch (error) {
    throw new DocumentError(`Corrupt or unreadable ${kind.toUpperCase()} file: ${messageOf(error)}.`, 'corrupt');
  }
  if (document.needsPassword()) {
    document.destroy();
    throw new DocumentError('The PDF is encrypted with a password: send an unprotected copy.', 'unsupported');
  }
  cached?.document.destroy();
  cached = { documentId, document };
  return document;
}

export interface PagedOutline {
  pageCount: number;
  /** Per page: the text layer (PDF), or undefined when the page must be rendered and recognized. */
  textLayers: (string | undefined)[];
}

/** Counts the pages and extracts the text layers: cheap, no rendering. */
export async function outlineDocument(
  bytes: Uint8Array,
  kind: PagedKind,
  documentId: string,
  { maxPages, maxPdfObjects }: { maxPages: number; maxPdfObjects?: number },
): Promise<PagedOutline> {
  const document = await open(bytes, kind, documentId);
  const objects = document.asPDF()?.countObjects() ?? 0;
  if (maxPdfObjects && objects > maxPdfObjects) {
    throw new DocumentError(`The PDF has ${objects} objects; this server reads PDFs of at most ${maxPdfObjects}.`, 'too-large');
  }
  const pageCount = guard(() => document.countPages(), kind);
  if (pageCount === 0) throw new DocumentError(`The ${kind.toUpperCase()} file has no pages.`, 'corrupt');
  if (pageCount > maxPages) {
    throw new DocumentError(`The document has ${pageCount} pages; this server reads at most ${maxPages}.`, 'too-large');
  }
  const textLayers = [];
  for (let index = 0; index < pageCount; index++) {
    textLayers.push(kind === 'pdf' ? textLayerOf(document, index) : undefined);
  }
  return { pageCount, textLayers };
}

/** A page's own text, when it has enough to stand for the page (a scan with a stray word does not). */
function textLayerOf(document: MuPDF.Document, index: number): string | undefined {
  const page = guard(() => document.loadPage(index), 'pdf');
  try {
    const text = page.toStructuredText('preserve-whitespace').asText();
    return text.replace(/\s+/g, '').length >= 16 ? text : undefined;
  } catch {
    return undefined; // an unreadable text layer: OCR the rendered page instead
  } finally {
    page.destroy();
  }
}

export interface RenderOptions {
  /** Dots per inch for PDF pages. TIFF pages render at their own horizontal resolution. */
  pdfDpi: number;
  /** Pixel budget: larger pages render smaller. */
  maxPixels: number;
  /** TIFF pixel width of this page, so it renders 1:1 horizontally whatever resolution MuPDF assumed. */
  tiffWidth?: number;
  tiffDpi?: number;
}

export interface PageSource {
  bytes: Uint8Array;
  format: PagedKind;
  /** Identifies the document across jobs, so a thread opens it once. */
  documentId: string;
  index: number;
}

export async function renderPage(
  { bytes, format: kind, documentId, index }: PageSource,
  options: RenderOptions,
): Promise<GrayPage> {
  const mupdf = await loadMuPDF();
  const document = await open(bytes, kind, documentId);
  const page = guard(() => document.loadPage(index), kind);
  try {
    const [x0, y0, x1, y1] = page.getBounds();
    const widthPt = x1 - x0;
    const heightPt = y1 - y0;
    let scale = kind === 'tiff' && options.tiffWidth ? options.tiffWidth / widthPt : options.pdfDpi / 72;
    const pixels = widthPt * heightPt * scale * scale;
    if (pixels > options.maxPixels) scale *= Math.sqrt(options.maxPixels / pixels);
    const pixmap = guard(() => page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false), kind);
    try {
      const width = pixmap.getWidth();
      const height = pixmap.getHeight();
      const stride = pixmap.getStride();
      const source = pixmap.getPixels();
      const gray = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) gray.set(source.subarray(y * stride, y * stride + width), y * width);
      const dpi = kind === 'pdf' ? scale * 72 : options.tiffDpi && (options.tiffDpi * width) / options.tiffWidth!;
      return { width, height, pixels: gray, dpi: dpi ? { x: dpi, y: dpi } : undefined };
    } finally {
      pixmap.destroy();
    }
  } finally {
    page.destroy();
  }
}

function guard<T>(action: () => T, kind: PagedKind): T {
  try {
    return action();
  } catch (error) {
    throw new DocumentError(`Corrupt or unreadable ${kind.toUpperCase()} file: ${messageOf(error)}.`, 'corrupt');
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
