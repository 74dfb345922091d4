// Faults and overload: a worker killed mid-page, more requests than the server accepts, SIGTERM with
// work in flight, the shared secret, and the log line each request leaves.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SECRET_HEADER } from '../src/http/app.ts';
import type { WorkerPool } from '../src/ocr/pool.ts';
import type { LogFields } from '../src/util/log.ts';
import { base64, cliCommand, fixture, query, ROOT, shared, startTestService, textOf } from './helpers.ts';
import { textThenScansPdf } from './hostile.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

/** The thread of a worker that is recognizing a page: reached inside the pool, as only a test may. */
function recognizingThread(pool: WorkerPool): { terminate(): Promise<void> } | undefined {
  const slots = (pool as unknown as { slots: { task?: { job: { kind: string } }; worker?: { terminate(): Promise<void> } }[] }).slots;
  return slots.find((slot) => slot.task?.job.kind === 'recognize')?.worker;
}

const importPayload = (bytes: Uint8Array, config: Record<string, string> = {}) => ({
  module: 'ocr',
  filename: 'upload',
  data: base64(bytes),
  config: { result: 'freetext', ...config },
});

describe('faults', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  const logged: [string, LogFields][] = [];
  before(async () => {
    // Node reports a dead worker at once; Web Workers (Bun, Deno) say nothing, so the page limit catches it.
    service = await startTestService({ pageTimeoutSeconds: 10, maxRequests: 2, secret: '' }, (event, fields = {}) =>
      logged.push([event, fields]),
    );
  });
  after(() => service.close());

  it('replaces a worker killed mid-page: that request gets an error, the others go on', async () => {
    const replacedBefore = service.pool.stats().replaced;
    const victim = query(service.url, importPayload(shared('samples/doc0-clean.png')));
    await until(() => recognizingThread(service.pool) !== undefined);
    await recognizingThread(service.pool)!.terminate();
    const { status, body } = await victim;
    assert.equal(status, 200);
    assert.match(body.error, /stopped unexpectedly and was replaced|longer than 10 s/);
    assert.equal(service.pool.stats().replaced, replacedBefore + 1);
    await until(() => service.pool.stats().ready === 2);
    const next = await query(service.url, importPayload(fixture('beacon.png')));
    assert.match(textOf(next.body), /beacon/i);
  });

  it('turns requests past the limit away at once, and answers /healthcheck while every worker is busy', async () => {
    const slow = [1, 2].map(() => query(service.url, importPayload(shared('samples/doc0-fax.tif'))));
    await until(() => service.gate.active === 2);
    const started = performance.now();
    const refused = await query(service.url, importPayload(fixture('beacon.png')));
    const refusedMs = performance.now() - started;
    assert.match(refused.body.error, /busy: 2 requests are in progress/);
    // The refusal does not wait for the work in progress, which takes seconds.
    const health = await (await fetch(`${service.url}/healthcheck`)).json();
    assert.deepEqual(health.requests, { active: 2, limit: 2 });
    assert.equal(health.workers.workers, 2);
    for (const { body } of await Promise.all(slow)) assert.ok(textOf(body).length > 100);
    assert.ok(refusedMs < 1000, `refused after ${refusedMs} ms`);
    const after = await query(service.url, importPayload(fixture('beacon.png')));
    assert.match(textOf(after.body), /beacon/i);
  });

  it('logs one line per request with its facts and none of its contents', async () => {
    logged.length = 0;
    await query(service.url, importPayload(fixture('beacon.png')));
    const lines = logged.filter(([event]) => event === 'query');
    assert.equal(lines.length, 1);
    const [, fields] = lines[0];
    assert.equal(fields.module, 'ocr');
    assert.equal(fields.outcome, 'ok');
    assert.equal(fields.kind, 'png');
    assert.equal(fields.pages, 1);
    assert.equal(fields.fileBytes, fixture('beacon.png').length);
    for (const key of ['ms', 'bodyBytes', 'decodeMs', 'recognizeMs']) assert.equal(typeof fields[key], 'number', key);
    assert.doesNotMatch(JSON.stringify(logged), /beacon/i);
  });
});

