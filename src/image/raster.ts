// Grayscale pages and the pixel operations preparation needs. One byte per pixel: a quarter of RGBA
// to decode, move between threads and transform.

export interface GrayPage {
  width: number;
  height: number;
  /** width*height luminance values, row-major, 0 = black. */
  pixels: Uint8Array;
  /** Resolution, when the file states one (often wrong: used for aspect ratio, not for scale). */
  dpi?: { x: number; y: number };
}

/**
 * What to do with transparent pixels:
 * - `flatten`: composite onto white, like pytesseract (upstream `ocr` import);
 * - `drop`: ignore alpha and keep the colour underneath, like OpenCV's IMREAD_COLOR (upstream
 *   `ocr_enrich`). Anti-aliased glyphs over transparency then turn solid, which is why upstream's
 *   misp-logo.png test reads only "Threat Sharing".
 */
export type AlphaMode = 'flatten' | 'drop';

export function rgbaToGray(rgba: ArrayLike<number>, width: number, height: number, alpha: AlphaMode): Uint8Array {
  const gray = new Uint8Array(width * height);
  for (let p = 0, i = 0; p < gray.length; p++, i += 4) {
    const r = rgba[i];
    const g = rgba[i + 1];
    const b = rgba[i + 2];
    const a = rgba[i + 3];
    // Opaque gray, what scans mostly are, is its own luma: no arithmetic for it.
    if (r === g && g === b && (a === 255 || alpha === 'drop')) {
      gray[p] = r;
      continue;
    }
    // BT.601 luma.
    let value = (r * 299 + g * 587 + b * 114) / 1000;
    if (alpha === 'flatten') value = (value * a + 255 * (255 - a)) / 255;
    gray[p] = Math.round(value);
  }
  return gray;
}

/** The engine's input: gray in R, G and B, opaque, in a fresh buffer of exactly width*height*4 bytes. */
export function grayToEngineImage(page: GrayPage): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(page.width * page.height * 4);
  const { pixels } = page;
  // One 32-bit write per pixel: the gray value in R, G and B, opaque alpha, whatever the byte order.
  const words = new Uint32Array(data.buffer);
  const opaque = new Uint8Array(new Uint32Array([0xff]).buffer)[0] === 0xff ? 0xff000000 : 0xff;
  const spread = opaque === 0xff000000 ? 0x010101 : 0x01010100;
  for (let p = 0; p < pixels.length; p++) words[p] = ((pixels[p] * spread) | opaque) >>> 0;
  return { width: page.width, height: page.height, data };
}

/** Turns the page clockwise by a multiple of 90 degrees. */
export function rotateQuarter(page: GrayPage, degrees: 0 | 90 | 180 | 270): GrayPage {
  if (degrees === 0) return page;
  const { width: w, height: h, pixels } = page;
  const out = new Uint8Array(w * h);
  if (degrees === 180) {
    for (let i = 0, j = out.length - 1; i < out.length; i++, j--) out[j] = pixels[i];
    return { ...page, pixels: out };
  }
  // 90 clockwise: source (x, y) lands at (h-1-y, x) in a h-wide image; 270 at (y, w-1-x).
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const target = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = pixels[y * w + x];
    }
  }
  return { width: h, height: w, pixels: out, ...(page.dpi && { dpi: { x: page.dpi.y, y: page.dpi.x } }) };
}

export function flipHorizontal(page: GrayPage): GrayPage {
  const { width: w, height: h, pixels } = page;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = pixels[y * w + (w - 1 - x)];
  return { ...page, pixels: out };
}

/** Resamples to a new size: area averaging when shrinking (no aliasing), bilinear when enlarging. */
export function resize(page: GrayPage, width: number, height: number): GrayPage {
  width = Math.max(1, Math.round(width));
  height = Math.max(1, Math.round(height));
  if (width === page.width && height === page.height) return page;
  const scaled = width < page.width && height < page.height ? shrink(page, width, height) : bilinear(page, width, height);
  const dpi = page.dpi && { x: (page.dpi.x * width) / page.width, y: (page.dpi.y * height) / page.height };
  return { width, height, pixels: scaled, ...(dpi && { dpi }) };
}

function bilinear({ width: w, height: h, pixels }: GrayPage, nw: number, nh: number): Uint8Array {
  const out = new Uint8Array(nw * nh);
  const sx = w / nw;
  const sy = h / nh;
  for (let y = 0; y < nh; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const dy = fy - y0;
    for (let x = 0; x < nw; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const dx = fx - x0;
      const top = pixels[y0 * w + x0] * (1 - dx) + pixels[y0 * w + x1] * dx;
      const bottom = pixels[y1 * w + x0] * (1 - dx) + pixels[y1 * w + x1] * dx;
      out[y * nw + x] = Math.round(top * (1 - dy) + bottom * dy);
    }
  }
  return out;
}

