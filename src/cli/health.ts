// `misp-ocr health [--url URL]`: asks a running server's /healthcheck, for container health checks
// where no HTTP client is installed. Exit 0 when it answers that it is up, 1 otherwise.
import process from 'node:process';
import { UsageError } from './usage.ts';

export async function healthCommand(args: string[]): Promise<void> {
  let url = `http://127.0.0.1:${process.env.PORT || 6666}/healthcheck`;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--url' && args[i + 1]) url = args[++i];
    else throw new UsageError(`unknown option ${args[i]}`);
  }
  let answer: { status?: unknown } | undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    answer = response.ok ? await response.json() : undefined;
  } catch (error) {
    throw new Error(`${url} did not answer: ${error instanceof Error ? error.message : error}`);
  }
  if (answer?.status !== true) throw new Error(`${url} did not say it is up`);
  console.log(JSON.stringify(answer));
}