describe('answering before MISP stops waiting', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    // One worker, and half a second: time for a text layer, never for a scanned page.
    service = await startTestService({ workers: 1, answerWithinSeconds: 0.5 });
  });
  after(() => service.close());

  const scans = () => textThenScansPdf(shared('samples/doc0-photo.jpg'), 1700, 2200, 3);

  it('answers with the pages read so far, and says which were left out', async () => {
    const { body } = await query(service.url, { module: 'ocr', filename: 'report.pdf', data: base64(scans()) });
    const text = body.results.find((r: any) => r.types[0] === 'text');
    assert.equal(text.values, 'A page with its own text layer, read at once.');
    assert.match(text.comment, /^OCR text of report\.pdf\. Pages 2-4 of 4 were not read: the answer was due after 0\.5 s/);
    assert.match(text.comment, /raise Plugin\.Import_timeout .* --answer-within/);
    const report = await query(service.url, { module: 'ocr_report', filename: 'report.pdf', data: base64(scans()) });
    assert.match(report.body.results.EventReport[0].content, /\*\*Pages 2-4 of 4 were not read/);
    // The pages left out were stopped, which is no fault: the worker is free for the next request.
    await until(() => service.pool.stats().busy === 0 && service.pool.stats().ready === 1);
    assert.equal(service.pool.stats().replaced, 0);
  });

  it('says so when not even one page could be read in time', async () => {
    const { body } = await query(service.url, { module: 'ocr_enrich', attachment: 'photo.jpg', data: base64(shared('samples/doc0-photo.jpg')) });
    assert.match(body.error, /^Timeout\. No page of photo\.jpg could be read in the 0\.5 s before the answer was due/);
  });

  it('answers a little before the request\'s own deadline too', async () => {
    const slow = await startTestService({ workers: 1, answerWithinSeconds: 0 });
    try {
      // MuPDF loads on a worker's first PDF, which may take most of a second: not in the second timed here.
      await query(slow.url, { module: 'ocr', data: base64(textThenScansPdf(shared('samples/doc0-photo.jpg'), 1700, 2200, 0)) });
      const { body } = await query(slow.url, { module: 'ocr', data: base64(scans()), timeout: 1 });
      assert.match(body.results.find((r: any) => r.types[0] === 'text').comment, /Pages 2-4 of 4 were not read: the answer was due after 0\.9 s/);
    } finally {
      await slow.close();
    }
  });
});

describe('cache', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService({ workers: 1, cacheBytes: 2 ** 20 });
  });
  after(() => service.close());

  const health = async () => (await fetch(`${service.url}/healthcheck`)).json();

  it('answers a repeated document from the cache, with fresh results, and other settings afresh', async () => {
    const bytes = fixture('page2.png');
    const first = await query(service.url, { module: 'ocr_report', filename: 'a.png', data: base64(bytes) });
    const again = await query(service.url, { module: 'ocr_report', filename: 'b.png', data: base64(bytes) });
    assert.deepEqual((await health()).cache, { entries: 1, bytes: (await health()).cache.bytes, limitBytes: 2 ** 20, hits: 1, misses: 1 });
    const values = (body: any) => body.results.Attribute.map((a: any) => a.value);
    assert.deepEqual(values(again.body), values(first.body));
    assert.deepEqual(values(again.body), ['198.51.100.23']);
    // Results are built anew: their own UUIDs and the new file name.
    assert.notEqual(again.body.results.Attribute[0].uuid, first.body.results.Attribute[0].uuid);
    assert.equal(again.body.results.EventReport[0].name, 'OCR of b.png');
    // Another language is another reading.
    await query(service.url, { module: 'ocr_report', data: base64(bytes), config: { language: 'fra' } });
    assert.equal((await health()).cache.misses, 2);
  });

  it('keeps to its size, dropping the least recently used first', async () => {
    // Room for the reading of one of these pages (about 800 bytes), not two.
    const small = await startTestService({ workers: 1, cacheBytes: 1000 });
    try {
      for (const name of ['page1.png', 'page2.png', 'page1.png', 'page1.png']) await query(small.url, { module: 'ocr', data: base64(fixture(name)) });
      const { cache } = await (await fetch(`${small.url}/healthcheck`)).json();
      assert.ok(cache.bytes <= 1000, JSON.stringify(cache));
      // page2.png pushed page1.png out, page1.png pushed page2.png out, then page1.png was there.
      assert.deepEqual([cache.entries, cache.misses, cache.hits], [1, 3, 1]);
    } finally {
      await small.close();
    }
  });
});

describe('recycling workers', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService({ workers: 1, recycleAfterPages: 1 });
  });
  after(() => service.close());

  it('replaces a worker after its pages, without failing the document it was reading', async () => {
    const { body } = await query(service.url, importPayload(fixture('pages-g4.tif')));
    const text = textOf(body);
    for (const page of [2, 3]) assert.match(text, new RegExp(`--- page ${page} ---`));
    const stats = service.pool.stats();
    assert.ok(stats.recycled >= 3, JSON.stringify(stats));
    assert.equal(stats.replaced, 0);
  });
});

