// The misp-modules wire contract: routes, the /modules entries, MISP's payloads and every error case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GENERIC_ERROR } from '../src/modules/query.ts';
import { USER_CONFIG } from '../src/modules/settings.ts';
import { base64, textOf, fixture, query, startTestService } from './helpers.ts';

describe('misp-modules protocol', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService({ maxBodyBytes: 2 * 2 ** 20 });
  });
  after(() => service.close());

  it('lists ocr, ocr_enrich and ocr_report with the shape MISP reads', async () => {
    const response = await fetch(`${service.url}/modules`);
    assert.equal(response.status, 200);
    const list = await response.json();
    const result = {
      type: 'Select',
      options: {
        indicators: 'Indicators found by misp-ocr, and the text',
        freetext: "The text, for MISP's freetext parser",
        both: 'Both',
      },
      message: 'What to import',
    };
    assert.deepEqual(
      list.map((m: any) => [m.name, m.type, m.mispattributes]),
      [
        ['ocr', 'import_mod', { userConfig: { ...USER_CONFIG, result }, inputSource: ['file'] }],
        ['ocr_enrich', 'expansion', { input: ['attachment'], output: ['freetext'] }],
        ['ocr_report', 'import_mod', { userConfig: USER_CONFIG, inputSource: ['file'], format: 'misp_standard' }],
      ],
    );
    const metaKeys = [
      'version', 'author', 'description', 'module-type', 'name', 'logo', 'requirements',
      'features', 'references', 'input', 'output', 'config',
    ];
    for (const entry of list) {
      assert.deepEqual(Object.keys(entry), ['name', 'type', 'mispattributes', 'meta']);
      assert.deepEqual(Object.keys(entry.meta), metaKeys);
      assert.ok(Array.isArray(entry.meta['module-type']));
      assert.ok(entry.meta.config.every((name: unknown) => typeof name === 'string'));
    }
    assert.deepEqual(list[0].meta['module-type'], ['import']);
    assert.equal(list[0].meta.name, 'OCR Import');
    assert.deepEqual(list[0].meta.config, []);
    assert.deepEqual(Object.keys(list[0].mispattributes.userConfig.language.options), ['eng', 'deu', 'fra', 'spa']);
    assert.deepEqual(list[1].meta['module-type'], ['expansion']);
    assert.deepEqual(list[1].meta.config, ['language', 'page_segmentation_mode', 'max_pages']);
    assert.equal(list[1].meta.name, 'OCR Enrich');
    assert.deepEqual(list[2].meta['module-type'], ['import']);
  });

  it('answers /healthcheck and /version', async () => {
    const health = await (await fetch(`${service.url}/healthcheck`)).json();
    assert.equal(health.status, true);
    assert.equal(health.workers.workers, 2);
    const version = await (await fetch(`${service.url}/version`)).json();
    assert.match(version.version, /^\d+\.\d+\.\d+/);
  });

  it('describes its routes and every module payload in /openapi.json', async () => {
    const response = await fetch(`${service.url}/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const document = await response.json();
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(Object.keys(document.paths).sort(), ['/', '/healthcheck', '/modules', '/openapi.json', '/query', '/version']);
    const requests = document.paths['/query'].post.requestBody.content['application/json'].schema.oneOf;
    assert.deepEqual(requests.map((r: any) => r.properties.module.const), ['ocr', 'ocr_enrich', 'ocr_report']);
    assert.deepEqual(requests.find((r: any) => r.title === 'ocr').required, ['module', 'data']);
  });

  it('serves the try-it page at / when listening on loopback', async () => {
    const response = await fetch(`${service.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await response.text(), /<title>misp-ocr<\/title>[\s\S]*module: 'ocr_report'/);
  });

  it('answers unknown paths with 404 and wrong methods with 405, in JSON', async () => {
    for (const path of ['/nope', '/modules/', '/query/']) {
      const response = await fetch(`${service.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.match((await response.json()).error, /Not found/);
    }
    const wrong = [['POST', '/modules'], ['GET', '/query'], ['DELETE', '/healthcheck'], ['PUT', '/version']];
    for (const [method, path] of wrong) {
      const response = await fetch(`${service.url}${path}`, { method });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.ok(response.headers.get('allow'));
      assert.match((await response.json()).error, /not allowed/);
    }
  });

  const errorCases: [string, unknown, RegExp][] = [
    ['invalid JSON', '{"module": "ocr", ', /not valid JSON/],
    ['empty body', '', /not valid JSON/],
    ['a JSON array', '[1, 2]', /must be a JSON object/],
    ['a JSON string', '"ocr"', /must be a JSON object/],
    ['null', 'null', /must be a JSON object/],
    ['no module', { data: 'aGk=' }, /names no module/],
    ['a module that is not a string', { module: 7 }, /names no module/],
    ['an unknown module', { module: 'dns' }, /Unknown module "dns".*ocr, ocr_enrich, ocr_report/],
    ['a timeout that is not a number', { module: 'ocr', timeout: 'abc', data: 'aGk=' }, /"timeout" must be/],
    ['import without data', { module: 'ocr', event_id: '42', filename: 'x.png' }, /no "data"/],
    ['import with data that is not a string', { module: 'ocr', data: 12 }, /no "data"/],
    ['import with invalid base64', { module: 'ocr', data: '@@@not base64@@@' }, /not valid base64/],
    ['import of binary junk', { module: 'ocr', data: base64(Uint8Array.from([0, 1, 2, 254, 255])) }, /not supported/],
    ['import with a filename that is not a string', { module: 'ocr', data: 'aGk=', filename: 3 }, /"filename" must be a string/],
    ['enrichment without attachment', { module: 'ocr_enrich', data: 'aGk=' }, /no "attachment"/],
    ['enrichment without data', { module: 'ocr_enrich', attachment: 'x.png' }, /Couldn't fetch attachment \(JSON 'data' is empty\)/],
    ['enrichment with empty data', { module: 'ocr_enrich', attachment: 'x.png', data: '' }, /Couldn't fetch attachment/],
    ['enrichment of binary junk', { module: 'ocr_enrich', attachment: 'a.bin', data: base64(Uint8Array.from([0, 1, 2, 254, 255])) }, /Couldn't analyze file type/],
    ['enrichment of a broken PDF', { module: 'ocr_enrich', attachment: 'a.pdf', data: base64(new TextEncoder().encode('%PDF-1.4\n')) }, /Corrupt or unreadable PDF/],
    ['a language that is not installed', { module: 'ocr_enrich', attachment: 'a.png', data: 'aGk=', config: { language: 'klingon' } }, /"klingon" is not installed/],
    ['enrichment of a non-attachment attribute', { module: 'ocr_enrich', attribute: { type: 'ip-dst', value: '1.2.3.4', uuid: 'u' } }, /not ip-dst/],
  ];
  for (const [name, payload, expected] of errorCases) {
    it(`answers 200 with a clear error for ${name}`, async () => {
      const { status, body } = await query(service.url, payload);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['error']);
      assert.match(body.error, expected);
      assert.notEqual(body.error, GENERIC_ERROR);
    });
  }

  it('answers 200 with an error when the body is over the size limit', async () => {
    const { status, body } = await query(service.url, { module: 'ocr', data: 'A'.repeat(3 * 2 ** 20) });
    assert.equal(status, 200);
    assert.match(body.error, /too large.*2 MiB/);
  });

  it('parses the body as JSON whatever the Content-Type', async () => {
    const response = await fetch(`${service.url}/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ module: 'ocr', event_id: 42, data: base64(fixture('beacon.png')), filename: 'beacon.png' }),
    });
    assert.equal(response.status, 200);
    assert.match(textOf(await response.json()), /Beacon to evil-update\.example/);
  });

  it("replays MISP's import payload, with and without a config key", async () => {
    const data = base64(fixture('beacon.png'));
    for (const payload of [
      { module: 'ocr', event_id: '42', data, filename: 'beacon.png' },
      { module: 'ocr', event_id: '42', config: { unused: '1' }, data, filename: 'beacon.png' },
      { module: 'ocr', event_id: '42', data },
    ]) {
      const { status, body } = await query(service.url, payload);
      assert.equal(status, 200);
      assert.deepEqual(body.results.at(-1).types, ['text']);
      assert.match(textOf(body), /Beacon to evil-update\.example every 60s/);
    }
  });

  it("replays MISP's simplified expansion payload for an attachment", async () => {
    const { body } = await query(service.url, {
      module: 'ocr_enrich',
      attachment: 'beacon.png',
      event_id: '42',
      attribute_uuid: '5f6c1c1e-8a8c-4d8e-9a2c-0242ac120002',
      data: base64(fixture('beacon.png')),
    });
    assert.deepEqual(body.results, [
      { types: ['freetext'], values: 'Beacon to evil-update.example every 60s', comment: 'OCR from file beacon.png' },
    ]);
  });

  it('replays the misp_standard expansion payload (attribute object)', async () => {
    const { body } = await query(service.url, {
      module: 'ocr_enrich',
      event_id: '42',
      attribute: {
        id: '7', event_id: '42', object_id: '0', category: 'External analysis', type: 'attachment',
        value: 'beacon.png', to_ids: false, uuid: '5f6c1c1e-8a8c-4d8e-9a2c-0242ac120002', distribution: '5',
        comment: '', data: base64(fixture('beacon.png')),
      },
    });
    assert.equal(body.results[0].comment, 'OCR from file beacon.png');
    assert.match(textOf(body), /evil-update\.example/);
  });
});
