// What the benches share: a misp-ocr server in its own process on Node, Bun or Deno (started on a
// free loopback port, its log lines collected, its memory read from /proc), and their options.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { median as middle } from '../src/util/median.ts';

export type Runtime = 'node' | 'bun' | 'deno';

/** The value of `--name VALUE` on the bench's command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** The middle of values the benches always have (NaN, shown as such, if ever none). */
export const median = (values: number[]) => middle(values) ?? NaN;

/** The value below which `p` per cent of `values` lie (nearest rank). */
export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

/** The checkout, from bench/ or dist/bench/. */
export const ROOT = new URL('../', import.meta.url.includes('/dist/') ? new URL('../', import.meta.url) : import.meta.url);

function serverCommand(runtime: Runtime): string[] {
  const main = new URL('src/main.ts', ROOT).pathname;
  if (runtime === 'bun') return [new URL('node_modules/.bin/bun', ROOT).pathname, main];
  if (runtime === 'deno') return [new URL('node_modules/.bin/deno', ROOT).pathname, 'run', '--no-check', '-A', main];
  return [process.execPath, new URL('dist/src/main.js', ROOT).pathname];
}

export interface BenchServer {
  child: ChildProcess;
  url: string;
  /** Every JSON log line so far. */
  log: Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startServer(runtime: Runtime, args: string[]): Promise<BenchServer> {
  const [command, ...prefix] = serverCommand(runtime);
  const child = spawn(command, [...prefix, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: Record<string, unknown>[] = [];
  let pending = '';
  child.stderr!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          const entry = JSON.parse(line);
          log.push(entry);
          if (entry.event === 'listening') resolve(String(entry.url));
        } catch {
          // not a log line
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`the ${runtime} server exited (${code})`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, url, log, stop };
}

/** Resident memory of a process in MiB (Linux): now, or its peak ("VmHWM"). */
export function rssMiB(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  try {
    const kib = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${which}:\\s+(\\d+)`, 'm'))?.[1]);
    // An exiting process still has a status file, without its memory lines.
    return Number.isFinite(kib) ? Math.round(kib / 1024) : undefined;
  } catch {
    return undefined;
  }
}
