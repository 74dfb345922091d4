// Where the engines, decoders and models come from: files of npm packages, read from disk as bytes
// (nothing is ever fetched over the network), or the same files built into a single binary. Models
// of other languages may also come from a directory of .traineddata files.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { supportsFastBuild } from 'tesseract-wasm';

export interface AssetLocations {
  /** Files built into a binary, by `specifier:relative path` (see packageFile). */
  embedded?: Record<string, string>;
  /** A directory of `<lang>.traineddata` (or `.traineddata.gz`) files, used before the npm models. */
  modelDirectory?: string;
  /** The worker thread's module, where it is not beside the pool's (in a binary). */
  workerUrl?: string;
}

let locations: AssetLocations = {};

/** Set once at start, in the main thread and in every worker (workers get them in their init message). */
export function locateAssets(given: AssetLocations): void {
  locations = given;
}

export function assetLocations(): AssetLocations {
  return locations;
}

/** A file shipped with an npm package, given relative to what `specifier` resolves to. */
export function packageFile(specifier: string, relative: string): string | URL {
  return locations.embedded?.[`${specifier}:${relative}`] ?? new URL(relative, import.meta.resolve(specifier));
}

export const readPackageFile = async (specifier: string, relative: string) => new Uint8Array(await readFile(packageFile(specifier, relative)));

/** The model flavour of `@tesseract.js-data/<lang>`: integerised tessdata_best (LSTM only). */
export const MODEL_VARIANT = '4.0.0_best_int';

const LANGUAGE_CODE = /^[a-z]{3}(_[a-z]+)?$/;

/** Tesseract compiled to WebAssembly: the SIMD build, or the slower fallback where SIMD is missing. */
export async function loadEngineWasm(): Promise<Uint8Array> {
  return readPackageFile('tesseract-wasm', supportsFastBuild() ? 'tesseract-core.wasm' : 'tesseract-core-fallback.wasm');
}

/**
 * The legacy classifier (a second reader for indicator-shaped words) from tesseract.js-core's build,
 * which keeps it: its SIMD or plain WebAssembly, whichever the engine above uses.
 */
export async function loadLegacyEngineWasm(): Promise<{ simd: boolean; wasm: Uint8Array }> {
  const simd = supportsFastBuild();
  return { simd, wasm: await readPackageFile('tesseract.js-core/package.json', simd ? 'tesseract-core-simd.wasm' : 'tesseract-core.wasm') };
}

/** A language's model in the model directory, if there is one. */
function modelDirectoryFile(language: string): string | undefined {
  const { modelDirectory } = locations;
  if (!modelDirectory) return undefined;
  return [`${language}.traineddata`, `${language}.traineddata.gz`].map((name) => join(modelDirectory, name)).find((path) => existsSync(path));
}

/**
 * The model for one language, gunzipped: from the model directory when it has one (used for both
 * variants), else from `@tesseract.js-data/<lang>`: LSTM only by default, or `4.0.0`, which also holds
 * the legacy classifier's data.
 */
export async function loadModel(language: string, variant = MODEL_VARIANT): Promise<Uint8Array> {
  if (!LANGUAGE_CODE.test(language)) throw new Error(`Invalid language code: ${language}`);
  const own = modelDirectoryFile(language);
  if (own) {
    const bytes = new Uint8Array(await readFile(own));
    return own.endsWith('.gz') ? new Uint8Array(gunzipSync(bytes)) : bytes;
  }
  let gz: Uint8Array;
  try {
    gz = await readPackageFile(`@tesseract.js-data/${language}/package.json`, `${variant}/${language}.traineddata.gz`);
  } catch {
    throw new Error(`No model installed for language "${language}" (npm package @tesseract.js-data/${language}).`);
  }
  return new Uint8Array(gunzipSync(gz));
}

/** Whether a model for `language` is in the model directory, built in, or installed from npm. */
export function isModelInstalled(language: string): boolean {
  if (!LANGUAGE_CODE.test(language)) return false;
  if (modelDirectoryFile(language) || locations.embedded?.[`@tesseract.js-data/${language}/package.json:${MODEL_VARIANT}/${language}.traineddata.gz`]) {
    return true;
  }
  if (locations.embedded) return false;
  try {
    import.meta.resolve(`@tesseract.js-data/${language}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Language codes of the model directory's files. */
export function modelDirectoryLanguages(): string[] {
  const { modelDirectory } = locations;
  if (!modelDirectory) return [];
  return readdirSync(modelDirectory)
    .map((name) => name.match(/^([a-z]{3}(?:_[a-z]+)?)\.traineddata(?:\.gz)?$/)?.[1])
    .filter((code): code is string => code !== undefined);
}
