// Path-less PATCH values (RFC 7644 §3.5.2.1/§3.5.2.3: "the target location is the resource
// itself") expanded into one targeted operation per attribute, so both forms share the path
// logic. IdP shapes handled here:
// - Okta: `{"active": false}`, `{"password": "…"}`, group rename `{"id": "…", "displayName": "…"}`
//   carrying the readOnly `id` (idp-quirks.md: Okta path-less replace) — readOnly keys are ignored, not rejected.
// - Entra aadOptscim062020: dotted keys `"name.givenName"` and URN-qualified keys
//   `"urn:…:enterprise:2.0:User:employeeNumber"` (idp-quirks.md: Entra aadOptscim062020).
// - An extension object under its URN key.
import { scimErrors } from '../errors.js';
import type { JsonObject, ResourceTypeName } from '../types.js';
import { isObject } from '../coerce-value.js';
import { findExtension } from '../schema-lookup.js';
import { parseAttrPath } from '../schema-registry.js';
import type { AttrTarget } from './target.js';
import { resolveTarget } from './target.js';

export interface TargetedValue {
  target: AttrTarget;
  value: unknown;
}

export function expandPathless(rt: ResourceTypeName, value: JsonObject): TargetedValue[] {
  const out: TargetedValue[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const ext = findExtension(rt, key);
    if (ext) {
      out.push(...expandExtension(rt, ext.id, v));
      continue;
    }
    const target = targetOf(rt, key);
    if (!isReadOnly(target)) out.push({ target, value: v });
  }
  return out;
}

/** `{"urn:…:enterprise:2.0:User": {"department": "x"}}` as a path-less value or as a path. */
export function expandExtension(rt: ResourceTypeName, urn: string, value: unknown): TargetedValue[] {
  if (value === null) return [];
  if (!isObject(value)) throw scimErrors.invalidValue(`The value for '${urn}' must be an object`);
  return Object.entries(value)
    .map(([key, v]) => ({ target: targetOf(rt, `${urn}:${key}`), value: v }))
    .filter((tv) => !isReadOnly(tv.target));
}

function targetOf(rt: ResourceTypeName, key: string): AttrTarget {
  const path = parseAttrPath(key, 'invalidPath');
  const t = resolveTarget(rt, { text: key, ...path });
  if (t.kind !== 'attr') throw scimErrors.invalidPath(`'${key}' cannot be nested in a PATCH value`);
  return t;
}

function isReadOnly(t: AttrTarget): boolean {
  return t.attr.mutability === 'readOnly' || t.sub?.mutability === 'readOnly';
}
