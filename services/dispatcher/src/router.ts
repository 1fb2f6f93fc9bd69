import { sql, type Transaction } from 'kysely';
import type { BatchHandler, Database, OutboxEvent } from '@scim/db';
import { COALESCE_DEFAULTS, closeAt, decide, initialState, quietGapFor, type CoalesceParams, type OpenSummary } from './coalesce.js';
import { compileMatcher } from './event-patterns.js';
import { routedEvent, singleEnvelope, type ConnectionNames } from './payloads.js';
import { slackSingle } from './slack-message.js';
import { closeSummary, connectionNames, dbNow, newDelivery } from './summary-close.js';

type Kind = 'slack' | 'hmac';
interface Sub {
  id: string;
  kind: Kind;
  events: string[];
  connection_id: string | null;
  created_at: Date;
}

export interface RouterOptions {
  /** The console's base URL (PUBLIC_BASE_URL), for links in Slack messages. */
  consoleBase?: string;
  coalesce?: Partial<Record<Kind, CoalesceParams>>;
}

/**
 * The dispatcher's outbox handler: routes each event to every enabled subscription whose
 * patterns (and connection, when restricted) match, deciding single or summary per
 * coalesce.ts. Runs inside the outbox batch's transaction, so the deliveries and the
 * `webhook_delivery_events` rows commit with the cursor: a crash re-reads the batch and
 * re-routes it from scratch, and the (subscription, event) primary key guarantees no event is
 * counted twice (architecture.md invariant 5).
 */
export function createRouter(opts: RouterOptions = {}): BatchHandler {
  const matchers = new Map<string, (type: string) => boolean>();
  const matcher = (patterns: string[]) => {
    const key = patterns.join('\n');
    let m = matchers.get(key);
    if (!m) matchers.set(key, (m = compileMatcher(patterns)));
    return m;
  };
  const params = (kind: Kind): CoalesceParams => opts.coalesce?.[kind] ?? COALESCE_DEFAULTS[kind];

  return async (events, { trx }) => {
    const subs = (await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'kind', 'events', 'connection_id', 'created_at'])
      .where('enabled', '=', true)
      .orderBy('id')
      .execute()) as Sub[];
    if (subs.length === 0) return;
    const routed = new Map<Sub, OutboxEvent[]>();
    for (const e of events) {
      const occurred = Date.parse(e.occurredAt);
      for (const s of subs) {
        // A subscription gets the changes made after it was created, not a backlog the
        // dispatcher had not reached yet (it may have been down, or behind a burst).
        if (occurred < s.created_at.getTime()) continue;
        if (s.connection_id && s.connection_id !== e.actor.connectionId) continue;
        if (!matcher(s.events)(e.type)) continue;
        let list = routed.get(s);
        if (!list) routed.set(s, (list = []));
        list.push(e);
      }
    }
    if (routed.size === 0) return;
    const now = (await dbNow(trx)).getTime();
    const names = await connectionNames(trx);
    for (const [s, list] of routed) await routeToSubscription(trx, s, list, now, params(s.kind), names, opts.consoleBase);
  };
}

interface SummaryWork {
  id: string;
  webhookId: string;
  isNew: boolean;
  open: OpenSummary;
  events: OutboxEvent[];
  sealed: boolean;
}

