// Recognition step: one Tesseract (WebAssembly) instance, synchronous, owned by one worker thread.
import { createOCREngine, type OCREngine } from 'tesseract-wasm';
import type { Box, PageAnalyzer } from '../image/prepare.ts';
import { grayToEngineImage, type GrayPage } from '../image/raster.ts';

export interface RecognizeOptions {
  /** Tesseract page segmentation mode; 3 (automatic) when unset. */
  pageSegMode?: number;
  /** Only these characters may be recognized (for re-reading tokens of a known alphabet). */
  characters?: string;
  /** Resolution of the page as prepared: spares Tesseract a guess. */
  dpi?: number;
}

export interface Word {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
  /** A second look at the word changed what the engine first read. */
  revised?: boolean;
}

export interface Recognition {
  text: string;
  /** Mean word confidence, 0..1 (0 when no word was found). */
  confidence: number;
  words: Word[];
}

export class TesseractEngine implements PageAnalyzer {
  private constructor(private readonly engine: OCREngine) {}

  static async create(wasm: Uint8Array, model: Uint8Array): Promise<TesseractEngine> {
    const engine = await createOCREngine({ wasmBinary: wasm });
    engine.loadModel(model);
    return new TesseractEngine(engine);
  }

  recognize(page: GrayPage, options: RecognizeOptions = {}): Recognition {
    this.load(page, options);
    const text = this.engine.getText();
    // Word boxes come from the recognition just done: nearly free.
    const words = this.engine.getTextBoxes('word').map((item) => ({
      text: item.text,
      confidence: item.confidence,
      box: item.rect,
    }));
    this.engine.clearImage();
    const confidence = words.length ? words.reduce((sum, w) => sum + w.confidence, 0) / words.length : 0;
    return { text, confidence, words };
  }

  lineBoxes(page: GrayPage): Box[] {
    this.load(page, {});
    const boxes = this.engine.getBoundingBoxes('line').map((item) => item.rect);
    this.engine.clearImage();
    return boxes;
  }

  sampleConfidence(page: GrayPage): number {
    return this.recognize(page, { pageSegMode: 6 }).confidence;
  }

  private load(page: GrayPage, options: RecognizeOptions): void {
    this.engine.loadImage(grayToEngineImage(page) as unknown as ImageData);
    // loadImage resets these variables, so they are set after it.
    this.engine.setVariable('tessedit_pageseg_mode', String(options.pageSegMode ?? 3));
    // Set every time, so that one page's values never leak into the next. A dpi of 0 lets Tesseract estimate.
    this.engine.setVariable('user_defined_dpi', String(Math.round(options.dpi ?? 0)));
    this.engine.setVariable('tessedit_char_whitelist', options.characters ?? '');
  }

  /** The first recognitions on a fresh engine are slow while the JIT tiers up: pay that at start. */
  warmUp(): void {
    const width = 240;
    const height = 60;
    const pixels = new Uint8Array(width * height).fill(255);
    for (let y = 20; y < 40; y++) {
      for (let x = 20; x < 220; x++) {
        // Vertical strokes of varying width: enough for layout analysis and the LSTM to run.
        if (x % 12 < 2 + (x % 5)) pixels[y * width + x] = 0;
      }
    }
    this.recognize({ width, height, pixels });
  }
}
