// GET /openapi.json: the routes and the module payloads, described as OpenAPI 3.1 from the same
// module list /modules serves, so the two never disagree.
import type { MispModule } from '../modules/contract.ts';

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', description: 'Shown to the analyst by MISP as is.' } },
};

const SIMPLIFIED_RESULTS = {
  type: 'array',
  items: {
    type: 'object',
    required: ['types', 'values'],
    properties: {
      types: { type: 'array', items: { type: 'string' }, description: 'MISP attribute types, the preferred one first.' },
      values: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      categories: { type: 'array', items: { type: 'string' } },
      to_ids: { type: 'boolean' },
      comment: { type: 'string' },
    },
  },
};

const MISP_STANDARD_RESULTS = {
  type: 'object',
  properties: {
    Attribute: { type: 'array', items: { type: 'object' } },
    Object: { type: 'array', items: { type: 'object' } },
    EventReport: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, content: { type: 'string' } } } },
  },
};

const SETTINGS = {
  type: 'object',
  description: 'Module settings; MISP sends every value as a string.',
  properties: {
    language: { type: 'string', description: 'Tesseract language code of an installed model.', default: 'eng' },
    page_segmentation_mode: { type: 'string', enum: ['3', '4', '6', '11'] },
    max_pages: { type: 'string', pattern: '^[0-9]*$' },
    result: { type: 'string', enum: ['indicators', 'freetext', 'both'], description: '`ocr` only.' },
  },
};

function requestSchema(module: MispModule): object {
  const common = {
    module: { const: module.name },
    config: SETTINGS,
    timeout: { type: ['number', 'string'], description: 'Deadline in seconds; 0 or absent means the server default.' },
  };
  if (module.type === 'expansion') {
    return {
      title: module.name,
      type: 'object',
      required: ['module'],
      description: `${module.meta.description} Simplified form: \`attachment\` and \`data\`; misp_standard form: \`attribute\`.`,
      properties: {
        ...common,
        attachment: { type: 'string', description: 'File name of the attachment.' },
        data: { type: 'string', contentEncoding: 'base64' },
        attribute: {
          type: 'object',
          properties: { type: { const: 'attachment' }, value: { type: 'string' }, data: { type: 'string', contentEncoding: 'base64' } },
        },
      },
    };
  }
  return {
    title: module.name,
    type: 'object',
    required: ['module', 'data'],
    description: module.meta.description,
    properties: { ...common, filename: { type: 'string' }, data: { type: 'string', contentEncoding: 'base64' } },
  };
}

export function openApiDocument(modules: readonly MispModule[], version: string): object {
  const answers = modules.map((module) => ({
    title: `${module.name} results`,
    type: 'object',
    required: ['results'],
    properties: { results: module.mispattributes.format === 'misp_standard' ? MISP_STANDARD_RESULTS : SIMPLIFIED_RESULTS },
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'misp-ocr',
      version,
      description: 'A misp-modules server for OCR: MISP talks to it as to misp-modules.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    paths: {
      '/modules': {
        get: {
          summary: 'The modules, as MISP lists them',
          responses: {
            200: json({ type: 'array', items: { type: 'object', required: ['name', 'type', 'mispattributes', 'meta'] } }, 'The modules'),
          },
        },
      },
      '/query': {
        post: {
          summary: 'Run a module on a document',
          description: 'Every answer is HTTP 200, errors included: MISP shows other statuses as "not reachable".',
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: modules.map(requestSchema) } } } },
          responses: { 200: json({ oneOf: [...answers, ERROR] }, 'Results, or an error for the analyst') },
        },
      },
      '/healthcheck': {
        get: {
          summary: 'Liveness, requests in progress and worker state',
          responses: {
            200: json(
              {
                type: 'object',
                properties: {
                  status: { const: true },
                  requests: { type: 'object', properties: { active: { type: 'integer' }, limit: { type: 'integer' } } },
                  workers: { type: 'object' },
                },
              },
              'Up',
            ),
          },
        },
      },
      '/version': { get: { summary: 'Server version', responses: { 200: json({ type: 'object', properties: { version: { type: 'string' } } }, 'Version') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: json({ type: 'object' }, 'OpenAPI 3.1') } } },
      '/': { get: { summary: 'A page to try documents in a browser, when enabled', responses: { 200: { description: 'HTML page' }, 404: { description: 'Disabled' } } } },
    },
  };
}
