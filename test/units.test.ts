// The pure pieces, without a server: base64, file sniffing, header checks, TIFF page walking,
// page joining and settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../src/config.ts';
import { countTiffDirectories, decodeDocument, DocumentError } from '../src/image/decode.ts';
import { prepareForRecognition } from '../src/image/prepare.ts';
import { sniffFileKind } from '../src/image/sniff.ts';
import { joinPages } from '../src/ocr/reader.ts';
import { decodeBase64, encodeBase64 } from '../src/util/base64.ts';
import { fixture } from './helpers.ts';

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
    ['text', 'hello world', 'unknown'],
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

describe('decoding', () => {
  it('decodes each page of a multi-page TIFF with its resolution', () => {
    const pages = decodeDocument(fixture('pages-g4.tif'), LIMITS);
    assert.deepEqual(pages.map((p) => [p.width, p.height]), [[1021, 120], [1009, 120], [953, 120]]);
    assert.deepEqual(pages[0].dpi, { x: 300, y: 300 });
    assert.equal(pages[0].data.length, 1021 * 120 * 4);
  });
  it('refuses a page over the pixel budget from its header', () => {
    assert.throws(
      () => decodeDocument(fixture('beacon.png'), { ...LIMITS, maxPixels: 1000 }),
      (e: unknown) => e instanceof DocumentError && e.code === 'too-large' && /1113x120/.test(e.message),
    );
  });
  it('refuses a TIFF with more pages than allowed', () => {
    assert.throws(() => decodeDocument(fixture('pages-g4.tif'), { ...LIMITS, maxPages: 2 }), /more than 2 pages/);
  });
  it('detects a TIFF whose page list loops', () => {
    assert.equal(countTiffDirectories(tiffWithDirectories([1, 2, -1]), 10), 3);
    assert.throws(() => countTiffDirectories(tiffWithDirectories([1, 0]), 10), /loops/);
    assert.throws(() => countTiffDirectories(tiffWithDirectories([0]), 10), /loops/);
  });
  it('calls truncated files corrupt', () => {
    for (const name of ['beacon.png', 'beacon.jpg', 'beacon.gif', 'pages-g4.tif']) {
      const truncated = fixture(name).slice(0, 40);
      assert.throws(() => decodeDocument(truncated, LIMITS), (e: unknown) => e instanceof DocumentError, name);
    }
  });
  it('names the formats it does not read', () => {
    assert.throws(() => decodeDocument(new TextEncoder().encode('%PDF-1.4\n'), LIMITS), /PDF files are not supported/);
    assert.throws(() => decodeDocument(new Uint8Array(0), LIMITS), /empty/);
  });
});

describe('preparation', () => {
  const page = { width: 2, height: 1, data: Uint8Array.from([0, 0, 0, 0, 255, 0, 0, 255]), hasAlpha: true };
  it('flattens transparent pixels onto white', () => {
    assert.deepEqual([...prepareForRecognition(page, 'flatten').data], [255, 255, 255, 255, 76, 76, 76, 255]);
  });
  it('drops alpha, keeping the colour underneath', () => {
    assert.deepEqual([...prepareForRecognition(page, 'drop').data], [0, 0, 0, 255, 76, 76, 76, 255]);
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
  it('refuses unknown flags and bad values with a clear message', () => {
    assert.throws(() => parseConfig(['--prot', '1'], {}), ConfigError);
    assert.throws(() => parseConfig(['--port', '70000'], {}), /Invalid value for --port/);
    assert.throws(() => parseConfig([], { WORKERS: '0' }), /Invalid value for WORKERS/);
    assert.throws(() => parseConfig(['--port'], {}), /needs a value/);
  });
});
