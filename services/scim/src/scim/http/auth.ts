import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '@scim/db';
import { authenticateToken, touchToken, type AuthenticatedToken } from '../../tokens/token-store.js';
import { scimErrors } from '../core/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    scimAuth: AuthenticatedToken | null;
  }
}

const DETAIL: Record<string, string> = {
  missing: 'missing bearer token: send Authorization: Bearer <token>',
  malformed: 'the bearer token is not a token issued by this service',
  unknown: 'the bearer token is not valid',
  revoked: 'the bearer token has been revoked',
  expired: 'the bearer token has expired',
};

// last_used_* is written at most once a minute per token per process: the read on every
// request stays, the write does not (issue 4: "writes throttled").
const TOUCH_INTERVAL_MS = 60_000;

export function registerScimAuth(app: FastifyInstance): void {
  const lastTouched = new Map<string, number>();
  app.decorateRequest('scimAuth', null);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw scimErrors.unauthorized(DETAIL.missing!);
    const result = await authenticateToken(app.deps.pool, match[1]!);
    if (typeof result === 'string') throw scimErrors.unauthorized(DETAIL[result]!);
    req.scimAuth = result;
    const now = Date.now();
    if ((lastTouched.get(result.tokenId) ?? 0) + TOUCH_INTERVAL_MS < now) {
      lastTouched.set(result.tokenId, now);
      touchToken(app.deps.db, result.tokenId, req.ip ?? null, (req.headers['user-agent'] as string | undefined) ?? null).catch((err) =>
        req.log.warn({ err: (err as Error).message }, 'could not record token use'),
      );
    }
  });
}

/** The actor for audit rows and outbox events of a SCIM request. */
export function scimActor(req: FastifyRequest): Actor {
  return {
    source: 'scim',
    connectionId: req.scimAuth?.connectionId ?? null,
    tokenId: req.scimAuth?.tokenId ?? null,
    requestId: req.id,
    ip: req.ip ?? null,
    userAgent: (req.headers['user-agent'] as string | undefined)?.slice(0, 512) ?? null,
  };
}