describe('recycling workers by memory', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    // Any engine holds more than 1 MiB: every job ends with a fresh worker.
    service = await startTestService({ workers: 1, recycleAfterPages: 0, recycleAboveBytes: 2 ** 20 });
  });
  after(() => service.close());

  it('replaces a worker whose WebAssembly memory grew past the limit, and reports the memory', async () => {
    const fresh = service.pool.stats();
    assert.equal(fresh.largestHeapMiB, 0, 'no job has reported yet');
    const { body } = await query(service.url, importPayload(fixture('pages-g4.tif')));
    assert.match(textOf(body), /--- page 3 ---/);
    const stats = service.pool.stats();
    assert.ok(stats.recycled >= 3, JSON.stringify(stats));
    assert.equal(stats.replaced, 0);
  });

  it('keeps a worker below the limit', async () => {
    const roomy = await startTestService({ workers: 1, recycleAfterPages: 0, recycleAboveBytes: 2 ** 40 });
    try {
      await query(roomy.url, importPayload(fixture('page2.png')));
      const stats = roomy.pool.stats();
      assert.equal(stats.recycled, 0);
      // An engine with its model loaded holds tens of MiB.
      assert.ok(stats.largestHeapMiB > 20, JSON.stringify(stats));
    } finally {
      await roomy.close();
    }
  });
});

describe('shared secret', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService({ workers: 1, secret: 'correct horse' });
  });
  after(() => service.close());

  it(`asks every route but /healthcheck for the ${SECRET_HEADER} header`, async () => {
    assert.equal((await fetch(`${service.url}/modules`)).status, 401);
    const wrong = await fetch(`${service.url}/query`, { method: 'POST', headers: { [SECRET_HEADER]: 'battery staple' }, body: '{}' });
    assert.equal(wrong.status, 401);
    assert.match((await wrong.json()).error, /Missing or wrong X-MISP-OCR-Secret/);
    assert.equal((await fetch(`${service.url}/healthcheck`)).status, 200);
    const right = await fetch(`${service.url}/modules`, { headers: { [SECRET_HEADER]: 'correct horse' } });
    assert.equal(right.status, 200);
    assert.ok(Array.isArray(await right.json()));
  });
});

describe('stopping', () => {
  const children: ChildProcess[] = [];
  // A failed test must not leave its server running.
  after(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

  /** Starts `misp-ocr serve` as its own process and waits for it to listen. */
  async function startServer(args: string[]) {
    const [command, ...prefix] = cliCommand();
    const child = spawn(command, [...prefix, 'serve', '--port', '0', '--workers', '1', '--answer-within', '0', ...args], {
      cwd: fileURLToPath(ROOT),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const events: LogFields[] = [];
    let pending = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          events.push(JSON.parse(line));
        } catch {
          events.push({ event: 'text', line });
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => events.some((e) => e.event === 'listening'), 60_000);
    const url = String(events.find((e) => e.event === 'listening')!.url);
    return { child, events, exited, url };
  }

  it('on SIGTERM, finishes the request in progress, then exits 0', async () => {
    const server = await startServer([]);
    const inFlight = query(server.url, importPayload(shared('samples/doc0-fax.tif')));
    await until(async () => (await (await fetch(`${server.url}/healthcheck`)).json()).requests.active === 1);
    // As a supervisor would send it (Deno's child.kill() reports a signal exit whatever the child does).
    process.kill(server.child.pid!, 'SIGTERM');
    const { body } = await inFlight;
    assert.ok(textOf(body).length > 100);
    assert.equal(await server.exited, 0);
    assert.ok(server.events.some((e) => e.event === 'stopping' && e.signal === 'SIGTERM' && e.active === 1));
  });

  it('past the grace period, fails the request in progress with a clear error, then exits 0', async () => {
    const server = await startServer(['--grace', '0']);
    const inFlight = query(server.url, importPayload(shared('samples/doc0-fax.tif')));
    await until(async () => (await (await fetch(`${server.url}/healthcheck`)).json()).requests.active === 1);
    process.kill(server.child.pid!, 'SIGTERM');
    const { body } = await inFlight;
    assert.equal(body.error, 'The OCR workers are shutting down.');
    assert.equal(await server.exited, 0);
    assert.ok(server.events.some((e) => e.event === 'grace-over' && e.failing === 1));
  });
});
