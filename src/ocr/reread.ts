// Second look at words that should be hashes. A hash is hex only, yet the engine's language model
// reads hex as words ("e1le0e5…", "…5£152…") and, in some fonts, a 4 as a d. Each such word is read
// again with the alphabet closed to hex digits, at several scales and by the legacy classifier, and
// every digit is settled by a weighted vote of the readings: single LSTM readings of the samples'
// hashes are right about half the time, the vote of LSTM readings alone about three times in four.
// The vote only chooses among what the engines saw; the look-alikes it cannot tell apart (a d or
// a 0, an f or a 1, a c or an e) are then settled by the shapes of their glyphs (glyphs.ts).
import type { GrayPage } from '../image/raster.ts';
import { labelledHashLength } from '../indicators/extract.ts';
import { HASH_LENGTHS } from '../indicators/types.ts';
import type { Recognition, Word } from './engine.ts';
import { settleGlyphs } from './glyphs.ts';
import { legacyWeight, readByLegacy, readingWeight, readWordAgain, rewriteWords, vote, wordImage, type Readers, type Reading } from './vote.ts';

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
  return HASH_LENGTHS.some((length) => Math.abs(token.length - length) <= 3) && isHexPiece(token);
}

export function rereadHashes(readers: Readers, page: GrayPage, recognition: Recognition): Recognition {
  return rewriteWords(joinSplitHashes(readers, page, recognition), (word) => {
    // A hash joined from two words has had its vote.
    if (word.revised) return undefined;
    const [, before, token, after] = AROUND.exec(word.text)!;
    if (!looksLikeHash(token)) return undefined;
    const hex = voteOnHex(readers, page, word, token);
    return hex && `${before}${hex}${after}`;
  });
}

/** Mostly hex, with a digit, and long enough not to be a word of its own. */
function isHexPiece(token: string): boolean {
  const hex = [...token].filter((c) => /[0-9a-fA-F]/.test(c)).length;
  return token.length >= 8 && hex >= token.length * 0.8 && /\d/.test(token);
}

/**
 * A hash the engine read as two words on one line, split by a space ("…aa554 7bae…" on a fax), is
 * read again as one: two hex pieces whose lengths add up to about the length the line's label
 * names ("| sha256 |"), or without a label to about a hash's while neither is one alone nor both
 * are about one (two md5s side by side stay two). The pair becomes one word when the vote gives a
 * hash.
 */
function joinSplitHashes(readers: Readers, page: GrayPage, recognition: Recognition): Recognition {
  const words: Word[] = [];
  let text = recognition.text;
  let cursor = 0;
  for (let i = 0; i < recognition.words.length; i++) {
    const [first, second] = [recognition.words[i], recognition.words[i + 1]];
    const at = text.indexOf(first.text, cursor);
    // Where the second word starts in the text: right after the first and a space or two.
    const next = second && at >= 0 ? text.indexOf(second.text, at + first.text.length) : -1;
    const spaced = next >= 0 && /^ +$/.test(text.slice(at + first.text.length, next));
    const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
    const joined = spaced ? joinPair(readers, page, first, second, labelledHashLength(line)) : undefined;
    if (!joined) {
      words.push(first);
      if (at >= 0) cursor = at + first.text.length;
      continue;
    }
    text = text.slice(0, at) + joined.text + text.slice(next + second.text.length);
    words.push(joined);
    cursor = at + joined.text.length;
    i++;
  }
  return { ...recognition, text, words };
}

/** Two hex pieces that add up to about the `labelled` length, or without a label to a hash's while neither is one nor both are about one. */
export function areHalvesOfAHash(head: string, tail: string, labelled: number | undefined): boolean {
  const near = (length: number, slack: number, lengths = HASH_LENGTHS) => lengths.some((hash) => Math.abs(length - hash) <= slack);
  const twoHashes = near(head.length, 0) || near(tail.length, 0) || (near(head.length, 1) && near(tail.length, 1));
  const halves = labelled ? near(head.length + tail.length, 2, [labelled]) : !twoHashes && near(head.length + tail.length, 2);
  return isHexPiece(head) && isHexPiece(tail) && halves;
}

/** The two words as one hash word, when they are the two halves of one (of the `labelled` length, when the line names one). */
function joinPair(readers: Readers, page: GrayPage, first: Word, second: Word, labelled: number | undefined): Word | undefined {
  const [, before, head] = AROUND.exec(first.text)!;
  const [, , tail, after] = AROUND.exec(second.text)!;
  if (!areHalvesOfAHash(head, tail, labelled)) return undefined;
  // On one line: the boxes overlap in height, with no more than a wide space between them.
  const height = Math.min(first.box.bottom - first.box.top, second.box.bottom - second.box.top);
  const overlap = Math.min(first.box.bottom, second.box.bottom) - Math.max(first.box.top, second.box.top);
  if (overlap < height / 2 || second.box.left - first.box.right > 1.5 * height || second.box.left < first.box.right) return undefined;
  const box = {
    left: first.box.left,
    top: Math.min(first.box.top, second.box.top),
    right: second.box.right,
    bottom: Math.max(first.box.bottom, second.box.bottom),
  };
  const hex = voteOnHex(readers, page, { ...first, box }, head + tail);
  return hex ? { text: `${before}${hex}${after}`, confidence: Math.min(first.confidence, second.confidence), box, revised: true } : undefined;
}

/** The hash the readings agree on, or undefined when too few come out at a hash length. */
function voteOnHex(readers: Readers, page: GrayPage, word: Word, token: string): string | undefined {
  const image = wordImage(page, word);
  const readings: Reading[] = READINGS.map(([scale, pageSegMode]) => ({
    text: readWordAgain(readers.engine, image, { scale, pageSegMode, characters: HEX }),
    weight: 1,
  }));
  // The first reading counts too, with its look-alikes taken for the digits they stand for.
  const original = { text: [...token].map((c) => TO_HEX[c] ?? c).join(''), weight: 1 };
  const legacyReadings = readByLegacy(readers.legacy, image, legacyWeight, HEX);
  const candidates = [original, ...readings, ...legacyReadings]
    .map((r) => ({ ...r, text: r.text.toLowerCase() }))
    .filter((r) => HASH_LENGTHS.includes(r.text.length) && /^[0-9a-f]+$/.test(r.text));
  const weights = new Map<number, number>();
  for (const r of candidates) weights.set(r.text.length, (weights.get(r.text.length) ?? 0) + readingWeight(r));
  const [length, weight] = [...weights].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (weight < 2) return undefined;
  const [first, ...others] = candidates.filter((r) => r.text.length === length);
  return settleGlyphs(vote(first.text, others), legacyReadings[0]?.symbols, image, 'hex');
}
