// The package's own version, read from the package.json the code ships with (src/ or dist/src/, or
// the copy built into a single binary).
import { readFile } from 'node:fs/promises';
import { assetLocations } from '../wasm/assets.ts';

export async function packageVersion(): Promise<string> {
  const builtIn = assetLocations().embedded?.['misp-ocr:package.json'];
  const candidates = builtIn ? [builtIn] : ['../package.json', '../../package.json'].map((relative) => new URL(relative, import.meta.url));
  for (const candidate of candidates) {
    try {
      const manifest = JSON.parse(await readFile(candidate, 'utf8'));
      if (manifest.name === 'misp-ocr') return String(manifest.version);
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}
