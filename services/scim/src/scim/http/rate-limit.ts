import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { scimErrors } from '../core/errors.js';

/**
 * Per-token rate limit of the SCIM surface (@fastify/rate-limit).
 *
 * Budget: `limit` requests per second, counted over a fixed 10-second window (so up to
 * 10 × limit per window). Why a window and not a strict per-second cap: IdPs push in bursts —
 * an Okta import or Entra's initial cycle fires dozens of requests at once, then pauses on its
 * own round-trips — and Entra gallery apps must sustain ≥ 25 req/s. With the default 100/s a
 * burst of 1000 requests passes, a steady 25–100 req/s never sees a 429, and a runaway loop is
 * cut off after at most 1000 requests per 10 s, told when to retry (Retry-After ≤ 10 s).
 *
 * The limit: the connection's `rate_limit_per_second` when set (0 = unlimited for that
 * connection), else SCIM_RATE_LIMIT_PER_SECOND; SCIM_RATE_LIMIT_PER_SECOND=0 turns the limiter
 * off entirely (load tests). The key is the authenticated token id, so the auth hook (onRequest)
 * must run first: the limiter runs in preHandler. Counters live in memory per process, or in
 * Redis when REDIS_URL is set so replicas share one budget per token.
 */
export const RATE_LIMIT_WINDOW_MS = 10_000;

export function perSecondLimit(req: FastifyRequest, fallback: number): number {
  return req.scimAuth?.rateLimitPerSecond ?? fallback;
}

export async function registerScimRateLimit(app: FastifyInstance): Promise<void> {
  const fallback = app.deps.config.SCIM_RATE_LIMIT_PER_SECOND;
  if (fallback === 0) return;
  let redis: Redis | undefined;
  if (app.deps.config.REDIS_URL) {
    // No offline queue and a short connect timeout: with Redis down the limiter fails open
    // (skipOnError) rather than stalling provisioning.
    redis = new Redis(app.deps.config.REDIS_URL, { connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'rate-limit redis error'));
    app.addHook('onClose', async () => {
      await redis!.quit().catch(() => redis!.disconnect());
    });
  }
  await app.register(rateLimit, {
    hook: 'preHandler',
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (req) => perSecondLimit(req, fallback) * (RATE_LIMIT_WINDOW_MS / 1000),
    allowList: (req) => perSecondLimit(req, fallback) === 0,
    keyGenerator: (req) => `token:${req.scimAuth?.tokenId ?? `ip:${req.ip}`}`,
    enableDraftSpec: true,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'scim-rl:' } : {}),
    errorResponseBuilder: (_req, ctx) =>
      scimErrors.tooManyRequests(
        `rate limit of ${ctx.max} requests per ${RATE_LIMIT_WINDOW_MS / 1000} s for this token exceeded; retry in ${ctx.after}`,
        Math.max(1, Math.ceil(ctx.ttl / 1000)),
      ),
  });
}
