// Property-based fuzzing, bounded in time: the decoders on random and mutated files, and the request
// parser on random payloads and bodies. Every input ends in a result or a clear error, never a crash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { createApp } from '../src/http/app.ts';
import { parseConfig } from '../src/config.ts';
import { DocumentError } from '../src/image/decode.ts';
import type { PagedKind } from '../src/image/documents.ts';
import { modules } from '../src/modules/index.ts';
import { answerQuery, GENERIC_ERROR, RequestGate, type QueryOptions } from '../src/modules/query.ts';
import type { WorkerPool } from '../src/ocr/pool.ts';
import type { DocumentReader } from '../src/ocr/reader.ts';
import { startEngine } from '../src/server.ts';
import { silentLogger } from '../src/util/log.ts';
import { base64, fixture } from './helpers.ts';
import { png } from './hostile.ts';

const LIMITS = { maxPixels: 4_000_000, maxPages: 20, maxRatio: 250 };
const FIXTURES = ['beacon.png', 'beacon.jpg', 'beacon.gif', 'beacon.bmp', 'beacon.webp', 'beacon.tif', 'fax-g3-fill2.tif', 'two-pages.pdf'];
/** Each property stops after this long, passing if no failure was found by then. */
const TIME_LIMIT_MS = 15_000;

/**
 * Decodes a document in the worker pool, where a decoder that hangs is stopped by the decode time
 * limit, and renders and reads its first outlined page (PDF, TIFF) as the server would. True when it
 * ends in pages or in a DocumentError; a timeout or any other error fails the property.
 */
async function decodesOrRefuses(pool: WorkerPool, bytes: Uint8Array, documentId: string): Promise<boolean> {
  try {
    const plan = await pool.run({ kind: 'plan', bytes, documentId, limits: LIMITS, alpha: 'flatten' });
    const first = plan.pages.find((page) => page.kind === 'render');
    if (first?.kind === 'render') {
      const input = { kind: 'render' as const, bytes, format: plan.kind as PagedKind, documentId, index: first.index, render: first.render };
      await pool.run({ kind: 'recognize', input, limits: LIMITS, language: 'eng' });
    }
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
  }
  return true;
}

/** A fixture with some bytes overwritten and maybe its end cut off. */
const mutatedFile = fc
  .record({
    name: fc.constantFrom(...FIXTURES),
    writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
    keep: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true })),
  })
  .map(({ name, writes, keep }) => {
    const bytes = fixture(name).slice();
    for (const [at, value] of writes) bytes[at % bytes.length] = value;
    return keep === null ? bytes : bytes.slice(0, Math.max(1, Math.floor(bytes.length * keep)));
  });

let documents = 0;

describe('fuzzing the decoders', () => {
  let pool: WorkerPool;
  before(async () => {
    const config = parseConfig(['--workers', '1', '--decode-timeout', '5', '--page-timeout', '30'], {});
    ({ pool } = await startEngine(config, silentLogger));
  });
  after(() => pool.close());

  it('decodes or refuses random bytes, with or without a known signature', async () => {
    const signatures = [[], [0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x49, 0x49, 42, 0], [0x25, 0x50, 0x44, 0x46, 0x2d], [0x47, 0x49, 0x46, 0x38], [0x42, 0x4d]];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 2048 }), (signature, rest) =>
        decodesOrRefuses(pool, new Uint8Array([...signature, ...rest]), `random-${documents++}`),
      ),
      { numRuns: 300, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('decodes or refuses PNGs of any claimed size whose pixel data is random', async () => {
    // Real PNG checksums, so that the decoder gets past them to inflating and unfiltering.
    const randomPng = fc
      .record({ width: fc.integer({ min: 1, max: 400 }), height: fc.integer({ min: 1, max: 400 }), raw: fc.uint8Array({ maxLength: 4096 }) })
      .map(({ width, height, raw }) => png(width, height, deflateSync(raw)));
    await fc.assert(
      fc.asyncProperty(randomPng, (bytes) => decodesOrRefuses(pool, bytes, `png-${documents++}`)),
      { numRuns: 200, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('decodes or refuses damaged copies of real files of every kind', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFile, (bytes) => decodesOrRefuses(pool, bytes, `mutated-${documents++}`)),
      { numRuns: 150, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });
});

describe('fuzzing the request parser', () => {
  // The reader stands in for OCR: the parser and the modules around it are what is fuzzed.
  const reader: DocumentReader = {
    async read(bytes) {
      if (bytes[0] === 0) throw new DocumentError('The file is empty.', 'corrupt');
      const text = 'Seen: 203.0.113.7 and evil[.]example';
      return { kind: 'text', pages: [{ number: 1, source: 'plain-text', text, confidence: 1, words: [] }], text, unreadPages: [], timings: { decodeMs: 0, totalMs: 0 } };
    },
  };
  const options: QueryOptions = {
    modules: new Map(modules.map((m) => [m.name, m])),
    reader,
    defaultTimeoutSeconds: 30,
    answerWithinSeconds: 0,
    gate: new RequestGate(1000),
    log: silentLogger,
  };
  // Results are a list (simplified format) or an object of lists (misp_standard).
  const hasResults = (answer: any) => typeof answer.results === 'object' && answer.results !== null;
  const isAnswer = (answer: any) => (typeof answer.error === 'string' && answer.error !== GENERIC_ERROR) || hasResults(answer);

  const field = fc.oneof(fc.anything(), fc.string(), fc.base64String(), fc.constant('aGk='));
  const payload = fc.record(
    {
      module: fc.oneof(fc.constantFrom(...modules.map((m) => m.name)), fc.anything()),
      data: field,
      filename: field,
      attachment: field,
      timeout: fc.oneof(fc.anything(), fc.double(), fc.constant('5')),
      config: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('language', 'result', 'max_pages', 'page_segmentation_mode'), field)),
      attribute: fc.oneof(fc.anything(), fc.record({ type: field, value: field, data: field }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  );

  it('answers any payload with results or a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(payload, fc.anything()), async (request) => isAnswer(await answerQuery(request, options))),
      { numRuns: 2000, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('answers any body on /query with HTTP 200 and JSON', async () => {
    const app = createApp({ ...options, modules, version: 'test', maxBodyBytes: 2 ** 20 });
    const body = fc.oneof(fc.string(), fc.json(), payload.map((p) => JSON.stringify(p) ?? ''));
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await app.fetch(new Request('http://localhost/query', { method: 'POST', body: text }));
        return response.status === 200 && isAnswer(await response.json());
      }),
      { numRuns: 1000, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });

  it('takes an enormous timeout as the longest a timer can wait, not as none', async () => {
    const answer: any = await answerQuery({ module: 'ocr', data: 'aGk=', timeout: 1e300 }, options);
    assert.ok(hasResults(answer), JSON.stringify(answer));
  });

  it('turns a real document in every module into results', async () => {
    // A check that the fake reader above is reached at all, so that the properties are not vacuous.
    for (const module of modules) {
      const request = { module: module.name, data: base64(new Uint8Array([1])), attachment: 'a.txt', filename: 'a.txt' };
      const answer: any = await answerQuery(request, options);
      assert.ok(hasResults(answer), `${module.name}: ${JSON.stringify(answer)}`);
    }
  });
});
