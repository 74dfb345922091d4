// Real OCR through the server, on images the project generates (test/fixtures/generate.sh) and on the
// shared upstream and sample files.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planDocument } from '../src/image/decode.ts';
import { LegacyReader } from '../src/ocr/legacy.ts';
import { base64, firstValue, fixture, indicatorsOf, textOf, query, shared, startTestService } from './helpers.ts';

const BEACON = 'Beacon to evil-update.example every 60s';

describe('OCR through the server', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  for (const file of ['beacon.png', 'beacon.jpg', 'beacon.gif', 'beacon.bmp', 'beacon.tif']) {
    it(`reads the text of a ${file.split('.')[1].toUpperCase()} image`, async () => {
      const { body } = await query(service.url, { module: 'ocr', event_id: '1', data: base64(fixture(file)), filename: file });
      assert.equal(textOf(body), BEACON);
    });
  }

  it('reads every page of a multi-page Group 4 TIFF, in order', async () => {
    const { body } = await query(service.url, { module: 'ocr', data: base64(fixture('pages-g4.tif')) });
    const text = textOf(body);
    const lines = ['Page one: the dropper arrived by mail', 'Page two: it contacted 198.51.100.23', 'Page three: persistence via run key'];
    const positions = lines.map((line) => text.indexOf(line));
    assert.ok(positions.every((p) => p >= 0), text);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'pages out of order');
    assert.match(text, /--- page 2 ---[\s\S]*--- page 3 ---/);
  });

  it("passes upstream's own test: misp-logo.png through ocr_enrich reads \"Threat Sharing\"", async () => {
    const { body } = await query(service.url, {
      module: 'ocr_enrich',
      attachment: 'misp-logo.png',
      data: base64(shared('fixtures/misp-modules/misp-logo.png')),
    });
    assert.equal(firstValue(body).replace(/^\n+|\n+$/g, ''), 'Threat Sharing');
    assert.equal(body.results[0].comment, 'OCR from file misp-logo.png');
  });

  it('flattens transparency onto white for the import, as upstream does', async () => {
    const logo = await query(service.url, { module: 'ocr', data: base64(shared('fixtures/misp-modules/misp-logo.png')) });
    assert.match(textOf(logo.body), /Threat Sharing/);
    // Black text drawn only through the alpha channel: readable once flattened, invisible when alpha is dropped.
    const flattened = await query(service.url, { module: 'ocr', data: base64(fixture('transparent.png')) });
    assert.equal(textOf(flattened.body), BEACON);
    const dropped = await query(service.url, { module: 'ocr_enrich', attachment: 't.png', data: base64(fixture('transparent.png')) });
    assert.match(dropped.body.error, /No text was recognized in t\.png/);
  });

  it('returns the whole text of a full report page as one freetext value, then its indicators', async () => {
    const { body } = await query(service.url, {
      module: 'ocr_enrich',
      attachment: 'doc0-clean.png',
      data: base64(shared('samples/doc0-clean.png')),
    });
    assert.deepEqual(body.results[0].types, ['freetext']);
    const text = firstValue(body);
    assert.match(text, /^SECURITY ADVISORY 2026-47\n/);
    assert.match(text, /Patch CVE-2023-29486 immediately/);
    assert.ok(text.split('\n').length > 10, 'every line, not only the first');
    assert.equal(body.results.filter((r: any) => r.types[0] === 'freetext').length, 1);
    assert.ok(indicatorsOf(body).some(([type, value]) => type === 'vulnerability' && value === 'CVE-2023-29486'));
  });

  it('answers the crafted JPEG of CVE-2022-25851 with an error instead of hanging', async () => {
    const crafted = Uint8Array.from(Buffer.from('ffd8ffc1f151d800ff51d800ffdaffde', 'hex'));
    const { status, body } = await query(service.url, { module: 'ocr', data: base64(crafted), timeout: 20 });
    assert.equal(status, 200);
    assert.match(body.error, /JPEG/);
    assert.doesNotMatch(body.error, /Timeout/);
  });

  it('refuses an image whose header claims more pixels than the limit, before decoding it', async () => {
    const png = fixture('beacon.png').slice();
    new DataView(png.buffer).setUint32(16, 100_000); // IHDR width
    new DataView(png.buffer).setUint32(20, 100_000); // IHDR height
    const { body } = await query(service.url, { module: 'ocr', data: base64(png) });
    assert.match(body.error, /too large: 100000x100000 pixels/);
  });

  it('keeps serving /modules while every worker is busy', async () => {
    const page = base64(shared('samples/doc0-clean.png'));
    let ocrDone = false;
    const busy = Promise.all(
      [1, 2, 3].map(() => query(service.url, { module: 'ocr', data: page }).then((r) => r.body)),
    ).finally(() => {
      ocrDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(service.pool.stats().busy, 2, 'both workers should be recognizing');
    const modules = await (await fetch(`${service.url}/modules`)).json();
    assert.deepEqual(modules.map((m: any) => m.name), ['ocr', 'ocr_enrich', 'ocr_report']);
    assert.equal(ocrDone, false, '/modules had to wait for the OCR');
    for (const body of await busy) assert.match(textOf(body), /SECURITY ADVISORY/);
  });

  it('honours the timeout key, stops the work, and stays usable', async () => {
    const { body } = await query(service.url, { module: 'ocr', data: base64(shared('samples/doc0-clean.png')), timeout: 0.2 });
    assert.match(body.error, /^Timeout\./);
    // The abandoned page's worker was replaced: the pool fills up again and the next request works.
    const { body: next } = await query(service.url, { module: 'ocr', data: base64(fixture('beacon.png')) });
    assert.equal(textOf(next), BEACON);
    assert.equal(service.pool.stats().workers, 2);
  });

  // One legacy classifier and one line for the tests of it: loading its model takes a while.
  const legacyAndLine = async () => {
    const [page] = (await planDocument(fixture('page2.png'), { limits: { maxPixels: 1e7, maxPages: 1 }, alpha: 'flatten', documentId: 't' })).pages;
    if (page.kind !== 'raster') assert.fail(page.kind);
    return { legacy: await LegacyReader.create('eng'), page };
  };
  let legacyTools: ReturnType<typeof legacyAndLine> | undefined;

  it('reads a line with the legacy classifier too, the second opinion on indicator-shaped words', async () => {
    const { legacy, page } = await (legacyTools ??= legacyAndLine());
    const symbols = legacy.read(page.page, 7);
    assert.equal(symbols.map((s) => s.text).join(''), 'Pagetwo:itcontacted198.51.100.23');
    assert.ok(symbols.every((s) => s.confidence > 0.5 && s.confidence <= 1), JSON.stringify(symbols));
    // With the alphabet closed to digits and dots, nothing else can come out.
    assert.match(legacy.read(page.page, 7, '0123456789.').map((s) => s.text).join(''), /^[0-9.]*198\.51\.100\.23$/);
  });

  it('gives each glyph the legacy classifier reads its box, small letters shorter than digits', async () => {
    const { legacy, page } = await (legacyTools ??= legacyAndLine());
    const symbols = legacy.read(page.page, 7);
    for (const { box } of symbols) {
      assert.ok(box && box.left >= 0 && box.top >= 0 && box.right <= page.page.width && box.bottom <= page.page.height && box.left < box.right && box.top < box.bottom, JSON.stringify(box));
    }
    const lefts = symbols.map((s) => s.box!.left);
    assert.deepEqual([...lefts].sort((a, b) => a - b), lefts, 'glyphs out of order');
    const heights = (glyphs: RegExp) => symbols.filter((s) => glyphs.test(s.text)).map((s) => s.box!.bottom - s.box!.top);
    assert.ok(Math.max(...heights(/^[aceno]$/)) * 1.15 < Math.min(...heights(/^[1-9]$/)), JSON.stringify(symbols));
    // With the alphabet closed, the glyphs the classifier rejects (the letters here) must not cost the others their boxes.
    const digits = legacy.read(page.page, 7, '0123456789.');
    assert.match(digits.map((s) => s.text).join(''), /198\.51\.100\.23$/);
    assert.ok(digits.every((s) => s.box), JSON.stringify(digits.filter((s) => !s.box)));
  });

  it('reads an e whose bar a small scan lost as an e, and keeps the f of a hash that lost its bar an f', async () => {
    // In this 200 dpi TIFF the LSTM reads "pioneer" as "pioncer" at most scales and the legacy
    // classifier as "pionccr": the glyph is closed on the right, as an e is. The md5's f has lost its
    // bar too and measures like a 1, which must not make it one.
    const { body } = await query(service.url, { module: 'ocr', data: base64(shared('samples/doc3-small.tif')) });
    const values = indicatorsOf(body).map(([, value]) => value);
    assert.ok(values.includes('alpha.pioneer-falcon21.org'), values.join(' '));
    assert.ok(values.includes('055121df3c63dd33abd52471de809ddd'), values.join(' '));
  });

  it('reads a sha256 that a fax split with a space as one hash', async () => {
    // Page 1 of this fax has "| sha256 | ef5037…aa554 7bae42…b1d2 |", each half with a cent sign for a c.
    const { body } = await query(service.url, { module: 'ocr', data: base64(shared('samples/doc5-fax.tif')) });
    const values = indicatorsOf(body).map(([, value]) => value);
    assert.ok(values.includes('ef5037bbc286e7121784c1356494aa5547bae42e49ecbf53411841cf80d5b1d2'), values.join(' '));
  });

  it('reads numbered host names right that the first pass misreads: a small o is no 0, a 13 no l3', async () => {
    const { body } = await query(service.url, { module: 'ocr', data: base64(shared('samples/doc5-clean.png')) });
    const values = indicatorsOf(body).map(([, value]) => value);
    assert.ok(values.includes('beacon-bravo29.ru') && values.includes('harbor.delta-lattice13.ru'), values.join(' '));
  });
});
