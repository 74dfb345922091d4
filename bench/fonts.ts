// `npm run fonts -- DIR`: writes a second test corpus, so that accuracy is not only measured on the
// samples' one typeface. Short advisories (hashes, defanged hosts, URLs, an address: random but
// seeded, so every run writes the same) are drawn in sans, serif and monospaced fonts at 300, 150
// and 96 dpi by ImageMagick, with a truth.json for `npm run eval -- DIR`. Files are named
// `<dpi>dpi-<font>.png`, so that the eval groups them by font.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

/** Sans, serif and monospaced faces of the free fonts Debian ships (fonts-dejavu, fonts-liberation, the URW base 35). */
const FONTS = [
  ...['DejaVu-Sans', 'Helvetica', 'Liberation-Sans', 'AvantGarde-Book'],
  ...['DejaVu-Serif', 'Times-Roman', 'Liberation-Serif', 'Palatino-Roman', 'NewCenturySchlbk-Roman', 'Bookman-Light'],
  ...['DejaVu-Sans-Mono', 'Liberation-Mono', 'Nimbus-Mono-PS-Regular'],
];
/** Resolution and point size: a scan, a small scan, a screenshot. */
const RENDERINGS: [dpi: number, points: number][] = [
  [300, 10],
  [150, 10],
  [96, 12],
];
const WORDS = ['amber', 'cedar', 'ember', 'fjord', 'glade', 'haven', 'ivory', 'jasper', 'kelp', 'lumen', 'maple', 'nexus', 'onyx', 'prism', 'quill', 'raven', 'sable', 'tundra', 'umber', 'vortex', 'willow', 'xenon', 'yarrow', 'zephyr', 'copper', 'falcon', 'beacon', 'office', 'refresh'];
const TLDS = ['com', 'net', 'org', 'io', 'biz', 'info', 'co.uk', 'de', 'ru', 'top'];
const HASHES: [type: string, length: number][] = [
  ['md5', 32],
  ['sha1', 40],
  ['sha256', 64],
  ['md5', 32],
  ['sha256', 64],
];

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  console.error('usage: fonts DIR (needs ImageMagick: apt-get install imagemagick)');
  process.exit(2);
}
const version = spawnSync('convert', ['-version'], { encoding: 'utf8' });
if (version.status !== 0 || !version.stdout.includes('ImageMagick')) {
  console.error('fonts: ImageMagick\'s "convert" is needed to draw the documents (apt-get install imagemagick).');
  process.exit(1);
}
const installed = new Set(spawnSync('convert', ['-list', 'font'], { encoding: 'utf8' }).stdout.match(/(?<=Font: ).+/g) ?? []);

// A small linear congruential generator: the same documents on every machine.
let state = 20261204;
const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
const hex = (length: number) => Array.from({ length }, () => pick([...'0123456789abcdef'])).join('');
const number = (from: number, to: number) => Math.floor(from + random() * (to - from));
const domain = () => `${pick(WORDS)}-${pick(WORDS)}${number(10, 100)}.${pick(TLDS)}`;

/** One advisory: its lines and the indicators in them, refanged as MISP stores them. */
function advisory(): { lines: string[]; indicators: [string, string][] } {
  const lines = ['Incident summary for the security team', ''];
  const indicators: [string, string][] = [];
  for (const [type, length] of HASHES) {
    const value = hex(length);
    lines.push(`${type}: ${value}`);
    indicators.push([type, value]);
  }
  for (let i = 0; i < 3; i++) {
    const host = domain();
    lines.push(`C2 host: ${host.replaceAll('.', '[.]')}`);
    indicators.push(['domain', host]);
  }
  for (let i = 0; i < 2; i++) {
    const url = `${domain()}/${pick(WORDS)}?id=${number(100, 1000)}`;
    lines.push(`Download: hxxps://${url}`);
    indicators.push(['url', `https://${url}`]);
  }
  const sender = `${pick(WORDS)}@${domain()}`;
  lines.push(`Sender: ${sender.replace('@', '[at]')}`);
  indicators.push(['email-src', sender]);
  return { lines, indicators };
}

mkdirSync(dir, { recursive: true });
const truth: Record<string, { text: string; indicators: [string, string][] }> = {};
for (const font of FONTS) {
  if (!installed.has(font)) {
    console.error(`fonts: ${font} is not installed, skipped`);
    continue;
  }
  for (const [dpi, points] of RENDERINGS) {
    const { lines, indicators } = advisory();
    const file = `${dpi}dpi-${font}.png`;
    const drawn = spawnSync('convert', [
      ...['-background', 'white', '-fill', 'black', '-font', font, '-pointsize', String(points)],
      ...['-density', String(dpi), '-units', 'PixelsPerInch', `label:${lines.join('\n')}`],
      ...['-bordercolor', 'white', '-border', '40', '-colorspace', 'Gray', '-depth', '8', join(dir, file)],
    ]);
    if (drawn.status !== 0) {
      console.error(`fonts: ${file}: ${drawn.stderr}`);
      process.exit(1);
    }
    truth[file] = { text: lines.join('\n'), indicators };
  }
}
writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
console.log(`${Object.keys(truth).length} documents and truth.json in ${dir}`);
