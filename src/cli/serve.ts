// `misp-ocr serve`: the misp-modules server, until SIGINT or SIGTERM.
import process from 'node:process';
import { parseConfig } from '../config.ts';
import { startService } from '../server.ts';
import { jsonLogger } from '../util/log.ts';

export async function serveCommand(args: string[]): Promise<void> {
  const config = parseConfig(args, process.env);
  let service;
  try {
    service = await startService(config, jsonLogger);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = code === 'EADDRINUSE' ? `${config.host}:${config.port} is already in use.` : String(error);
    throw new Error(`cannot start: ${message}`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLogger('stopping', { signal, graceSeconds: config.graceSeconds, active: service.gate.active });
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
