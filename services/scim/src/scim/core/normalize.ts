// Validates and canonicalises a POST/PUT body (RFC 7644 §3.3, §3.5.1) into the stored
// document: canonical attribute names, the enterprise extension under its URN, no readOnly
// or writeOnly data, null ≡ unassigned (RFC 7643 §2.5).
import { scimErrors } from './errors.js';
import type { AttributeDef, JsonObject, ResourceTypeName } from './types.js';
import { checkSinglePrimary, coerceValue, isObject } from './coerce-value.js';
import { checkMemberCount, checkPassword, checkString, checkValueCount, MAX_INDEXED_LENGTH } from './limits.js';
import { findAttr } from './schema-attributes.js';
import { coreAttributes, coreUrn, findExtension, schemasOf } from './schema-lookup.js';

export interface MemberRef {
  value: string;
  type?: string;
}

export interface NormalizedResource {
  doc: JsonObject;
  password?: string;
  members?: MemberRef[];
}

export function normalizeResource(
  resourceType: ResourceTypeName,
  body: unknown,
  mode: 'create' | 'replace',
): NormalizedResource {
  if (!isObject(body)) throw scimErrors.invalidSyntax('The request body must be a JSON object');
  const declared = checkSchemas(resourceType, body.schemas);
  const core = coreAttributes(resourceType);
  const coreIn: JsonObject = {};
  const extIn = new Map<string, JsonObject>();
  let password: string | undefined;
  let members: MemberRef[] | undefined;

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const ext = findExtension(resourceType, key);
    if (ext) {
      if (value === null) continue;
      if (!isObject(value)) throw scimErrors.invalidValue(`'${ext.id}' must be an object`);
      extIn.set(ext.id, value);
      continue;
    }
    const def = findAttr(core, key);
    if (!def) {
      // Entra's Group create lists a Microsoft schema URN it never fills (idp-quirks.md:
      // Entra create bodies with extras).
      if (declared.has(key.toLowerCase()) && isEmpty(value)) continue;
      throw scimErrors.invalidSyntax(`Unknown attribute '${key}'`);
    }
    if (def.name in coreIn) throw scimErrors.invalidSyntax(`Attribute '${def.name}' given twice`);
    if (resourceType === 'Group' && def.name === 'members') {
      members = normalizeMembers(value);
      continue;
    }
    if (def.mutability === 'writeOnly' && def.name === 'password') {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string') throw scimErrors.invalidValue("Attribute 'password' must be a string");
      checkPassword(value);
      password = value;
      continue;
    }
    coreIn[def.name] = value;
  }

  const doc: JsonObject = { schemas: [coreUrn(resourceType)] };
  Object.assign(doc, canonicalObject(core, coreIn, ''));
  for (const ext of schemasOf(resourceType).extensions) {
    const raw = extIn.get(ext.id);
    if (!raw) continue;
    const obj = canonicalObject(ext.attributes, raw, `${ext.id}:`, true);
    if (Object.keys(obj).length > 0) {
      doc[ext.id] = obj;
      (doc.schemas as string[]).push(ext.id);
    }
  }
  checkRequired(resourceType, doc);
  void mode; // PUT and POST canonicalise identically; immutable checks need the old doc (caller).
  const out: NormalizedResource = { doc };
  if (password !== undefined) out.password = password;
  if (members !== undefined) out.members = members;
  return out;
}

/** RFC 7643 §3: `schemas` is REQUIRED and must name the resource's core schema. */
function checkSchemas(rt: ResourceTypeName, schemas: unknown): Set<string> {
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    throw scimErrors.invalidSyntax("'schemas' must be an array of schema URNs");
  }
  const declared = new Set(schemas.map((s: string) => s.toLowerCase()));
  if (!declared.has(coreUrn(rt).toLowerCase())) {
    throw scimErrors.invalidSyntax(`'schemas' must contain '${coreUrn(rt)}'`);
  }
  return declared;
}

function isEmpty(value: unknown): boolean {
  return value === null || (isObject(value) && Object.keys(value).length === 0);
}

/**
 * Matches keys case-insensitively, drops readOnly attributes (id, meta, groups — Okta and
 * Entra send them on create), coerces values, and emits keys in schema order so the document
 * is deterministic.
 */
function canonicalObject(defs: readonly AttributeDef[], input: JsonObject, prefix: string, matchKeys = false): JsonObject {
  const values = new Map<string, unknown>();
  for (const [key, raw] of Object.entries(input)) {
    const def = matchKeys ? findAttr(defs, key) : defs.find((d) => d.name === key);
    if (!def) throw scimErrors.invalidSyntax(`Unknown attribute '${prefix}${key}'`);
    if (values.has(def.name)) throw scimErrors.invalidSyntax(`Attribute '${prefix}${def.name}' given twice`);
    values.set(def.name, raw);
  }
  const out: JsonObject = {};
  for (const def of defs) {
    if (!values.has(def.name) || def.mutability === 'readOnly' || def.mutability === 'writeOnly') continue;
    const v = coerceValue(def, values.get(def.name), prefix + def.name);
    if (v === undefined) continue;
    checkSinglePrimary(v, prefix + def.name);
    out[def.name] = v;
  }
  return out;
}

export function checkRequired(rt: ResourceTypeName, doc: JsonObject): void {
  for (const def of coreAttributes(rt)) {
    if (!def.required || def.mutability === 'readOnly') continue;
    const v = doc[def.name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      throw scimErrors.invalidValue(`Attribute '${def.name}' is required`);
    }
  }
}

/**
 * Group members are stored outside the document (set-based SQL). Only `value` and `type`
 * matter; `display` and `$ref` (Entra sends `"$ref": null`) are derived on read.
 */
export function normalizeMembers(value: unknown): MemberRef[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  checkMemberCount(items.length);
  const out: MemberRef[] = [];
  for (const item of items) {
    if (item === null) continue;
    const obj = typeof item === 'string' ? { value: item } : item;
    if (!isObject(obj)) throw scimErrors.invalidValue("Each 'members' value must be an object with 'value'");
    const entries = new Map(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v]));
    const id = entries.get('value');
    if (typeof id !== 'string' || id === '') throw scimErrors.invalidValue("'members.value' must be a non-empty string");
    checkString(id, MAX_INDEXED_LENGTH, 'members.value');
    const type = entries.get('type');
    if (type !== undefined && type !== null && typeof type !== 'string') {
      throw scimErrors.invalidValue("'members.type' must be a string");
    }
    out.push(typeof type === 'string' ? { value: id, type } : { value: id });
  }
  return out;
}

/**
 * A PATCH can grow a multi-valued attribute one operation at a time, so the document it leaves
 * is checked as a whole (POST and PUT are checked attribute by attribute in coerceValue).
 */
export function checkValueCounts(rt: ResourceTypeName, doc: JsonObject): void {
  const check = (defs: readonly AttributeDef[], obj: JsonObject, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      const def = findAttr(defs, key);
      if (def?.multiValued && Array.isArray(value)) checkValueCount(value.length, prefix + def.name);
    }
  };
  check(coreAttributes(rt), doc, '');
  for (const ext of schemasOf(rt).extensions) {
    const part = doc[ext.id];
    if (isObject(part)) check(ext.attributes, part, `${ext.id}:`);
  }
}
