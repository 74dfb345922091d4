// `misp-ocr extract [FILE|-]`: indicators from plain text, as JSON (default), JSON lines or a table.
import process from 'node:process';
import { extractIndicators, type Indicator } from '../indicators/index.ts';
import { readNamedFile, UsageError } from './usage.ts';

export async function extractCommand(args: string[]): Promise<void> {
  const format = args.includes('--lines') ? 'lines' : args.includes('--table') ? 'table' : 'json';
  const files = args.filter((a) => !a.startsWith('--') || a === '-');
  const unknown = args.find((a) => a.startsWith('--') && !['--lines', '--table', '--json'].includes(a));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (files.length > 1) throw new UsageError('extract reads one file (or - for standard input)');
  const text = await readText(files[0] ?? '-');
  process.stdout.write(formatIndicators(extractIndicators(text), format));
}

async function readText(file: string): Promise<string> {
  if (file !== '-') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await readNamedFile(file));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The fields a script needs; offsets stay available through `occurrences`. */
export function publicIndicator(indicator: Indicator) {
  const { type, types, value, category, to_ids, comment, confidence, repairs, occurrences } = indicator;
  return { type, types, value, category, to_ids, comment, confidence, repairs, occurrences };
}

export function formatIndicators(indicators: Indicator[], format: 'json' | 'lines' | 'table'): string {
  if (format === 'json') return `${JSON.stringify(indicators.map(publicIndicator), null, 2)}\n`;
  if (format === 'lines') return indicators.map((i) => `${JSON.stringify(publicIndicator(i))}\n`).join('');
  const rows = indicators.map((i) => [i.type, i.value, i.to_ids ? 'ids' : '', i.repairs.length ? 'repaired' : '']);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), 4));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd() + '\n').join('');
}
