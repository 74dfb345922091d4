// Second look at the words indicators are made of. The engine's model reads letters and digits
// mixed in one token (hashes, numbered host names) less surely than words: "vector12" comes out as
// "vectorl2" at one scale and right at another. Each such word the engine was unsure of is read
// again at a few scales and segmentation modes and by the legacy classifier (legacy.ts), and every
// character is settled by a weighted vote of the readings. Look-alikes (o and 0, e and c) are then
// told apart by the shapes of their glyphs (glyphs.ts). The vote only chooses among what the
// engines saw; nothing is corrected by rule.
import { crop, resize, type GrayPage } from '../image/raster.ts';
import { align } from './align.ts';
import type { Recognition, TesseractEngine, Word } from './engine.ts';
import { settleGlyphs } from './glyphs.ts';
import type { LegacyReader, LegacySymbol } from './legacy.ts';

/** Scale and page segmentation mode of each extra reading (8: one word, 7: one line). */
const READINGS: [scale: number, pageSegMode: number][] = [
  [0.6, 8],
  [0.8, 8],
  [1.25, 8],
  [0.8, 7],
];

/** Words read at least this surely are left as they are. */
const SURE = 0.95;

/** Letters and digits mixed in one token of some length: what hashes, hosts and addresses look like. */
function isIndicatorShaped(text: string): boolean {
  return text.length >= 6 && /\d/.test(text) && /[a-z]/i.test(text) && !/^[|[(]*[0-9a-f]{32,}[|\]),.;:]*$/i.test(text);
}

export function voteOnIndicatorWords(readers: Readers, page: GrayPage, recognition: Recognition): Recognition {
  return rewriteWords(recognition, (word) => {
    if (word.confidence >= SURE || !isIndicatorShaped(word.text)) return undefined;
    const image = wordImage(page, word);
    const readings: Reading[] = READINGS.map(([scale, pageSegMode]) => ({
      text: readWordAgain(readers.engine, image, { scale, pageSegMode }),
      weight: 1,
    }));
    const legacyReadings = readByLegacy(readers.legacy, image, legacyDigitWeight);
    const voted = vote(word.text, [...readings, ...legacyReadings]);
    // The context rule first decides which of the vote's letters and digits stand; the glyph
    // measures then settle look-alikes on glyphs that are there (not on a digit the vote added).
    return settleGlyphs(keepClassesInContext(word.text, voted), legacyReadings[0]?.symbols, image, 'word');
  });
}

/** The engine that read the page, and the legacy classifier for a second opinion. */
export interface Readers {
  engine: TesseractEngine;
  legacy?: LegacyReader;
}

/**
 * How much a legacy character counts against one LSTM reading (the LSTM's readings share their
 * slips): much when the classifier is sure of the glyph, little when it is not. Its wrong glyphs
 * score 0.72-0.82 on the samples, its right ones mostly 0.85 and up; so weighed, the hash vote
 * reads 56 of the samples' 60 hash words right, against 51 with a flat weight of 2.
 */
export function legacyWeight(symbol: LegacySymbol): number {
  return symbol.confidence >= SURE_GLYPH ? 3 : 1;
}
const SURE_GLYPH = 0.84;

/**
 * In words, the legacy classifier is heard on digits only: it tells a 1 from an l that the LSTM
 * takes for a letter in a word, but reads letters and punctuation worse than the LSTM does.
 */
function legacyDigitWeight(symbol: LegacySymbol): number {
  return /^\d$/.test(symbol.text) ? legacyWeight(symbol) : 0;
}

/** The legacy classifier's readings of a word's image, as one word and as one line, each character weighed by `weigh`. */
export function readByLegacy(
  legacy: LegacyReader | undefined,
  image: GrayPage,
  weigh: (symbol: LegacySymbol) => number,
  characters?: string,
): Reading[] {
  if (!legacy) return [];
  return [8, 7].map((pageSegMode) => {
    const symbols = legacy.read(image, pageSegMode, characters);
    return { text: symbols.map((s) => s.text).join(''), weight: symbols.flatMap((s) => [...s.text].map(() => weigh(s))), symbols };
  });
}

/** A reading's weight as a whole: the mean of its characters' where they have their own. */
export function readingWeight(reading: Reading): number {
  const { weight } = reading;
  return typeof weight === 'number' ? weight : weight.reduce((sum, w) => sum + w, 0) / Math.max(1, weight.length);
}

/** Marks that split labels ("alpha.pioneer", "beacon-bravo"), and the brackets a defanged dot sits in. */
const SEPARATORS = /^[.-]$/;
const BRACKETS = /^[[\](){}]$/;

/**
 * A vote that turns a letter into a digit is kept only next to another digit ("vectorl2" to
 * "vector12"), and one that turns a digit into a letter only next to another letter: "lattice" does
 * not become "1attice", nor "falcon71" "falcon7l", because a reading or two said so. Digits and
 * letters the vote adds follow the same rule. Dots, dashes and brackets of the first reading stay:
 * the smaller readings lose thin marks or see them as commas, and "]" as a J.
 */
