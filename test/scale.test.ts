// Scaling out: two instances behind nginx (Debian's), configured by deploy/nginx.conf with this
// test's ports. Requests must spread over both, and keep being answered when one instance stops.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { base64, fixture, query, ROOT, startTestService, textOf } from './helpers.ts';

const NGINX = '/usr/sbin/nginx';
const skip = existsSync(NGINX) ? false : `${NGINX} is not installed (Debian package nginx)`;
if (skip) console.log(`skipping the scale-out test: ${skip}`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two instances behind nginx', { skip }, () => {
  const served = [0, 0];
  let instances: Awaited<ReturnType<typeof startTestService>>[] = [];
  let nginx: ChildProcess;
  let dir: string;
  let url: string;

  before(async () => {
    instances = await Promise.all(
      [0, 1].map((n) => startTestService({ workers: 1 }, (event) => event === 'query' && served[n]++)),
    );
    dir = mkdtempSync(join(tmpdir(), 'misp-ocr-nginx-'));
    const port = await freePort();
    // The example as shipped, pointed at this test's ports and with its files in a scratch folder.
    const config = readFileSync(new URL('deploy/nginx.conf', ROOT), 'utf8')
      .replace('127.0.0.1:6667', `127.0.0.1:${instances[0].port}`)
      .replace('127.0.0.1:6668', `127.0.0.1:${instances[1].port}`)
      .replace('listen 127.0.0.1:6666', `listen 127.0.0.1:${port}`)
      .replace('events {', `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {`)
      .replace(
        'http {',
        `http {\n  access_log off;\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`).join('\n')}`,
      );
    assert.ok(config.includes(`127.0.0.1:${instances[1].port}`), 'the example names the two upstream ports');
    writeFileSync(join(dir, 'nginx.conf'), config);
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/healthcheck`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`nginx did not start: ${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`);
  });

  after(async () => {
    nginx?.kill('SIGTERM');
    await Promise.all(instances.map((instance) => instance.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ocr = () => query(url, { module: 'ocr', data: base64(fixture('beacon.png')), config: { result: 'freetext' } });

  it('spreads requests over both instances', async () => {
    served.fill(0);
    const answers = await Promise.all(Array.from({ length: 6 }, ocr));
    for (const { status, body } of answers) {
      assert.equal(status, 200);
      assert.match(textOf(body), /Beacon/);
    }
    assert.equal(served[0] + served[1], 6);
    assert.ok(served[0] > 0 && served[1] > 0, `served ${served}`);
  });

  it('keeps answering when one instance stops', async () => {
    await instances[0].close();
    served.fill(0);
    for (let i = 0; i < 4; i++) {
      const { status, body } = await ocr();
      assert.equal(status, 200);
      assert.match(textOf(body), /Beacon/);
    }
    assert.deepEqual(served, [0, 4]);
  });
});
