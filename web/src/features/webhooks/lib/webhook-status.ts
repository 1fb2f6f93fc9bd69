import type { Tone } from '../../../components/badge.js';
import type { Delivery, DeliveryAttempt, Webhook } from '../../../lib/api-types.js';

/** A subscription's state as the admin needs it (docs/webhooks.md "Delivery"). */
export function subscriptionStatus(w: Webhook, now = Date.now()): { label: string; tone: Tone; detail?: string } {
  if (!w.enabled) return { label: 'Disabled', tone: 'neutral', detail: w.disabledReason ?? undefined };
  if (w.pausedUntil && Date.parse(w.pausedUntil) > now) return { label: 'Paused', tone: 'warning', detail: 'the receiver asked to slow down (429 Retry-After)' };
  if (w.failingSince) return { label: 'Failing', tone: 'danger', detail: 'every attempt has failed since then; it is disabled after five days of this' };
  return { label: 'Active', tone: 'success' };
}

export const DELIVERY_STATUS: Record<Delivery['status'], { label: string; tone: Tone }> = {
  open: { label: 'Collecting', tone: 'info' },
  pending: { label: 'Pending', tone: 'neutral' },
  delivering: { label: 'Sending', tone: 'info' },
  succeeded: { label: 'Delivered', tone: 'success' },
  failed: { label: 'Dead letter', tone: 'danger' },
};

export const ATTEMPT_OUTCOME: Record<NonNullable<DeliveryAttempt['outcome']>, { label: string; tone: Tone }> = {
  succeeded: { label: 'succeeded', tone: 'success' },
  retry: { label: 'failed, will retry', tone: 'warning' },
  failed: { label: 'failed, gave up', tone: 'danger' },
  disabled: { label: 'failed, subscription disabled', tone: 'danger' },
  abandoned: { label: 'cut short, sent again', tone: 'neutral' },
};

/** "provisioning.summary · 1,994 events" / "user.created". */
export function deliveryLabel(d: Pick<Delivery, 'kind' | 'eventType' | 'eventCount'>): string {
  if (d.kind === 'summary') return `Summary of ${d.eventCount.toLocaleString('en')} event${d.eventCount === 1 ? '' : 's'}`;
  if (d.kind === 'test') return 'Test event';
  return d.eventType;
}

/** A replay sends a finished delivery once more (the same webhook-id): dead letters and delivered ones. */
export const canReplay = (d: Pick<Delivery, 'status'>) => d.status === 'failed' || d.status === 'succeeded';

/**
 * A delivery about to change on its own: being sent, or pending with its attempt due now (a
 * replay, a retry whose time has come). One overdue for more than 30 s waits on a dispatcher
 * that is not running, and is not about to change.
 */
export function changesSoon(d: Pick<Delivery, 'status' | 'nextAttemptAt'>, now = Date.now()): boolean {
  if (d.status === 'delivering') return true;
  if (d.status !== 'pending' || !d.nextAttemptAt) return false;
  const due = Date.parse(d.nextAttemptAt);
  return due <= now + 1_000 && due >= now - 30_000;
}

/**
 * How often a view of deliveries refreshes: every second while one of them is about to change,
 * so a replay's or a retry's outcome shows within a second or two (the row and its attempts
 * agree again), otherwise every 5 s.
 */
export function refreshEvery(ds: readonly Pick<Delivery, 'status' | 'nextAttemptAt'>[], now = Date.now()): number {
  return ds.some((d) => changesSoon(d, now)) ? 1_000 : 5_000;
}
