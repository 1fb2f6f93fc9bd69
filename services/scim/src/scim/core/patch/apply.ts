// The PATCH engine (RFC 7644 §3.5.2): operations apply in order to a copy of the document,
// all or nothing; `changed` tells the caller whether a new version is needed.
import { scimErrors } from '../errors.js';
import type { JsonObject, ResourceTypeName } from '../types.js';
import { checkMemberCount, checkPassword } from '../limits.js';
import { checkRequired, checkValueCounts } from '../normalize.js';
import { applyAdd } from './add.js';
import { applyRemove } from './remove.js';
import { applyReplace } from './replace.js';
import { tidyDoc } from './doc.js';
import { jsonEqual } from '../../../util/json-equal.js';
import { toMemberOp, type MemberOp } from './members.js';
import type { PatchOperation, PatchOpName } from './parse.js';
import { expandExtension, expandPathless, type TargetedValue } from './quirks.js';
import { resolveTarget, type AttrTarget } from './target.js';

export type { MemberOp } from './members.js';
export type { PatchOperation } from './parse.js';

export interface UserPatchResult {
  doc: JsonObject;
  changed: boolean;
  password?: string;
}

export interface GroupPatchResult {
  doc: JsonObject;
  changed: boolean;
  memberOps: MemberOp[];
}

export function applyUserPatch(doc: JsonObject, ops: PatchOperation[]): UserPatchResult {
  const r = applyPatch('User', doc, ops);
  const out: UserPatchResult = { doc: r.doc, changed: r.changed };
  if (r.password !== undefined) out.password = r.password;
  return out;
}

export function applyGroupPatch(doc: JsonObject, ops: PatchOperation[]): GroupPatchResult {
  const r = applyPatch('Group', doc, ops);
  return { doc: r.doc, changed: r.changed, memberOps: r.memberOps };
}

interface State {
  rt: ResourceTypeName;
  doc: JsonObject;
  password?: string;
  memberOps: MemberOp[];
}

function applyPatch(rt: ResourceTypeName, input: JsonObject, ops: PatchOperation[]): State & { changed: boolean } {
  const state: State = { rt, doc: structuredClone(input), memberOps: [] };
  for (const op of ops) {
    for (const tv of targetsOf(state, op)) dispatch(state, op.op, tv.target, tv.value);
  }
  const doc = tidyDoc(rt, state.doc);
  checkRequired(rt, doc);
  checkValueCounts(rt, doc);
  checkMemberCount(state.memberOps.reduce((n, m) => n + ('members' in m ? m.members.length : 'ids' in m ? m.ids.length : 0), 0));
  return { ...state, doc, changed: !jsonEqual(input, doc) };
}

function targetsOf(state: State, op: PatchOperation): TargetedValue[] {
  const rt = state.rt;
  if (!op.path) {
    if (op.value === undefined) throw scimErrors.invalidValue(`An ${op.op} operation without a path requires a value`);
    return expandPathless(rt, op.value as JsonObject);
  }
  const target = resolveTarget(rt, op.path);
  if (target.kind === 'attr') return [{ target, value: op.value }];
  // The path names an extension schema: its value is an object of that schema's attributes.
  if (op.op === 'remove') {
    delete state.doc[target.schema];
    return [];
  }
  return expandExtension(rt, target.schema, op.value);
}

function dispatch(state: State, op: PatchOpName, t: AttrTarget, value: unknown): void {
  if (state.rt === 'Group' && t.attr.name === 'members') {
    state.memberOps.push(toMemberOp(op, t, value));
    return;
  }
  if (t.attr.mutability === 'writeOnly' && t.attr.name === 'password') {
    // writeOnly (RFC 7643 §4.1.1): never in the doc; handed back for hashing. Okta password sync.
    if (op === 'remove') throw scimErrors.mutability("'password' cannot be removed");
    if (typeof value !== 'string' || value === '') throw scimErrors.invalidValue("'password' must be a non-empty string");
    checkPassword(value);
    state.password = value;
    return;
  }
  if (op !== 'remove' && value === undefined) throw scimErrors.invalidValue(`An ${op} operation on '${t.text}' requires a value`);
  if (op === 'add') applyAdd(state.doc, t, value);
  else if (op === 'replace') applyReplace(state.doc, t, value);
  else applyRemove(state.doc, t, value);
}
