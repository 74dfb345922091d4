// The indicator extractor's public face: extraction from plain text or from a read document.
import type { DocumentText } from '../ocr/reader.ts';
import { extractIndicators, type ConfidenceSpan, type Indicator } from './extract.ts';

export { extractIndicators, type Indicator, type Occurrence, type ConfidenceSpan } from './extract.ts';
export { prepareText } from './text.ts';

/** Indicators of a document, with the OCR engine's word confidences taken into account. */
export function documentIndicators(document: DocumentText): Indicator[] {
  return extractIndicators(document.text, { confidences: wordConfidences(document) });
}

/** Finds each recognized word in the joined text, in order, to know how sure the engine was of each stretch. */
export function wordConfidences(document: DocumentText): ConfidenceSpan[] {
  const spans: ConfidenceSpan[] = [];
  let cursor = 0;
  for (const page of document.pages) {
    for (const word of page.words) {
      const at = document.text.indexOf(word.text, cursor);
      if (at < 0) continue;
      spans.push({ start: at, end: at + word.text.length, confidence: word.confidence, revised: word.revised });
      cursor = at + word.text.length;
    }
  }
  return spans;
}
