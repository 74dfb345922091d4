#!/usr/bin/env node
// `misp-ocr`: serve (the default), scan, extract or health.
import process from 'node:process';
import { extractCommand } from './cli/extract.ts';
import { healthCommand } from './cli/health.ts';
import { scanCommand } from './cli/scan.ts';
import { serveCommand } from './cli/serve.ts';
import { UsageError } from './cli/usage.ts';
import { ConfigError, configHelp } from './config.ts';
import { packageVersion } from './version.ts';

const HELP = `Usage:
  misp-ocr [serve] [options]           start the misp-modules server (default)
  misp-ocr scan FILE... [--json] [--lang L] [--workers N]
                                       OCR documents and list their indicators
  misp-ocr extract [FILE|-] [--lines|--table]
                                       indicators in plain text, as JSON by default
  misp-ocr health [--url URL]          ask a running server's /healthcheck (exit 0 when up)
  misp-ocr --version | --help

Server ${configHelp()}`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  serve: serveCommand,
  scan: scanCommand,
  extract: extractCommand,
  health: healthCommand,
};

const args = process.argv.slice(2);
try {
  if (args.includes('--help') || args.includes('-h')) console.log(HELP);
  else if (args[0] === '--version') console.log(await packageVersion());
  else if (args[0] && args[0] in COMMANDS) await COMMANDS[args[0]](args.slice(1));
  else if (!args[0] || args[0].startsWith('-')) await serveCommand(args);
  else throw new UsageError(`unknown command "${args[0]}" (${Object.keys(COMMANDS).join(', ')})`);
} catch (error) {
  const usage = error instanceof UsageError || error instanceof ConfigError;
  console.error(`misp-ocr: ${error instanceof Error ? error.message : error}${usage ? '\nSee misp-ocr --help.' : ''}`);
  process.exit(usage ? 2 : 1);
}
