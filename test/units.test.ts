// The pure pieces, without a server: base64, file sniffing, header checks, TIFF page walking,
// page joining and settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig, servesTryPage } from '../src/config.ts';
import { applyExifOrientation, DocumentError, planDocument, readExifOrientation, readImageSize, readTiffDirectories } from '../src/image/decode.ts';
import { estimateSkew } from '../src/image/prepare.ts';
import { resize, rgbaToGray, rotateQuarter, rotateSmall, smooth, type GrayPage } from '../src/image/raster.ts';
import { sniffFileKind } from '../src/image/sniff.ts';
import { joinPages } from '../src/ocr/reader.ts';
import { settleGlyphs } from '../src/ocr/glyphs.ts';
import { areHalvesOfAHash } from '../src/ocr/reread.ts';
import type { LegacySymbol } from '../src/ocr/legacy.ts';
import { keepClassesInContext, rewriteWords, vote } from '../src/ocr/vote.ts';
import { decodeBase64, encodeBase64 } from '../src/util/base64.ts';
import { fixture } from './helpers.ts';
import { webpHeader } from './hostile.ts';

const LIMITS = { maxPixels: 50_000_000, maxPages: 100 };

/** A little-endian TIFF skeleton whose directories point at each other as `next` says. */
function tiffWithDirectories(next: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + next.length * 18);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, 8, true);
  next.forEach((target, i) => {
    const at = 8 + i * 18;
    view.setUint16(at, 0, true); // no entries
    view.setUint32(at + 2, target < 0 ? 0 : 8 + target * 18, true);
  });
  return bytes;
}

/** A white crop with strokes drawn 5 px in from its left edge, for glyph measures: filled boxes and 3 px rings. */
function glyphCanvas(width: number, height: number) {
  const pixels = new Uint8Array(width * height).fill(255);
  const ink = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pixels[y * width + x + 5] = 0;
  };
  const ring = (x0: number, y0: number, x1: number, y1: number) => {
    ink(x0, y0, x1, y0 + 3), ink(x0, y1 - 3, x1, y1), ink(x0, y0, x0 + 3, y1), ink(x1 - 3, y0, x1, y1);
  };
  return { image: { width, height, pixels }, ink, ring };
}

