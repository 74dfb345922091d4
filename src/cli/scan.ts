// `misp-ocr scan FILE…`: OCR and indicator extraction without a server. Text (or JSON with --json)
// on stdout; a progress bar per document on stderr when it is a terminal.
import process from 'node:process';
import { parseConfig } from '../config.ts';
import { DocumentError } from '../image/errors.ts';
import { documentIndicators } from '../indicators/index.ts';
import { installedLanguages } from '../modules/settings.ts';
import { locateModels, startEngine } from '../server.ts';
import { silentLogger } from '../util/log.ts';
import { formatIndicators, publicIndicator } from './extract.ts';
import { readNamedFile, UsageError } from './usage.ts';

export async function scanCommand(args: string[]): Promise<void> {
  const files: string[] = [];
  let json = false;
  let language = 'eng';
  const engineArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--lang') language = args[++i] ?? '';
    else if (['--workers', '--max-pages', '--max-pixels', '--model-dir'].includes(arg)) engineArgs.push(arg, args[++i] ?? '');
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('scan needs at least one file');
  const config = parseConfig(engineArgs, {});
  locateModels(config);
  const languages = installedLanguages();
  if (!(language in languages)) throw new UsageError(`language "${language}" is not installed; available: ${Object.keys(languages).join(', ')}`);
  const inputs = await Promise.all(files.map(async (file) => ({ file, bytes: await readNamedFile(file) })));
  const { pool, reader } = await startEngine(config, silentLogger);
  const reports = [];
  let failed = false;
  try {
    for (const { file, bytes } of inputs) {
      const progress = process.stderr.isTTY ? progressBar(file) : undefined;
      try {
        const document = await reader.read(bytes, { alpha: 'flatten', language, onProgress: progress });
        const indicators = documentIndicators(document);
        if (json) {
          reports.push({ file, kind: document.kind, pages: document.pages.length, text: document.text, indicators: indicators.map(publicIndicator) });
        } else {
          process.stdout.write(`${files.length > 1 ? `==> ${file} <==\n` : ''}${document.text}\n\n${formatIndicators(indicators, 'table')}`);
        }
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
        failed = true;
        process.stderr.write(`misp-ocr: ${file}: ${error.message}\n`);
        if (json) reports.push({ file, error: error.message });
      } finally {
        if (progress) process.stderr.write('\n');
      }
    }
  } finally {
    await pool.close();
  }
  if (json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  if (failed) process.exitCode = 1;
}

function progressBar(file: string) {
  const width = 30;
  return (done: number, total: number) => {
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${file} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} pages`);
  };
}
