// Second look at words that should be hashes. A hash is hex only, yet the engine's language model
// reads hex as words ("e1le0e5…", "…5£152…") and, in some fonts, a 4 as a d. Each such word is read
// again with the alphabet closed to hex digits, at several scales, and every digit is settled by a
// majority vote of the readings: single readings are right about half the time on our samples,
// the vote about three times in four. The vote only chooses among what the engine saw.
import type { GrayPage } from '../image/raster.ts';
import type { Recognition, TesseractEngine, Word } from './engine.ts';
import { readWordAgain, rewriteWords, vote } from './vote.ts';

const HASH_LENGTHS = [32, 40, 56, 64, 96, 128];
const HEX = '0123456789abcdef';

/** Scale and page segmentation mode (7: one line, 8: one word) of each re-reading. */
const READINGS: [scale: number, pageSegMode: number][] = [
  [0.5, 7],
  [0.6, 7],
  [0.8, 7],
  [0.8, 8],
  [1.25, 8],
];

/** Look-alikes the engine reads inside hex, as the digit they stand for. */
const TO_HEX: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', '|': '1', S: '5', Z: '2' };

/** Table rules and punctuation around a word, kept when the hash inside is replaced. */
const AROUND = /^([|[(]*)(.*?)([|\]),.;:]*)$/;

/** A word that is about the length of a hash and mostly hex. */
function looksLikeHash(token: string): boolean {
  const nearLength = HASH_LENGTHS.some((length) => Math.abs(token.length - length) <= 3);
  const hex = [...token].filter((c) => /[0-9a-fA-F]/.test(c)).length;
  return nearLength && hex >= token.length * 0.8 && /\d/.test(token);
}

export function rereadHashes(engine: TesseractEngine, page: GrayPage, recognition: Recognition): Recognition {
  return rewriteWords(recognition, (word) => {
    const [, before, token, after] = AROUND.exec(word.text)!;
    if (!looksLikeHash(token)) return undefined;
    const hex = voteOnHex(engine, page, word, token);
    return hex && `${before}${hex}${after}`;
  });
}

/** The hash the readings agree on, or undefined when too few come out at a hash length. */
function voteOnHex(engine: TesseractEngine, page: GrayPage, word: Word, token: string): string | undefined {
  const readings = READINGS.map(([scale, pageSegMode]) =>
    readWordAgain(engine, page, word, { scale, pageSegMode, characters: HEX }).toLowerCase(),
  );
  // The first reading counts too, with its look-alikes taken for the digits they stand for.
  const original = [...token].map((c) => TO_HEX[c] ?? c).join('').toLowerCase();
  const candidates = [original, ...readings].filter((r) => HASH_LENGTHS.includes(r.length) && /^[0-9a-f]+$/.test(r));
  const counts = new Map<number, number>();
  for (const r of candidates) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  const [length, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (n < 2) return undefined;
  const [first, ...others] = candidates.filter((r) => r.length === length);
  return vote(first, others);
}
