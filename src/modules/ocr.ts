// `ocr` import module: the uploaded document's text, every page, as one freetext result for MISP's
// own indicator parser. Same name and result shape as upstream misp-modules.
import { ModuleError, type MispModule } from './contract.ts';
import { fileData, optionalString } from './input.ts';
import { readOcrSettings, USER_CONFIG } from './settings.ts';

export const ocr: MispModule = {
  name: 'ocr',
  type: 'import_mod',
  mispattributes: { userConfig: USER_CONFIG, inputSource: ['file'] },
  meta: {
    version: '1.1',
    author: 'misp-ocr',
    description: 'Optical Character Recognition (OCR) import: reads the text of an uploaded document, every page.',
    'module-type': ['import'],
    name: 'OCR Import',
    logo: '',
    requirements: [],
    features:
      'Reads every page of scans, faxes, photos, screenshots and PDFs: pages are turned upright, straightened and scaled before Tesseract recognizes them; PDF text layers and plain-text files are taken as they are. The text is imported as a freetext attribute, which MISP then parses for indicators.',
    references: [],
    input: 'A document: PNG, JPEG, GIF, BMP, TIFF (faxes included), WebP, PDF or plain text',
    output: 'freetext MISP attribute',
    config: [],
  },

  async handler(request, { reader, signal }) {
    const filename = optionalString(request, 'filename') ?? 'the upload';
    const bytes = fileData(request.data, 'No file received: the request has no "data" (base64 of the file).');
    const settings = readOcrSettings(request.config);
    // Transparent areas become white, as a page printed on paper would be.
    const document = await reader.read(bytes, { alpha: 'flatten', signal, ...settings });
    if (!document.text) throw new ModuleError(`No text was recognized in ${filename}.`);
    return { results: [{ values: document.text, types: ['freetext'] }] };
  },
};
