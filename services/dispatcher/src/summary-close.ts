import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@scim/db';
import { summarize, summaryEnvelope, type ConnectionNames, type RoutedEvent } from './payloads.js';
import { slackSummary } from './slack-message.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** `msg_<32 hex>`: the Standard Webhooks message id, fixed for the delivery's whole life. */
export function newDelivery(): { id: string; webhookId: string } {
  const id = randomUUID();
  return { id, webhookId: `msg_${id.replace(/-/g, '')}` };
}

export async function connectionNames(db: Executor): Promise<ConnectionNames> {
  const rows = await db.selectFrom('idp_connections').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function dbNow(db: Executor): Promise<Date> {
  return (await sql<{ now: Date }>`SELECT now() AS now`.execute(db)).rows[0]!.now;
}

/**
 * Closes an open summary: reads the events it holds (in routing order), writes the body and
 * makes it due. Runs in the caller's transaction, which holds the delivery's row lock, so no
 * event can join between the read and the close.
 */
export async function closeSummary(trx: Transaction<Database>, deliveryId: string, kind: 'slack' | 'hmac', names: ConnectionNames, consoleBase: string | undefined): Promise<void> {
  const rows = await trx
    .selectFrom('webhook_delivery_events')
    .select(['event_id', 'event_type', 'occurred_at', 'connection_id', 'actor_source', 'resource_type', 'resource_id', 'label'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('ord')
    .execute();
  const events: RoutedEvent[] = rows.map((r) => ({
    eventId: r.event_id,
    type: r.event_type,
    occurredAt: r.occurred_at.toISOString(),
    connectionId: r.connection_id,
    source: r.actor_source,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    label: r.label,
  }));
  const closedAt = (await dbNow(trx)).toISOString();
  const facts = summarize(deliveryId, events, names);
  const body = kind === 'slack' ? slackSummary(facts, consoleBase) : summaryEnvelope(facts, closedAt);
  await trx
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      body,
      event_count: facts.count,
      first_event_at: facts.firstOccurredAt,
      last_event_at: facts.lastOccurredAt,
      closed_at: sql`now()` as never,
      next_attempt_at: sql`now()` as never,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'open')
    .execute();
}

/**
 * The scheduler's half of coalescing: closes every open summary whose time has come. Any
 * replica may run it; SKIP LOCKED leaves a summary the router is adding to for the next tick.
 */
export async function closeDueSummaries(db: Kysely<Database>, consoleBase: string | undefined, limit = 50): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.id', 's.kind'])
      .where('d.status', '=', 'open')
      .where('d.close_at', '<=', sql<Date>`now()`)
      .orderBy('d.close_at')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    const names = await connectionNames(trx);
    for (const d of due) await closeSummary(trx, d.id, d.kind, names, consoleBase);
    return due.length;
  });
}