async function routeToSubscription(trx: Transaction<Database>, s: Sub, events: OutboxEvent[], now: number, p: CoalesceParams, names: ConnectionNames, consoleBase: string | undefined) {
  const stateRow = await trx.selectFrom('webhook_coalescing').selectAll().where('subscription_id', '=', s.id).forUpdate().executeTakeFirst();
  let state = stateRow
    ? { tokens: stateRow.tokens, tokensAt: stateRow.tokens_at.getTime(), coalescingUntil: stateRow.coalescing_until?.getTime() ?? null, episodeBatches: stateRow.episode_batches }
    : initialState(p, now);
  const openRow = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'opened_at', 'window_ends_at', 'close_at', 'event_count'])
    .where('subscription_id', '=', s.id)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  let open: OpenSummary | null = null;
  let current: SummaryWork | undefined;
  if (openRow) {
    const openedAt = openRow.opened_at.getTime();
    const windowEndsAt = openRow.window_ends_at!.getTime();
    open = { openedAt, windowEndsAt, lastEventAt: openRow.close_at!.getTime() - quietGapFor(p, windowEndsAt - openedAt), count: openRow.event_count };
    if (closeAt(p, open) <= now) {
      // Due but not yet closed by the scheduler: close it now, this event starts a new one.
      await closeSummary(trx, openRow.id, s.kind, names, consoleBase);
      open = null;
    } else current = { id: openRow.id, webhookId: openRow.webhook_id, isNew: false, open, events: [], sealed: false };
  }

  const singles: OutboxEvent[] = [];
  const summaries: SummaryWork[] = current ? [current] : [];
  for (const e of events) {
    const r = decide(p, state, open, now);
    state = r.state;
    if (r.decision.action === 'single') {
      singles.push(e);
      continue;
    }
    if (r.decision.opened) {
      current = { ...newDelivery(), isNew: true, open: { ...(r.open ?? { openedAt: now, windowEndsAt: now, lastEventAt: now, count: 0 }) }, events: [], sealed: false };
      summaries.push(current);
    }
    current!.events.push(e);
    if (r.open) current!.open = { ...r.open };
    if (r.decision.sealed) current!.sealed = true;
    open = r.open;
  }

  if (singles.length > 0) {
    const rows = singles.map((e) => ({ e, ...newDelivery() }));
    await trx
      .insertInto('webhook_deliveries')
      .values(
        rows.map(({ e, id, webhookId }) => ({
          id,
          subscription_id: s.id,
          webhook_id: webhookId,
          kind: 'single' as const,
          event_type: e.type,
          event_count: 1,
          status: 'pending' as const,
          body: s.kind === 'slack' ? slackSingle(e, names, consoleBase) : singleEnvelope(e, names),
          next_attempt_at: sql`now()` as never,
          first_event_at: e.occurredAt,
          last_event_at: e.occurredAt,
        })),
      )
      .execute();
    await insertRoutedEvents(trx, s.id, rows.map(({ e, id }) => [id, e]));
  }

  for (const w of summaries) {
    if (w.events.length === 0) continue;
    const closeAtIso = new Date(closeAt(p, w.open)).toISOString();
    if (w.isNew) {
      await trx
        .insertInto('webhook_deliveries')
        .values({
          id: w.id,
          subscription_id: s.id,
          webhook_id: w.webhookId,
          kind: 'summary',
          event_type: 'provisioning.summary',
          status: 'open',
          body: null,
          opened_at: new Date(w.open.openedAt).toISOString(),
          window_ends_at: new Date(w.open.windowEndsAt).toISOString(),
          close_at: closeAtIso,
          event_count: 0,
        })
        .execute();
    }
    await insertRoutedEvents(trx, s.id, w.events.map((e) => [w.id, e]));
    await trx
      .updateTable('webhook_deliveries')
      .set({
        event_count: sql`event_count + ${w.events.length}` as never,
        close_at: closeAtIso,
        // least/greatest ignore NULL: the span so far, for the pending-age gauge.
        first_event_at: sql`least(first_event_at, ${minOf(w.events)}::timestamptz)` as never,
        last_event_at: sql`greatest(last_event_at, ${maxOf(w.events)}::timestamptz)` as never,
      })
      .where('id', '=', w.id)
      .execute();
    if (w.sealed) await closeSummary(trx, w.id, s.kind, names, consoleBase);
  }

  await sql`
    INSERT INTO webhook_coalescing (subscription_id, tokens, tokens_at, coalescing_until, episode_batches)
    VALUES (${s.id}, ${state.tokens}, ${new Date(state.tokensAt)}, ${state.coalescingUntil === null ? null : new Date(state.coalescingUntil)}, ${state.episodeBatches})
    ON CONFLICT (subscription_id) DO UPDATE SET tokens = EXCLUDED.tokens, tokens_at = EXCLUDED.tokens_at,
      coalescing_until = EXCLUDED.coalescing_until, episode_batches = EXCLUDED.episode_batches`.execute(trx);
}

const minOf = (events: OutboxEvent[]) => events.reduce((m, e) => (e.occurredAt < m ? e.occurredAt : m), events[0]!.occurredAt);
const maxOf = (events: OutboxEvent[]) => events.reduce((m, e) => (e.occurredAt > m ? e.occurredAt : m), events[0]!.occurredAt);

async function insertRoutedEvents(trx: Transaction<Database>, subscriptionId: string, rows: [deliveryId: string, e: OutboxEvent][]) {
  // Chunked: one statement per 1,000 rows keeps well under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('webhook_delivery_events')
      .values(
        rows.slice(i, i + 1000).map(([deliveryId, e]) => {
          const r = routedEvent(e);
          return {
            subscription_id: subscriptionId,
            event_id: r.eventId,
            delivery_id: deliveryId,
            event_type: r.type,
            occurred_at: r.occurredAt,
            connection_id: r.connectionId,
            actor_source: r.source,
            resource_type: r.resourceType,
            resource_id: r.resourceId,
            label: r.label,
          };
        }),
      )
      .execute();
  }
}
