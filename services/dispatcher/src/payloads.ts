import type { OutboxEvent } from '@scim/db';
import { SUMMARY_EVENT_TYPE, TEST_EVENT_TYPE } from './event-patterns.js';

/**
 * The wire format of `hmac` subscriptions (docs/webhooks.md): the Standard Webhooks envelope
 * `{ type, timestamp, data }`, minified JSON, signed exactly as sent.
 */
export const SAMPLE_SIZE = 10;

/** What the router keeps of each routed event (webhook_delivery_events): enough for a summary. */
export interface RoutedEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  connectionId: string | null;
  /** The actor's source: scim, admin, cli or system. */
  source: string;
  resourceType: string;
  resourceId: string;
  /** userName / displayName: what a person recognises. */
  label: string | null;
}

export type ConnectionNames = ReadonlyMap<string, string>;

/** The name a person recognises in an event: userName, or a group's displayName. */
export function labelOf(e: OutboxEvent): string | null {
  const d = e.data as { resource?: { userName?: unknown; displayName?: unknown }; group?: { displayName?: unknown } };
  const v = d.resource?.userName ?? d.resource?.displayName ?? d.group?.displayName;
  return typeof v === 'string' ? v.slice(0, 200) : null;
}

export function routedEvent(e: OutboxEvent): RoutedEvent {
  return {
    eventId: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    connectionId: e.actor.connectionId,
    source: e.actor.source,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    label: labelOf(e),
  };
}

export function singleEnvelope(e: OutboxEvent, connections: ConnectionNames): string {
  return JSON.stringify({
    type: e.type,
    timestamp: e.occurredAt,
    data: {
      event_id: e.id,
      position: e.position,
      occurred_at: e.occurredAt,
      resource_type: e.resourceType,
      resource_id: e.resourceId,
      connection: e.actor.connectionId ? (connections.get(e.actor.connectionId) ?? null) : null,
      actor: e.actor,
      request_id: e.requestId,
      ...(e.data as Record<string, unknown>),
    },
  });
}

export interface SummaryFacts {
  summaryId: string;
  count: number;
  countsByType: Record<string, number>;
  firstOccurredAt: string;
  lastOccurredAt: string;
  connectionIds: string[];
  connections: string[];
  /** The actors' source when they all share one. */
  source: string | undefined;
  sample: { event_id: string; type: string; resource_type: string; resource_id: string; name: string | null }[];
  eventIds: string[];
}

/** Events in routing order → the facts both renderings (envelope, Slack) are made of. */
export function summarize(summaryId: string, events: readonly RoutedEvent[], names: ConnectionNames): SummaryFacts {
  const countsByType: Record<string, number> = {};
  const connectionIds: string[] = [];
  let first = events[0]?.occurredAt ?? new Date(0).toISOString();
  let last = first;
  for (const e of events) {
    countsByType[e.type] = (countsByType[e.type] ?? 0) + 1;
    if (e.connectionId && !connectionIds.includes(e.connectionId)) connectionIds.push(e.connectionId);
    if (e.occurredAt < first) first = e.occurredAt;
    if (e.occurredAt > last) last = e.occurredAt;
  }
  return {
    summaryId,
    count: events.length,
    countsByType,
    firstOccurredAt: first,
    lastOccurredAt: last,
    connectionIds,
    connections: connectionIds.map((id) => names.get(id) ?? id),
    source: events.every((e) => e.source === events[0]?.source) ? events[0]?.source : undefined,
    sample: events.slice(0, SAMPLE_SIZE).map((e) => ({ event_id: e.eventId, type: e.type, resource_type: e.resourceType, resource_id: e.resourceId, name: e.label })),
    eventIds: events.map((e) => e.eventId),
  };
}

export function summaryEnvelope(f: SummaryFacts, closedAt: string): string {
  return JSON.stringify({
    type: SUMMARY_EVENT_TYPE,
    timestamp: closedAt,
    data: {
      summary_id: f.summaryId,
      count: f.count,
      counts_by_type: f.countsByType,
      first_occurred_at: f.firstOccurredAt,
      last_occurred_at: f.lastOccurredAt,
      connections: f.connections,
      sample: f.sample,
      event_ids: f.eventIds,
    },
  });
}

export function testEnvelope(subscriptionId: string, at: string): string {
  return JSON.stringify({
    type: TEST_EVENT_TYPE,
    timestamp: at,
    data: { subscription_id: subscriptionId, message: 'A test event from the SCIM provisioning service: this endpoint is reachable and the signature verifies.' },
  });
}
