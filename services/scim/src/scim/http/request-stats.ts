import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@scim/db';
import { toScimError } from './errors.js';

/**
 * Cheap per-connection request statistics for the connection test's activity panel: counters
 * are aggregated in memory and flushed at most every FLUSH_MS per process (and on close), one
 * upsert per connection and hour. Only our own error detail is kept, never bodies or tokens.
 * Losing a few seconds of counts on a crash is acceptable: these are diagnostics, not audit.
 */
const FLUSH_MS = 5_000;
const DETAIL_MAX = 300;

interface Bucket {
  connectionId: string;
  hour: Date;
  requests: number;
  errors: number;
  lastRequestAt: Date;
  lastUserAgent: string | null;
  lastError?: { at: Date; status: number; detail: string };
  /** HTTP status → requests (migration 0008: the console's requests by status). */
  byStatus: Map<number, number>;
}

declare module 'fastify' {
  interface FastifyRequest {
    scimErrorDetail?: string;
  }
}

function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

export async function flushStats(db: Kysely<Database>, buckets: Bucket[]): Promise<void> {
  for (const b of buckets) {
    await db
      .insertInto('scim_request_stats')
      .values({
        connection_id: b.connectionId,
        hour: b.hour,
        requests: b.requests,
        errors: b.errors,
        last_request_at: b.lastRequestAt,
        last_user_agent: b.lastUserAgent,
        last_error_at: b.lastError?.at ?? null,
        last_error_status: b.lastError?.status ?? null,
        last_error_detail: b.lastError?.detail ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['connection_id', 'hour']).doUpdateSet({
          requests: sql`scim_request_stats.requests + excluded.requests`,
          errors: sql`scim_request_stats.errors + excluded.errors`,
          last_request_at: sql`greatest(scim_request_stats.last_request_at, excluded.last_request_at)`,
          last_user_agent: sql`coalesce(excluded.last_user_agent, scim_request_stats.last_user_agent)`,
          last_error_at: sql`coalesce(excluded.last_error_at, scim_request_stats.last_error_at)`,
          last_error_status: sql`coalesce(excluded.last_error_status, scim_request_stats.last_error_status)`,
          last_error_detail: sql`CASE WHEN excluded.last_error_at IS NULL THEN scim_request_stats.last_error_detail ELSE excluded.last_error_detail END`,
        }),
      )
      .execute();
  }
  // One statement for every status row; sorted so that two processes flushing at once lock the
  // rows in the same order (no deadlock between their upserts).
  const counts = buckets
    .flatMap((b) => [...b.byStatus].map(([status, requests]) => ({ connection_id: b.connectionId, hour: b.hour, status, requests })))
    .sort((x, y) => x.connection_id.localeCompare(y.connection_id) || x.hour.getTime() - y.hour.getTime() || x.status - y.status);
  if (counts.length === 0) return;
  await db
    .insertInto('scim_request_status_counts')
    .values(counts)
    .onConflict((oc) => oc.columns(['connection_id', 'hour', 'status']).doUpdateSet({ requests: sql`scim_request_status_counts.requests + excluded.requests` }))
    .execute();
}

const flushers = new WeakMap<object, () => Promise<void>>();

/** Writes this process's pending counters now (the connection test reads fresh numbers). */
export async function flushRequestStats(app: FastifyInstance): Promise<void> {
  await flushers.get(app.deps)?.();
}

export function registerRequestStats(app: FastifyInstance): void {
  let pending = new Map<string, Bucket>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length === 0) return flushing;
    flushing = flushing
      .then(() => flushStats(app.deps.db, batch))
      .catch((err) => app.log.warn({ err: (err as Error).message, buckets: batch.length }, 'could not record SCIM request stats'));
    return flushing;
  };

  flushers.set(app.deps, () => {
    if (timer) clearTimeout(timer);
    return flush();
  });

  app.decorateRequest('scimErrorDetail', undefined);
  app.addHook('onError', async (req, _reply, err) => {
    req.scimErrorDetail = toScimError(err).detail.slice(0, DETAIL_MAX);
  });
  // A callback hook (no promise per request): it only counts in memory.
  app.addHook('onResponse', (req, reply, done) => {
    count(req, reply);
    done();
  });
  const count = (req: FastifyRequest, reply: FastifyReply) => {
    const connectionId = req.scimAuth?.connectionId;
    if (!connectionId) return; // unauthenticated: no connection to attribute it to
    const now = new Date();
    const hour = hourOf(now);
    const key = `${connectionId}|${hour.getTime()}`;
    let b = pending.get(key);
    if (!b) pending.set(key, (b = { connectionId, hour, requests: 0, errors: 0, lastRequestAt: now, lastUserAgent: null, byStatus: new Map() }));
    b.requests++;
    b.byStatus.set(reply.statusCode, (b.byStatus.get(reply.statusCode) ?? 0) + 1);
    b.lastRequestAt = now;
    const ua = req.headers['user-agent'];
    if (typeof ua === 'string') b.lastUserAgent = ua.slice(0, 512);
    if (reply.statusCode >= 400) {
      b.errors++;
      b.lastError = { at: now, status: reply.statusCode, detail: req.scimErrorDetail ?? `HTTP ${reply.statusCode}` };
    }
    if (!timer) {
      timer = setTimeout(flush, FLUSH_MS);
      timer.unref();
    }
  };
  app.addHook('onClose', async () => {
    if (timer) clearTimeout(timer);
    await flush();
  });
}
