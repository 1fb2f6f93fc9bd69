import type { CreateWebhookBody, WebhookKind } from '../../../lib/api-types.js';

/** The "add a subscription" form in progress, as its inputs hold it. */
export interface SubscriptionFormValues {
  kind: WebhookKind;
  url: string;
  events: string;
  connectionId: string;
  description: string;
}

export const EMPTY_SUBSCRIPTION: SubscriptionFormValues = { kind: 'hmac', url: '', events: '*', connectionId: '', description: '' };

export type SubscriptionErrors = Partial<Record<keyof SubscriptionFormValues, string>>;

/** `"user.*, group.members_*"` → patterns (commas or spaces, as the CLI's --events). */
export function splitPatterns(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The dispatcher's pattern rule (docs/webhooks.md "Subscriptions"): `*` matches any run of characters. */
export function patternMatches(pattern: string, type: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(type);
}

/** The event types a pattern list selects, in the server's order. */
export function selectedTypes(patterns: string[], eventTypes: readonly string[]): string[] {
  return eventTypes.filter((t) => patterns.some((p) => patternMatches(p, t)));
}

/**
 * What the server would refuse, said before the round trip (the server checks again: the SSRF
 * guard resolves the host, which only it can do). `eventTypes` is empty while they load.
 */
export function validateSubscription(v: SubscriptionFormValues, eventTypes: readonly string[]): SubscriptionErrors {
  const errors: SubscriptionErrors = {};
  const url = v.url.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    errors.url = url ? 'Not a URL: it starts with https://' : 'The receiver’s URL is required.';
  }
  // Plain http:// is the server's call (WEBHOOKS_ALLOW_PRIVATE_NETWORKS, for local receivers).
  if (parsed && parsed.protocol !== 'https:' && parsed.protocol !== 'http:') errors.url = 'Use an https:// URL.';
  else if (parsed && (parsed.username || parsed.password)) errors.url = 'Credentials in the URL are refused: the request is signed instead.';
  else if (url.length > 2048) errors.url = 'At most 2,048 characters.';
  const patterns = splitPatterns(v.events);
  if (patterns.length === 0) errors.events = 'Give at least one event pattern, e.g. * or user.*.';
  else if (patterns.length > 50) errors.events = 'At most 50 patterns.';
  else if (eventTypes.length > 0) {
    const bad = patterns.filter((p) => !eventTypes.some((t) => patternMatches(p, t)));
    if (bad.length) errors.events = `No event type matches ${bad.map((b) => `“${b}”`).join(', ')}.`;
  }
  if (v.description.length > 500) errors.description = 'At most 500 characters.';
  return errors;
}

export function createWebhookPayload(v: SubscriptionFormValues): CreateWebhookBody {
  const body: CreateWebhookBody = { kind: v.kind, url: v.url.trim(), events: splitPatterns(v.events) };
  if (v.connectionId) body.connectionId = v.connectionId;
  if (v.description.trim()) body.description = v.description.trim();
  return body;
}

/** A Slack subscription whose URL is not an incoming webhook's: allowed (a local stand-in), but said. */
export function slackUrlWarning(v: SubscriptionFormValues): string | undefined {
  if (v.kind !== 'slack') return undefined;
  try {
    return new URL(v.url.trim()).hostname === 'hooks.slack.com' ? undefined : 'Slack incoming-webhook URLs start with https://hooks.slack.com/services/.';
  } catch {
    return undefined;
  }
}