function shrink({ width: w, height: h, pixels }: GrayPage, nw: number, nh: number): Uint8Array {
  // Box filter: every source pixel adds to the one target cell it falls in.
  const column = new Int32Array(w);
  for (let x = 0; x < w; x++) column[x] = Math.min(nw - 1, Math.floor((x * nw) / w));
  const sums = new Uint32Array(nw * nh);
  const counts = new Uint32Array(nw * nh);
  for (let y = 0; y < h; y++) {
    const row = Math.min(nh - 1, Math.floor((y * nh) / h)) * nw;
    const start = y * w;
    for (let x = 0; x < w; x++) {
      const cell = row + column[x];
      sums[cell] += pixels[start + x];
      counts[cell]++;
    }
  }
  const out = new Uint8Array(nw * nh);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(sums[i] / counts[i]);
  return out;
}

/** Rotates by a small angle (degrees, clockwise) about the centre, filling uncovered corners with white. */
export function rotateSmall(page: GrayPage, degrees: number): GrayPage {
  const { width: w, height: h, pixels } = page;
  const out = new Uint8Array(w * h).fill(255);
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // Inverse mapping: where in the source does this output pixel come from?
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = pixels[i] * (1 - fx) + pixels[i + 1] * fx;
      const bottom = pixels[i + w] * (1 - fx) + pixels[i + w + 1] * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { ...page, pixels: out };
}

/** Stretches the levels so that the darkest 1 % become black and the lightest 1 % white. */
export function stretchContrast(page: GrayPage): GrayPage {
  const histogram = histogramOf(page.pixels);
  const low = percentile(histogram, page.pixels.length, 0.01);
  const high = percentile(histogram, page.pixels.length, 0.99);
  if (high - low < 16 || (low <= 8 && high >= 247)) return page; // blank, or already full range
  const lookup = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lookup[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low))));
  return { ...page, pixels: page.pixels.map((v) => lookup[v]) };
}

/** Pages of pure black and white only (faxes, bilevel scans). */
export function isBilevel(page: GrayPage): boolean {
  const histogram = histogramOf(page.pixels);
  return histogram[0] + histogram[255] >= page.pixels.length * 0.98;
}

/** Removes black specks: dark pixels with at most `neighbours` dark pixels around them. */
export function despeckle(page: GrayPage, neighbours = 1): GrayPage {
  const { width: w, height: h, pixels } = page;
  const out = pixels.slice();
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (pixels[i] >= 128) continue;
      let dark = 0;
      for (const j of [i - w - 1, i - w, i - w + 1, i - 1, i + 1, i + w - 1, i + w, i + w + 1]) if (pixels[j] < 128) dark++;
      if (dark <= neighbours) out[i] = 255;
    }
  }
  return { ...page, pixels: out };
}

/** Each pixel the mean of the 3x3 square around it (edges repeat): softens the stairs of bilevel strokes. */
export function smooth(page: GrayPage): GrayPage {
  const { width: w, height: h, pixels } = page;
  // Two passes of three: rows, then columns.
  const rows = new Uint16Array(pixels.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      rows[row + x] = pixels[row + Math.max(0, x - 1)] + pixels[row + x] + pixels[row + Math.min(w - 1, x + 1)];
    }
  }
  const out = new Uint8Array(pixels.length);
  for (let y = 0; y < h; y++) {
    const above = Math.max(0, y - 1) * w;
    const below = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[y * w + x] = Math.round((rows[above + x] + rows[y * w + x] + rows[below + x]) / 9);
  }
  return { ...page, pixels: out };
}

/** Light text on a dark background (dark-mode screenshots): the median pixel is dark. */
export function isDarkBackground(page: GrayPage): boolean {
  return percentile(histogramOf(page.pixels), page.pixels.length, 0.5) < 100;
}

export function invert(page: GrayPage): GrayPage {
  return { ...page, pixels: page.pixels.map((v) => 255 - v) };
}

export function crop(page: GrayPage, left: number, top: number, width: number, height: number): GrayPage {
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const w = Math.max(1, Math.min(page.width - x0, Math.ceil(width)));
  const h = Math.max(1, Math.min(page.height - y0, Math.ceil(height)));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(page.pixels.subarray((y0 + y) * page.width + x0, (y0 + y) * page.width + x0 + w), y * w);
  return { ...page, width: w, height: h, pixels: out };
}

function histogramOf(pixels: Uint8Array): Uint32Array {
  const histogram = new Uint32Array(256);
  // Every 7th pixel is plenty for a histogram and 7x cheaper.
  for (let i = 0; i < pixels.length; i += 7) histogram[pixels[i]] += 7;
  return histogram;
}

function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen >= total * fraction) return v;
  }
  return 255;
}
