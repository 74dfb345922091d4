// `npm run eval -- DIR`: reads every document of DIR listed in DIR/truth.json and prints the
// character accuracy per variant (doc0-clean.png → "clean"), then scores the indicators found
// against the truth's with the shared scorer (`../shared/tools/score-indicators.py`, when python3
// is there). --out FILE keeps the texts, --indicators FILE the indicators as the scorer reads them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { parseConfig } from '../src/config.ts';
import { documentIndicators } from '../src/indicators/index.ts';
import { startEngine } from '../src/server.ts';
import { silentLogger } from '../src/util/log.ts';
import { characterAccuracy } from './accuracy.ts';
import { option as given } from './server.ts';

/** `--name VALUE`, or undefined. */
const option = (name: string) => given(name, '') || undefined;

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: eval DIR [--workers N] [--split-pages on|off] [--only SUBSTRING] [--out texts.json] [--indicators indicators.json]');
  process.exit(2);
}
const truth: Record<string, { text: string; indicators?: [string, string][] }> = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
const only = option('only');
const files = Object.keys(truth).filter((f) => existsSync(join(dir, f)) && (!only || f.includes(only)));

const config = parseConfig(
  ['workers', 'split-pages'].flatMap((name) => (option(name) ? [`--${name}`, option(name)!] : [])),
  {},
);
const { pool, reader } = await startEngine(config, silentLogger);
const rows: { file: string; variant: string; accuracy: number; seconds: number; pages: number }[] = [];
const texts: Record<string, string> = {};
const found: Record<string, [string, string][]> = {};
const started = performance.now();
// Documents one after another, pages in parallel: the way a server sees one request at a time.
for (const file of files) {
  const t0 = performance.now();
  const document = await reader.read(new Uint8Array(readFileSync(join(dir, file))), { alpha: 'flatten' });
  const seconds = (performance.now() - t0) / 1000;
  const accuracy = characterAccuracy(document.text, truth[file].text);
  const variant = file.replace(/^[^-]+-/, '').replace(/\.[^.]+$/, '');
  rows.push({ file, variant, accuracy, seconds, pages: document.pages.length });
  texts[file] = document.text;
  // A `filename|sha256` row carries the hash the truth lists: score the hash.
  found[file] = documentIndicators(document).map((i) =>
    i.type.startsWith('filename|') ? [i.type.slice(9), i.value.slice(i.value.indexOf('|') + 1)] : [i.type, i.value],
  );
  const facts = document.pages.map((p) => p.preparation ? `${p.source}/rot${p.preparation.rotation}/skew${p.preparation.skew}/x${p.preparation.scale.toFixed(2)}` : p.source).join(' ');
  console.error(`${file.padEnd(22)} ${accuracy.toFixed(3)} ${seconds.toFixed(2)} s  ${facts}`);
}
await pool.close();


const variants = [...new Set(rows.map((r) => r.variant))].sort();
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
console.log(
  `Character accuracy on ${dir} (${files.length} files, ${config.workers} workers, pages split ${config.splitPages}, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
console.log('| variant | files | mean accuracy | worst | seconds per document |');
console.log('|---|---|---|---|---|');
for (const variant of variants) {
  const group = rows.filter((r) => r.variant === variant);
  console.log(`| ${variant} | ${group.length} | ${mean(group.map((r) => r.accuracy)).toFixed(3)} | ${Math.min(...group.map((r) => r.accuracy)).toFixed(3)} | ${mean(group.map((r) => r.seconds)).toFixed(2)} |`);
}
console.log(`| **all** | ${rows.length} | ${mean(rows.map((r) => r.accuracy)).toFixed(3)} | ${Math.min(...rows.map((r) => r.accuracy)).toFixed(3)} | ${mean(rows.map((r) => r.seconds)).toFixed(2)} |`);
const out = option('out');
if (out) writeFileSync(out, JSON.stringify(texts, null, 1));

const scratch = mkdtempSync(join(tmpdir(), 'misp-ocr-eval-'));
const indicatorsFile = option('indicators') ?? join(scratch, 'indicators.json');
writeFileSync(indicatorsFile, JSON.stringify(found, null, 1));
// The shared folder sits beside the checkout, whether this runs from bench/ or dist/bench/.
const scorer = new URL('../../shared/tools/score-indicators.py', import.meta.url.replace('/dist/bench/', '/bench/'));
if (existsSync(scorer)) {
  // The scorer counts every file of the truth it is given: give it the files read.
  const truthFile = join(scratch, 'truth.json');
  writeFileSync(truthFile, JSON.stringify(Object.fromEntries(files.map((f) => [f, truth[f]]))));
  const scored = spawnSync('python3', [scorer.pathname, truthFile, indicatorsFile, '--by-variant'], { encoding: 'utf8' });
  console.log(`\nIndicators (${scorer.pathname.split('/').slice(-2).join('/')}):\n\n${scored.stdout || scored.stderr || scored.error}`);
} else {
  console.log(`\nIndicators written to ${indicatorsFile} (no scorer found beside the checkout).`);
}
