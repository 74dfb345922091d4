// Second look at the words indicators are made of. The engine's model reads letters and digits
// mixed in one token (hashes, numbered host names) less surely than words: "vector12" comes out as
// "vectorl2" at one scale and right at another. Each such word the engine was unsure of is read
// again at a few scales and segmentation modes and by the legacy classifier (legacy.ts), and every
// character is settled by a weighted vote of the readings. The vote only chooses among what the
// engines saw; nothing is corrected by rule.
import { crop, resize, type GrayPage } from '../image/raster.ts';
import type { Recognition, TesseractEngine, Word } from './engine.ts';
import type { LegacyReader } from './legacy.ts';

/** Scale and page segmentation mode of each extra reading (8: one word, 7: one line). */
const READINGS: [scale: number, pageSegMode: number][] = [
  [0.6, 8],
  [0.8, 8],
  [1.25, 8],
  [0.8, 7],
];

/** Words read at least this surely are left as they are. */
const SURE = 0.85;

/** Letters and digits mixed in one token of some length: what hashes, hosts and addresses look like. */
function isIndicatorShaped(text: string): boolean {
  return text.length >= 6 && /\d/.test(text) && /[a-z]/i.test(text) && !/^[|[(]*[0-9a-f]{32,}[|\]),.;:]*$/i.test(text);
}

export function voteOnIndicatorWords(readers: Readers, page: GrayPage, recognition: Recognition): Recognition {
  return rewriteWords(recognition, (word) => {
    if (word.confidence >= SURE || !isIndicatorShaped(word.text)) return undefined;
    const readings: Reading[] = READINGS.map(([scale, pageSegMode]) => ({
      text: readWordAgain(readers.engine, page, word, { scale, pageSegMode }),
      weight: 1,
    }));
    return vote(word.text, [...readings, ...readByLegacy(readers.legacy, page, word)]);
  });
}

/** The engine that read the page, and the legacy classifier for a second opinion. */
export interface Readers {
  engine: TesseractEngine;
  legacy?: LegacyReader;
}

/**
 * How much a legacy reading counts against one of the LSTM's, whose readings share their slips.
 * On the samples 2 did best: indicator recall 0.900, against 0.895 with 1.5 and 0.803 with 3.
 */
const LEGACY_WEIGHT = 2;

/** The legacy classifier's readings of a word, as one word and as one line. */
export function readByLegacy(legacy: LegacyReader | undefined, page: GrayPage, word: Word, characters?: string): Reading[] {
  if (!legacy) return [];
  const image = wordImage(page, word);
  return [8, 7].map((pageSegMode) => ({ text: legacy.read(image, pageSegMode, characters), weight: LEGACY_WEIGHT }));
}

/** Each word `rewrite` gives a new text for is replaced by it, in the words and in the page text. */
export function rewriteWords(recognition: Recognition, rewrite: (word: Word) => string | undefined): Recognition {
  let text = recognition.text;
  let cursor = 0;
  const words: Word[] = [];
  for (const word of recognition.words) {
    const at = text.indexOf(word.text, cursor);
    const replacement = at >= 0 ? rewrite(word) : undefined;
    if (replacement === undefined) {
      words.push(word);
      if (at >= 0) cursor = at + word.text.length;
      continue;
    }
    text = text.slice(0, at) + replacement + text.slice(at + word.text.length);
    words.push({ ...word, text: replacement });
    cursor = at + replacement.length;
  }
  return { ...recognition, text, words };
}

/** The word's box, with a margin, recognized again at another scale: its text without spaces. */
export function readWordAgain(
  engine: TesseractEngine,
  page: GrayPage,
  word: Word,
  { scale, pageSegMode, characters }: { scale: number; pageSegMode: number; characters?: string },
): string {
  const image = wordImage(page, word);
  const scaled = resize(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  return engine.recognize(scaled, { pageSegMode, characters }).text.replace(/\s+/g, '');
}

/** The word's box with a margin around it, as the engines read words best. */
function wordImage(page: GrayPage, word: Word): GrayPage {
  const { left, top, right, bottom } = word.box;
  const pad = Math.round((bottom - top) * 0.4);
  return crop(page, left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad);
}

/** Quote marks a single-word reading adds at the edges of a crop. */
const EDGE_MARKS = /^['‘’"`]+|['‘’"`]+$/g;

/** A reading of a word and how much its vote counts. */
export interface Reading {
  text: string;
  weight: number;
}

/**
 * Aligns every reading with the first one (edit distance) and lets each character, and each
 * insertion between characters, be decided by the most weight; a tie keeps the first reading.
 */
export function vote(first: string, others: (string | Reading)[]): string {
  const readings = others
    .map((r) => (typeof r === 'string' ? { text: r, weight: 1 } : r))
    .map((r) => ({ ...r, text: r.text.replace(EDGE_MARKS, '') }))
    .filter((r) => r.text);
  const aligned = readings.map((r) => ({ weight: r.weight, ...align(first, r.text) }));
  let out = '';
  for (let j = 0; j <= first.length; j++) {
    out += majority('', aligned.map((a) => [a.inserted[j], a.weight]));
    if (j < first.length) out += majority(first[j], aligned.map((a) => [a.replaced[j], a.weight]));
  }
  return out;
}

function majority(own: string, votes: [string, number][]): string {
  const counts = new Map<string, number>([[own, 1]]);
  for (const [v, weight] of votes) counts.set(v, (counts.get(v) ?? 0) + weight);
  let best = own;
  for (const [value, n] of counts) if (n > counts.get(best)!) best = value;
  return best;
}

/** For each character of `a`: what `b` has there ('' when dropped), and what `b` inserts before it. */
function align(a: string, b: string): { replaced: string[]; inserted: string[] } {
  const n = a.length;
  const m = b.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i][j] = Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  const replaced = new Array<string>(n).fill('');
  const inserted = new Array<string>(n + 1).fill('');
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i][j] === cost[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      replaced[--i] = b[--j];
    } else if (i > 0 && cost[i][j] === cost[i - 1][j] + 1) {
      replaced[--i] = '';
    } else {
      inserted[i] = b[--j] + inserted[i];
    }
  }
  return { replaced, inserted };
}
