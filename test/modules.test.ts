// The three result shapes the modules return: `ocr` (typed indicators and text, freetext, or both),
// `ocr_enrich` (freetext, then indicators) and `ocr_report` (misp_standard), on real documents.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { base64, fixture, indicatorsOf, query, shared, startTestService, textOf } from './helpers.ts';

const TEXT_LAYER = 'Text layer line one: 203.0.113.9\nText layer line two: example.org';

describe('module results', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService();
  });
  after(() => service.close());

  const importing = (file: Uint8Array, config?: Record<string, string>, module = 'ocr') =>
    query(service.url, { module, event_id: '42', data: base64(file), filename: 'report.pdf', config }).then((r) => r.body);

  it('ocr imports typed indicators and the text by default', async () => {
    const body = await importing(fixture('text-layer.pdf'));
    assert.deepEqual(indicatorsOf(body), [['ip-dst', '203.0.113.9'], ['domain', 'example.org']]);
    const [ip] = body.results;
    assert.deepEqual(ip.types, ['ip-dst', 'ip-src', 'ip-src/ip-dst']);
    assert.deepEqual(ip.categories, ['Network activity']);
    assert.equal(ip.to_ids, true);
    assert.equal(ip.comment, 'Found on line 1');
    assert.deepEqual(body.results.at(-1), {
      types: ['text'], values: TEXT_LAYER, categories: ['Other'], to_ids: false, comment: 'OCR text of report.pdf',
    });
  });

  it("ocr gives upstream's freetext result when asked, and both when asked", async () => {
    assert.deepEqual((await importing(fixture('text-layer.pdf'), { result: 'freetext' })).results, [
      { values: TEXT_LAYER, types: ['freetext'] },
    ]);
    const both = await importing(fixture('text-layer.pdf'), { result: 'both' });
    assert.deepEqual(both.results[0], { values: TEXT_LAYER, types: ['freetext'] });
    assert.equal(indicatorsOf(both).length, 2);
    assert.match((await importing(fixture('text-layer.pdf'), { result: 'all' })).error, /"result" must be one of indicators, freetext, both/);
  });

  it('ocr finds the indicators of a real OCR page, defanged ones included', async () => {
    const found = indicatorsOf(await importing(shared('samples/doc0-clean.png')));
    for (const expected of [
      // Read wrongly by the engine's first pass ("summit-vectorl2", "e1le0e5…"), right after the second look.
      ['domain', 'summit-vector12.de'],
      ['md5', 'e1e0e59988a8d23d5392a599e120fd32'],
      ['ip-dst', '43.22.89.80'],
      ['hostname', 'vector.cipher-orbit23.biz'],
      ['ip-dst', '80.158.43.140'],
      ['domain', 'meridian-cipher57.de'],
      ['email-src', 'delta@bravo-delta98.biz'],
      ['vulnerability', 'CVE-2023-29486'],
    ]) {
      assert.ok(found.some(([type, value]) => type === expected[0] && value === expected[1]), `${expected} not in ${JSON.stringify(found)}`);
    }
  });

  it('ocr_enrich returns the freetext first, then the typed indicators', async () => {
    const { body } = await query(service.url, { module: 'ocr_enrich', attachment: 'r.pdf', data: base64(fixture('text-layer.pdf')) });
    assert.deepEqual(body.results[0], { types: ['freetext'], values: TEXT_LAYER, comment: 'OCR from file r.pdf' });
    assert.deepEqual(indicatorsOf(body), [['ip-dst', '203.0.113.9'], ['domain', 'example.org']]);
  });

  it('ocr_report returns misp_standard attributes, a file object that mentions them, and a report per page', async () => {
    const bytes = fixture('pages-g4.tif');
    const { results } = await importing(bytes, undefined, 'ocr_report');
    assert.deepEqual(Object.keys(results).sort(), ['Attribute', 'EventReport', 'Object']);
    const [ip] = results.Attribute;
    assert.equal(results.Attribute.length, 1);
    assert.deepEqual([ip.type, ip.value, ip.category, ip.to_ids], ['ip-dst', '198.51.100.23', 'Network activity', true]);
    assert.match(ip.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(ip.comment, 'Found on page 2 line 1');
    const [file] = results.Object;
    assert.equal(file.name, 'file');
    const attribute = (relation: string) => file.Attribute.find((a: any) => a.object_relation === relation)?.value;
    assert.equal(attribute('filename'), 'report.pdf');
    assert.equal(attribute('size-in-bytes'), String(bytes.length));
    assert.equal(attribute('sha256'), createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual(file.ObjectReference, [{ referenced_uuid: ip.uuid, relationship_type: 'mentions' }]);
    const [report] = results.EventReport;
    assert.equal(report.name, 'OCR of report.pdf');
    assert.match(report.content, /## Page 1[\s\S]*Page one: the dropper arrived by mail[\s\S]*## Page 3[\s\S]*persistence via run key/);
    assert.match(report.content, /3 pages \(tiff\), 1 indicator found/);
  });

  it('keeps the text of an upload with no indicators', async () => {
    const body = await importing(fixture('beacon.png'));
    assert.deepEqual(indicatorsOf(body), []);
    assert.equal(textOf(body), 'Beacon to evil-update.example every 60s');
  });
});
