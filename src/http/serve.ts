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
const lingering = (done: Promise<unknown>) =>
  Promise.race([done, new Promise((resolve) => setTimeout(resolve, LINGER_MS).unref?.())]);

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
    let stopped: Promise<void> | undefined;
    const stopListening = () => void (stopped ??= Promise.resolve(bunServer.stop(false)));
    return {
      port: bunServer.port,
      stopListening,
      close: async () => {
        stopListening();
        await lingering(stopped!);
        await bunServer.stop(true);
      },
    };
  }
  if (runtime.Deno) {
    const denoServer = runtime.Deno.serve({ hostname: host, port, onListen: () => {} }, fetch);
    // Deno's shutdown is graceful and closes idle connections itself.
    let stopped: Promise<void> | undefined;
    const stopListening = () => void (stopped ??= denoServer.shutdown());
    return {
      port: denoServer.addr.port,
      stopListening,
      close: async () => {
        stopListening();
        await lingering(stopped!);
      },
    };
  }
  const { serve: nodeServe } = await import('@hono/node-server');
  return new Promise((resolve, reject) => {
    const nodeServer = nodeServe({ fetch, hostname: host, port }, (info) => {
      let stopped: Promise<void> | undefined;
      // Node closes idle keep-alive connections on close(), and busy ones after their answer.
      const stopListening = () => void (stopped ??= new Promise<void>((done) => nodeServer.close(() => done())));
      resolve({
        port: info.port,
        stopListening,
        close: async () => {
          stopListening();
          await lingering(stopped!);
          (nodeServer as { closeAllConnections?: () => void }).closeAllConnections?.();
        },
      });
    });
    // Node cuts requests after 300 s by default; the per-request deadline is ours to enforce.
    (nodeServer as { requestTimeout?: number }).requestTimeout = 0;
    nodeServer.once('error', reject);
  });
}
