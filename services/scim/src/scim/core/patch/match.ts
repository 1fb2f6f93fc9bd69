// Helpers over multi-valued elements: value-filter matching, the "create when absent" rule
// for Entra, deep equality, and the primary rule (RFC 7643 §2.4).
import type { JsonObject } from '../types.js';
import { isObject } from '../coerce-value.js';
import { matchesElement } from '../filter/evaluate.js';
import type { ResolvedFilter } from '../filter/resolve.js';
import type { ValuePathFilter } from './target.js';

/** Does one element match the target's value filter (RFC 7644 §3.5.2 valuePath)? */
export function matchElement(f: ValuePathFilter, el: unknown): boolean {
  return matchesElement(f, el);
}

const SEED_SUBS = new Set(['type', 'primary', 'value']);

/**
 * For `add`/`replace` on a value filter that matches nothing, Entra expects the element to be
 * created (idp-quirks.md: Entra value-filter paths). Only filters made of `eq` on
 * type/primary/value joined by `and` say unambiguously what to create; returns the seed
 * element, or undefined (caller answers noTarget, RFC 7644 §3.5.2.3).
 */
export function seedFromFilter(f: ResolvedFilter): JsonObject | undefined {
  if (f.kind === 'valuePath') return seedFromFilter(f.filter);
  if (f.kind === 'and') {
    const l = seedFromFilter(f.left);
    const r = seedFromFilter(f.right);
    return l && r ? { ...l, ...r } : undefined;
  }
  const sub = f.kind === 'compare' && f.op === 'eq' ? f.path.sub?.name : undefined;
  if (f.kind === 'compare' && sub && SEED_SUBS.has(sub)) return { [sub]: f.value };
  return undefined;
}

/**
 * RFC 7643 §2.4: at most one `primary: true`. The element the operation just made primary
 * (one of `winners`) wins, else the last primary; the flag is removed from the others.
 */
export function keepOnePrimary(list: unknown[], winners: ReadonlySet<unknown> = new Set()): void {
  const primaries = list.filter((el) => isObject(el) && el.primary === true);
  if (primaries.length <= 1) return;
  const keep = primaries.find((el) => winners.has(el)) ?? primaries[primaries.length - 1];
  for (const el of primaries) if (el !== keep) delete (el as JsonObject).primary;
}