export function keepClassesInContext(first: string, voted: string): string {
  const { replaced, inserted } = align(first, voted);
  const kind = (c: string | undefined) => (c === undefined ? '' : /\d/.test(c) ? 'digit' : /\p{L}/u.test(c) ? 'letter' : '');
  const fits = (at: number) => [voted[at - 1], voted[at + 1]].map(kind).includes(kind(voted[at]));
  let out = '';
  for (let i = 0; i <= first.length; i++) {
    // An added digit or letter must fit in the same way ("bi7z" is no reading of "biz").
    for (const at of inserted[i]) if (!kind(voted[at]) || fits(at)) out += voted[at];
    if (i === first.length) break;
    const at = replaced[i];
    if (SEPARATORS.test(first[i])) out += first[i];
    else if (at < 0) continue;
    else if (BRACKETS.test(first[i]) && kind(voted[at])) out += first[i];
    else if (kind(first[i]) && kind(voted[at]) && kind(first[i]) !== kind(voted[at]) && !fits(at)) out += first[i];
    else out += voted[at];
  }
  return out;
}

/** Each word `rewrite` gives a new text for is replaced by it, in the words and in the page text. */
export function rewriteWords(recognition: Recognition, rewrite: (word: Word) => string | undefined): Recognition {
  let text = recognition.text;
  let cursor = 0;
  const words: Word[] = [];
  for (const word of recognition.words) {
    const at = text.indexOf(word.text, cursor);
    const replacement = at >= 0 ? rewrite(word) : undefined;
    if (replacement === undefined || replacement === word.text) {
      words.push(word);
      if (at >= 0) cursor = at + word.text.length;
      continue;
    }
    text = text.slice(0, at) + replacement + text.slice(at + word.text.length);
    words.push({ ...word, text: replacement, revised: true });
    cursor = at + replacement.length;
  }
  return { ...recognition, text, words };
}

/** A word's image (wordImage) recognized again at another scale: its text without spaces. */
export function readWordAgain(
  engine: TesseractEngine,
  image: GrayPage,
  { scale, pageSegMode, characters }: { scale: number; pageSegMode: number; characters?: string },
): string {
  const scaled = resize(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  return engine.recognize(scaled, { pageSegMode, characters }).text.replace(/\s+/g, '');
}

/** The word's box with a margin around it, as the engines read words best. */
export function wordImage(page: GrayPage, word: Word): GrayPage {
  const { left, top, right, bottom } = word.box;
  const pad = Math.round((bottom - top) * 0.4);
  return crop(page, left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad);
}

/** Quote marks a single-word reading adds at the edges of a crop. */
const LEADING_MARKS = /^['‘’"`]+/;
const TRAILING_MARKS = /['‘’"`]+$/;

/** A reading of a word and how much its vote counts: for the whole reading, or for each character. */
export interface Reading {
  text: string;
  weight: number | number[];
  /** The legacy classifier's glyphs, with their boxes, when it made the reading. */
  symbols?: LegacySymbol[];
}

/**
 * Aligns every reading with the first one (edit distance) and lets each character, and each
 * insertion between characters, be decided by the most weight; a tie keeps the first reading.
 */
export function vote(first: string, others: (string | Reading)[]): string {
  const readings = others.map((r) => trimEdges(typeof r === 'string' ? { text: r, weight: 1 } : r)).filter((r) => r.text);
  const aligned = readings.map((r) => {
    const weightAt = (i: number) => (typeof r.weight === 'number' ? r.weight : r.weight[i]);
    const { replaced, inserted } = align(first, r.text);
    // Where a reading has no character of its own (dropped, or nothing inserted), its usual weight.
    const usual = readingWeight(r);
    return {
      replaced: replaced.map((i): [string, number] => (i < 0 ? ['', usual] : [r.text[i], weightAt(i)])),
      inserted: inserted.map((span): [string, number] => (span.length ? [span.map((i) => r.text[i]).join(''), Math.min(...span.map(weightAt))] : ['', usual])),
    };
  });
  let out = '';
  for (let j = 0; j <= first.length; j++) {
    // Nothing is added before or after the word: there, readings pick up the edges of the crop.
    if (j > 0 && j < first.length) out += majority('', aligned.map((a) => a.inserted[j]));
    if (j < first.length) out += majority(first[j], aligned.map((a) => a.replaced[j]));
  }
  return out;
}

/** Drops the quote marks a one-word reading adds at the edges of a crop, with their weights. */
function trimEdges(reading: Reading): Reading {
  const start = reading.text.length - reading.text.replace(LEADING_MARKS, '').length;
  const end = reading.text.replace(TRAILING_MARKS, '').length;
  const text = reading.text.slice(start, Math.max(start, end));
  return { text, weight: typeof reading.weight === 'number' ? reading.weight : reading.weight.slice(start, start + text.length) };
}

function majority(own: string, votes: [string, number][]): string {
  // The first reading's own vote: its character, or no insertion.
  const counts = new Map<string, number>([[own, 1]]);
  for (const [v, weight] of votes) counts.set(v, (counts.get(v) ?? 0) + weight);
  let best = own;
  for (const [value, n] of counts) if (n > counts.get(best)!) best = value;
  return best;
}
