// Indicators and text in MISP's two result shapes: the simplified list (import and expansion
// modules) and misp_standard (Attribute, Object, EventReport).
import { createHash, randomUUID } from 'node:crypto';
import type { Indicator } from '../indicators/index.ts';
import { TYPES } from '../indicators/types.ts';
import type { DocumentText } from '../ocr/reader.ts';

/** One simplified result per indicator: MISP preselects the first type and offers the others. */
export function simplifiedIndicators(indicators: Indicator[]): Record<string, unknown>[] {
  return indicators.map((indicator) => ({
    types: indicator.types,
    values: indicator.value,
    categories: [indicator.category],
    to_ids: indicator.to_ids,
    comment: indicator.comment,
  }));
}

/** A result's comment, followed by the note of pages left out when there is one. */
export const withNote = (comment: string, note: string) => (note ? `${comment}. ${note}` : comment);

/** The document's text, kept as a `text` attribute (MISP's freetext parser would not keep it). */
export function simplifiedText(text: string, source: string, note = ''): Record<string, unknown> {
  return { types: ['text'], values: text, categories: [TYPES.text.category], to_ids: false, comment: withNote(`OCR text of ${source}`, note) };
}

/** The document as MISP standard: its indicators, a file object for it, and a report of its text. */
export function mispStandardReport(document: DocumentText, indicators: Indicator[], file: { name: string; bytes: Uint8Array }, note = '') {
  const attributes = indicators.map((indicator) => ({
    uuid: randomUUID(),
    type: indicator.type,
    category: indicator.category,
    value: indicator.value,
    to_ids: indicator.to_ids,
    comment: indicator.comment,
  }));
  const fileObject = {
    uuid: randomUUID(),
    name: 'file',
    'meta-category': 'file',
    description: 'The document the indicators were read from',
    Attribute: [
      { object_relation: 'filename', type: 'filename', value: file.name, category: 'Payload delivery', to_ids: false },
      { object_relation: 'size-in-bytes', type: 'size-in-bytes', value: String(file.bytes.length), category: 'Other', to_ids: false },
      {
        object_relation: 'sha256',
        type: 'sha256',
        value: createHash('sha256').update(file.bytes).digest('hex'),
        category: 'Payload delivery',
        to_ids: false,
      },
    ].map((attribute) => ({ uuid: randomUUID(), ...attribute })),
    ObjectReference: attributes.map((attribute) => ({ referenced_uuid: attribute.uuid, relationship_type: 'mentions' })),
  };
  return {
    Attribute: attributes,
    Object: [fileObject],
    EventReport: [{ uuid: randomUUID(), name: `OCR of ${file.name}`, content: reportMarkdown(document, file.name, indicators, note) }],
  };
}

function reportMarkdown(document: DocumentText, name: string, indicators: Indicator[], note: string): string {
  const lines = [`# OCR of ${name}`, ''];
  const pages = document.pages.length;
  lines.push(`${pages} page${pages > 1 ? 's' : ''} (${document.kind}), ${indicators.length} indicator${indicators.length === 1 ? '' : 's'} found.`, '');
  if (note) lines.push(`**${note}**`, '');
  for (const page of document.pages) {
    const how = page.source === 'ocr' ? `recognized, mean word confidence ${Math.round(page.confidence * 100)} %` : page.source === 'text-layer' ? 'text layer' : 'plain text';
    lines.push(`## Page ${page.number}`, '', `_${how}_`, '', '```', page.text.replace(/```/g, "'''").trim(), '```', '');
  }
  return lines.join('\n');
}
