// Group membership is not in the group document: it lives in its own table and is changed
// with set-based SQL (docs/architecture.md invariant 3). Every operation on `members` becomes a MemberOp.
import { scimErrors } from '../errors.js';
import type { ResolvedFilter } from '../filter/resolve.js';
import { normalizeMembers, type MemberRef } from '../normalize.js';
import type { PatchOpName } from './parse.js';
import type { AttrTarget, ValuePathFilter } from './target.js';

export type MemberOp =
  | { kind: 'add'; members: MemberRef[] }
  | { kind: 'remove'; ids: string[] }
  /** Any other member filter, as the resolved Group filter `members[…]` (filter/resolve.ts). */
  | { kind: 'removeWhere'; filter: ValuePathFilter }
  | { kind: 'removeAll' }
  | { kind: 'replace'; members: MemberRef[] };

export function toMemberOp(op: PatchOpName, t: AttrTarget, value: unknown): MemberOp {
  // members.value/$ref/type are immutable and display is derived on read (RFC 7643 §4.2,
  // §8.7.1): a member is added or removed, never edited in place.
  if (t.sub) throw scimErrors.mutability(`Sub-attributes of group members cannot be changed (path '${t.text}')`);
  if (op === 'remove') {
    if (t.filter) {
      const ids = idsOf(t.filter);
      return ids ? { kind: 'remove', ids } : { kind: 'removeWhere', filter: t.filter };
    }
    // Entra's default job: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes
    // only the listed members (idp-quirks.md: Entra member removal with a value array); without a value every member goes (RFC).
    // An explicit empty array removes nobody rather than everybody.
    if (value === undefined || value === null) return { kind: 'removeAll' };
    return { kind: 'remove', ids: normalizeMembers(value).map((m) => m.value) };
  }
  if (t.filter) throw scimErrors.mutability(`Group members cannot be changed through a value filter (path '${t.text}')`);
  // Like any other attribute (apply.ts): a replace without a value is an error, not "no members".
  if (value === undefined) throw scimErrors.invalidValue(`An ${op} operation on '${t.text}' requires a value`);
  if (op === 'replace') return { kind: 'replace', members: normalizeMembers(value) };
  return { kind: 'add', members: normalizeMembers(value) };
}

/** `value eq "x"` or an `or` of those (Okta, Entra aadOptscim062020) ⇒ the ids, else undefined. */
function idsOf(f: ResolvedFilter): string[] | undefined {
  if (f.kind === 'valuePath') return idsOf(f.filter);
  if (f.kind === 'or') {
    const l = idsOf(f.left);
    const r = idsOf(f.right);
    return l && r ? [...l, ...r] : undefined;
  }
  if (f.kind === 'compare' && f.op === 'eq' && f.path.sub?.name === 'value' && typeof f.value === 'string') return [f.value];
  return undefined;
}
