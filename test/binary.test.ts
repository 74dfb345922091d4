// The single binary: built with Bun's --compile, copied alone into an empty directory, it must serve
// MISP's protocol and scan from the command line with nothing beside it. The Deno build needs Deno's
// `denort` runtime, which is downloaded from the internet unless DENORT_BIN names a copy: without
// one its test is skipped, with the reason printed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { base64, fixture, query, ROOT, textOf } from './helpers.ts';

const root = fileURLToPath(ROOT);
const bin = (name: string) => join(root, 'node_modules/.bin', name);

/** Runs `command` in `cwd` with nothing but a PATH, as an admin's service manager would. */
function runAlone(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { PATH: '/usr/bin:/bin' } });
}

/** Starts `misp-ocr serve` from the binary and waits for its `listening` log line. */
async function serveFrom(binary: string, cwd: string) {
  const child = spawn(binary, ['serve', '--port', '0', '--workers', '1'], { cwd, env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${log}`)), 60_000);
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      const found = log.match(/"event":"listening","url":"([^"]+)"/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the binary exited (${code}): ${log}`)));
  });
  return { child, url };
}

describe('single binary (Bun)', () => {
  let dir: string;
  let binary: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'misp-ocr-binary-'));
    const built = join(dir, 'build', 'misp-ocr');
    const build = spawnSync(bin('bun'), ['build', '--compile', 'src/binary.ts', 'src/ocr/worker.ts', '--outfile', built], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    // Alone in an empty directory: no node_modules, no sources.
    binary = join(dir, 'misp-ocr');
    copyFileSync(built, binary);
    chmodSync(binary, 0o755);
    rmSync(join(dir, 'build'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scans a page from the command line', () => {
    const page = join(dir, 'page2.png');
    copyFileSync(fileURLToPath(new URL('test/fixtures/page2.png', ROOT)), page);
    const result = runAlone(binary, ['scan', '--json', '--workers', '1', 'page2.png'], dir);
    assert.equal(result.status, 0, result.stderr);
    const [report] = JSON.parse(result.stdout);
    assert.equal(report.text, 'Page two: it contacted 198.51.100.23');
    assert.deepEqual(report.indicators.map((i: any) => i.value), ['198.51.100.23']);
    assert.equal(runAlone(binary, ['--version'], dir).stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('serves MISP: /modules, and a PDF through /query', async () => {
    const { child, url } = await serveFrom(binary, dir);
    try {
      const modules = await (await fetch(`${url}/modules`)).json();
      assert.deepEqual(modules.map((m: any) => m.name), ['ocr', 'ocr_enrich', 'ocr_report']);
      const { body } = await query(url, { module: 'ocr', data: base64(fixture('two-pages.pdf')), config: { result: 'freetext' } });
      assert.match(textOf(body), /Page one: the dropper arrived by mail[\s\S]*--- page 2 ---[\s\S]*198\.51\.100\.23/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

const denort = process.env.DENORT_BIN;
const denoSkip = denort && existsSync(denort) ? false : 'DENORT_BIN does not name a denort binary, and deno compile cannot download one here';
if (denoSkip) console.log(`skipping the Deno binary test: ${denoSkip}`);

describe('single binary (Deno)', { skip: denoSkip }, () => {
  it('deno task compile builds a binary that scans a page alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'misp-ocr-deno-binary-'));
    try {
      const build = spawnSync(bin('deno'), ['task', 'compile'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
      assert.equal(build.status, 0, build.stderr);
      const binary = join(dir, 'misp-ocr');
      copyFileSync(join(root, 'dist/misp-ocr-deno'), binary);
      chmodSync(binary, 0o755);
      copyFileSync(fileURLToPath(new URL('test/fixtures/page2.png', ROOT)), join(dir, 'page2.png'));
      const result = runAlone(binary, ['scan', '--json', '--workers', '1', 'page2.png'], dir);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout)[0].text, 'Page two: it contacted 198.51.100.23');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
