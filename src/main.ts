#!/usr/bin/env node
// Command-line entry: `misp-ocr [options]` starts the misp-modules server.
import process from 'node:process';
import { ConfigError, configHelp, parseConfig } from './config.ts';
import { startService } from './server.ts';
import { jsonLogger } from './util/log.ts';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: misp-ocr [options]\n\nStarts the misp-modules compatible OCR server.\n\n${configHelp()}`);
  process.exit(0);
}

let config;
try {
  config = parseConfig(args, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`misp-ocr: ${error.message}`);
  process.exit(2);
}

try {
  const service = await startService(config, jsonLogger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLogger('stopping', { signal });
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  const code = (error as { code?: string }).code;
  const message = code === 'EADDRINUSE' ? `${config.host}:${config.port} is already in use.` : String(error);
  console.error(`misp-ocr: cannot start: ${message}`);
  process.exit(1);
}
