// The try-it page in a real browser: headless Chromium (Debian's) driven by playwright-core uploads a
// document and must show its text and its indicators with their types.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { ROOT, startTestService } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
// Chromium's own network chatter is refused on closed networks and slows every start.
// Playwright adds --headless and a fresh profile of its own.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (Debian package chromium)`;
if (skip) console.log(`skipping the browser test: ${skip}`);

describe('try-it page', { skip }, () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  before(async () => {
    service = await startTestService();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    await service?.close();
  });

  it('shows the text and the typed indicators of an uploaded document', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/`);
    assert.equal(await page.title(), 'misp-ocr');
    await page.setInputFiles('#file', fileURLToPath(new URL('test/fixtures/page2.png', ROOT)));
    await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
    const rows = await page.$$eval('#indicators tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    assert.deepEqual(rows.map(([type, value, category, ids]) => [type, value, category, ids]), [['ip-dst', '198.51.100.23', 'Network activity', 'yes']]);
    assert.equal(await page.textContent('#pages h3'), 'Page 1');
    assert.equal(await page.textContent('#pages pre'), 'Page two: it contacted 198.51.100.23');
    assert.match((await page.textContent('#status')) ?? '', /page2\.png read in/);
  });

  it('shows the error MISP would show for a file it cannot read', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/`);
    await page.setInputFiles('#file', { name: 'notes.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 250, 251]) });
    await page.waitForSelector('#status.error');
    assert.match((await page.textContent('#status')) ?? '', /not supported/);
  });
});
