import type { FastifyInstance } from 'fastify';
import { unstorableReason } from '../util/strings.js';

/** A query parameter PostgreSQL could not take (issue 14 finding 7): 400 on every surface. */
export class QueryStringError extends Error {
  readonly statusCode = 400;
  readonly code = 'invalid_query';
  constructor(readonly param: string, reason: string) {
    super(`query parameter '${param.slice(0, 64)}' ${reason}`);
    this.name = 'QueryStringError';
  }
}

/**
 * `%00` decodes to NUL in any query parameter (a SCIM filter, an admin search), which failed
 * its query with a 500. Checked once for every route, before validation and handlers.
 * (Invalid UTF-8 stays percent-encoded text; lone surrogates cannot arrive this way.)
 */
export function registerQueryGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    for (const [key, raw] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
      for (const value of [key, ...(Array.isArray(raw) ? raw : [raw])]) {
        const bad = typeof value === 'string' ? unstorableReason(value) : undefined;
        if (bad) return done(new QueryStringError(key, bad));
      }
    }
    done();
  });
}
