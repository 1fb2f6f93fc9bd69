// Reading and writing one attribute of the working document. Extension attributes live
// under their schema URN key; core attributes at the top level.
import { scimErrors } from '../errors.js';
import { URN, type AttributeDef, type JsonObject, type ResourceTypeName } from '../types.js';
import { isObject } from '../coerce-value.js';
import { coreUrn, schemasOf } from '../schema-lookup.js';
import type { AttrTarget } from './target.js';

export function readAttr(doc: JsonObject, t: AttrTarget): unknown {
  const c = isCore(t.schema) ? doc : doc[t.schema];
  return isObject(c) ? c[t.attr.name] : undefined;
}

/** Writes (or, with `undefined`, deletes) the attribute; empty containers are pruned later. */
export function writeAttr(doc: JsonObject, t: AttrTarget, value: unknown): void {
  let c: JsonObject;
  if (isCore(t.schema)) {
    c = doc;
  } else {
    if (!isObject(doc[t.schema])) doc[t.schema] = {};
    c = doc[t.schema] as JsonObject;
  }
  if (value === undefined) delete c[t.attr.name];
  else c[t.attr.name] = value;
}

function isCore(schema: string): boolean {
  return schema === URN.user || schema === URN.group;
}

/**
 * RFC 7644 §3.5.2: a client MUST NOT modify readOnly or immutable attributes, but MAY add a
 * value to an immutable attribute that had none. RFC 7644 §3.5.2.2: a required attribute that
 * is removed or becomes unassigned is `mutability` too (docs/idp-quirks.md: Removing or
 * unassigning a required or readOnly attribute).
 */
export function checkMutability(t: AttrTarget, current: unknown, op: 'add' | 'replace' | 'remove', value?: unknown): void {
  const denied = [t.attr, t.sub].find((d) => d?.mutability === 'readOnly');
  if (denied) throw scimErrors.mutability(`Attribute '${denied.name}' is readOnly (path '${t.text}')`);
  const immutable = [t.attr, t.sub].find((d) => d?.mutability === 'immutable');
  if (immutable && (op !== 'add' || current !== undefined)) {
    throw scimErrors.mutability(`Attribute '${immutable.name}' is immutable (path '${t.text}')`);
  }
  const required = t.sub ?? t.attr;
  if (required.required && unassigns(op, value)) {
    throw scimErrors.mutability(`Attribute '${required.name}' is required; it cannot be removed or left without a value (path '${t.text}')`);
  }
}

/**
 * Whether the operation leaves a single value unassigned: remove; replace with null, an empty
 * array or object (RFC 7643 §2.5) or a blank string; add of a blank string (add replaces a
 * single value, §3.5.2.1; adding null or [] adds nothing).
 */
function unassigns(op: 'add' | 'replace' | 'remove', value: unknown): boolean {
  if (op === 'remove') return true;
  if (typeof value === 'string') return value.trim() === '';
  if (op === 'add') return false;
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/** Sub-attributes in schema order, so equal elements serialise (and compare) identically. */
export function orderKeys(attr: AttributeDef, el: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const sub of attr.subAttributes ?? []) if (el[sub.name] !== undefined) out[sub.name] = el[sub.name];
  return out;
}

/**
 * Drops unassigned values (null, empty objects and arrays, RFC 7643 §2.5) and, when the doc
 * carries `schemas`, lists exactly the core URN and the extensions that hold attributes.
 */
export function tidyDoc(rt: ResourceTypeName, doc: JsonObject): JsonObject {
  const out = prune(doc) as JsonObject;
  if ('schemas' in doc) {
    const exts = schemasOf(rt).extensions.map((e) => e.id).filter((urn) => out[urn] !== undefined);
    out.schemas = [coreUrn(rt), ...exts];
  }
  return out;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}