describe('base64', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  it('round-trips every byte value', () => {
    assert.deepEqual(decodeBase64(encodeBase64(bytes)), bytes);
  });
  it('accepts line breaks, missing padding, URL-safe alphabet and a data: URL prefix', () => {
    const text = encodeBase64(bytes);
    assert.deepEqual(decodeBase64(text.replace(/(.{76})/g, '$1\r\n')), bytes);
    assert.deepEqual(decodeBase64(text.replace(/=+$/, '')), bytes);
    assert.deepEqual(decodeBase64(text.replace(/\+/g, '-').replace(/\//g, '_')), bytes);
    assert.deepEqual(decodeBase64(`data:image/png;base64,${text}`), bytes);
  });
  it('refuses foreign characters and truncated input', () => {
    assert.throws(() => decodeBase64('abc$def'), /not valid base64/);
    assert.throws(() => decodeBase64('abcde'), /truncated/);
  });
  it('returns an array that owns its whole buffer', () => {
    const decoded = decodeBase64('aGVsbG8=');
    assert.equal(decoded.byteOffset, 0);
    assert.equal(decoded.buffer.byteLength, 5);
  });
});

describe('file sniffing', () => {
  const cases: [string, number[] | string, string][] = [
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    ['GIF', 'GIF89a', 'gif'],
    ['TIFF little-endian', [0x49, 0x49, 0x2a, 0], 'tiff'],
    ['TIFF big-endian', [0x4d, 0x4d, 0, 0x2a], 'tiff'],
    ['WebP', 'RIFF\0\0\0\0WEBPVP8 ', 'webp'],
    ['PDF after junk', '\n\n%PDF-1.7', 'pdf'],
    ['text', 'hello world', 'text'],
    ['binary', [0, 1, 2, 0xfe], 'unknown'],
  ];
  for (const [name, head, kind] of cases) {
    it(`recognizes ${name}`, () => {
      const bytes = typeof head === 'string' ? new TextEncoder().encode(head.padEnd(32, ' ')) : Uint8Array.from([...head, ...new Array(32).fill(0)]);
      assert.equal(sniffFileKind(bytes), kind);
    });
  }
  it('ignores what a file name would say: a JPEG is a JPEG', () => {
    assert.equal(sniffFileKind(fixture('beacon.jpg')), 'jpeg');
  });
});

const plan = (bytes: Uint8Array, limits = LIMITS) => planDocument(bytes, { limits, alpha: 'flatten', documentId: crypto.randomUUID() });

describe('decoding', () => {
  it('reads the page sizes and resolutions of a TIFF from its directories', () => {
    const pages = readTiffDirectories(fixture('pages-g4.tif'), 10);
    assert.deepEqual(pages.map((p) => [p.width, p.height]), [[1021, 120], [1009, 120], [953, 120]]);
    assert.deepEqual(pages[0].dpi, { x: 300, y: 300 });
    assert.deepEqual(readTiffDirectories(fixture('fax-204x98.tif'), 10)[0].dpi, { x: 204, y: 98 });
  });
  it('outlines each TIFF page for rendering', async () => {
    const { kind, pages } = await plan(fixture('pages-g4.tif'));
    assert.equal(kind, 'tiff');
    assert.deepEqual(pages.map((p) => p.kind), ['render', 'render', 'render']);
  });
  it('decodes single images to one grayscale page', async () => {
    for (const name of ['beacon.png', 'beacon.jpg', 'beacon.gif', 'beacon.bmp', 'beacon.webp']) {
      const { pages } = await plan(fixture(name));
      assert.equal(pages.length, 1, name);
      const page = pages[0];
      assert.equal(page.kind, 'raster', name);
      if (page.kind === 'raster') {
        assert.deepEqual([page.page.width, page.page.height], [1113, 120], name);
        assert.equal(page.page.pixels.length, 1113 * 120, name);
      }
    }
  });
  it('passes plain text through without recognition', async () => {
    const { kind, pages } = await plan(new TextEncoder().encode('ip,comment\n198.51.100.7,c2\n'));
    assert.equal(kind, 'text');
    assert.deepEqual(pages, [{ kind: 'text', text: 'ip,comment\n198.51.100.7,c2\n', source: 'plain-text' }]);
  });
  it('scales a page over the pixel budget down to it', async () => {
    const { pages } = await plan(fixture('beacon.png'), { ...LIMITS, maxPixels: 50_000 });
    assert.equal(pages[0].kind, 'raster');
    if (pages[0].kind === 'raster') assert.ok(pages[0].page.width * pages[0].page.height <= 50_000);
  });
  it('refuses a page far over the budget from its header, before decoding', async () => {
    await assert.rejects(
      plan(fixture('beacon.png'), { ...LIMITS, maxPixels: 10_000 }),
      (e: unknown) => e instanceof DocumentError && e.code === 'too-large' && /1113x120/.test(e.message),
    );
  });
  it('reads the size of lossy, lossless and extended WebP files from their headers', () => {
    assert.deepEqual(readImageSize(fixture('beacon.webp'), 'webp'), { width: 1113, height: 120 });
    assert.deepEqual(readImageSize(webpHeader('VP8L', 16_384, 3), 'webp'), { width: 16_384, height: 3 });
    assert.deepEqual(readImageSize(webpHeader('VP8X', 70_000, 2), 'webp'), { width: 70_000, height: 2 });
    assert.equal(readImageSize(fixture('beacon.webp').slice(0, 20), 'webp'), undefined);
  });
  it('refuses a TIFF with more pages than allowed', async () => {
    await assert.rejects(plan(fixture('pages-g4.tif'), { ...LIMITS, maxPages: 2 }), /more than 2 pages/);
  });
  it('detects a TIFF whose page list loops', () => {
    assert.equal(readTiffDirectories(tiffWithDirectories([1, 2, -1]), 10).length, 3);
    assert.throws(() => readTiffDirectories(tiffWithDirectories([1, 0]), 10), /loops/);
    assert.throws(() => readTiffDirectories(tiffWithDirectories([0]), 10), /loops/);
  });
  it('calls truncated files corrupt', async () => {
    for (const name of ['beacon.png', 'beacon.jpg', 'beacon.gif', 'pages-g4.tif', 'beacon.webp', 'two-pages.pdf']) {
      const truncated = fixture(name).slice(0, 60);
      await assert.rejects(plan(truncated), (e: unknown) => e instanceof DocumentError, name);
    }
  });
  it('names what it does not read', async () => {
    await assert.rejects(plan(Uint8Array.from([0, 1, 2, 3, 4, 5, 0xfe, 0xff])), /not supported/);
    await assert.rejects(plan(new Uint8Array(0)), /empty/);
  });
});

/** A minimal JPEG header with an EXIF APP1 segment carrying `orientation`. */
function jpegWithOrientation(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const app1 = [...new TextEncoder().encode('Exif'), 0, 0, ...tiff];
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, app1.length + 2, ...app1, 0xff, 0xda, 0, 2]);
}

