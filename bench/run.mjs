// `npm run bench:page`: per-page OCR time on Node, Bun and Deno and native Tesseract (one thread,
// same model), measured in one run, printed as a table of ratios to native.
// Usage: node bench/run.mjs [FILE] [REPEATS]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const file = process.argv[2] ?? join(root, '../shared/samples/doc0-clean.png');
const repeats = Number(process.argv[3] ?? 5);
const bin = (name) => join(root, 'node_modules/.bin', name);

const runs = [
  ['node', [process.execPath, join(root, 'dist/bench/page.js')]],
  ['bun', [bin('bun'), join(root, 'bench/page.ts')]],
  ['deno', [bin('deno'), 'run', '--no-check', '--allow-read', '--allow-env', '--allow-sys', join(root, 'bench/page.ts')]],
];
const results = [];
for (const [name, [command, ...args]] of runs) {
  const out = execFileSync(command, [...args, file, String(repeats)], { encoding: 'utf8', cwd: root });
  results.push(JSON.parse(out.trim().split('\n').pop()));
  console.error(`${name}: done`);
}

const native = nativeTesseract(file, repeats);
const fmt = (ms) => (ms === undefined ? 'n/a' : `${ms} ms`);
const ratio = (ms) => (native ? (ms / native.recognizeMs).toFixed(2) : 'n/a');
const lines = [
  `Per-page OCR of \`${file.split('/').pop()}\`, median of ${repeats}, one thread, model eng 4.0.0_best_int.`,
  '',
  '| runtime | decode | prepare | recognize | recognize / native |',
  '|---|---|---|---|---|',
  ...results.map((r) => `| ${r.runtime} | ${fmt(r.decodeMs)} | ${fmt(r.prepareMs)} | ${fmt(r.recognizeMs)} | ${ratio(r.recognizeMs)} |`),
  native
    ? `| native tesseract ${native.version} (OMP_THREAD_LIMIT=1) | – | – | ${fmt(native.recognizeMs)} | 1.00 |`
    : '| native tesseract | not installed (apt-get install tesseract-ocr) | | | |',
];
console.log(lines.join('\n'));

/** Native per-page time: one process reads the page N+1 times; the first pass pays start-up and model load. */
function nativeTesseract(image, count) {
  if (spawnSync('tesseract', ['--version']).status !== 0) return undefined;
  const version = spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].split(' ')[1];
  const dir = mkdtempSync(join(tmpdir(), 'misp-ocr-bench-'));
  mkdirSync(join(dir, 'tessdata'));
  const model = readFileSync(join(root, 'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'));
  writeFileSync(join(dir, 'tessdata/eng.traineddata'), gunzipSync(model));
  const time = (n) => {
    writeFileSync(join(dir, 'list.txt'), `${Array(n).fill(image).join('\n')}\n`);
    const started = performance.now();
    execFileSync('tesseract', [join(dir, 'list.txt'), join(dir, 'out'), '--tessdata-dir', join(dir, 'tessdata'), '--oem', '1', '-l', 'eng'], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: 'ignore',
    });
    return performance.now() - started;
  };
  const one = time(1);
  const many = time(count + 1);
  return { version, recognizeMs: Math.round((many - one) / count) };
}
