// Where the engine and its models come from. Both ship inside npm packages and are read from disk
// as bytes: nothing is ever fetched over the network.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { supportsFastBuild } from 'tesseract-wasm';

/** The model flavour of `@tesseract.js-data/<lang>`: integerised tessdata_best (LSTM only). */
export const MODEL_VARIANT = '4.0.0_best_int';

const LANGUAGE_CODE = /^[a-z]{3}(_[a-z]+)?$/;

/** Tesseract compiled to WebAssembly: the SIMD build, or the slower fallback where SIMD is missing. */
export async function loadEngineWasm(): Promise<Uint8Array> {
  const file = supportsFastBuild() ? 'tesseract-core.wasm' : 'tesseract-core-fallback.wasm';
  return readFile(new URL(`./${file}`, import.meta.resolve('tesseract-wasm')));
}

/**
 * The legacy classifier (a second reader for indicator-shaped words) from tesseract.js-core's build,
 * which keeps it: its SIMD or plain WebAssembly, whichever the engine above uses.
 */
export async function loadLegacyEngineWasm(): Promise<{ simd: boolean; wasm: Uint8Array }> {
  const simd = supportsFastBuild();
  const file = simd ? 'tesseract-core-simd.wasm' : 'tesseract-core.wasm';
  return { simd, wasm: await readFile(new URL(`./${file}`, import.meta.resolve('tesseract.js-core/package.json'))) };
}

/**
 * The model for one language, gunzipped (`eng`, `deu`, … from `@tesseract.js-data/<lang>`): LSTM only
 * by default, or `4.0.0`, which also holds the legacy classifier's data.
 */
export async function loadModel(language: string, variant = MODEL_VARIANT): Promise<Uint8Array> {
  if (!LANGUAGE_CODE.test(language)) throw new Error(`Invalid language code: ${language}`);
  let packageJson: string;
  try {
    packageJson = import.meta.resolve(`@tesseract.js-data/${language}/package.json`);
  } catch {
    throw new Error(`No model installed for language "${language}" (npm package @tesseract.js-data/${language}).`);
  }
  const gz = await readFile(new URL(`./${variant}/${language}.traineddata.gz`, packageJson));
  return new Uint8Array(gunzipSync(gz));
}

/** Whether `@tesseract.js-data/<language>` is installed (resolution only, nothing is read). */
export function isModelInstalled(language: string): boolean {
  if (!LANGUAGE_CODE.test(language)) return false;
  try {
    import.meta.resolve(`@tesseract.js-data/${language}/package.json`);
    return true;
  } catch {
    return false;
  }
}
