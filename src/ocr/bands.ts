// One page over several idle workers: the prepared page is cut into bands of whole text lines, the
// bands are read at the same time, and their readings are joined in reading order. Cuts fall only in
// the gaps between full-width lines, so that columns and tables are never cut into pieces read out
// of order.
import type { Box, PreparationFacts } from '../image/prepare.ts';
import type { GrayPage } from '../image/raster.ts';
import type { PageRecognition } from './jobs.ts';

/** A band needs this many lines to be worth a worker of its own. */
export const MIN_LINES_PER_BAND = 6;

export interface Band {
  top: number;
  bottom: number;
}

/** Up to `count` bands of near-equal numbers of lines; the whole page when it cannot be cut. */
export function planBands(lines: Box[], height: number, count: number): Band[] {
  const bands = Math.min(count, Math.floor(lines.length / MIN_LINES_PER_BAND));
  if (bands < 2) return [{ top: 0, bottom: height }];
  // Rows covered by text, as runs of lines that overlap vertically (side by side: columns, cells).
  const runs: { top: number; bottom: number; lines: number }[] = [];
  for (const line of [...lines].sort((a, b) => a.top - b.top)) {
    const last = runs.at(-1);
    if (last && line.top < last.bottom) {
      last.bottom = Math.max(last.bottom, line.bottom);
      last.lines++;
    } else runs.push({ top: line.top, bottom: line.bottom, lines: 1 });
  }
  const cuts: number[] = [];
  let linesAbove = 0;
  for (let i = 0; i < runs.length - 1 && cuts.length < bands - 1; i++) {
    linesAbove += runs[i].lines;
    const share = (lines.length * (cuts.length + 1)) / bands;
    const betweenSingleLines = runs[i].lines === 1 && runs[i + 1].lines === 1;
    if (linesAbove >= share && betweenSingleLines) cuts.push(Math.round((runs[i].bottom + runs[i + 1].top) / 2));
  }
  const edges = [0, ...cuts, height];
  return edges.slice(1).map((bottom, i) => ({ top: edges[i], bottom }));
}

/** The rows of a band, as an image of their own. */
export function bandImage(page: GrayPage, band: Band): GrayPage {
  const pixels = page.pixels.slice(band.top * page.width, band.bottom * page.width);
  return { ...page, height: band.bottom - band.top, pixels };
}

/**
 * The bands' readings as one reading of the page. A band is read upside down when that reads better
 * (as whole pages are); when most of the page was, the page itself is upside down and its bands are
 * taken in the opposite order. Word boxes are in the page as it was read.
 */
export function joinBands(page: GrayPage, preparation: PreparationFacts, bands: Band[], readings: PageRecognition[]): PageRecognition {
  const wordsIn = (turned: boolean) =>
    readings.reduce((sum, reading) => sum + ((reading.preparation.rotation === 180) === turned ? reading.words.length : 0), 0);
  const pageTurned = preparation.rotation === 0 && wordsIn(true) > wordsIn(false);
  const order = readings.map((reading, i) => ({ reading, band: bands[i] }));
  if (pageTurned) order.reverse();
  const words = order.flatMap(({ reading, band }) => {
    const height = band.bottom - band.top;
    const offset = pageTurned ? page.height - band.bottom : band.top;
    const mirror = (reading.preparation.rotation === 180) !== pageTurned;
    return reading.words.map((word) => {
      const { left, top, right, bottom } = word.box;
      const box = mirror
        ? { left: page.width - right, right: page.width - left, top: height - bottom + offset, bottom: height - top + offset }
        : { left, right, top: top + offset, bottom: bottom + offset };
      return { ...word, box };
    });
  });
  const sum = (key: keyof PageRecognition['timings']) => readings.reduce((total, reading) => total + reading.timings[key], 0);
  return {
    text: order.map(({ reading }) => reading.text.trimEnd()).filter(Boolean).join('\n') + '\n',
    confidence: words.length ? words.reduce((total, word) => total + word.confidence, 0) / words.length : 0,
    words,
    width: page.width,
    height: page.height,
    preparation: { ...preparation, rotation: pageTurned ? 180 : preparation.rotation },
    dpi: readings[0].dpi,
    timings: { renderMs: 0, prepareMs: 0, recognizeMs: sum('recognizeMs'), secondLookMs: sum('secondLookMs') },
  };
}
