// Answering one /query payload, independent of HTTP: pick the module, enforce the deadline, and turn
// every failure into the `{"error": ...}` answer MISP shows to the analyst.
import { DocumentError } from '../image/decode.ts';
import { JobTimeoutError, PoolClosedError, WorkerCrashError } from '../ocr/pool.ts';
import type { DocumentReader, PageText } from '../ocr/reader.ts';
import type { LogFields, Logger } from '../util/log.ts';
import { ModuleError, type MispModule } from './contract.ts';

/** Upstream's text for failures the analyst cannot fix; the details go to the server log. */
export const GENERIC_ERROR = 'Something went wrong, look in the server logs for details';

export interface QueryOptions {
  modules: ReadonlyMap<string, MispModule>;
  reader: DocumentReader;
  /** Used when the request has no `timeout` key (seconds). */
  defaultTimeoutSeconds: number;
  /** Answer with the pages read so far after this long (seconds; 0: only just before the deadline). */
  answerWithinSeconds: number;
  /** Bounds the requests in progress; past it, requests are turned away at once. */
  gate: RequestGate;
  log: Logger;
}

/** Counts the requests in progress, so that overload gets a quick answer instead of a long wait. */
export class RequestGate {
  private count = 0;
  private idle: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get active(): number {
    return this.count;
  }

  tryEnter(): boolean {
    if (this.count >= this.limit) return false;
    this.count++;
    return true;
  }

  leave(): void {
    this.count--;
    if (this.count === 0) for (const wake of this.idle.splice(0)) wake();
  }

  /** Resolves when no request is in progress, or after `ms`, whichever comes first; true if drained. */
  drained(ms: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** Errors whose message is meant for the analyst, as opposed to bugs and crashes (logged, not shown). */
const SHOWN_ERRORS = [ModuleError, DocumentError, JobTimeoutError, PoolClosedError, WorkerCrashError];

export type QueryAnswer = { results: unknown; [key: string]: unknown } | { error: string };

class DeadlineError extends Error {
  constructor(seconds: number) {
    super(`Timeout. The document could not be read within ${seconds} s.`);
    this.name = 'DeadlineError';
  }
}

/** What the transport knows of the request, for the log line. */
export interface RequestFacts {
  bodyBytes?: number;
}

export async function answerQuery(payload: unknown, options: QueryOptions, facts: RequestFacts = {}): Promise<QueryAnswer> {
  if (!options.gate.tryEnter()) {
    options.log('query', { outcome: 'busy', ...facts, active: options.gate.active });
    return {
      error: `misp-ocr is busy: ${options.gate.active} requests are in progress, the most it accepts. Try again in a moment.`,
    };
  }
  try {
    return await answerAdmitted(payload, options, facts);
  } finally {
    options.gate.leave();
  }
}

async function answerAdmitted(payload: unknown, options: QueryOptions, facts: RequestFacts): Promise<QueryAnswer> {
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

  const deadline = abortAfter(seconds, new DeadlineError(seconds));
  // Whatever was read goes back a little before the deadline, rather than nothing at it.
  const answerBySeconds = Math.min(options.answerWithinSeconds || Infinity, seconds * ANSWER_BEFORE_DEADLINE);
  const answerDue = abortAfter(answerBySeconds, new Error('answer due'));
  const expired = new Promise<never>((_, reject) =>
    deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true }),
  );
  expired.catch(() => {}); // it also rejects when the request ends normally
  let answer: QueryAnswer;
  let outcome = 'ok';
  let cause: string | undefined;
  const documents: LogFields[] = [];
  const reader = recordingReader(options.reader, documents);
  try {
    const context = { reader, signal: deadline.signal, answerBy: answerDue.signal, answerBySeconds: Math.round(answerBySeconds * 10) / 10 };
    answer = await Promise.race([module.handler(request, context), expired]);
  } catch (error) {
    if (error instanceof DeadlineError) {
      outcome = 'timeout';
      answer = { error: error.message };
    } else if (SHOWN_ERRORS.some((kind) => error instanceof kind)) {
      outcome = 'rejected';
      answer = { error: (error as Error).message };
      cause = (error as Error).cause === undefined ? undefined : String((error as Error).cause);
    } else {
      outcome = 'failed';
      options.log('module-error', { module: name, error: error instanceof Error ? error.stack : String(error) });
      answer = { error: GENERIC_ERROR };
    }
  } finally {
    answerDue.cancel();
    // Stops whatever pages are still queued or running for this request.
    deadline.cancel(new Error('request finished'));
  }
  const ms = Math.round(performance.now() - started);
  const error = 'error' in answer ? answer.error : undefined;
  options.log('query', { module: name, outcome, ms, ...facts, ...documents[0], error, cause });
  return answer;
}

/** The module's reader, noting what each document was (type, size, pages, timings) for the log. */
function recordingReader(reader: DocumentReader, documents: LogFields[]): DocumentReader {
  return {
    async read(bytes, options) {
      const document = await reader.read(bytes, options);
      const total = (key: keyof NonNullable<PageText['timings']>) =>
        Math.round(document.pages.reduce((sum, page) => sum + (page.timings?.[key] ?? 0), 0));
      documents.push({
        kind: document.kind,
        fileBytes: bytes.length,
        pages: document.pages.length,
        decodeMs: Math.round(document.timings.decodeMs),
        renderMs: total('renderMs'),
        prepareMs: total('prepareMs'),
        recognizeMs: total('recognizeMs'),
        secondLookMs: total('secondLookMs'),
        unreadPages: document.unreadPages.length || undefined,
        cached: document.cached,
      });
      return document;
    },
  };
}

/** A signal that aborts with `reason` after `seconds`; cancel() clears the timer (aborting with its own reason, if given). */
function abortAfter(seconds: number, reason: Error): { signal: AbortSignal; cancel(abortWith?: Error): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(reason), seconds * 1000);
  return {
    signal: controller.signal,
    cancel(abortWith) {
      clearTimeout(timer);
      if (abortWith && !controller.signal.aborted) controller.abort(abortWith);
    },
  };
}

/** The `timeout` key: whole or fractional seconds, as a number or numeric string; absent or 0 means default. */
function timeoutSeconds(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  // Timers cannot wait longer; past it they would fire at once.
  return seconds === 0 ? fallback : Math.min(seconds, LONGEST_TIMER_SECONDS);
}

const LONGEST_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The share of the deadline after which the pages read so far are answered. */
const ANSWER_BEFORE_DEADLINE = 0.9;
