/**
 * Field-level before/after for audit rows: `{ "name.givenName": { before, after }, … }`.
 * Objects are walked to their leaves; arrays (emails, members…) compare as whole values.
 * Secrets never enter an audit row: their values are replaced, the fact of a change is kept.
 */
import { jsonEqual } from '../util/json-equal.js';

export type FieldDiff = Record<string, { before?: unknown; after?: unknown }>;

const SECRET_KEYS = new Set(['password', 'password_hash', 'passwordHash', 'secret', 'token', 'token_hash']);
export const REDACTED = '[redacted]';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}


export function diffFields(before: unknown, after: unknown, prefix = '', out: FieldDiff = {}): FieldDiff {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      diffFields(before[key], after[key], prefix ? `${prefix}.${key}` : key, out);
    }
    return out;
  }
  if (isPlainObject(before) && after === undefined) return diffFields(before, {}, prefix, out);
  if (before === undefined && isPlainObject(after)) return diffFields({}, after, prefix, out);
  if (jsonEqual(before, after)) return out;
  const leaf = prefix.split('.').at(-1) ?? prefix;
  const secret = SECRET_KEYS.has(leaf);
  const entry: { before?: unknown; after?: unknown } = {};
  if (before !== undefined) entry.before = secret ? REDACTED : before;
  if (after !== undefined) entry.after = secret ? REDACTED : after;
  out[prefix] = entry;
  return out;
}

/** Top-level attribute names that changed (the outbox `changedFields`). */
export function changedTopLevel(diff: FieldDiff): string[] {
  return [...new Set(Object.keys(diff).map(topLevelOf))];
}

/** `name.givenName` → `name`; URN keys contain dots of their own (`…:2.0:User.department`). */
function topLevelOf(key: string): string {
  const from = key.startsWith('urn:') ? key.lastIndexOf(':') : 0;
  const dot = key.indexOf('.', from);
  return dot === -1 ? key : key.slice(0, dot);
}
