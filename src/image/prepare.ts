// Preparation step: turn a decoded page into the pixels the engine reads best.
import type { RasterPage } from './decode.ts';

/**
 * What to do with transparent pixels:
 * - `flatten`: composite onto white, like pytesseract (upstream `ocr` import);
 * - `drop`: ignore alpha and keep the colour underneath, like OpenCV's IMREAD_COLOR (upstream
 *   `ocr_enrich`). Anti-aliased glyphs over transparency then turn solid, which is why upstream's
 *   misp-logo.png test reads only "Threat Sharing".
 */
export type AlphaMode = 'flatten' | 'drop';

export interface EngineImage {
  width: number;
  height: number;
  /** Grayscale written into R, G and B, opaque alpha: a fresh buffer of exactly width*height*4 bytes. */
  data: Uint8ClampedArray;
}

export function prepareForRecognition(page: RasterPage, alpha: AlphaMode): EngineImage {
  const { width, height, data: rgba } = page;
  // The engine copies the whole underlying buffer, so it must be fresh and exactly sized.
  const out = new Uint8ClampedArray(width * height * 4);
  const flatten = alpha === 'flatten' && page.hasAlpha;
  for (let i = 0; i < out.length; i += 4) {
    // BT.601 luma (the clamped array rounds); gray in every channel makes the engine's channel order moot.
    let gray = (rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000;
    if (flatten) {
      const a = rgba[i + 3];
      gray = (gray * a + 255 * (255 - a)) / 255;
    }
    out[i] = out[i + 1] = out[i + 2] = gray;
    out[i + 3] = 255;
  }
  return { width, height, data: out };
}
