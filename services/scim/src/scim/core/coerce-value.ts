// Schema-driven validation and canonicalisation of one attribute value, shared by
// normalizeResource (POST/PUT) and the PATCH engine so both accept the same shapes.
import { scimErrors } from './errors.js';
import type { AttributeDef, JsonObject } from './types.js';
import { checkString, checkValueCount, maxLengthOf } from './limits.js';
import { findAttr } from './schema-attributes.js';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns the canonical value, or `undefined` when the value is unassigned (null, empty
 * object, empty array — RFC 7643 §2.5). Sub-attribute names are matched case-insensitively
 * (RFC 7643 §2.1; Microsoft's tests send `"Primary"`, `"Manager": {"Value": …}`); readOnly
 * sub-attributes are dropped silently (RFC 7644 §3.5.1: readOnly input is ignored).
 */
export function coerceValue(def: AttributeDef, value: unknown, label = def.name): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    // OneLogin sends `emails` as one object instead of an array (idp-quirks.md:
    // OneLogin emails as one object).
    const items = Array.isArray(value) ? value : [value];
    checkValueCount(items.length, label);
    const out = items.map((item) => coerceSingle(def, item, label)).filter((item) => item !== undefined);
    return out.length === 0 ? undefined : out;
  }
  // Entra's older manager shape, `"value": [{"$ref": …, "value": …}]` for a single-valued
  // attribute (idp-quirks.md: Entra manager shapes).
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.length === 1) return coerceSingle(def, value[0], label);
    throw scimErrors.invalidValue(`Attribute '${label}' is single-valued but an array was given`);
  }
  return coerceSingle(def, value, label);
}

function coerceSingle(def: AttributeDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.type === 'complex') return coerceComplex(def, value, label);
  return coerceScalar(def, value, label);
}

function coerceComplex(def: AttributeDef, value: unknown, label: string): JsonObject | undefined {
  const subs = def.subAttributes ?? [];
  // Entra sends the enterprise `manager` as a bare id string (idp-quirks.md: Entra manager
  // shapes): wrap it into {value}.
  if (typeof value === 'string' && !def.multiValued && findAttr(subs, 'value')) {
    return value === '' ? undefined : { value };
  }
  if (!isObject(value)) throw scimErrors.invalidValue(`Attribute '${label}' must be a complex object`);
  const out: JsonObject = {};
  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(value)) {
    const sub = findAttr(subs, key);
    if (!sub) throw scimErrors.invalidSyntax(`Unknown sub-attribute '${label}.${key}'`);
    if (seen.has(sub.name)) throw scimErrors.invalidSyntax(`Sub-attribute '${label}.${sub.name}' given twice`);
    seen.add(sub.name);
    if (sub.mutability === 'readOnly') continue;
    const v = coerceScalarOrUndefined(sub, raw, `${label}.${sub.name}`);
    if (v !== undefined) out[sub.name] = v;
  }
  // Canonical key order: the schema's order, so equal values serialise identically.
  const ordered: JsonObject = {};
  for (const sub of subs) if (sub.name in out) ordered[sub.name] = out[sub.name];
  // OneLogin's template renders `"manager": {"value": ""}` for a user without a manager
  // (idp-quirks.md: OneLogin empty manager): an empty reference is unassigned, as the
  // bare-string "" form above already is.
  if (!def.multiValued && ordered.value === '') return undefined;
  return Object.keys(ordered).length === 0 ? undefined : ordered;
}

function coerceScalarOrUndefined(def: AttributeDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  return coerceScalar(def, value, label);
}

export function coerceScalar(def: AttributeDef, value: unknown, label = def.name): unknown {
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra's default job sends "True"/"False", also "false" (idp-quirks.md: Entra string
      // booleans).
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      break;
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      break;
    case 'complex':
      return coerceComplex(def, value, label);
    default: // string, reference, binary
      if (typeof value === 'string') {
        checkString(value, maxLengthOf(def), label);
        return value;
      }
  }
  throw scimErrors.invalidValue(`Attribute '${label}' must be of type ${def.type}`);
}

/** RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once. */
export function checkSinglePrimary(value: unknown, label: string): void {
  if (!Array.isArray(value)) return;
  if (value.filter((v) => isObject(v) && v.primary === true).length > 1) {
    throw scimErrors.invalidValue(`At most one '${label}' value may have primary set to true`);
  }
}
