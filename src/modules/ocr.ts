// `ocr` import module: the uploaded document's text, every page. By default the indicators our
// extractor finds, typed for MISP, plus the text as a `text` attribute; optionally the classic
// freetext result for MISP's own parser (upstream's shape), or both.
import { documentIndicators } from '../indicators/index.ts';
import { ModuleError, type MispModule } from './contract.ts';
import { readUpload } from './input.ts';
import { simplifiedIndicators, simplifiedText } from './results.ts';
import { settingText, USER_CONFIG } from './settings.ts';

const RESULT_CHOICES = {
  indicators: 'Indicators found by misp-ocr, and the text',
  freetext: "The text, for MISP's freetext parser",
  both: 'Both',
};

export const ocr: MispModule = {
  name: 'ocr',
  type: 'import_mod',
  mispattributes: {
    userConfig: {
      ...USER_CONFIG,
      result: { type: 'Select', options: RESULT_CHOICES, message: 'What to import' },
    },
    inputSource: ['file'],
  },
  meta: {
    version: '2.0',
    author: 'misp-ocr',
    description: 'Optical Character Recognition (OCR) import: reads every page of an uploaded document and the indicators in it.',
    'module-type': ['import'],
    name: 'OCR Import',
    logo: '',
    requirements: [],
    features:
      'Reads every page of scans, faxes, photos, screenshots and PDFs (pages turned upright, straightened and scaled first; PDF text layers and plain text taken as they are), then finds the indicators with an OCR-aware extractor that undoes defanging and repairs OCR slips where provably safe. Imports typed indicators and the text, or the classic freetext for MISP\'s parser.',
    references: [],
    input: 'A document: PNG, JPEG, GIF, BMP, TIFF (faxes included), WebP, PDF or plain text',
    output: 'Typed indicators and a text attribute, or freetext',
    config: [],
  },

  async handler(request, context) {
    const result = settingText(request.config, 'result') || 'indicators';
    if (!(result in RESULT_CHOICES)) throw new ModuleError(`"result" must be one of ${Object.keys(RESULT_CHOICES).join(', ')}.`);
    const { name, document, note } = await readUpload(request, context);
    const results = [];
    if (result !== 'indicators') results.push({ values: document.text, types: ['freetext'], ...(note ? { comment: note } : {}) });
    if (result !== 'freetext') {
      results.push(...simplifiedIndicators(documentIndicators(document)), simplifiedText(document.text, name, note));
    }
    return { results };
  },
};
