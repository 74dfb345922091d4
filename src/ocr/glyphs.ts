// What a vote of readings cannot settle, the glyph itself can. The legacy classifier gives each
// glyph's box, and a few measures of the ink in it tell apart what the engines confuse most:
// - height: in "bravo29" the engines disagree whether the fifth letter is an o or a 0, yet a small
//   o is as tall as the word's other small letters and a 0 as tall as its digits; in a hash, an a
//   or an e is as small as the hash's other letters, a 4 or a 0 as tall as its digits;
// - the top: inside hashes the LSTM reads the 0 of "da05" as a d. A d or a b has a flat stem at its
//   top, a 0, 6 or 9 a round top across most of its width;
// - a bar across the middle: an f and an e have one, much longer than their strokes are thick; a 1
//   and a c have none (hex readings of faxes and small scans take every f for a 1). Where a fax
//   has lost the e's bar, the e is still closed on the right above its middle, and a c open.
// Each measure and its thresholds were checked on the glyphs of the samples and of thirteen other
// fonts (`npm run fonts`: sans, serif and monospaced, 96 to 300 dpi): inside its thresholds it was
// never wrong there.
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

/** In words or in hashes: which small letters and digits to tell apart by height. */
export type Alphabet = 'word' | 'hex';

/** Small letters and the digits they are mistaken for, in words and in hashes. */
const SMALL_AND_DIGIT: Record<Alphabet, [string, string][]> = {
  word: [['o', '0'], ['z', '2'], ['s', '5']],
  hex: [['a', '4'], ['e', '0'], ['c', '0']],
};
/** Letters no taller than an x and without a digit twin: their height is the word's x-height. */
const SMALL_LETTERS = /^[acemnruvwx]$/;
/** Digits without a small-letter twin, and letters with ascenders: the word's tall glyphs. */
const TALL = /^[1346789bdhkl]$/;
/** Digits stand 15 to 80 % taller than small letters in every font; outside that, the boxes are not to be trusted. */
const TALLER = [1.15, 1.8];
/** Where a glyph's height lies between the two (0: small, 1: tall), what it is; in between, not clear. */
const SMALL_BELOW = 0.35;
const TALL_ABOVE = 0.65;

/** Share of a glyph's columns whose ink starts near its top: below for a stem, above for a round top. */
const STEM_BELOW = 0.3;
const ROUND_ABOVE = 0.6;
/**
 * The longest run of ink in a middle row against the typical one there: a bar is several strokes
 * long (an e measures 3 to 5, an f 2 to 5), a stem or a bowl's sides are not (a c 1 to 2, a 1 at
 * most 1.33 in the rows below its flag). An f that lost its bar (small scans) measures like a
 * 1, so a 1 is never made of an f.
 */
const NO_BAR_BELOW = 1.3;
const BAR_ABOVE = { e: 2.8, f: 2.0 };
/** Where the middle rows start, as a share of the glyph's height: high enough for a small e's bar, below a 1's flag. */
const BAR_FROM = { e: 0.3, f: 0.35 };
/** Share of the middle rows inked in the right quarter: a c at most 0.57, an e mostly more than 0.7. */
const OPEN_BELOW = 0.45;
const CLOSED_ABOVE = 0.7;
/** A pixel darker than this is ink. */
const DARK = 128;

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
  return settle(word, symbols, image, alphabet, [
    ...byHeight(symbols.filter((s) => insideCrop(s.box!, image)), SMALL_AND_DIGIT[alphabet]),
    byTop('d', '0'),
    byTop('d', '9'),
    byTop('b', '6'),
    { pair: ['1', 'f'], tell: (box) => ((barLength(image, box, BAR_FROM.f) ?? 0) > BAR_ABOVE.f ? 'f' : undefined) },
    {
      pair: ['c', 'e'],
      tell: (box) => {
        const bar = barLength(image, box, BAR_FROM.e);
        const closed = closedOnTheRight(image, box);
        if (bar === undefined || closed === undefined) return undefined;
        return bar > BAR_ABOVE.e || closed > CLOSED_ABOVE ? 'e' : bar < NO_BAR_BELOW && closed < OPEN_BELOW ? 'c' : undefined;
      },
    },
  ]);
}

