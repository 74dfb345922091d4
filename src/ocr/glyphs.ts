// What a vote of readings cannot settle, the glyph itself can. The legacy classifier gives each
// glyph's box, and a few measures of the ink in it tell apart what the engines confuse most:
// - height: in "bravo29" the engines disagree whether the fifth letter is an o or a 0, yet a small
//   o is as tall as the word's other small letters and a 0 as tall as its digits; in a hash, an a
//   or an e is as small as the hash's other letters, a 4 or a 0 as tall as its digits;
// - the top: inside hashes the LSTM reads the 0 of "da05" as a d. A d or a b has a flat stem at its
//   top, a 0, 6 or 9 a round top across most of its width;
// - the crossbar: an f has one across its middle, a 1 only a stem there (hex readings of faxes and
//   small scans take every f for a 1);
// - the right side: an e is closed on the right above its middle, a c open (on faxes the e's bar
//   is lost and both engines read a c).
// The glyph is taken for what it measures like; a measure that does not clearly say leaves it.
import type { Box } from '../image/prepare.ts';
import type { GrayPage } from '../image/raster.ts';
import { median } from '../util/median.ts';
import { align } from './align.ts';
import type { LegacySymbol } from './legacy.ts';

/** Two characters the engines confuse, and what tells them apart: the first, the second, or not clear. */
interface Twins {
  pair: [string, string];
  tell: (box: Box) => string | undefined;
}

/** Small letters and the digits they are mistaken for, in words and in hashes. */
const SMALL_AND_DIGIT_IN_WORDS: [string, string][] = [['o', '0'], ['z', '2'], ['s', '5']];
const SMALL_AND_DIGIT_IN_HEX: [string, string][] = [['a', '4'], ['e', '0'], ['c', '0']];
/** Letters no taller than an x and without a digit twin: their height is the word's x-height. */
const SMALL_LETTERS = /^[acemnruvwx]$/;
/** Digits without a small-letter twin, and letters with ascenders: the word's tall glyphs. */
const TALL = /^[1346789bdhkl]$/;
/** Digits must stand this much taller than small letters for a height to tell them apart. */
const CLEAR_RATIO = 1.15;

/** In words or in hashes: which small letters and digits to tell apart by height. */
export type Alphabet = 'word' | 'hex';

/**
 * Settles the look-alikes of a word by the shapes of their glyphs: `symbols`, the legacy
 * classifier's reading of `image` (the crop it read), need not match the word character for
 * character; each character is measured on the glyph the classifier read in its place.
 */
export function settleGlyphs(word: string, symbols: LegacySymbol[] | undefined, image: GrayPage, alphabet: Alphabet): string {
  // Boxes come for every glyph or for none (legacy.ts).
  if (!symbols?.length || !symbols.every((s) => s.box)) return word;
  const byTop = (stem: string, round: string): Twins => ({
    pair: [stem, round],
    tell: (box) => between(inkNearTop(image, box), STEM_BELOW, ROUND_ABOVE, stem, round),
  });
  return settle(word, symbols, alphabet, [
    ...byHeight(symbols, alphabet === 'hex' ? SMALL_AND_DIGIT_IN_HEX : SMALL_AND_DIGIT_IN_WORDS),
    byTop('d', '0'),
    byTop('d', '9'),
    byTop('b', '6'),
    { pair: ['1', 'f'], tell: (box) => between(crossbar(image, box), STEM_ONLY_BELOW, CROSSBAR_ABOVE, '1', 'f') },
    { pair: ['c', 'e'], tell: (box) => between(closedOnTheRight(image, box), OPEN_BELOW, CLOSED_ABOVE, 'c', 'e') },
  ]);
}

/** Share of a glyph's columns whose ink starts near its top: below for a stem, above for a round top. */
const STEM_BELOW = 0.35;
const ROUND_ABOVE = 0.6;
/**
 * Longest run of ink across the glyph's middle, as a share of its width. On the samples' hashes a 1
 * measures at most 0.56, an f at least 0.42 but 0.7 or more nine times in ten.
 */
const STEM_ONLY_BELOW = 0.4;
const CROSSBAR_ABOVE = 0.6;
/** Share of the rows above the middle with ink in the right quarter: a c at most 0.57, an e at least 0.6. */
const OPEN_BELOW = 0.45;
const CLOSED_ABOVE = 0.7;
/** A pixel darker than this is ink. */
const DARK = 128;

/** Twins told apart by height, when the word holds both small letters and tall glyphs to compare with. */
function byHeight(symbols: LegacySymbol[], pairs: [string, string][]): Twins[] {
  const height = (box: Box) => box.bottom - box.top;
  const small = median(symbols.filter((s) => SMALL_LETTERS.test(s.text)).map((s) => height(s.box!)));
  const tall = median(symbols.filter((s) => TALL.test(s.text)).map((s) => height(s.box!)));
  if (!small || !tall || tall < small * CLEAR_RATIO) return [];
  return pairs.map(([letter, digit]) => ({
    pair: [letter, digit],
    tell: (box) => (Math.abs(height(box) - small) < Math.abs(height(box) - tall) ? letter : digit),
  }));
}

