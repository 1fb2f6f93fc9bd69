import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/**
 * The console's client-side routes as patterns (`/users/:id`), written by the web build into
 * `console-routes.json` from the SPA's own route table, so server and client cannot disagree.
 */
export function loadConsoleRoutes(root: string): RegExp[] {
  const file = `${root}/console-routes.json`;
  if (!existsSync(file)) return [];
  const patterns = JSON.parse(readFileSync(file, 'utf8')) as string[];
  return patterns.map((p) => new RegExp(`^${p === '/' ? '' : p.replace(/:[A-Za-z]+/g, '[^/.]+')}/?$`));
}

export function isConsolePath(routes: RegExp[], url: string): boolean {
  const path = url.split('?')[0]!;
  return routes.some((r) => r.test(path));
}

/**
 * Serves the built admin SPA at `/`: its files as they are (hashed assets cached for a year),
 * and index.html for the console's own routes only, so a reload or a deep link works while
 * `/.env`, `/assets/missing.js` and unknown `/api/…` paths stay 404.
 */
const web: FastifyPluginAsync<{ root?: string }> = async (app, opts) => {
  const root = opts.root ?? WEB_DIST;
  const built = existsSync(`${root}/index.html`);
  const routes = built ? loadConsoleRoutes(root) : [];
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      // Vite names assets by content hash: cached for good. index.html names the current ones.
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ root }, 'web/dist not built; the admin SPA is not served (run `pnpm --filter @scim/web build`)');
  }
  app.setNotFoundHandler((req, reply) => {
    if (built && (req.method === 'GET' || req.method === 'HEAD') && isConsolePath(routes, req.url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ statusCode: 404, code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
};

// Not encapsulated: the not-found handler belongs to the root prefix.
export const webRoutes = fp(web, { name: 'web' });
