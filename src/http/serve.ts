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
  close(): Promise<void>;
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
    return { port: bunServer.port, close: async () => void (await bunServer.stop(true)) };
  }
  if (runtime.Deno) {
    const denoServer = runtime.Deno.serve({ hostname: host, port, onListen: () => {} }, fetch);
    return { port: denoServer.addr.port, close: () => denoServer.shutdown() };
  }
  const { serve: nodeServe } = await import('@hono/node-server');
  return new Promise((resolve, reject) => {
    const nodeServer = nodeServe({ fetch, hostname: host, port }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            nodeServer.close(() => done());
            (nodeServer as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    // Node cuts requests after 300 s by default; the per-request deadline is ours to enforce.
    (nodeServer as { requestTimeout?: number }).requestTimeout = 0;
    nodeServer.once('error', reject);
  });
}
