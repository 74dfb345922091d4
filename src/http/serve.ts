// The one runtime-specific piece of the server: binding a fetch handler to a socket on Node, Bun or
// Deno. Everything else is shared code.

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface ServeOptions {
  host: string;
  port: number;
}

export interface RunningServer {
  /** The bound port (useful when 0 asked for any free one). */
  port: number;
  /** Takes no new connections; requests in progress go on. */
  stopListening(): void;
  /** Stops listening, gives open connections a moment to finish their answers, then closes them. */
  close(): Promise<void>;
}

/** How long close() waits for connections to finish on their own. */
const LINGER_MS = 1000;

/**
 * The same shutdown on every runtime: `stopListening` stops taking connections (once); close() then
 * waits up to LINGER_MS for open ones to finish before `closeConnections` cuts the rest.
 */
function runningServer(port: number, stopListening: () => Promise<unknown>, closeConnections: () => unknown): RunningServer {
  let stopped: Promise<unknown> | undefined;
  const stop = () => (stopped ??= stopListening());
  return {
    port,
    stopListening: () => void stop(),
    close: async () => {
      await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, LINGER_MS).unref?.())]);
      await closeConnections();
    },
  };
}

interface BunRuntime {
  serve(options: {
    hostname: string;
    port: number;
    fetch: FetchHandler;
    maxRequestBodySize: number;
    idleTimeout: number;
  }): { port: number; stop(closeActive?: boolean): Promise<void> | void };
}

interface DenoRuntime {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
    handler: FetchHandler,
  ): { addr: { port: number }; shutdown(): Promise<void> };
}

const runtime = globalThis as { Bun?: BunRuntime; Deno?: DenoRuntime };

export function runtimeName(): 'bun' | 'deno' | 'node' {
  return runtime.Bun ? 'bun' : runtime.Deno ? 'deno' : 'node';
}

export async function serve(fetch: FetchHandler, options: ServeOptions): Promise<RunningServer> {
  const { host, port } = options;
  if (runtime.Bun) {
    // Bun's own cap (128 MiB by default) answers 413, which MISP shows as "not reachable": leave the
    // limit to the app, which answers with a readable error. idleTimeout 0 lets long OCR finish.
    const bunServer = runtime.Bun.serve({
      hostname: host,
      port,
      fetch,
      maxRequestBodySize: Number.MAX_SAFE_INTEGER,
      idleTimeout: 0,
    });
    return runningServer(bunServer.port, async () => bunServer.stop(false), async () => bunServer.stop(true));
  }
  if (runtime.Deno) {
    const denoServer = runtime.Deno.serve({ hostname: host, port, onListen: () => {} }, fetch);
    // Deno's shutdown is graceful and closes idle connections itself: nothing is left to force.
    return runningServer(denoServer.addr.port, () => denoServer.shutdown(), () => undefined);
  }
  const { serve: nodeServe } = await import('@hono/node-server');
  return new Promise((resolve, reject) => {
    const nodeServer = nodeServe({ fetch, hostname: host, port }, (info) => {
      // Node closes idle keep-alive connections on close(), and busy ones after their answer.
      const stop = () => new Promise<void>((done) => nodeServer.close(() => done()));
      const closeAll = () => (nodeServer as { closeAllConnections?: () => void }).closeAllConnections?.();
      resolve(runningServer(info.port, stop, closeAll));
    });
    // Node cuts requests after 300 s by default; the per-request deadline is ours to enforce.
    (nodeServer as { requestTimeout?: number }).requestTimeout = 0;
    nodeServer.once('error', reject);
  });
}
