// One page read in bands over idle workers (src/ocr/bands.ts): where the cuts go, how the bands'
// readings are joined, and real OCR of sample pages read both ways, which must say the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Buffer } from 'node:buffer';
import { PNG } from 'pngjs';
import { characterAccuracy } from '../bench/accuracy.ts';
import { parseConfig } from '../src/config.ts';
import type { Box } from '../src/image/prepare.ts';
import { joinBands, MIN_LINES_PER_BAND, planBands } from '../src/ocr/bands.ts';
import type { PageRecognition } from '../src/ocr/jobs.ts';
import type { DocumentText } from '../src/ocr/reader.ts';
import { startEngine } from '../src/server.ts';
import { silentLogger } from '../src/util/log.ts';
import { shared } from './helpers.ts';

/** Full-width lines 40 px high, 20 px apart, from y = 100. */
const lines = (count: number): Box[] => Array.from({ length: count }, (_, i) => ({ left: 50, right: 2000, top: 100 + 60 * i, bottom: 140 + 60 * i }));

describe('cutting a page into bands', () => {
  it('cuts between lines into near-equal bands covering the page', () => {
    const bands = planBands(lines(24), 3300, 2);
    assert.equal(bands.length, 2);
    assert.deepEqual([bands[0].top, bands[1].bottom], [0, 3300]);
    assert.equal(bands[0].bottom, bands[1].top);
    // The cut lies in the gap after line 12 (rows 800-820).
    assert.ok(bands[0].bottom >= 800 && bands[0].bottom <= 820, JSON.stringify(bands));
  });

  it('never crosses a line', () => {
    const boxes = lines(40);
    for (const band of planBands(boxes, 3300, 4).slice(1)) {
      assert.ok(boxes.every((box) => box.bottom <= band.top || box.top >= band.top), `cut at ${band.top}`);
    }
  });

  it('leaves a page of few lines whole', () => {
    assert.deepEqual(planBands(lines(2 * MIN_LINES_PER_BAND - 1), 3300, 2), [{ top: 0, bottom: 3300 }]);
    assert.deepEqual(planBands(lines(24), 3300, 1), [{ top: 0, bottom: 3300 }]);
  });

  it('does not cut through columns or table rows', () => {
    // Two columns: every line has a neighbour beside it.
    const columns = lines(24).flatMap((box) => [{ ...box, right: 900 }, { ...box, left: 1100 }]);
    assert.equal(planBands(columns, 3300, 2).length, 1);
  });
});

describe('joining the bands', () => {
  const reading = (text: string, turned: boolean, top: number): PageRecognition => ({
    text: `${text}\n`,
    confidence: 0.9,
    words: [{ text, confidence: 0.9, box: { left: 10, top, right: 110, bottom: top + 30 } }],
    width: 1000,
    height: 500,
    preparation: { rotation: turned ? 180 : 0, skew: 0, scale: 1, inverted: false },
    timings: { renderMs: 0, prepareMs: 0, recognizeMs: 100, secondLookMs: 10 },
  });
  const page = { width: 1000, height: 1000, pixels: new Uint8Array(0) };
  const upright = { rotation: 0 as const, skew: 0, scale: 1, inverted: false };
  const bands = [{ top: 0, bottom: 500 }, { top: 500, bottom: 1000 }];

  it('keeps reading order and moves word boxes into the page', () => {
    const joined = joinBands(page, upright, bands, [reading('first', false, 20), reading('second', false, 20)]);
    assert.equal(joined.text, 'first\nsecond\n');
    assert.deepEqual(joined.words.map((w) => w.box.top), [20, 520]);
    assert.equal(joined.timings.recognizeMs, 200);
  });

  it('reads a page whose bands were all upside down from its last band up', () => {
    const joined = joinBands(page, upright, bands, [reading('second', true, 20), reading('first', true, 20)]);
    assert.equal(joined.text, 'first\nsecond\n');
    assert.equal(joined.preparation.rotation, 180);
    assert.deepEqual(joined.words.map((w) => [w.text, w.box.top]), [['first', 20], ['second', 520]]);
  });
});

describe('real pages read in bands', () => {
  const truth = JSON.parse(new TextDecoder().decode(shared('samples/truth.json')));
  const readers: Record<'on' | 'off', Awaited<ReturnType<typeof startEngine>>> = {} as never;
  before(async () => {
    for (const split of ['on', 'off'] as const) {
      readers[split] = await startEngine(parseConfig(['--workers', '2', '--split-pages', split, '--cache-mb', '0'], {}), silentLogger);
    }
  });
  after(async () => {
    for (const engine of Object.values(readers)) await engine.pool.close();
  });
  const read = (split: 'on' | 'off', bytes: Uint8Array): Promise<DocumentText> => readers[split].reader.read(bytes, { alpha: 'flatten' });

  for (const sample of ['doc0-clean.png', 'doc3-skewed.png']) {
    it(`reads ${sample} in two bands as well as whole`, async () => {
      const bytes = shared(`samples/${sample}`);
      const [split, whole] = [await read('on', bytes), await read('off', bytes)];
      assert.equal(split.pages[0].bands, 2);
      assert.equal(whole.pages[0].bands, undefined);
      const [splitAccuracy, wholeAccuracy] = [split.text, whole.text].map((text) => characterAccuracy(text, truth[sample].text));
      assert.ok(splitAccuracy >= 0.98, `split ${splitAccuracy}`);
      assert.ok(splitAccuracy >= wholeAccuracy - 0.01, `split ${splitAccuracy}, whole ${wholeAccuracy}`);
    });
  }

  it('reads an upside-down page in bands, in order', async () => {
    const image = PNG.sync.read(Buffer.from(shared('samples/doc0-clean.png')));
    // Turning by 180 degrees reverses the order of the pixels.
    new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height).reverse();
    const document = await read('on', new Uint8Array(PNG.sync.write(image)));
    assert.equal(document.pages[0].bands, 2);
    assert.equal(document.pages[0].preparation?.rotation, 180);
    const accuracy = characterAccuracy(document.text, truth['doc0-clean.png'].text);
    assert.ok(accuracy >= 0.98, `${accuracy}\n${document.text}`);
  });

  it('leaves pages whole when there are as many pages as idle workers', async () => {
    const document = await read('on', shared('samples/doc0-scan.pdf'));
    assert.equal(document.pages.length, 2);
    assert.ok(document.pages.every((page) => page.bands === undefined));
  });
});
