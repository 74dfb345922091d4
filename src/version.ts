// The package's own version, read from the package.json the code ships with (src/ or dist/src/).
import { readFile } from 'node:fs/promises';

export async function packageVersion(): Promise<string> {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(await readFile(new URL(relative, import.meta.url), 'utf8'));
      if (manifest.name === 'misp-ocr') return String(manifest.version);
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}
