// A second reader for the words indicators are made of: Tesseract's legacy character classifier,
// which tesseract.js-core's build keeps (tesseract-wasm compiles it out). It judges each glyph on
// its own, without the LSTM's sense of what English looks like, so it reads right much of what the
// LSTM reads as words ("12" after letters as "l2", "a4f" as "adf"); its own slips (l as I or |,
// o as 0) are of another kind, which is what makes it worth a vote.
import type { TesseractCoreModule } from 'tesseract.js-core/tesseract-core-simd.js';
import { loadLegacyEngineWasm, loadModel } from '../../wasm/assets.ts';
import type { Box } from '../image/prepare.ts';
import type { GrayPage } from '../image/raster.ts';

/** Tesseract's engine modes: 0 is the legacy classifier alone. */
const LEGACY_ONLY = 0;
/** The legacy classifier's data lives in the full models (`4.0.0`), not in the LSTM-only ones. */
const LEGACY_MODEL = '4.0.0';

export class LegacyReader {
  private constructor(
    private readonly core: TesseractCoreModule,
    private readonly api: InstanceType<TesseractCoreModule['TessBaseAPI']>,
  ) {}

  static async create(language: string): Promise<LegacyReader> {
    const { simd, wasm } = await loadLegacyEngineWasm();
    // The SIMD build and the plain one have the same interface; only one is ever loaded.
    const { default: TesseractCore } = simd
      ? await import('tesseract.js-core/tesseract-core-simd.js')
      : await import('tesseract.js-core/tesseract-core.js');
    const core = await TesseractCore({ wasmBinary: new Uint8Array(wasm) });
    core.FS.writeFile(`/${language}.traineddata`, await loadModel(language, LEGACY_MODEL));
    const api = new core.TessBaseAPI();
    if (api.Init('/', language, LEGACY_ONLY) !== 0) throw new Error(`The legacy engine has no data for "${language}".`);
    return new LegacyReader(core, api);
  }

  /** The characters of a small image (a word or a line) and how sure the classifier is of each, 0..1. */
  read(image: GrayPage, pageSegMode: number, characters = ''): LegacySymbol[] {
    // The API reads its image from a file: an 8-bit PGM is the plainest Leptonica understands.
    const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
    const file = new Uint8Array(header.length + image.pixels.length);
    file.set(header);
    file.set(image.pixels, header.length);
    this.core.FS.writeFile('/input', file);
    this.api.SetImageFile();
    this.api.SetPageSegMode(pageSegMode);
    this.api.SetVariable('tessedit_char_whitelist', characters);
    // Blobs the classifier rejects (a table rule outside the alphabet) are blank symbols here and
    // still have their line in the box list: they are kept until the boxes are matched.
    const symbols: LegacySymbol[] = [];
    if (this.api.Recognize(null) === 0) {
      const iterator = this.api.GetIterator();
      if (!iterator.Empty(SYMBOL)) {
        do {
          symbols.push({ text: iterator.GetUTF8Text(SYMBOL), confidence: iterator.Confidence(SYMBOL) / 100 });
        } while (iterator.Next(SYMBOL));
      }
      withBoxes(symbols, this.api.GetBoxText(0), image.height);
    }
    this.api.Clear();
    return symbols.filter((s) => s.text.trim());
  }
}

export interface LegacySymbol {
  text: string;
  confidence: number;
  /** Where the glyph's ink is in the image read, when the engine's box list matches its symbols. */
  box?: Box;
}

/**
 * Gives each symbol its box from Tesseract's box list (a line per glyph: the glyph, then left,
 * bottom, right, top counted from the image's bottom edge). A list of another length than the
 * symbols (a ligature split, say) gives no boxes at all rather than wrong ones.
 */
function withBoxes(symbols: LegacySymbol[], boxText: string, height: number): void {
  const lines = boxText.split('\n').filter((line) => line.trim());
  if (lines.length !== symbols.length) return;
  lines.forEach((line, i) => {
    const [left, bottom, right, top] = line.split(' ').slice(-5, -1).map(Number);
    if ([left, bottom, right, top].every(Number.isFinite)) symbols[i].box = { left, top: height - top, right, bottom: height - bottom };
  });
}

/** Tesseract's page iterator level of single characters. */
const SYMBOL = 4;
