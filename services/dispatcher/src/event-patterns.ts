import { EVENT_TYPES } from '@scim/db';

/**
 * Subscription event patterns: an exact type (`user.created`), a `*` wildcard anywhere
 * (`user.*`, `group.members_*`) or `*` alone. A pattern that matches no event type is refused,
 * so a typo (`user.crated`) is an error when saved, not a subscription that never fires.
 */
export const PATTERN_RE = /^[a-z*][a-z_.*]{0,63}$/;
export const MAX_PATTERNS = 50;

/** Sent by `webhooks test`, whatever the patterns (never through the outbox). */
export const TEST_EVENT_TYPE = 'webhook.test';
export const SUMMARY_EVENT_TYPE = 'provisioning.summary';

export class PatternError extends Error {
  override name = 'PatternError';
}

function toRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
}

/** Trimmed, de-duplicated, checked; throws PatternError naming every bad pattern. */
export function normalizePatterns(input: readonly string[]): string[] {
  const patterns = [...new Set(input.map((p) => p.trim()).filter(Boolean))];
  if (patterns.length === 0) throw new PatternError('give at least one event pattern, e.g. "*" or "user.*"');
  if (patterns.length > MAX_PATTERNS) throw new PatternError(`at most ${MAX_PATTERNS} event patterns`);
  const bad = patterns.filter((p) => !PATTERN_RE.test(p) || !EVENT_TYPES.some((t) => toRegExp(p).test(t)));
  if (bad.length > 0) {
    throw new PatternError(`no event type matches ${bad.map((b) => `"${b}"`).join(', ')}; event types are ${EVENT_TYPES.join(', ')} (use * as a wildcard)`);
  }
  return patterns;
}

/** `"user.*, group.members_*"` (the CLI's --events) → patterns. */
export function parsePatternList(text: string): string[] {
  return normalizePatterns(text.split(/[\s,]+/));
}

export function compileMatcher(patterns: readonly string[]): (type: string) => boolean {
  const res = patterns.map(toRegExp);
  return (type) => res.some((re) => re.test(type));
}
