// Every kind of document an analyst receives, through the server, on generated fixtures
// (test/fixtures/generate.sh): faxes, PDFs, WebP, plain text, turned, skewed and dark pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base64, textOf, fixture, query, startTestService } from './helpers.ts';

const PARAGRAPH = [
  'Incident report for the security team.',
  'The loader fetched its payload over HTTPS',
  'and wrote a scheduled task for persistence.',
  'Block the sender domain at the gateway.',
].join('\n');

describe('documents', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  const read = async (file: string, config?: Record<string, string>) =>
    (await query(service.url, { module: 'ocr', event_id: '1', data: base64(fixture(file)), filename: file, config })).body;

  const FAX = 'Page one: the dropper arrived by mail\n\n--- page 2 ---\n\nPage two: it contacted 198.51.100.23';

  it('reads a two-page 204x98 dpi Group 4 fax, stretched to square pixels', async () => {
    assert.equal(textOf(await read('fax-204x98.tif')), FAX);
  });

  it('reads a Group 3 2D fax written with the reversed bit order (FillOrder 2)', async () => {
    assert.equal(textOf(await read('fax-g3-fill2.tif')), FAX);
  });

  for (const file of [
    'beacon-16bit.png', 'beacon-palette.png', 'beacon-progressive.jpg',
    'beacon-deflate.tif', 'beacon-packbits.tif', 'beacon-jpeg.tif',
  ]) {
    it(`reads ${file}`, async () => {
      assert.equal(textOf(await read(file)), 'Beacon to evil-update.example every 60s');
    });
  }

  // Where Tesseract sees a paragraph break is a layout call: compare the lines, not the blank lines.
  const lines = (text: string) => text.replace(/\n{2,}/g, '\n');

  for (const [file, what] of [
    ['paragraph.png', 'a straight page'],
    ['upside-down.png', 'a page scanned upside down'],
    ['sideways.png', 'a page lying on its side'],
    ['skewed.png', 'a page skewed by 3 degrees'],
  ]) {
    it(`reads ${what}`, async () => {
      assert.equal(lines(textOf(await read(file))), PARAGRAPH);
    });
  }

  it('reads light text on a dark background at screen resolution', async () => {
    assert.equal(textOf(await read('dark-mode.png')), 'Beacon to evil-update.example every 60s');
  });

  it('returns the exact text layer of a text PDF', async () => {
    assert.equal(textOf(await read('text-layer.pdf')), 'Text layer line one: 203.0.113.9\nText layer line two: example.org');
  });

  it('says so when a PDF is encrypted', async () => {
    assert.match((await read('encrypted.pdf')).error, /encrypted with a password/);
  });

  it('reads both pages of a scanned PDF, in order', async () => {
    const text = textOf(await read('two-pages.pdf'));
    assert.equal(text, 'Page one: the dropper arrived by mail\n\n--- page 2 ---\n\nPage two: it contacted 198.51.100.23');
  });

  it('decodes WebP', async () => {
    assert.equal(textOf(await read('beacon.webp')), 'Beacon to evil-update.example every 60s');
  });

  it('passes plain text through unchanged', async () => {
    const csv = 'indicator,comment\n198.51.100.7,c2 server\nevil.example,phishing\n';
    const { body } = await query(service.url, { module: 'ocr', data: base64(new TextEncoder().encode(csv)) });
    assert.equal(textOf(body), csv.trim());
  });

  it('reads German, French and Spanish with the language setting, and refuses a language that is not installed', async () => {
    assert.equal(textOf(await read('german.png', { language: 'deu' })), 'Größere Überweisungen über die Straße');
    assert.equal(textOf(await read('french.png', { language: 'fra' })), "Le pare-feu a bloqué l'accès à la clé");
    assert.equal(textOf(await read('spanish.png', { language: 'spa' })), 'La contraseña del año pasó por España');
    const refused = await read('german.png', { language: 'xyz' });
    assert.match(refused.error, /"xyz" is not installed; available: eng, deu, fra, spa/);
  });

  it('reads only as many pages as max_pages allows', async () => {
    const text = textOf(await read('pages-g4.tif', { max_pages: '3' }));
    assert.match(text, /--- page 3 ---/);
    assert.match((await read('pages-g4.tif', { max_pages: '2' })).error, /more than 2 pages/);
    assert.match((await read('beacon.png', { max_pages: 'all' })).error, /"max_pages" must be a whole number/);
  });

  it('honours the page segmentation mode setting', async () => {
    assert.equal(textOf(await read('beacon.png', { page_segmentation_mode: '6' })), 'Beacon to evil-update.example every 60s');
    assert.match((await read('beacon.png', { page_segmentation_mode: '0' })).error, /must be one of 3, 4, 6, 11/);
  });

  it('enriches a PDF attachment too', async () => {
    const { body } = await query(service.url, { module: 'ocr_enrich', attachment: 'r.pdf', data: base64(fixture('text-layer.pdf')) });
    assert.equal(textOf(body), 'Text layer line one: 203.0.113.9\nText layer line two: example.org');
  });
});

describe('pixel budget', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService({ maxPixels: 60_000 });
  });
  after(() => service.close());

  it('scales a page over the budget down instead of refusing it', async () => {
    // 1113x120 = 133,560 pixels: over the 60,000 budget, under four times it.
    const { body } = await query(service.url, { module: 'ocr', data: base64(fixture('beacon.png')) });
    assert.ok(body.results, JSON.stringify(body));
  });

  it('refuses a page far over the budget with a clear error', async () => {
    const { body } = await query(service.url, { module: 'ocr', data: base64(fixture('paragraph.png')) });
    assert.match(body.error, /too large: \d+x\d+ pixels; pages over 240000 pixels are refused/);
  });
});
