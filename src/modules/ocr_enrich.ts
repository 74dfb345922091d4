// `ocr_enrich` expansion module: the text of an attachment attribute, for MISP's freetext parser.
// Unlike upstream, the text goes back as one string: MISP parses only the first element of a list.
import { DocumentError } from '../image/decode.ts';
import { ModuleError, type MispModule, type QueryRequest } from './contract.ts';
import { fileData, optionalString, readDocument } from './input.ts';
import { readOcrSettings, SETTING_NAMES } from './settings.ts';
import { simplifiedIndicators, withNote } from './results.ts';
import { documentIndicators } from '../indicators/index.ts';

const NO_DATA =
  "Couldn't fetch attachment (JSON 'data' is empty). Are you using the 'Query enrichment' action?";
const NOT_AN_IMAGE =
  "Couldn't analyze file type. Only images (PNG, JPEG, GIF, BMP, TIFF, WebP), PDF and plain text are supported.";

export const ocrEnrich: MispModule = {
  name: 'ocr_enrich',
  type: 'expansion',
  mispattributes: { input: ['attachment'], output: ['freetext'] },
  meta: {
    version: '2.0',
    author: 'misp-ocr',
    description: 'Optical character recognition on attachment attributes.',
    'module-type': ['expansion'],
    name: 'OCR Enrich',
    logo: '',
    requirements: [],
    features:
      'Takes an attachment attribute, recognizes the text of every page (scans, faxes, photos, screenshots, PDFs) and passes it to the freetext importer to extract indicators. Admin settings: language, page segmentation mode, max pages.',
    references: [],
    input: 'An attachment: image (PNG, JPEG, GIF, BMP, TIFF, WebP), PDF or plain text.',
    output: 'The recognized text as freetext, then the indicators found in it, typed.',
    config: [...SETTING_NAMES],
  },

  async handler(request, context) {
    const { attachment, data } = attachmentOf(request);
    const bytes = fileData(data, NO_DATA);
    let read;
    try {
      // Alpha is dropped, not flattened, as upstream does (see AlphaMode).
      read = await readDocument(bytes, attachment, { alpha: 'drop', ...readOcrSettings(request.config) }, context);
    } catch (error) {
      if (error instanceof DocumentError && error.code === 'unsupported') throw new ModuleError(NOT_AN_IMAGE);
      throw error;
    }
    const text = read.document.text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join('\n');
    const freetext = { types: ['freetext'], values: text, comment: withNote(`OCR from file ${attachment}`, read.note) };
    return { results: [freetext, ...simplifiedIndicators(documentIndicators(read.document))] };
  },
};

/** The simplified form carries `attachment` and `data`; the misp_standard form an `attribute` object. */
function attachmentOf(request: QueryRequest): { attachment: string; data: unknown } {
  const attribute = request.attribute;
  if (attribute && typeof attribute === 'object' && !Array.isArray(attribute)) {
    const { type, value, data } = attribute as Record<string, unknown>;
    if (type !== undefined && type !== 'attachment') {
      // Only a string is named: String() of an arbitrary JSON value can itself throw.
      throw new ModuleError(`This module enriches attachment attributes, not ${typeof type === 'string' ? type : 'a "type" that is no string'}.`);
    }
    if (typeof value !== 'string' || !value) throw new ModuleError('The attribute has no file name ("value").');
    return { attachment: value, data };
  }
  const attachment = optionalString(request, 'attachment');
  if (!attachment) {
    throw new ModuleError('This module enriches attachment attributes: the request has no "attachment".');
  }
  return { attachment, data: request.data };
}
