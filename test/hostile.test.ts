// Hostile input: every file and payload below gets a clear JSON error, quickly, and leaves the server
// healthy. The files are made by test/hostile.ts; none is stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentError, planDocument } from '../src/image/decode.ts';
import { GENERIC_ERROR } from '../src/modules/query.ts';
import { base64, fixture, query, startTestService, textOf } from './helpers.ts';
import { JPEG_LOOP, noise, pdf, png, pngBomb, tiff, webpHeader, withJpegSize } from './hostile.ts';

const half = (bytes: Uint8Array) => bytes.subarray(0, bytes.length >> 1);
const pdfPage = (extra = '') => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ${extra} >>`;

/** Files, each with what its error must say. */
const FILES: [string, () => Uint8Array, RegExp][] = [
  ['a truncated PNG', () => half(fixture('beacon.png')), /Corrupt PNG/],
  ['a JPEG cut after its headers', () => fixture('beacon.jpg').subarray(0, 700), /Corrupt JPEG|No text was recognized/],
  ['a truncated TIFF', () => half(fixture('pages-g4.tif')), /Corrupt|unreadable|No text was recognized/i],
  // MuPDF repairs what it can: here two blank pages.
  ['a truncated PDF', () => fixture('two-pages.pdf').subarray(0, 400), /Corrupt|unreadable|no pages|No text was recognized/i],
  ['a PNG claiming 100000x100000 pixels', () => png(100_000, 100_000, new Uint8Array(16)), /too large: 100000x100000/],
  ['a JPEG claiming 65535x65535 pixels', () => withJpegSize(fixture('beacon.jpg'), 65_535, 65_535), /too large: 65535x65535/],
  ['a TIFF claiming 100000x100000 pixels', () => tiff(1, { size: 100_000 }), /too large: 100000x100000/],
  ['an extended WebP claiming 100000x100000 pixels', () => webpHeader('VP8X', 100_000, 100_000), /too large: 100000x100000/],
  ['a lossless WebP claiming 16384x16384 pixels', () => webpHeader('VP8L', 16_384, 16_384), /too large: 16384x16384/],
  ['a PNG decompression bomb (12 Mpixel from 12 kB)', () => pngBomb(4000, 3000), /decompression bombs/],
  // Its header claims 20952x255 pixels: over this budget, so it is refused from the header alone.
  ['the JPEG that hung jpeg-js (CVE-2022-25851)', () => JPEG_LOOP, /Corrupt JPEG|decompression bombs/],
  ['a TIFF of 10,000 pages', () => tiff(10_000), /more than 100 pages/],
  ['a TIFF whose page list loops', () => tiff(3, { loop: true }), /page list loops/],
  [
    'a PDF whose page tree loops',
    () => pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>']),
    /Corrupt|unreadable|no pages|No text was recognized/i,
  ],
  [
    'a PDF whose stream length is an endless chain of references',
    () =>
      pdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        pdfPage('/Contents 4 0 R'),
        '<< /Length 5 0 R >>\nstream\nBT ET\nendstream',
        '6 0 R',
        '5 0 R',
      ]),
    /Corrupt|unreadable|No text was recognized/i,
  ],
  [
    'a PDF claiming a million pages',
    () => pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>', pdfPage()]),
    /at most 100|Invalid number of pages/,
  ],
  [
    'a PDF page a kilometre wide',
    () =>
      pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2834645 2834645] >>']),
    /No text was recognized/,
  ],
  [
    'a PDF of more objects than allowed',
    () => pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', pdfPage(), ...Array.from({ length: 2000 }, (_, i) => `${i}`)]),
    /has 2004 objects; this server reads PDFs of at most 1000/,
  ],
  ['64 kB of random bytes', () => noise(65_536, 1), /not supported/],
  ['random bytes behind a PNG signature', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(4096, 2)]), /Corrupt PNG|too large/],
  ['random bytes behind a JPEG signature', () => new Uint8Array([0xff, 0xd8, 0xff, ...noise(4096, 3)]), /Corrupt JPEG|too large/],
  ['random bytes behind a TIFF header', () => new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0, ...noise(4096, 4)]), /Corrupt TIFF|too large|more than/],
  ['random bytes behind a PDF header', () => new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...noise(4096, 5)]), /Corrupt|unreadable|no pages/i],
];

/** Request bodies as sent, each with what its error must say. */
const BODIES: [string, string, RegExp][] = [
  ['an empty body', '', /not valid JSON/],
  ['broken JSON', '{"module": "ocr", "data": ', /not valid JSON/],
  ['a JSON array', '[]', /must be a JSON object/],
  ['a JSON string', '"ocr"', /must be a JSON object/],
  ['JSON null', 'null', /must be a JSON object/],
  ['a number', '6666', /must be a JSON object/],
  ['1 MB of nested arrays', `${'['.repeat(500_000)}${']'.repeat(500_000)}`, /must be a JSON object|not valid JSON/],
  ['1 MB of nested objects as a setting', `{"module":"ocr","data":"aGk=","config":{"language":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}}`, /"language" must be a string|not valid JSON/],
];

/** Payloads with a wrong type in one field, each with what its error must say. */
const FIELDS: [string, Record<string, unknown>, RegExp][] = [
  ['module as a number', { module: 1 }, /names no module/],
  ['module as a list', { module: ['ocr'] }, /names no module/],
  ['module as an object', { module: { name: 'ocr' } }, /names no module/],
  ['an unknown module', { module: 'ocr2' }, /Unknown module "ocr2"/],
  ['data as a number', { module: 'ocr', data: 42 }, /No file received/],
  ['data as an object', { module: 'ocr', data: { base64: 'aGk=' } }, /No file received/],
  ['data as a list', { module: 'ocr', data: ['aGk='] }, /No file received/],
  ['data empty', { module: 'ocr', data: '' }, /No file received/],
  ['data that is not base64', { module: 'ocr', data: '@@@@ not base64 @@@@' }, /not valid base64/],
  ['data that is truncated base64', { module: 'ocr', data: 'aGVsbG8gd29ybGQh0' }, /not valid base64/],
  ['filename as a number', { module: 'ocr', data: 'aGk=', filename: 7 }, /"filename" must be a string/],
  ['timeout as words', { module: 'ocr', data: 'aGk=', timeout: 'ten' }, /"timeout" must be a number/],
  ['a negative timeout', { module: 'ocr', data: 'aGk=', timeout: -5 }, /"timeout" must be a number/],
  ['timeout as an object', { module: 'ocr', data: 'aGk=', timeout: {} }, /"timeout" must be a number/],
  ['a config setting as a list', { module: 'ocr', data: 'aGk=', config: { language: ['eng'] } }, /"language" must be a string/],
  ['result as a number', { module: 'ocr', data: 'aGk=', config: { result: 3 } }, /"result" must be one of/],
  ['an unknown result', { module: 'ocr', data: 'aGk=', config: { result: 'all' } }, /"result" must be one of/],
  ['max_pages as words', { module: 'ocr', data: 'aGk=', config: { max_pages: 'ten' } }, /"max_pages" must be a whole number/],
  ['an unknown page segmentation mode', { module: 'ocr', data: 'aGk=', config: { page_segmentation_mode: '99' } }, /segmentation mode must be one of/],
  ['a language that is not installed', { module: 'ocr_report', data: 'aGk=', config: { language: 'klingon' } }, /not installed/],
  ['attachment as a number', { module: 'ocr_enrich', attachment: 5, data: 'aGk=' }, /"attachment" must be a string/],
  ['no attachment', { module: 'ocr_enrich', data: 'aGk=' }, /has no "attachment"/],
  ['an attribute of another type', { module: 'ocr_enrich', attribute: { type: 'ip-src', value: '1.2.3.4' } }, /not ip-src/],
  // Found by fuzzing: an array holding an object whose toString is no function broke String().
  ['an attribute whose type cannot be made a string', { module: 'ocr_enrich', attribute: { type: [{ toString: false }] } }, /no string/],
  ['an attribute without a file name', { module: 'ocr_enrich', attribute: { type: 'attachment', value: 3, data: 'aGk=' } }, /no file name/],
  ['an attribute whose data is a number', { module: 'ocr_enrich', attribute: { type: 'attachment', value: 'a.png', data: 1 } }, /Couldn't fetch attachment/],
];

describe('hostile input', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    // A small pixel budget keeps the bombs small; the checks are the same at any size.
    service = await startTestService({ maxPixels: 4_000_000, maxPdfObjects: 1000, timeoutSeconds: 60 });
  });
  after(() => service.close());

  const assertClearError = (body: any, expected: RegExp) => {
    assert.equal(typeof body.error, 'string', JSON.stringify(body).slice(0, 300));
    assert.notEqual(body.error, GENERIC_ERROR);
    assert.match(body.error, expected);
  };

  for (const [what, make, expected] of FILES) {
    it(`refuses ${what}`, async () => {
      for (const module of ['ocr', 'ocr_enrich']) {
        const payload =
          module === 'ocr'
            ? { module, filename: 'upload.bin', data: base64(make()) }
            : { module, attachment: 'upload.bin', data: base64(make()) };
        const { status, body } = await query(service.url, payload);
        assert.equal(status, 200);
        // ocr_enrich words "not supported" as upstream does.
        assertClearError(body, module === 'ocr_enrich' ? new RegExp(`${expected.source}|Only images`, expected.flags) : expected);
      }
    });
  }

  for (const [what, body, expected] of BODIES) {
    it(`answers ${what}`, async () => {
      const response = await fetch(`${service.url}/query`, { method: 'POST', body });
      assert.equal(response.status, 200);
      assertClearError(await response.json(), expected);
    });
  }

  for (const [what, payload, expected] of FIELDS) {
    it(`answers ${what}`, async () => {
      const { status, body } = await query(service.url, payload);
      assert.equal(status, 200);
      assertClearError(body, expected);
    });
  }

  it('gives the JPEG that hung jpeg-js to the decoder at the default budget, which refuses it', async () => {
    await assert.rejects(
      planDocument(JPEG_LOOP, { limits: { maxPixels: 50_000_000, maxPages: 100, maxRatio: 250 }, alpha: 'flatten', documentId: 'jpeg-loop' }),
      (error: unknown) => error instanceof DocumentError && /Corrupt JPEG/.test(error.message),
    );
  });

  it('reads base64 of plain text as the text it is', async () => {
    const { body } = await query(service.url, { module: 'ocr', data: base64(new TextEncoder().encode('Beacon to evil.example.com')) });
    assert.match(textOf(body), /^Beacon to evil\.example\.com$/);
  });

  it('is healthy after all of it, with every worker ready, and still reads documents', async () => {
    const health = await (await fetch(`${service.url}/healthcheck`)).json();
    assert.equal(health.status, true);
    assert.equal(health.workers.ready, health.workers.workers);
    assert.equal(health.requests.active, 0);
    const { body } = await query(service.url, { module: 'ocr', data: base64(fixture('beacon.png')), config: { result: 'freetext' } });
    assert.match(textOf(body), /beacon/i);
  });
});
