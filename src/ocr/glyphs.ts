// What a vote of readings cannot settle, the glyph itself can. The legacy classifier gives each
// glyph's box, and two measures of the ink in it tell apart what the engines confuse most:
// - height: in "bravo29" the engines disagree whether the fifth letter is an o or a 0, yet a small
//   o is as tall as the word's other small letters and a 0 as tall as its digits;
// - the top: inside hashes the LSTM reads the 0 of "da05" as a d. A d or a b has a flat stem at its
//   top, a 0 or a 6 a round top across most of its width.
// The glyph is taken for what it measures like; a measure that does not clearly say leaves it.
import type { Box } from '../image/prepare.ts';
import type { GrayPage } from '../image/raster.ts';
import { median } from '../util/median.ts';
import type { LegacySymbol } from './legacy.ts';

/** Small letters and the digits they are mistaken for, each way. */
const LETTER_FOR_DIGIT: Record<string, string> = { '0': 'o', '2': 'z', '5': 's' };
const DIGIT_FOR_LETTER: Record<string, string> = { o: '0', z: '2', s: '5' };

/** Letters no taller than an x and without a digit twin: their height is the word's x-height. */
const SMALL_LETTERS = /^[acemnruvwx]$/;
/** Digits without a small-letter twin, and letters with ascenders: the word's tall glyphs. */
const TALL = /^[1346789bdhkl]$/;
/** Digits must stand this much taller than small letters for a height to tell them apart. */
const CLEAR_RATIO = 1.15;

export function settleByHeight(word: string, symbols: LegacySymbol[] | undefined): string {
  if (!symbols?.length || symbols.some((s) => !s.box) || symbols.length !== word.length) return word;
  const height = (s: LegacySymbol) => s.box!.bottom - s.box!.top;
  const small = median(symbols.filter((s) => SMALL_LETTERS.test(s.text)).map(height));
  const digit = median(symbols.filter((s) => TALL.test(s.text)).map(height));
  if (!small || !digit || digit < small * CLEAR_RATIO) return word;
  return [...word]
    .map((c, i) => {
      const twin = LETTER_FOR_DIGIT[c] ?? DIGIT_FOR_LETTER[c];
      // The box must be of this glyph: the classifier read it as one of the two.
      if (!twin || ![c, twin].includes(symbols[i].text.toLowerCase())) return c;
      const h = height(symbols[i]);
      const looksSmall = Math.abs(h - small) < Math.abs(h - digit);
      return looksSmall ? (LETTER_FOR_DIGIT[c] ?? c) : (DIGIT_FOR_LETTER[c] ?? c);
    })
    .join('');
}

/** Hex letters with a stem, and the round-topped digits read for them. */
const ROUND_FOR_STEM: Record<string, string> = { d: '0', b: '6' };
const STEM_FOR_ROUND: Record<string, string> = { '0': 'd', '6': 'b' };
/** Share of a glyph's columns whose ink starts near its top: below for a stem, above for a round top. */
const STEM_BELOW = 0.35;
const ROUND_ABOVE = 0.6;
/** A pixel darker than this is ink. */
const DARK = 128;

/** Settles d or 0, b or 6 in a hex word (`image`, the crop the classifier read) by the shape of each glyph's top. */
export function settleByTop(hex: string, symbols: LegacySymbol[] | undefined, image: GrayPage): string {
  if (!symbols || symbols.length !== hex.length || symbols.some((s) => !s.box)) return hex;
  return [...hex]
    .map((c, i) => {
      const twin = ROUND_FOR_STEM[c] ?? STEM_FOR_ROUND[c];
      if (!twin || ![c, twin].includes(symbols[i].text.toLowerCase())) return c;
      const share = inkNearTop(image, symbols[i].box!);
      if (share < STEM_BELOW) return STEM_FOR_ROUND[c] ?? c;
      if (share > ROUND_ABOVE) return ROUND_FOR_STEM[c] ?? c;
      return c;
    })
    .join('');
}

/** Of the box's columns that hold ink, the share whose first dark pixel is in the top fifth of the box. */
function inkNearTop(image: GrayPage, box: Box): number {
  const near = box.top + (box.bottom - box.top) * 0.2;
  let inked = 0;
  let nearTop = 0;
  for (let x = Math.max(0, box.left); x < Math.min(image.width, box.right); x++) {
    for (let y = Math.max(0, box.top); y < Math.min(image.height, box.bottom); y++) {
      if (image.pixels[y * image.width + x] < DARK) {
        inked++;
        if (y <= near) nearTop++;
        break;
      }
    }
  }
  return inked ? nearTop / inked : 0.5;
}
