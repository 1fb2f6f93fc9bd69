import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scimErrors } from '../core/errors.js';
import type { ProjectionOptions } from '../core/projection.js';
import type { WriteContext } from '../resources/context.js';
import { scimActor } from './auth.js';
import { parseListQuery } from './list-params.js';

/** The write context of an authenticated SCIM request. */
export function writeContext(app: FastifyInstance, req: FastifyRequest): WriteContext {
  const auth = req.scimAuth;
  if (!auth) throw scimErrors.unauthorized('missing bearer token');
  const ifMatch = req.headers['if-match'];
  return {
    db: app.deps.db,
    pool: app.deps.pool,
    actor: scimActor(req),
    connectionId: auth.connectionId,
    baseUrl: app.deps.config.publicBaseUrl,
    adoptLocalUsers: app.deps.config.SCIM_ADOPT_LOCAL_USERS,
    ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
  };
}

/** attributes / excludedAttributes from the query string (also valid on POST/PUT/PATCH, §3.9). */
export function projectionOf(req: FastifyRequest): ProjectionOptions {
  const q = parseListQuery((req.query ?? {}) as Record<string, unknown>);
  return { attributes: q.attributes, excludedAttributes: q.excludedAttributes };
}

export function hasProjection(p: ProjectionOptions): boolean {
  return (p.attributes?.length ?? 0) > 0 || (p.excludedAttributes?.length ?? 0) > 0;
}

/** After a write commits: nudge outbox consumers (NOTIFY outside the transaction). */
export function committed(app: FastifyInstance): void {
  app.deps.onCommit?.();
}
