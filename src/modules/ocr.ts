// `ocr` import module: the uploaded document's text, every page, as one freetext result for MISP's
// own indicator parser. Same name and result shape as upstream misp-modules.
import { ModuleError, type MispModule } from './contract.ts';
import { fileData, optionalString } from './input.ts';

export const ocr: MispModule = {
  name: 'ocr',
  type: 'import_mod',
  mispattributes: { userConfig: {}, inputSource: ['file'] },
  meta: {
    version: '1.0',
    author: 'misp-ocr',
    description: 'Optical Character Recognition (OCR) import: reads the text of an uploaded image, every page.',
    'module-type': ['import'],
    name: 'OCR Import',
    logo: '',
    requirements: [],
    features:
      'Recognizes the text of every page of a PNG, JPEG, GIF, BMP or TIFF upload with Tesseract and imports it as a freetext attribute, which MISP then parses for indicators.',
    references: [],
    input: 'Image (PNG, JPEG, GIF, BMP, multi-page TIFF)',
    output: 'freetext MISP attribute',
    config: [],
  },

  async handler(request, { reader, signal }) {
    const filename = optionalString(request, 'filename') ?? 'the upload';
    const bytes = fileData(request.data, 'No file received: the request has no "data" (base64 of the file).');
    // Transparent areas become white, as a page printed on paper would be.
    const document = await reader.read(bytes, { alpha: 'flatten', signal });
    if (!document.text) throw new ModuleError(`No text was recognized in ${filename}.`);
    return { results: [{ values: document.text, types: ['freetext'] }] };
  },
};
