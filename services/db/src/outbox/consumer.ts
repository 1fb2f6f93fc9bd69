import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.js';
import type { OutboxEvent } from './events.js';

/**
 * Reading the outbox (docs/outbox.md, "Ordering and delivery guarantees"; docs/architecture.md
 * invariant 4): an append-only log paged on
 * `(txid, id)` behind the visibility fence `txid < pg_snapshot_xmin(pg_current_snapshot())`,
 * one durable cursor row per named consumer in `outbox_consumers`.
 *
 * Why the fence: ids are handed out at insert time, so a transaction holding id 1 can commit
 * after one holding id 2; a reader that advanced past 2 would never see 1. A row becomes
 * readable only once every transaction with a lower-or-equal txid has ended, so nothing can
 * later appear behind a cursor. Events of one transaction come out in insert order (id).
 */
export type Executor = Kysely<Database> | Transaction<Database>;

export class OutboxConsumerError extends Error {
  override name = 'OutboxConsumerError';
}

/** `"<txid>:<id>"`, the cursor format of the envelope's `position` and of `ack`. */
export interface Position {
  txid: string;
  id: string;
}

export const START_POSITION = '0:0';

export function parsePosition(position: string): Position {
  const m = /^(\d{1,20}):(\d{1,19})$/.exec(position);
  if (!m) throw new OutboxConsumerError(`invalid outbox position "${position}" (expected "<txid>:<id>")`);
  return { txid: m[1]!, id: m[2]! };
}

interface EventRow {
  id: string;
  txid: string;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: Date;
  resource_type: string;
  resource_id: string;
  payload: unknown;
  actor: unknown;
  request_id: string | null;
}

function toEnvelope(r: EventRow): OutboxEvent {
  return {
    id: r.event_id,
    position: `${r.txid}:${r.id}`,
    type: r.type,
    schemaVersion: r.schema_version,
    occurredAt: r.occurred_at.toISOString(),
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    actor: r.actor,
    requestId: r.request_id,
    data: r.payload,
  } as OutboxEvent;
}

/**
 * Creates the consumer's cursor if it does not exist (an existing cursor is left alone).
 * `from: 'now'` starts after everything committed so far; `'beginning'` (default) at the
 * oldest retained event.
 */
export async function registerConsumer(db: Executor, name: string, opts: { from?: 'beginning' | 'now' } = {}): Promise<{ created: boolean; position: string }> {
  if (!name || name.length > 200) throw new OutboxConsumerError('a consumer name is 1..200 characters');
  // (xmin, 0) sorts after every row below the fence and before every row at or above it.
  const start = opts.from === 'now' ? sql<string>`pg_snapshot_xmin(pg_current_snapshot())` : sql<string>`'0'::xid8`;
  const inserted = await sql<{ position: string }>`
    INSERT INTO outbox_consumers (name, last_txid, last_id) VALUES (${name}, ${start}, 0)
    ON CONFLICT (name) DO NOTHING
    RETURNING last_txid::text || ':' || last_id AS position`.execute(db);
  if (inserted.rows[0]) return { created: true, position: inserted.rows[0].position };
  return { created: false, position: (await consumerPosition(db, name))! };
}

/** The consumer's cursor, or undefined when it is not registered. */
export async function consumerPosition(db: Executor, name: string): Promise<string | undefined> {
  const { rows } = await sql<{ position: string }>`
    SELECT last_txid::text || ':' || last_id AS position FROM outbox_consumers WHERE name = ${name}`.execute(db);
  return rows[0]?.position;
}

/** Removes a consumer: it no longer holds retention back. */
export async function unregisterConsumer(db: Executor, name: string): Promise<boolean> {
  const r = await db.deleteFrom('outbox_consumers').where('name', '=', name).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Committed events after `position`, in commit order (the fenced page). */
export async function readAfter(db: Executor, position: string, limit: number): Promise<OutboxEvent[]> {
  const p = parsePosition(position);
  const { rows } = await sql<EventRow>`
    SELECT e.id::text, e.txid::text, e.event_id, e.type, e.schema_version, e.occurred_at, e.resource_type, e.resource_id,
           e.payload, e.actor, e.request_id
      FROM outbox_events e
     WHERE (e.txid, e.id) > (${p.txid}::xid8, ${p.id}::bigint)
       AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
     -- qualified: a bare "id" here would sort by the text output column
     ORDER BY e.txid, e.id
     LIMIT ${Math.max(1, Math.floor(limit))}`.execute(db);
  return rows.map(toEnvelope);
}

/** The next page for a registered consumer, without locking (see `consumeBatch` for that). */
export async function readBatch(db: Executor, name: string, limit: number): Promise<OutboxEvent[]> {
  const position = await consumerPosition(db, name);
  if (position === undefined) throw new OutboxConsumerError(`outbox consumer "${name}" is not registered`);
  return readAfter(db, position, limit);
}

/**
 * Moves the cursor to `position` (the last event handled). Monotonic: a stale or repeated ack
 * never moves it backwards. Returns whether it advanced.
 */
export async function ack(db: Executor, name: string, position: string): Promise<boolean> {
  const p = parsePosition(position);
  const { rows } = await sql<{ name: string }>`
    UPDATE outbox_consumers SET last_txid = ${p.txid}::xid8, last_id = ${p.id}::bigint, updated_at = now()
     WHERE name = ${name} AND (last_txid, last_id) < (${p.txid}::xid8, ${p.id}::bigint)
    RETURNING name`.execute(db);
  if (rows.length) return true;
  if ((await consumerPosition(db, name)) === undefined) throw new OutboxConsumerError(`outbox consumer "${name}" is not registered`);
  return false;
}

export type BatchHandler = (events: OutboxEvent[], ctx: { trx: Transaction<Database> }) => Promise<void>;

export type BatchResult = { status: 'standby' } | { status: 'done'; count: number; position: string };

/**
 * One batch, exclusively: lock the cursor row `FOR UPDATE SKIP LOCKED` (another process
 * holding it means we are the standby), read the fenced page, run the handler, ack — all in one
 * transaction. A handler that throws rolls the ack back: the batch is redelivered. Side effects
 * the handler writes through `ctx.trx` commit atomically with the ack (exactly once into this
 * database).
 *
 * The lock gives this transaction a txid, and the fence of every other consumer cannot pass a
 * running txid: keep handlers short (milliseconds) and queue slow work instead.
 */
export async function consumeBatch(db: Kysely<Database>, name: string, limit: number, handler: BatchHandler): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ position: string }>`
      SELECT last_txid::text || ':' || last_id AS position FROM outbox_consumers WHERE name = ${name}
         FOR UPDATE SKIP LOCKED`.execute(trx);
    if (!rows[0]) {
      if ((await consumerPosition(trx, name)) === undefined) throw new OutboxConsumerError(`outbox consumer "${name}" is not registered`);
      return { status: 'standby' } as const;
    }
    const events = await readAfter(trx, rows[0].position, limit);
    if (events.length === 0) return { status: 'done', count: 0, position: rows[0].position } as const;
    await handler(events, { trx });
    const last = events[events.length - 1]!.position;
    await ack(trx, name, last);
    return { status: 'done', count: events.length, position: last } as const;
  });
}
