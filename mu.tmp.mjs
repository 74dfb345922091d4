import * as mupdf from 'mupdf';
import { readFileSync } from 'node:fs';
mupdf.setLog(() => {});
for (const f of process.argv.slice(2)) {
  const t = Date.now();
  try {
    const doc = mupdf.Document.openDocument(new Uint8Array(readFileSync(f)), 'image/gif');
    const n = doc.countPages();
    const page = doc.loadPage(0);
    const pix = page.toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceGray, false);
    console.log(f, 'pages', n, pix.getWidth(), pix.getHeight(), Date.now() - t, 'ms');
  } catch (e) { console.log(f, 'error', e.message, Date.now() - t); }
}
