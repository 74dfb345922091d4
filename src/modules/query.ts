// Answering one /query payload, independent of HTTP: pick the module, enforce the deadline, and turn
// every failure into the `{"error": ...}` answer MISP shows to the analyst.
import { DocumentError } from '../image/decode.ts';
import type { DocumentReader } from '../ocr/reader.ts';
import type { Logger } from '../util/log.ts';
import { ModuleError, type MispModule } from './contract.ts';

/** Upstream's text for failures the analyst cannot fix; the details go to the server log. */
export const GENERIC_ERROR = 'Something went wrong, look in the server logs for details';

export interface QueryOptions {
  modules: ReadonlyMap<string, MispModule>;
  reader: DocumentReader;
  /** Used when the request has no `timeout` key (seconds). */
  defaultTimeoutSeconds: number;
  log: Logger;
}

export type QueryAnswer = { results: unknown; [key: string]: unknown } | { error: string };

class DeadlineError extends Error {
  constructor(seconds: number) {
    super(`Timeout. The document could not be read within ${seconds} s.`);
    this.name = 'DeadlineError';
  }
}

export async function answerQuery(payload: unknown, options: QueryOptions): Promise<QueryAnswer> {
  const started = performance.now();
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { error: 'The request must be a JSON object.' };
  }
  const request = payload as Record<string, unknown>;
  const name = request.module;
  if (typeof name !== 'string' || name === '') return { error: 'The request names no module ("module").' };
  const module = options.modules.get(name);
  if (!module) {
    const known = [...options.modules.keys()].join(', ');
    return { error: `Unknown module "${name}": this server provides ${known}.` };
  }
  const seconds = timeoutSeconds(request.timeout, options.defaultTimeoutSeconds);
  if (seconds === undefined) return { error: 'The "timeout" must be a number of seconds.' };

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineError(seconds)), seconds * 1000);
  const expired = new Promise<never>((_, reject) =>
    deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true }),
  );
  expired.catch(() => {}); // it also rejects when the request ends normally
  let answer: QueryAnswer;
  let outcome = 'ok';
  try {
    answer = await Promise.race([module.handler(request, { reader: options.reader, signal: deadline.signal }), expired]);
  } catch (error) {
    if (error instanceof ModuleError || error instanceof DocumentError || error instanceof DeadlineError) {
      outcome = error instanceof DeadlineError ? 'timeout' : 'rejected';
      answer = { error: error.message };
    } else {
      outcome = 'failed';
      options.log('module-error', { module: name, error: error instanceof Error ? error.stack : String(error) });
      answer = { error: GENERIC_ERROR };
    }
  } finally {
    clearTimeout(timer);
    // Stops whatever pages are still queued or running for this request.
    if (!deadline.signal.aborted) deadline.abort(new Error('request finished'));
  }
  const ms = Math.round(performance.now() - started);
  options.log('query', { module: name, outcome, ms, error: 'error' in answer ? answer.error : undefined });
  return answer;
}

/** The `timeout` key: whole or fractional seconds, as a number or numeric string; absent or 0 means default. */
function timeoutSeconds(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return seconds === 0 ? fallback : seconds;
}
