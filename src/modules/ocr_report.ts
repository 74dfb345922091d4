// `ocr_report` import module (misp_standard): the document's indicators as attributes, a `file`
// object for the document that mentions each of them, and an event report of its text, page by page.
import { documentIndicators } from '../indicators/index.ts';
import type { MispModule } from './contract.ts';
import { readUpload } from './input.ts';
import { mispStandardReport } from './results.ts';
import { USER_CONFIG } from './settings.ts';

export const ocrReport: MispModule = {
  name: 'ocr_report',
  type: 'import_mod',
  mispattributes: { userConfig: USER_CONFIG, inputSource: ['file'], format: 'misp_standard' },
  meta: {
    version: '1.0',
    author: 'misp-ocr',
    description: 'OCR report import: typed indicators, a file object for the document and an event report of its text.',
    'module-type': ['import'],
    name: 'OCR Report Import',
    logo: '',
    requirements: [],
    features:
      'Reads every page of the uploaded document like the OCR import, then returns MISP standard results: one attribute per indicator (type, category, IDS flag, where it was found, what OCR repair it needed), a file object (name, size, SHA-256) that mentions them, and an event report holding the text page by page in Markdown.',
    references: [],
    input: 'A document: PNG, JPEG, GIF, BMP, TIFF (faxes included), WebP, PDF or plain text',
    output: 'MISP standard: Attribute, Object (file), EventReport',
    config: [],
  },

  async handler(request, context) {
    const { name, bytes, document, note } = await readUpload(request, context);
    return { results: mispStandardReport(document, documentIndicators(document), { name, bytes }, note) };
  },
};
