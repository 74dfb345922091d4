// `npm run bench:page`: per-page OCR time on Node, Bun and Deno and native Tesseract (one thread,
// same model), measured in one run, printed as a table of ratios to native.
// Usage: node bench/run.mjs [FILE] [REPEATS]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { nativeTesseract } from '../dist/bench/baselines.js';

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

const found = nativeTesseract();
const native = typeof found === 'string' ? undefined : { version: found.version, recognizeMs: Math.round(await found.perPageMs([file], repeats)) };
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
