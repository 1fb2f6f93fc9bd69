import { sql } from 'kysely';
import type { Executor } from './consumer.js';

export interface ConsumerLag {
  name: string;
  /** The cursor: the last acknowledged position, "<txid>:<id>". */
  position: string;
  /** Committed events after the cursor. */
  pendingEvents: number;
  /** occurred_at of the next event the consumer will read (null when caught up). */
  oldestPendingAt: string | null;
  /** Age of that event in seconds (0 when caught up). */
  lagSeconds: number;
  /** When the cursor last moved. */
  updatedAt: string;
}

interface LagRow {
  name: string;
  position: string;
  pending: string;
  oldest: Date | null;
  lag_seconds: number | null;
  updated_at: Date;
}

/** Per consumer: how far behind it is (admin API `GET /outbox/consumers`, `/metrics`). */
export async function consumerLag(db: Executor): Promise<ConsumerLag[]> {
  const { rows } = await sql<LagRow>`
    SELECT c.name, c.last_txid::text || ':' || c.last_id AS position, c.updated_at,
           p.pending, o.occurred_at AS oldest,
           extract(epoch FROM now() - o.occurred_at)::float8 AS lag_seconds
      FROM outbox_consumers c
      LEFT JOIN LATERAL (SELECT count(*) AS pending FROM outbox_events e
                          WHERE (e.txid, e.id) > (c.last_txid, c.last_id)) p ON true
      LEFT JOIN LATERAL (SELECT e.occurred_at FROM outbox_events e
                          WHERE (e.txid, e.id) > (c.last_txid, c.last_id)
                          ORDER BY e.txid, e.id LIMIT 1) o ON true
     ORDER BY c.name`.execute(db);
  return rows.map((r) => ({
    name: r.name,
    position: r.position,
    pendingEvents: Number(r.pending),
    oldestPendingAt: r.oldest ? r.oldest.toISOString() : null,
    lagSeconds: Math.max(0, r.lag_seconds ?? 0),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export interface PurgeOptions {
  /** Only events older than this are purged (OUTBOX_RETENTION_HOURS). */
  olderThanMs: number;
  /** Rows per DELETE statement: short transactions, bounded WAL and lock time. */
  batchSize?: number;
  /**
   * Off by default: a consumer however far behind keeps every event it has not acknowledged.
   * When set, a consumer whose oldest pending event is older than this no longer holds
   * retention back, and loses the events purged past its cursor (OUTBOX_PURGE_IGNORE_LAG_HOURS).
   */
  ignoreConsumersLaggingMoreThanMs?: number;
}

export interface PurgeResult {
  deleted: number;
  batches: number;
  /** The position up to which rows could go: the minimum cursor of the consumers counted. */
  horizon: string | null;
  /** Consumers that were excluded by `ignoreConsumersLaggingMoreThanMs`. */
  ignored: string[];
}

/**
 * Deletes, in batches, events acknowledged by every registered consumer (at or before the
 * minimum cursor) and older than the retention age. With no consumer registered, the age
 * alone decides: register a consumer before relying on the log.
 */
export async function purgeOutbox(db: Executor, opts: PurgeOptions): Promise<PurgeResult> {
  const batchSize = opts.batchSize ?? 1000;
  const lags = await consumerLag(db);
  const ignoreSeconds = opts.ignoreConsumersLaggingMoreThanMs === undefined ? undefined : opts.ignoreConsumersLaggingMoreThanMs / 1000;
  const ignored = ignoreSeconds === undefined ? [] : lags.filter((l) => l.lagSeconds > ignoreSeconds).map((l) => l.name);
  const counted = lags.filter((l) => !ignored.includes(l.name));
  let horizon: string | null = null;
  let bound = sql<boolean>`true`;
  if (counted.length > 0) {
    const min = counted.map((l) => l.position.split(':').map(BigInt) as [bigint, bigint]).reduce((a, b) => (b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? b : a));
    horizon = `${min[0]}:${min[1]}`;
    bound = sql<boolean>`(txid, id) <= (${String(min[0])}::xid8, ${String(min[1])}::bigint)`;
  }
  let deleted = 0;
  let batches = 0;
  for (;;) {
    // Ordered by position so a purge interrupted half-way leaves a contiguous tail.
    const r = await sql`
      DELETE FROM outbox_events WHERE id IN (
        SELECT id FROM outbox_events
         WHERE ${bound}
           AND occurred_at < now() - ${opts.olderThanMs} * interval '1 millisecond'
           AND txid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY txid, id
         LIMIT ${batchSize})`.execute(db);
    const n = Number(r.numAffectedRows ?? 0n);
    if (n === 0) break;
    deleted += n;
    batches++;
    if (n < batchSize) break;
  }
  return { deleted, batches, horizon, ignored };
}
