import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { isDatabaseUnavailable, type Database } from '@scim/db';
import type { ScimConfig, TrustProxy } from './config.js';
import { loggerOptions } from './logger.js';
import { ignoreContentTypeWithoutBody } from './plugins/empty-body.js';
import { healthRoutes } from './plugins/health.js';
import { hasBody, registerJsonParsers } from './plugins/json-body.js';
import { metricsRoutes } from './plugins/metrics.js';
import { registerQueryGuard } from './plugins/query-guard.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { webRoutes } from './plugins/web.js';
import { scimErrorHandler } from './scim/http/errors.js';
import { scimPlugin } from './scim/http/plugin.js';
import { adminPlugin } from './admin-api/plugin.js';

export interface AppDeps {
  config: ScimConfig;
  db: Kysely<Database>;
  pool: pg.Pool;
  secrets: { signingKey: string; encryptionKey: string };
  /** Called after a write commits: wakes outbox consumers. */
  onCommit?: () => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Body limit outside /scim/v2 (which sets SCIM_MAX_BODY_BYTES on its own routes): the largest
 * admin body is a membership edit of 2 × 1,000 ids (about 80 KB); sign-in sets its own, smaller.
 */
export const DEFAULT_BODY_LIMIT = 128 * 1024;

/** A hop count as Fastify applies one (its typings omit the number form): trust the n nearest hops. */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The app factory: everything but `listen`. Tests build this same app and use `inject`;
 * server.ts is the only process entry (fastify/demo's split).
 */
export async function buildApp(deps: AppDeps, opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(deps.config.LOG_LEVEL),
    trustProxy: fastifyTrustProxy(deps.config.TRUST_PROXY),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // A client-supplied X-Request-Id is kept when sane (so an IdP's correlation id shows up in
    // our logs and audit rows); otherwise we mint one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    // A path the router cannot decode (bad percent-encoding, e.g. an unpaired surrogate's
    // bytes; found by issue 14's fuzzing) is answered in its surface's error shape, not
    // Fastify's default body.
    frameworkErrors: (err, req, reply) => {
      const res = reply as unknown as FastifyReply;
      if (req.url.startsWith('/scim/v2/') || req.url === '/scim/v2') return scimErrorHandler(err, req as FastifyRequest, res);
      return res.code(400).send({ statusCode: 400, code: 'bad_url', message: err.message });
    },
  });
  app.decorate('deps', deps);
  // First, so even a request refused by the hook below carries the headers.
  await registerSecurityHeaders(app, deps.config.publicBaseUrl);
  registerJsonParsers(app);
  registerQueryGuard(app);
  // A route that does not exist never reads its body (issue 14 finding 1): answered before
  // parsing, and the connection closes instead of draining what the client still sends.
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.is404 || !hasBody(req)) return done();
    reply.header('connection', 'close');
    done(Object.assign(new Error(`no route ${req.method} ${req.url.split('?')[0]}`), { statusCode: 404, code: 'not_found' }));
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
  app.addHook('onRequest', ignoreContentTypeWithoutBody);

  // Admin-API-style errors everywhere outside /scim/v2 (which renders RFC 7644 bodies itself).
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    // The database away (restarting, unreachable) is a 503 to retry, not a bug.
    const unavailable = isDatabaseUnavailable(err);
    const status = unavailable ? 503 : err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (unavailable) req.log.warn({ code: err.code }, 'database unavailable');
    else if (status >= 500) req.log.error({ err }, 'request failed');
    if (unavailable) reply.header('retry-after', '1');
    return reply.code(status).send({
      statusCode: status,
      code: unavailable ? 'database_unavailable' : status >= 500 ? 'internal_error' : (err.code ?? 'bad_request').toLowerCase(),
      message: unavailable ? 'the database is unavailable; retry later' : status >= 500 ? 'internal server error' : err.message,
    });
  });

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(scimPlugin, { prefix: '/scim/v2' });
  await app.register(adminPlugin, { prefix: '/api/admin' });
  if (deps.config.SERVE_WEB) await app.register(webRoutes);
  else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ statusCode: 404, code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
    );
  }
  return app;
}
