// Entry point of the single binary (`npm run build:binary`, Bun's --compile): the files the code
// otherwise reads from node_modules at run time are built into the executable, and registered here
// before the command runs. Bun only; every other entry point reads them from node_modules.
import { locateAssets } from '../wasm/assets.ts';
import legacyWasm from '../node_modules/tesseract.js-core/tesseract-core.wasm' with { type: 'file' };
import legacySimdWasm from '../node_modules/tesseract.js-core/tesseract-core-simd.wasm' with { type: 'file' };
import engineFallbackWasm from '../node_modules/tesseract-wasm/dist/tesseract-core-fallback.wasm' with { type: 'file' };
import engineWasm from '../node_modules/tesseract-wasm/dist/tesseract-core.wasm' with { type: 'file' };
import mupdfWasm from '../node_modules/mupdf/dist/mupdf-wasm.wasm' with { type: 'file' };
import webpWasm from '../node_modules/@jsquash/webp/codec/dec/webp_dec.wasm' with { type: 'file' };
import englishModel from '../node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz' with { type: 'file' };
import englishLegacyModel from '../node_modules/@tesseract.js-data/eng/4.0.0/eng.traineddata.gz' with { type: 'file' };
import manifest from '../package.json' with { type: 'file' };

locateAssets({
  // Keys as wasm/assets.ts's packageFile() spells them: what is resolved, then the relative path.
  embedded: {
    'tesseract-wasm:tesseract-core.wasm': engineWasm,
    'tesseract-wasm:tesseract-core-fallback.wasm': engineFallbackWasm,
    'tesseract.js-core/package.json:tesseract-core-simd.wasm': legacySimdWasm,
    'tesseract.js-core/package.json:tesseract-core.wasm': legacyWasm,
    'mupdf:mupdf-wasm.wasm': mupdfWasm,
    '@jsquash/webp/decode.js:codec/dec/webp_dec.wasm': webpWasm,
    '@tesseract.js-data/eng/package.json:4.0.0_best_int/eng.traineddata.gz': englishModel,
    '@tesseract.js-data/eng/package.json:4.0.0/eng.traineddata.gz': englishLegacyModel,
    'misp-ocr:package.json': manifest,
  },
  // Bun places the worker entry point relative to this one.
  workerUrl: new URL('./ocr/worker.js', import.meta.url).href,
});

await import('./main.ts');
