// The misp-modules HTTP contract on Hono. Everything here is transport: modules are reached only
// through answerQuery, and every /query answer is HTTP 200 with JSON, because MISP shows any other
// status as "service not reachable" instead of the message.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MispModule } from '../modules/contract.ts';
import { answerQuery, GENERIC_ERROR, type QueryOptions } from '../modules/query.ts';
import type { Logger } from '../util/log.ts';
import { openApiDocument } from './openapi.ts';
import { TRY_PAGE } from './page.ts';

export interface AppOptions extends Omit<QueryOptions, 'modules'> {
  modules: readonly MispModule[];
  version: string;
  maxBodyBytes: number;
  /** Serve the try-it page at GET /. */
  tryPage?: boolean;
  /** When set, every route but /healthcheck needs this value in the SECRET_HEADER header. */
  secret?: string;
  /** Extra facts for /healthcheck (worker and queue state). */
  health?: () => Record<string, unknown>;
  log: Logger;
}

type Handler = (c: Context) => Response | Promise<Response>;

/** Added by a reverse proxy in front of the server, for deployments that want more than loopback. */
export const SECRET_HEADER = 'X-MISP-OCR-Secret';

/** Compares digests, so that the time taken says nothing about the secret, whatever its length. */
function sameSecret(given: string | undefined, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(secret));
}

export function createApp(options: AppOptions): Hono {
  const modulesByName = new Map(options.modules.map((m) => [m.name, m]));
  // MISP waits only 1 s for /modules: the answer is built once, up front.
  const moduleList = JSON.stringify(
    options.modules.map(({ name, type, mispattributes, meta }) => ({ name, type, mispattributes, meta })),
  );
  const openApi = JSON.stringify(openApiDocument(options.modules, options.version));
  const queryOptions: QueryOptions = { ...options, modules: modulesByName };
  const maxMiB = Math.round(options.maxBodyBytes / 2 ** 20);

  const routes: Record<string, Record<string, Handler>> = {
    '/modules': { GET: (c) => c.body(moduleList, 200, { 'Content-Type': 'application/json' }) },
    '/healthcheck': {
      GET: (c) => c.json({ status: true, requests: { active: options.gate.active, limit: options.gate.limit }, ...options.health?.() }),
    },
    '/version': { GET: (c) => c.json({ version: options.version }) },
    '/openapi.json': { GET: (c) => c.body(openApi, 200, { 'Content-Type': 'application/json' }) },
    ...(options.tryPage ? { '/': { GET: (c: Context) => c.html(TRY_PAGE) } } : {}),
    '/query': {
      POST: async (c) => {
        const body = await c.req.text();
        let payload: unknown;
        try {
          payload = JSON.parse(body);
        } catch {
          return c.json({ error: 'The request body is not valid JSON.' });
        }
        return c.json(await answerQuery(payload, queryOptions, { bodyBytes: body.length }));
      },
    },
  };

  const app = new Hono();
  const { secret } = options;
  if (secret) {
    app.use('*', async (c, next) => {
      if (c.req.path === '/healthcheck' || sameSecret(c.req.header(SECRET_HEADER), secret)) return next();
      return c.json({ error: `Missing or wrong ${SECRET_HEADER} header.` }, 401);
    });
  }
  app.use(
    '/query',
    bodyLimit({
      maxSize: options.maxBodyBytes,
      // The rest of the body is never read, so the connection cannot carry another request.
      onError: (c) =>
        c.json({ error: `The request is too large: the limit is ${maxMiB} MiB.` }, 200, { Connection: 'close' }),
    }),
  );
  for (const [path, handlers] of Object.entries(routes)) {
    const allowed = Object.keys(handlers).join(', ');
    app.all(path, (c) => {
      const handler = handlers[c.req.method] ?? (c.req.method === 'HEAD' ? handlers.GET : undefined);
      if (handler) return handler(c);
      return c.json({ error: `Method ${c.req.method} is not allowed on ${path}; use ${allowed}.` }, 405, {
        Allow: allowed,
      });
    });
  }
  app.notFound((c) => c.json({ error: `Not found: ${c.req.path}` }, 404));
  app.onError((error, c) => {
    options.log('http-error', { path: c.req.path, error: error.stack ?? String(error) });
    return c.json({ error: GENERIC_ERROR }, c.req.path === '/query' ? 200 : 500);
  });
  return app;
}
