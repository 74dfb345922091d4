// Per-page timing of the pipeline on the runtime that runs this file, in one thread:
// decode → prepare → recognize, each stage timed separately. Prints one JSON line.
// Usage: <runtime> bench/page.ts FILE [REPEATS]
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { planDocument } from '../src/image/decode.ts';
import { preparePage } from '../src/image/prepare.ts';
import { TesseractEngine } from '../src/ocr/engine.ts';
import { runtimeName } from '../src/http/serve.ts';
import { loadEngineWasm, loadModel } from '../wasm/assets.ts';
import { median } from './server.ts';

const [file, repeatsText = '5'] = process.argv.slice(2);
if (!file) {
  console.error('usage: page.ts FILE [REPEATS]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const engine = await TesseractEngine.create(await loadEngineWasm(), await loadModel('eng'));
engine.warmUp();

const samples = { decode: [] as number[], prepare: [] as number[], recognize: [] as number[] };
let text = '';
for (let i = 0; i < Number(repeatsText); i++) {
  let mark = performance.now();
  const limits = { maxPixels: 36_000_000, maxPages: 1 };
  const [plan] = (await planDocument(bytes.slice(), { limits, alpha: 'flatten', documentId: String(i) })).pages;
  if (plan.kind !== 'raster') throw new Error('page.ts times single images (PNG, JPEG, GIF, BMP, WebP)');
  samples.decode.push(performance.now() - mark);
  mark = performance.now();
  const prepared = preparePage(plan.page, engine, limits.maxPixels);
  samples.prepare.push(performance.now() - mark);
  mark = performance.now();
  text = engine.recognize(prepared.page, { dpi: prepared.page.dpi?.x }).text;
  samples.recognize.push(performance.now() - mark);
}
console.log(
  JSON.stringify({
    runtime: runtimeName(),
    file,
    decodeMs: Math.round(median(samples.decode)),
    prepareMs: Math.round(median(samples.prepare)),
    recognizeMs: Math.round(median(samples.recognize)),
    characters: text.length,
  }),
);
