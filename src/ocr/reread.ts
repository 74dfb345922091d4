// Second look at words that should be hashes. A hash is hex only, yet the engine's language model
// reads hex as words ("e1le0e5…", "…5£152…"): re-reading just that word with the alphabet closed to
// hex digits recovers it. The re-read is kept only when it comes out at an exact hash length.
import { crop, type GrayPage } from '../image/raster.ts';
import type { Recognition, TesseractEngine, Word } from './engine.ts';

const HASH_LENGTHS = [32, 40, 56, 64, 96, 128];
const HEX = '0123456789abcdef';

/** A word that is nearly a hash: about the right length and mostly hex already. */
function looksLikeBrokenHash(word: string): boolean {
  const token = word.replace(/^[|[(]+|[|\]),.;:]+$/g, '');
  if (HASH_LENGTHS.includes(token.length) && /^[0-9a-f]+$/i.test(token)) return false; // already fine
  const nearLength = HASH_LENGTHS.some((length) => Math.abs(token.length - length) <= 3);
  const hex = [...token].filter((c) => /[0-9a-fA-F]/.test(c)).length;
  return nearLength && hex >= token.length * 0.8 && /\d/.test(token);
}

export function rereadHashes(engine: TesseractEngine, page: GrayPage, recognition: Recognition): Recognition {
  let text = recognition.text;
  let cursor = 0;
  const words: Word[] = [];
  for (const word of recognition.words) {
    const at = text.indexOf(word.text, cursor);
    if (at < 0 || !looksLikeBrokenHash(word.text)) {
      words.push(word);
      if (at >= 0) cursor = at + word.text.length;
      continue;
    }
    const { left, top, right, bottom } = word.box;
    const pad = Math.round((bottom - top) * 0.3);
    const image = crop(page, left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad);
    // Single-word mode read these best in our trials (single-line mode merges and splits digits).
    const reread = engine.recognize(image, { pageSegMode: 8, characters: HEX + HEX.toUpperCase() });
    const hex = reread.text.replace(/\s+/g, '').toLowerCase();
    if (!HASH_LENGTHS.includes(hex.length)) {
      words.push(word);
      cursor = at + word.text.length;
      continue;
    }
    // Keep the table rules and punctuation that surrounded the hash in the original word.
    const [, before, , after] = /^([|[(]*)(.*?)([|\]),.;:]*)$/.exec(word.text)!;
    const replacement = `${before}${hex}${after}`;
    text = text.slice(0, at) + replacement + text.slice(at + word.text.length);
    words.push({ ...word, text: replacement, confidence: Math.min(word.confidence, reread.confidence) });
    cursor = at + replacement.length;
  }
  return { ...recognition, text, words };
}
