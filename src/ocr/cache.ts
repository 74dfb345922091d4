// A bounded, content-addressed cache in front of the document reader: the same bytes read with the
// same settings come back without OCR. Keyed by a SHA-256 of both, least recently used first out.
// Only complete readings are kept (none that left pages out for time), and nothing of the request
// but the key: modules build fresh results (UUIDs, file names) from the cached text every time.
import { createHash } from 'node:crypto';
import type { DocumentReader, DocumentText, ReadOptions } from './reader.ts';

export interface CacheStats {
  entries: number;
  bytes: number;
  limitBytes: number;
  hits: number;
  misses: number;
}

/** Rough memory held by a reading: its text and its words (a box and a confidence each). */
function sizeOf(document: DocumentText): number {
  const WORD_BYTES = 96;
  return document.pages.reduce((sum, page) => sum + 2 * page.text.length + WORD_BYTES * page.words.length, 2 * document.text.length);
}

function keyOf(bytes: Uint8Array, options: ReadOptions): string {
  const settings = { alpha: options.alpha, language: options.language ?? 'eng', pageSegMode: options.pageSegMode, maxPages: options.maxPages };
  return createHash('sha256').update(bytes).update(JSON.stringify(settings)).digest('hex');
}

export function cachingReader(reader: DocumentReader, limitBytes: number): DocumentReader & { stats(): CacheStats } {
  const entries = new Map<string, { document: DocumentText; bytes: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  return {
    stats: () => ({ entries: entries.size, bytes, limitBytes, hits, misses }),
    async read(input, options) {
      if (limitBytes <= 0) return reader.read(input, options);
      const key = keyOf(input, options);
      const cached = entries.get(key);
      if (cached) {
        hits++;
        // Most recently used goes last.
        entries.delete(key);
        entries.set(key, cached);
        options.onProgress?.(cached.document.pages.length, cached.document.pages.length);
        return { ...cached.document, cached: true, timings: { decodeMs: 0, totalMs: 0 } };
      }
      misses++;
      const document = await reader.read(input, options);
      const size = sizeOf(document);
      if (document.unreadPages.length === 0 && size <= limitBytes) {
        entries.set(key, { document, bytes: size });
        bytes += size;
        for (const [oldest, entry] of entries) {
          if (bytes <= limitBytes) break;
          entries.delete(oldest);
          bytes -= entry.bytes;
        }
      }
      return document;
    },
  };
}
