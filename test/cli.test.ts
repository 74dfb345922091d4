// The `misp-ocr` command on the runtime running the tests: extract and scan output, exit codes,
// and one-line errors without stack traces for user mistakes.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { cliCommand, ROOT, startTestService } from './helpers.ts';

function run(args: string[], input?: string) {
  const [command, ...prefix] = cliCommand();
  const result = spawnSync(command, [...prefix, ...args], { cwd: fileURLToPath(ROOT), input, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const REPORT = 'C2 185.220.101[.]47 and hxxps://evil-update[.]com/gate.php\nPatch CVE-2021-44228.';

describe('misp-ocr command', () => {
  it('extract prints the indicators of standard input as JSON', () => {
    const { code, stdout } = run(['extract', '-'], REPORT);
    assert.equal(code, 0);
    const indicators = JSON.parse(stdout);
    assert.deepEqual(
      indicators.map((i: any) => [i.type, i.value]),
      [['ip-dst', '185.220.101.47'], ['url', 'https://evil-update.com/gate.php'], ['vulnerability', 'CVE-2021-44228']],
    );
    for (const indicator of indicators) {
      for (const key of ['type', 'types', 'value', 'category', 'to_ids', 'comment']) assert.ok(key in indicator, key);
    }
  });

  it('extract reads a file, and prints JSON lines or a table on request', () => {
    const lines = run(['extract', '--lines', 'test/fixtures/text-layer.txt']);
    assert.equal(lines.code, 0, lines.stderr);
    assert.deepEqual(lines.stdout.trim().split('\n').map((l) => JSON.parse(l).value), ['203.0.113.9', 'example.org']);
    const table = run(['extract', '--table', '-'], REPORT);
    assert.match(table.stdout, /^ip-dst +185\.220\.101\.47 +ids$/m);
  });

  it('scan reads documents and lists their indicators as JSON', () => {
    const { code, stdout } = run(['scan', '--json', '--workers', '1', 'test/fixtures/page2.png']);
    assert.equal(code, 0);
    const [report] = JSON.parse(stdout);
    assert.equal(report.file, 'test/fixtures/page2.png');
    assert.equal(report.pages, 1);
    assert.equal(report.text, 'Page two: it contacted 198.51.100.23');
    assert.deepEqual(report.indicators.map((i: any) => [i.type, i.value]), [['ip-dst', '198.51.100.23']]);
  });

  it('says what is wrong in one line, with exit code 2 for usage mistakes and 1 for bad documents', () => {
    for (const [args, message] of [
      [['extract', 'no-such-file.txt'], /cannot read no-such-file\.txt: ENOENT/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['extract', '--colour'], /unknown option --colour/],
      [['scan'], /scan needs at least one file/],
      [['scan', '--lang', 'xx', 'a.png'], /language "xx" is not installed/],
    ] as const) {
      const { code, stderr } = run([...args]);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
    const junk = run(['scan', '--workers', '1', 'test/fixtures/generate.sh']);
    assert.equal(junk.code, 0, 'a shell script is plain text and passes through');
    const broken = run(['scan', '--workers', '1', 'test/fixtures/encrypted.pdf']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /encrypted\.pdf: .*encrypted with a password/);
  });

  it('reads a language from a model directory given on the command line', () => {
    // The French model under the code of Middle French, which no npm package installs here.
    const dir = mkdtempSync(join(tmpdir(), 'misp-ocr-models-'));
    try {
      copyFileSync(fileURLToPath(new URL('node_modules/@tesseract.js-data/fra/4.0.0_best_int/fra.traineddata.gz', ROOT)), join(dir, 'frm.traineddata.gz'));
      assert.match(run(['scan', '--lang', 'frm', 'test/fixtures/french.png']).stderr, /language "frm" is not installed/);
      const { code, stdout, stderr } = run(['scan', '--json', '--workers', '1', '--lang', 'frm', '--model-dir', dir, 'test/fixtures/french.png']);
      assert.equal(code, 0, stderr);
      assert.match(JSON.parse(stdout)[0].text, /é/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('health says whether a server is up, with its exit code', async () => {
    const down = run(['health', '--url', 'http://127.0.0.1:9/healthcheck']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /did not answer/);
    const service = await startTestService({ workers: 1 });
    try {
      const [command, ...prefix] = cliCommand();
      const { stdout } = await promisify(execFile)(command, [...prefix, 'health', '--url', `${service.url}/healthcheck`], { cwd: fileURLToPath(ROOT) });
      assert.equal(JSON.parse(stdout).status, true);
    } finally {
      await service.close();
    }
  });

  it('prints its version and help', () => {
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match(run(['--help']).stdout, /misp-ocr scan FILE/);
  });
});
