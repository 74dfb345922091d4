// tesseract.js on the bench's pages, in a process of its own so that its memory is measured alone:
// each page read once by one worker (latency), then every page by one worker per core at once
// (throughput). Same model as misp-ocr, from the same package. Prints one JSON line.
// Usage: node dist/bench/tesseractjs.js MODEL_DIR WORKERS PAGE.png…
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { createScheduler, createWorker, OEM } from 'tesseract.js';

const [langPath, workersText, ...pages] = process.argv.slice(2);
const images = pages.map((page) => readFileSync(page));
const options = { langPath, gzip: true, cacheMethod: 'none' };

const single = await createWorker('eng', OEM.LSTM_ONLY, options);
await single.recognize(images[0]); // warm-up, as misp-ocr's workers warm up
const perPageMs: number[] = [];
for (const image of images) {
  const started = performance.now();
  await single.recognize(image);
  perPageMs.push(performance.now() - started);
}
await single.terminate();

const scheduler = createScheduler();
for (let i = 0; i < Number(workersText); i++) scheduler.addWorker(await createWorker('eng', OEM.LSTM_ONLY, options));
const started = performance.now();
await Promise.all(images.map((image) => scheduler.addJob('recognize', image)));
const pagesPerSecond = images.length / ((performance.now() - started) / 1000);
await scheduler.terminate();
console.log(JSON.stringify({ perPageMs, pagesPerSecond }));
