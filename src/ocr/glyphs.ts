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

/** Small letters and the digits they are mistaken for. */
const SMALL_AND_DIGIT: Pair[] = [['o', '0'], ['z', '2'], ['s', '5']];
/** Letters no taller than an x and without a digit twin: their height is the word's x-height. */
const SMALL_LETTERS = /^[acemnruvwx]$/;
/** Digits without a small-letter twin, and letters with ascenders: the word's tall glyphs. */
const TALL = /^[1346789bdhkl]$/;
/** Digits must stand this much taller than small letters for a height to tell them apart. */
const CLEAR_RATIO = 1.15;

export function settleByHeight(word: string, symbols: LegacySymbol[] | undefined): string {
  if (!hasBoxFor(word, symbols)) return word;
  const height = (s: LegacySymbol) => s.box!.bottom - s.box!.top;
  const small = median(symbols.filter((s) => SMALL_LETTERS.test(s.text)).map(height));
  const digit = median(symbols.filter((s) => TALL.test(s.text)).map(height));
  if (!small || !digit || digit < small * CLEAR_RATIO) return word;
  return settlePairs(word, symbols, SMALL_AND_DIGIT, (symbol, [letter, twin]) => {
    const h = height(symbol);
    return Math.abs(h - small) < Math.abs(h - digit) ? letter : twin;
  });
}

/** Hex letters with a stem, and the round-topped digits read for them. */
const STEM_AND_ROUND: Pair[] = [['d', '0'], ['b', '6']];
/** Share of a glyph's columns whose ink starts near its top: below for a stem, above for a round top. */
const STEM_BELOW = 0.35;
const ROUND_ABOVE = 0.6;
/** A pixel darker than this is ink. */
const DARK = 128;

/** Settles d or 0, b or 6 in a hex word (`image`, the crop the classifier read) by the shape of each glyph's top. */
export function settleByTop(hex: string, symbols: LegacySymbol[] | undefined, image: GrayPage): string {
  if (!hasBoxFor(hex, symbols)) return hex;
  return settlePairs(hex, symbols, STEM_AND_ROUND, (symbol, [stem, round]) => {
    const share = inkNearTop(image, symbol.box!);
    return share < STEM_BELOW ? stem : share > ROUND_ABOVE ? round : undefined;
  });
}

/** A letter and the digit it is confused with. */
type Pair = [letter: string, digit: string];

/** True when the classifier's glyphs line up with the word's characters one to one, each with its box. */
function hasBoxFor(word: string, symbols: LegacySymbol[] | undefined): symbols is LegacySymbol[] {
  return !!symbols?.length && symbols.length === word.length && symbols.every((s) => s.box);
}

/**
 * Each character of one of the pairs, whose glyph the classifier also read as one of that pair (so
 * that the box is of this glyph), becomes the one `measure` says; undefined leaves it.
 */
function settlePairs(word: string, symbols: LegacySymbol[], pairs: Pair[], measure: (symbol: LegacySymbol, pair: Pair) => string | undefined): string {
  return [...word]
    .map((c, i) => {
      const pair = pairs.find((p) => p.includes(c));
      return pair && pair.includes(symbols[i].text.toLowerCase()) ? (measure(symbols[i], pair) ?? c) : c;
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
