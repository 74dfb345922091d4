// The bench's latency chart as a plain SVG file: one group of horizontal bars per document, one bar
// per engine or runtime, each labelled with its value. No charting library for a dozen bars.

const COLOURS = ['#7f7f7f', '#bcbd22', '#9467bd', '#1f77b4', '#ff7f0e', '#2ca02c', '#17becf', '#d62728'];
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function latencyChart(groups: string[], series: { label: string; values: (number | undefined)[] }[], title: string): string {
  const shown = series.filter((s) => s.values.some((v) => v !== undefined));
  const max = Math.max(1, ...shown.flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  const bar = 14;
  const left = 150;
  const width = 640;
  const groupHeight = shown.length * (bar + 2) + 18;
  const top = 40;
  const legendTop = top + groups.length * groupHeight + 10;
  const height = legendTop + shown.length * 18 + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 90}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  groups.forEach((group, g) => {
    const y0 = top + g * groupHeight;
    parts.push(`<text x="10" y="${y0 + groupHeight / 2}">${escape(group)}</text>`);
    shown.forEach((s, i) => {
      const value = s.values[g];
      if (value === undefined) return;
      const y = y0 + i * (bar + 2);
      const w = Math.max(1, (value / max) * width);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLOURS[i % COLOURS.length]}"/>`);
      parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + bar - 3}">${Math.round(value)} ms</text>`);
    });
  });
  shown.forEach((s, i) => {
    const y = legendTop + i * 18;
    parts.push(`<rect x="${left}" y="${y}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/>`);
    parts.push(`<text x="${left + 18}" y="${y + 10}">${escape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
