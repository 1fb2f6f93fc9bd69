import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { TokenNoLongerValidError, type Actor } from '@scim/db';
import { authenticateTokenHash, touchToken, type AuthenticatedToken, type AuthFailure } from '../../tokens/token-store.js';
import { hashToken, looksLikeToken } from '../../tokens/token-format.js';
import { renderScimError, scimErrors } from '../core/errors.js';
import { toScimError } from './errors.js';
import { SCIM_CONTENT_TYPE } from './reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    scimAuth: AuthenticatedToken | null;
    /**
     * Set on every write (its audit/outbox statement re-checks the token) and on a read on a
     * cached identity. `verified: false` while the request has not been checked at all yet.
     */
    scimTokenCheck?: { verified: boolean };
  }
}

const DETAIL: Record<AuthFailure | 'missing', string> = {
  missing: 'missing bearer token: send Authorization: Bearer <token>',
  malformed: 'the bearer token is not a token issued by this service',
  unknown: 'the bearer token is not valid',
  revoked: 'the bearer token has been revoked',
  expired: 'the bearer token has expired',
};

// last_used_* is written at most once a minute per token per process: the read on every
// request stays, the write does not (issue 4: "writes throttled").
const TOUCH_INTERVAL_MS = 60_000;

/*
 * Revocation and expiry take effect on the very next request, from any process: no request is
 * answered, and no write commits, on a token that was invalid when the request arrived; and
 * no write commits after the token's revocation commits (every write's audit/outbox statement
 * re-checks the token under a lock, change-log.ts recordChange).
 *
 * A request on a token this process has not seen (or not within IDENTITY_TTL_MS) looks it up
 * before the handler runs. One on a token it has seen skips that round trip (a third of a
 * provisioning push's statements, half of an IdP's user lookup): its identity (token id,
 * connection; immutable for a token) comes from a small cache, and the validity check rides in
 * the request's own statement — a write's audit/outbox statement (recordChange's `ok`), a
 * listing's page statement (resources/list.ts), GET /Users/{id}'s (user-store.ts) — whose
 * snapshot postdates the arrival. A request that ends without such a statement (GET
 * /Groups/{id}, discovery, an error, a PATCH that changes nothing) is checked in
 * onSend before its response leaves, and turned into a 401 if the token is no longer valid:
 * nothing read or written on an invalid token leaves. The cache entry is refreshed by every
 * full lookup and lives IDENTITY_TTL_MS, so a changed connection rate limit applies within
 * that time.
 */
const IDENTITY_TTL_MS = 30_000;
const IDENTITY_CACHE_MAX = 1_000;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The token hash of a request still to be checked, kept off the request and the actor (which
// reach logs and audit code).
const pendingHash = new WeakMap<object, Buffer>();

function isWrite(req: FastifyRequest): boolean {
  return WRITE_METHODS.has(req.method) && !/\/\.search(?:[?#]|$)/.test(req.url);
}

export function registerScimAuth(app: FastifyInstance): void {
  const lastTouched = new Map<string, number>();
  const identities = new Map<string, { auth: AuthenticatedToken; at: number }>();

  const lookup = async (hash: Buffer): Promise<AuthenticatedToken | AuthFailure> => {
    const result = await authenticateTokenHash(app.deps.pool, hash);
    const key = hash.toString('hex');
    if (typeof result === 'string') identities.delete(key);
    else {
      if (identities.size >= IDENTITY_CACHE_MAX) identities.clear();
      identities.set(key, { auth: result, at: Date.now() });
    }
    return result;
  };

  const accept = (req: FastifyRequest, result: AuthenticatedToken | AuthFailure): Error | undefined => {
    if (typeof result === 'string') return scimErrors.unauthorized(DETAIL[result]);
    req.scimAuth = result;
    const now = Date.now();
    if ((lastTouched.get(result.tokenId) ?? 0) + TOUCH_INTERVAL_MS < now) {
      lastTouched.set(result.tokenId, now);
      touchToken(app.deps.db, result.tokenId, req.ip ?? null, (req.headers['user-agent'] as string | undefined) ?? null).catch((err) =>
        req.log.warn({ err: (err as Error).message }, 'could not record token use'),
      );
    }
    return undefined;
  };

  // Declared up front so every request object keeps one shape (Fastify's guidance: properties
  // added later turn the hot request accessors megamorphic).
  app.decorateRequest('scimAuth', null);
  app.decorateRequest('scimTokenCheck', undefined);
  // The hooks take callbacks rather than being async: a write on a cached identity finishes
  // both without a promise, and they run on every SCIM request.
  app.addHook('onRequest', (req, _reply, hookDone) => {
    const done = (err?: Error) => hookDone(err as FastifyError | undefined);
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return done(scimErrors.unauthorized(DETAIL.missing));
    const token = match[1]!;
    const hash = looksLikeToken(token) ? hashToken(token) : undefined;
    if (!hash) return done(accept(req, 'malformed'));
    const cached = identities.get(hash.toString('hex'));
    if (cached && Date.now() - cached.at < IDENTITY_TTL_MS) {
      req.scimTokenCheck = { verified: false };
      pendingHash.set(req.scimTokenCheck, hash);
      return done(accept(req, cached.auth));
    }
    // Checked now, but a write still re-checks (and locks) the token in its audit/outbox
    // statement: a revocation committing while this request runs must stop its write.
    if (isWrite(req)) req.scimTokenCheck = { verified: true };
    lookup(hash).then((result) => done(accept(req, result)), done);
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    const check = req.scimTokenCheck;
    if (!check || check.verified) return done(null, payload);
    req.scimTokenCheck = undefined;
    lookup(pendingHash.get(check)!).then(
      (result) => (typeof result === 'string' ? scimErrors.unauthorized(DETAIL[result]) : undefined),
      // The token cannot be re-checked (the database is away): the answer is that error, a 503.
      (lookupErr: Error) => {
        req.log.warn({ code: (lookupErr as { code?: string }).code }, 'token re-check failed');
        return toScimError(lookupErr);
      },
    ).then((err) => {
      if (!err) return payload;
      // Not thrown: an error raised in onSend would go to the parent (non-SCIM) error handler.
      (payload as { destroy?: () => void } | null)?.destroy?.();
      req.scimErrorDetail = err.detail;
      for (const h of ['location', 'etag', 'content-length', 'last-modified']) reply.removeHeader(h);
      reply.code(err.status).headers(err.headers ?? {}).header('content-type', SCIM_CONTENT_TYPE);
      return JSON.stringify(renderScimError(err));
    }).then((body) => done(null, body), done);
  });
}

/** The token check a read's statement should carry: only while the request is unchecked. */
export function pendingTokenCheck(req: FastifyRequest): { tokenId: string; check: { verified: boolean } } | undefined {
  const check = req.scimTokenCheck;
  return check && !check.verified && req.scimAuth ? { tokenId: req.scimAuth.tokenId, check } : undefined;
}

/**
 * Runs a read whose statement can carry the request's pending token check (`read` gets the
 * token id, or none when the request is checked already) and settles the check with its verdict.
 */
export async function readChecked<R extends { tokenValid: boolean }>(req: FastifyRequest, read: (tokenId?: string) => Promise<R>): Promise<R> {
  const pending = pendingTokenCheck(req);
  const result = await read(pending?.tokenId);
  if (!result.tokenValid) throw new TokenNoLongerValidError();
  if (pending) pending.check.verified = true;
  return result;
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
    tokenCheck: req.scimTokenCheck,
  };
}