describe('pixels', () => {
  it('smooths each pixel to the mean of its 3x3 square, leaving flat areas as they are', () => {
    const dot = { width: 3, height: 3, pixels: Uint8Array.from([255, 255, 255, 255, 0, 255, 255, 255, 255]) };
    assert.deepEqual([...smooth(dot).pixels], new Array(9).fill(227));
    const edge = { width: 4, height: 1, pixels: Uint8Array.from([0, 255, 255, 255]) };
    assert.deepEqual([...smooth(edge).pixels], [85, 170, 255, 255]);
    const flat = { width: 4, height: 2, pixels: new Uint8Array(8).fill(90) };
    assert.deepEqual([...smooth(flat).pixels], [...flat.pixels]);
  });
  const page: GrayPage = { width: 3, height: 2, pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
  it('flattens transparent pixels onto white, or drops alpha keeping the colour underneath', () => {
    const rgba = [0, 0, 0, 0, 255, 0, 0, 255];
    assert.deepEqual([...rgbaToGray(rgba, 2, 1, 'flatten')], [255, 76]);
    assert.deepEqual([...rgbaToGray(rgba, 2, 1, 'drop')], [0, 76]);
  });
  it('turns pages by quarter turns', () => {
    assert.deepEqual([...rotateQuarter(page, 90).pixels], [4, 1, 5, 2, 6, 3]);
    assert.deepEqual([...rotateQuarter(page, 180).pixels], [6, 5, 4, 3, 2, 1]);
    assert.deepEqual([...rotateQuarter(page, 270).pixels], [3, 6, 2, 5, 1, 4]);
    assert.deepEqual(rotateQuarter(rotateQuarter(page, 90), 270), page);
  });
  it('resizes both ways', () => {
    assert.deepEqual([resize(page, 6, 4).width, resize(page, 6, 4).height], [6, 4]);
    const big: GrayPage = { width: 4, height: 4, pixels: new Uint8Array(16).fill(100) };
    assert.deepEqual([...resize(big, 2, 2).pixels], [100, 100, 100, 100]);
  });
  it('reads the EXIF orientation of a JPEG and applies it', () => {
    for (const value of [1, 3, 6, 8]) assert.equal(readExifOrientation(jpegWithOrientation(value)), value);
    assert.equal(readExifOrientation(fixture('beacon.jpg')), 1);
    assert.deepEqual(applyExifOrientation(page, 6), rotateQuarter(page, 90));
    assert.deepEqual(applyExifOrientation(page, 8), rotateQuarter(page, 270));
  });
  it('measures the skew of lines of ink and undoes it', () => {
    const width = 600;
    const height = 400;
    const pixels = new Uint8Array(width * height).fill(255);
    for (let line = 40; line < 360; line += 30) {
      for (let y = line; y < line + 10; y++) for (let x = 50; x < 550; x += 3) pixels[y * width + x] = 0;
    }
    const straight: GrayPage = { width, height, pixels };
    assert.equal(estimateSkew(straight), 0);
    for (const angle of [3, -2]) {
      const skewed = rotateSmall(straight, angle);
      const correction = estimateSkew(skewed);
      assert.ok(Math.abs(correction + angle) <= 0.3, `${angle}: ${correction}`);
    }
  });
});

describe('joining pages', () => {
  it('keeps one page as it is, minus trailing blanks', () => {
    assert.equal(joinPages([{ number: 1, text: 'line one  \nline two\n\n' }]), 'line one\nline two');
  });
  it('marks every page after the first', () => {
    assert.equal(
      joinPages([{ number: 1, text: 'a\n' }, { number: 2, text: 'b\n' }]),
      'a\n\n--- page 2 ---\n\nb',
    );
  });
});

describe('settings', () => {
  it('defaults to loopback, port 6666 and one worker per core', () => {
    const config = parseConfig([], {});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 6666);
    assert.ok(config.workers >= 1);
  });
  it('takes flags over environment variables', () => {
    const config = parseConfig(['--port', '7000', '--workers=3'], { PORT: '8000', HOST: '::1', WORKERS: '5' });
    assert.deepEqual([config.host, config.port, config.workers], ['::1', 7000, 3]);
  });
  it('serves the try-it page by default on loopback only, unless told', () => {
    const page = (args: string[]) => servesTryPage(parseConfig(args, {}));
    assert.deepEqual(
      [page([]), page(['--host', '::1']), page(['--host', '0.0.0.0']), page(['--host', '0.0.0.0', '--web', 'on']), page(['--web', 'off'])],
      [true, true, false, true, false],
    );
    assert.throws(() => parseConfig(['--web', 'yes'], {}), /Invalid value for --web/);
  });
  it('refuses unknown flags and bad values with a clear message', () => {
    assert.throws(() => parseConfig(['--prot', '1'], {}), ConfigError);
    assert.throws(() => parseConfig(['--port', '70000'], {}), /Invalid value for --port/);
    assert.throws(() => parseConfig([], { WORKERS: '0' }), /Invalid value for WORKERS/);
    assert.throws(() => parseConfig(['--port'], {}), /needs a value/);
  });
});

