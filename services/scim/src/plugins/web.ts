import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/**
 * Serves the built admin SPA at `/`. Unknown GETs outside the API prefixes fall back to
 * index.html so client-side routes survive a reload.
 */
const web: FastifyPluginAsync<{ root?: string }> = async (app, opts) => {
  const root = opts.root ?? WEB_DIST;
  const built = existsSync(`${root}/index.html`);
  if (built) await app.register(fastifyStatic, { root, wildcard: false });
  else app.log.warn({ root }, 'web/dist not built; the admin SPA is not served (run `pnpm --filter @scim/web build`)');
  app.setNotFoundHandler((req, reply) => {
    if (built && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send({ statusCode: 404, code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
};

// Not encapsulated: the not-found handler belongs to the root prefix.
export const webRoutes = fp(web, { name: 'web' });
