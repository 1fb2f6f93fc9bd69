import type { Filter } from '../types.js';

/**
 * True when a filter only ANDs equality comparisons (`userName eq "…"`, `externalId eq "…"`,
 * `emails[value eq "…"]`, `id eq "…" and active eq true`): the lookups IdPs send before every
 * create (docs/idp-quirks.md). Each compiles to index equality probes whose plan does not
 * depend on the compared value, so PostgreSQL's generic plan for the statement is as good as
 * a custom one and the statement may be prepared once and reused (db/src/named-query.ts).
 * Ranges (`meta.lastModified gt`), substrings (`co`, `sw`, `ew`), `or` and `not` are left
 * to a plan made for their values: a generic plan cannot know how many rows a range matches.
 */
export function isEqualityLookup(f: Filter): boolean {
  switch (f.kind) {
    case 'and':
      return isEqualityLookup(f.left) && isEqualityLookup(f.right);
    case 'valuePath':
      return isEqualityLookup(f.filter);
    case 'compare':
      return f.op === 'eq';
    default:
      return false;
  }
}