describe('voting on readings', () => {
  it('settles each character by most readings, and keeps the first reading on a tie', () => {
    assert.equal(vote('summit-vectorl2', ['summit-vector12', 'summit-vector12']), 'summit-vector12');
    assert.equal(vote('summit-vectorl2', ['summit-vector12', 'summit-vector12', 'summit-vectorl2']), 'summit-vectorl2');
    assert.equal(vote('deltab', ['delta6', 'deltab']), 'deltab');
  });
  it('drops a character most readings do not have, and adds one most readings have', () => {
    assert.equal(vote('bae4d2e', ['bae42e', 'bae42e']), 'bae42e');
    assert.equal(vote('e1e059', ['e1e0e59', 'e1e0e59']), 'e1e0e59');
  });
  it('ignores the quote marks and stray glyphs a one-word reading picks up at the edges', () => {
    assert.equal(vote('vector12', ["'vector12", '‘vector12', 'vector12’']), 'vector12');
    assert.equal(vote('orbit', ['oorbit', 'oorbit', 'orbitt']), 'orbit');
  });
  it('weighs each character of a reading that says how sure it is of each', () => {
    const sureOfTheFour = { text: '7a4f', weight: [1, 1, 3, 1] };
    assert.equal(vote('7adf', ['7adf', sureOfTheFour]), '7a4f');
    assert.equal(vote('7adf', ['7adf', { ...sureOfTheFour, weight: [1, 1, 1, 1] }]), '7adf');
  });
  it('keeps a voted digit only next to a digit, and a voted letter only next to a letter', () => {
    assert.equal(keepClassesInContext('vectorl2', 'vector12'), 'vector12');
    assert.equal(keepClassesInContext('lattice', '1attice'), 'lattice');
    assert.equal(keepClassesInContext('falcon71', 'falcon7l'), 'falcon71');
    assert.equal(keepClassesInContext('summit.biz', 'summit.bi7z'), 'summit.biz');
  });
  it('keeps the dots, dashes and brackets of the first reading', () => {
    assert.equal(keepClassesInContext('alpha.pioneer-falcon21.org', 'alphapioneerfalcon21,org'), 'alpha.pioneer-falcon21.org');
    assert.equal(keepClassesInContext('cipher63|[.]top', 'cipher63[.Jtop'), 'cipher63[.]top');
    // Other marks are the vote's to settle: a stray rule goes, a misread comma may become a dot.
    assert.equal(keepClassesInContext('l1attice|', 'lattice'), 'lattice');
    assert.equal(keepClassesInContext('10,2.3.4', '10.2.3.4'), '10.2.3.4');
  });
  it('tells a small letter from its digit twin by the height of its glyph', () => {
    // Glyph boxes as the legacy classifier gives them: small letters 26 px tall, digits and ascenders 34.
    const glyphs = (text: string, heights: Record<number, number> = {}) =>
      [...text].map((c, i) => {
        const tall = /[0-9bdhkl{}]/.test(c);
        const height = heights[i] ?? (/[a-z]/.test(c) && !tall ? 26 : tall ? 34 : 6);
        return { text: c, confidence: 0.9, box: { left: i * 25 + 5, top: 50 - height, right: i * 25 + 25, bottom: 50 } };
      });
    // Heights alone: the crops are blank, so that no measure of shape says anything.
    const blank = { width: 400, height: 60, pixels: new Uint8Array(400 * 60).fill(255) };
    const settle = (word: string, symbols: LegacySymbol[] | undefined) => settleGlyphs(word, symbols, blank, 'word');
    // The classifier says 0 where the box is as small as the word's letters: an o.
    assert.equal(settle('beacon-brav029', glyphs('beacon-brav029', { 11: 26 })), 'beacon-bravo29');
    assert.equal(settle('harbor-brav010', glyphs('harbor-brav010', { 11: 26 })), 'harbor-bravo10');
    assert.equal(settle('quart253', glyphs('quart253', { 5: 26 })), 'quartz53');
    // A tall one is the digit, whichever the vote said.
    assert.equal(settle('g0ogle1', glyphs('g0ogle1', { 2: 34 })), 'g00gle1');
    assert.equal(settle('beacon-bravo29', glyphs('beacon-bravo29')), 'beacon-bravo29');
    // The classifier's reading need not match the word: each character is measured on the glyph read in its place.
    assert.equal(settle('brav029', glyphs(':brav029x', { 5: 26 })), 'bravo29');
    assert.equal(settle('brav029', glyphs('brv029', { 3: 26 })), 'bravo29');
    // Unless a neighbour agrees, the glyph in a character's place may be another one: "laxxps" read as "lams".
    assert.equal(settle('laxxps', glyphs('lams', { 3: 34 })), 'laxxps');
    // A reading of the same length that is shifted is aligned too: the o is measured, not the 2 beside it.
    assert.equal(settle('brav029', glyphs('bra029x', { 3: 26 })), 'bravo29');
    // Without both kinds of glyph to compare with, or boxes for every glyph, nothing changes.
    assert.equal(settle('0o0o', glyphs('0o0o', { 1: 26, 3: 26 })), '0o0o');
    assert.equal(settle('brav029', glyphs('brav029').map(({ box, ...glyph }, i) => (i === 2 ? glyph : { ...glyph, box }))), 'brav029');
    assert.equal(settle('brav029', undefined), 'brav029');
    // Capitals are no small letters' twins.
    assert.equal(settle('BRAVO29', glyphs('BRAV029', { 4: 26 })), 'BRAVO29');
  });
  it('tells a d from a 0 and a b from a 6 in a hash by the top of the glyph', () => {
    // Four glyphs 20 px wide and 34 tall (5 px in from the crop's edge), drawn as outlines: a round-topped 0, a d (a small bowl and
    // a stem on the right), a b (stem on the left), a 6 (a bowl under a top arc).
    const { image, ink, ring: outline } = glyphCanvas(110, 50);
    outline(0, 8, 20, 42); // 0
    outline(25, 20, 45, 42), ink(42, 8, 45, 42); // d
    outline(50, 20, 70, 42), ink(50, 8, 53, 42); // b
    outline(75, 20, 95, 42), ink(75, 8, 95, 11), ink(75, 8, 78, 42); // 6
    const symbols = (text: string) => [...text].map((c, i) => ({ text: c, confidence: 0.8, box: { left: i * 25 + 4, top: 8, right: i * 25 + 26, bottom: 42 } }));
    // Whatever the vote said, each glyph is what its top looks like, where the classifier read one of the pair.
    assert.equal(settleGlyphs('dd6b', symbols('0db6'), image, 'hex'), '0db6');
    assert.equal(settleGlyphs('0db6', symbols('0db6'), image, 'hex'), '0db6');
    assert.equal(settleGlyphs('d0', symbols('0d'), image, 'hex'), '0d');
    // A glyph the classifier read as something else changes nothing.
    assert.equal(settleGlyphs('dd6b', symbols('a1c2'), image, 'hex'), 'dd6b');
    // Nor does a glyph whose box reaches the crop's edge: it holds ink of the words around.
    assert.equal(settleGlyphs('d', [{ text: '0', confidence: 0.8, box: { left: 0, top: 8, right: 26, bottom: 42 } }], image, 'hex'), 'd');
  });
  it('tells an f from a 1 and an e from a c by a bar across the middle, an a from a 4 by height, in a hash', () => {
    // Glyphs 20 px wide drawn as strokes in cells 25 px apart (5 px in from the crop's edge); digits and the f 34 px tall, small letters 24.
    const { image, ink, ring } = glyphCanvas(210, 50);
    const { width, height } = image;
    ink(8, 8, 12, 42), ink(12, 8, 18, 11), ink(3, 20, 17, 23); // f: stem, hook to the right, crossbar
    ink(33, 8, 37, 42), ink(28, 8, 33, 12), ink(28, 39, 42, 42); // 1: stem, flag, foot
    ring(50, 18, 70, 42), ink(50, 29, 70, 32); // e: a ring with its bar
    ink(75, 18, 95, 21), ink(75, 39, 95, 42), ink(75, 18, 78, 42), ink(92, 18, 95, 24), ink(92, 36, 95, 42); // c: open on the right
    ring(100, 18, 120, 42); // a (as a small ring)
    ink(125, 8, 128, 30), ink(125, 27, 145, 30), ink(138, 8, 141, 42); // 4
    ink(150, 8, 153, 42), ink(175, 8, 178, 42); // two 1s as plain stems: the hash's tall glyphs
    const tops = [8, 8, 18, 18, 18, 8, 8, 8];
    const symbols = (text: string) => [...text].map((c, i) => ({ text: c, confidence: 0.8, box: { left: i * 25 + 4, top: tops[i], right: i * 25 + 26, bottom: 42 } }));
    // Whether the vote, the classifier or both read the look-alike twin, each glyph is what it measures like.
    assert.equal(settleGlyphs('11ce4a11', symbols('11ce4a11'), image, 'hex'), 'f1eca411');
    assert.equal(settleGlyphs('11ce4a11', symbols('f1eca411'), image, 'hex'), 'f1eca411');
    assert.equal(settleGlyphs('f1eca411', symbols('f1eca411'), image, 'hex'), 'f1eca411');
    // An f is never made a 1: an f that lost its bar measures like one (the second glyph is a 1).
    assert.equal(settleGlyphs('ff', symbols('ff'), image, 'hex'), 'ff');
    // A glyph the classifier read as something else keeps the vote's character.
    assert.equal(settleGlyphs('1fce4a11', symbols('88888888'), image, 'hex'), '1fce4a11');
    // Where a measure is not clear (boxes without ink), the vote's character stays.
    const blank = { width, height, pixels: new Uint8Array(width * height).fill(255) };
    assert.equal(settleGlyphs('f1ec', symbols('f1ec'), blank, 'hex'), 'f1ec');
  });
  it('takes two hex words for the halves of one hash only where their lengths say so', () => {
    const hex = (length: number) => '0123456789abcdef'.repeat(8).slice(0, length);
    // A sha256 split 34 + 30, or under a sha256 label 33 + 31.
    assert.equal(areHalvesOfAHash(hex(34), hex(30), undefined), true);
    assert.equal(areHalvesOfAHash(hex(33), hex(31), 64), true);
    // Two md5s side by side, whole or each a character off, stay two; so do pieces a label does not add up to.
    assert.equal(areHalvesOfAHash(hex(32), hex(32), undefined), false);
    assert.equal(areHalvesOfAHash(hex(33), hex(31), undefined), false);
    assert.equal(areHalvesOfAHash(hex(34), hex(30), 32), false);
    // Words that are no hex, or too short to be a piece, are no halves.
    assert.equal(areHalvesOfAHash(hex(34), 'ghijklmnopqrstuvwxyzghijklmnop', undefined), false);
    assert.equal(areHalvesOfAHash(hex(60), hex(4), undefined), false);
  });
  it('replaces rewritten words in the page text and in the word list', () => {
    const box = { left: 0, top: 0, right: 1, bottom: 1 };
    const recognition = { text: 'C2 vectorl2 and vectorl2 again', confidence: 0.8, words: ['C2', 'vectorl2', 'and', 'vectorl2', 'again'].map((text) => ({ text, confidence: 0.8, box })) };
    let calls = 0;
    const out = rewriteWords(recognition, (word) => (word.text === 'vectorl2' ? `vector1${++calls + 1}` : undefined));
    assert.equal(out.text, 'C2 vector12 and vector13 again');
    assert.deepEqual(out.words.map((w) => w.text), ['C2', 'vector12', 'and', 'vector13', 'again']);
  });
});