/** `low` when the measure is below `lowBelow`, `high` above `highAbove`, otherwise not clear. */
function between(measure: number, lowBelow: number, highAbove: number, low: string, high: string): string | undefined {
  return measure < lowBelow ? low : measure > highAbove ? high : undefined;
}

/**
 * Each character whose glyph the classifier read as one of the same twins (so that the box is of
 * this glyph) becomes the one their measure says. Twins are tried in turn, each on what the ones
 * before made of the character: a c read as a c is first told from a 0 by height, then from an e.
 */
function settle(word: string, symbols: LegacySymbol[], alphabet: Alphabet, twins: Twins[]): string {
  // The classifier's text, character by character, and the glyph each character is of.
  const read = symbols.map((s) => s.text).join('');
  const glyphOf = symbols.flatMap((s) => s.text.split('').map(() => s));
  const replaced = glyphPlaces(word, read, alphabet);
  return word
    .split('')
    .map((c, i) => {
      const glyph = replaced[i] < 0 ? undefined : glyphOf[replaced[i]];
      // A glyph read as more than one character (a ligature) is not one of a pair.
      if (!glyph || glyph.text.length !== 1) return c;
      const seen = glyph.text.toLowerCase();
      return twins.reduce((now, { pair, tell }) => (pair.includes(now) && pair.includes(seen) ? (tell(glyph.box!) ?? now) : now), c);
    })
    .join('');
}

/**
 * For each character of the word, where the classifier's reading has the same glyph (-1: nowhere
 * sure). Hex readings of a hash's length stand character for character: an alignment could take
 * two look-alikes swapped, "1f" for "f1", for a shift. Other readings are aligned, and a place is
 * trusted only when a neighbour agrees: "hxxps" read as "zms" must not measure the p for the s,
 * nor "latticeledger" read as "laulce.ledger" (as long, but shifted) the e for the c.
 */
function glyphPlaces(word: string, read: string, alphabet: Alphabet): number[] {
  if (alphabet === 'hex' && read.length === word.length) return word.split('').map((_, i) => i);
  const { replaced } = align(word, read);
  const agrees = (i: number, at: number) => i >= 0 && i < word.length && at >= 0 && at < read.length && replaced[i] === at && word[i] === read[at];
  return replaced.map((at, i) => (at >= 0 && (agrees(i - 1, at - 1) || agrees(i + 1, at + 1)) ? at : -1));
}

const isInk = (image: GrayPage, x: number, y: number) => image.pixels[y * image.width + x] < DARK;

/** Visits the rows of the box between two fractions of its height (from its top), clipped to the image. */
function rowsOf(image: GrayPage, box: Box, from: number, to: number, visit: (y: number, left: number, right: number) => void): void {
  const height = box.bottom - box.top;
  const left = Math.max(0, box.left);
  const right = Math.min(image.width, box.right);
  for (let y = Math.max(0, Math.floor(box.top + height * from)); y < Math.min(image.height, box.top + height * to); y++) visit(y, left, right);
}

/** Of the box's columns that hold ink, the share whose first dark pixel is in the top fifth of the box. */
function inkNearTop(image: GrayPage, box: Box): number {
  const near = box.top + (box.bottom - box.top) * 0.2;
  let inked = 0;
  let nearTop = 0;
  for (let x = Math.max(0, box.left); x < Math.min(image.width, box.right); x++) {
    for (let y = Math.max(0, box.top); y < Math.min(image.height, box.bottom); y++) {
      if (isInk(image, x, y)) {
        inked++;
        if (y <= near) nearTop++;
        break;
      }
    }
  }
  return inked ? nearTop / inked : 0.5;
}

/** The longest run of ink in a row of the box's middle (30 to 70 % of its height), as a share of its width. */
function crossbar(image: GrayPage, box: Box): number {
  let longest = 0;
  rowsOf(image, box, 0.3, 0.7, (y, left, right) => {
    let run = 0;
    for (let x = left; x < right; x++) {
      run = isInk(image, x, y) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
  });
  // No ink at all says nothing (a measure between the thresholds).
  return longest ? longest / Math.max(1, box.right - box.left) : 0.5;
}

/** Of the inked rows from 30 to 55 % of the box's height, the share with ink in the right quarter of the box. */
function closedOnTheRight(image: GrayPage, box: Box): number {
  const from = Math.ceil(box.right - (box.right - box.left) * 0.25);
  let inked = 0;
  let closed = 0;
  rowsOf(image, box, 0.3, 0.55, (y, left, right) => {
    let x = left;
    while (x < right && !isInk(image, x, y)) x++;
    if (x === right) return;
    inked++;
    for (x = Math.max(x, from); x < right; x++) {
      if (isInk(image, x, y)) {
        closed++;
        break;
      }
    }
  });
  // Rows without ink say nothing; a box without any, nothing at all.
  return inked ? closed / inked : 0.5;
}