/** Twins told apart by height, when the word holds both small letters and tall glyphs to compare with. */
function byHeight(symbols: LegacySymbol[], pairs: [string, string][]): Twins[] {
  const height = (box: Box) => box.bottom - box.top;
  const small = median(symbols.filter((s) => SMALL_LETTERS.test(s.text)).map((s) => height(s.box!)));
  const tall = median(symbols.filter((s) => TALL.test(s.text)).map((s) => height(s.box!)));
  if (!small || !tall || tall < small * TALLER[0] || tall > small * TALLER[1]) return [];
  return pairs.map(([letter, digit]) => ({
    pair: [letter, digit],
    tell: (box) => between((height(box) - small) / (tall - small), SMALL_BELOW, TALL_ABOVE, letter, digit),
  }));
}

/** `low` when the measure is below `lowBelow`, `high` above `highAbove`, otherwise (or unmeasured) not clear. */
function between(measure: number | undefined, lowBelow: number, highAbove: number, low: string, high: string): string | undefined {
  if (measure === undefined) return undefined;
  return measure < lowBelow ? low : measure > highAbove ? high : undefined;
}

/** A box that reaches the crop's edge holds ink of the lines or words around the word: nothing to measure. */
function insideCrop(box: Box, image: GrayPage): boolean {
  return box.left > 0 && box.top > 0 && box.right < image.width && box.bottom < image.height;
}

/**
 * Each character whose glyph the classifier read as one of the same twins (so that the box is of
 * this glyph) becomes the one their measure says. Twins are tried in turn, each on what the ones
 * before made of the character: a c read as a c is first told from a 0 by height, then from an e.
 */
function settle(word: string, symbols: LegacySymbol[], image: GrayPage, alphabet: Alphabet, twins: Twins[]): string {
  // The classifier's text, character by character, and the glyph each character is of.
  const read = symbols.map((s) => s.text).join('');
  const glyphOf = symbols.flatMap((s) => s.text.split('').map(() => s));
  const replaced = glyphPlaces(word, read, alphabet);
  return word
    .split('')
    .map((c, i) => {
      const glyph = replaced[i] < 0 ? undefined : glyphOf[replaced[i]];
      // A glyph read as more than one character (a ligature) is not one of a pair.
      if (!glyph || glyph.text.length !== 1 || !insideCrop(glyph.box!, image)) return c;
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

/** The box's rows between two fractions of its height (from its top), clipped to the image. */
function rowsOf(image: GrayPage, box: Box, from: number, to: number): number[] {
  const height = box.bottom - box.top;
  const rows: number[] = [];
  for (let y = Math.max(0, Math.floor(box.top + height * from)); y < Math.min(image.height, box.top + height * to); y++) rows.push(y);
  return rows;
}

/** Of the box's columns that hold ink, the share whose first dark pixel is in the top fifth of the box. */
function inkNearTop(image: GrayPage, box: Box): number | undefined {
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
  return inked ? nearTop / inked : undefined;
}

/**
 * In the middle rows (from `from` to 70 % of the box's height), the longest run of ink against the
 * median row's longest.
 */
function barLength(image: GrayPage, box: Box, from: number): number | undefined {
  const longest = rowsOf(image, box, from, 0.7)
    .map((y) => {
      let run = 0;
      let best = 0;
      for (let x = Math.max(0, box.left); x < Math.min(image.width, box.right); x++) {
        run = isInk(image, x, y) ? run + 1 : 0;
        best = Math.max(best, run);
      }
      return best;
    })
    .filter((run) => run > 0);
  const typical = median(longest);
  return typical ? Math.max(...longest) / typical : undefined;
}

/** Of the inked rows from 30 to 55 % of the box's height, the share with ink in the right quarter of the box. */
function closedOnTheRight(image: GrayPage, box: Box): number | undefined {
  const left = Math.max(0, box.left);
  const right = Math.min(image.width, box.right);
  const quarter = Math.max(left, Math.ceil(box.right - (box.right - box.left) * 0.25));
  const inked = (y: number, from: number) => {
    for (let x = from; x < right; x++) if (isInk(image, x, y)) return true;
    return false;
  };
  const rows = rowsOf(image, box, 0.3, 0.55).filter((y) => inked(y, left));
  return rows.length ? rows.filter((y) => inked(y, quarter)).length / rows.length : undefined;
}
