// Schema check of a parsed filter: every path must exist (RFC 7644 §3.4.2.2: unknown
// attribute ⇒ invalidFilter), operators must suit the attribute type (§3.4.2.2 table 3), and
// values are normalised so the evaluator and the SQL compiler see one canonical form.

import { scimErrors } from '../errors.js';
import { formatAttrPath, tryResolvePath } from '../schema-registry.js';
import type { AttrPath, AttributeDef, CompareOp, Filter, FilterValue, ResolvedPath, ResourceTypeName } from '../types.js';

/** Same shape as Filter, with every path resolved. Inside a valuePath, leaves carry the
 * valuePath's attribute as `attr` and their own name as `sub`. `eq null`/`ne null` never
 * appear: they become not(present)/present. Compare values are non-null. */
export type ResolvedFilter =
  | { kind: 'and'; left: ResolvedFilter; right: ResolvedFilter }
  | { kind: 'or'; left: ResolvedFilter; right: ResolvedFilter }
  | { kind: 'not'; filter: ResolvedFilter }
  | { kind: 'compare'; path: ResolvedPath; op: CompareOp; value: string | number | boolean }
  | { kind: 'present'; path: ResolvedPath }
  | { kind: 'valuePath'; path: ResolvedPath; filter: ResolvedFilter }
  /** An attribute the resource type does not have, in a search across types (see resolveFilter). */
  | { kind: 'const'; value: boolean };

/**
 * `strict`: an unknown attribute is invalidFilter (§3.4.2.2). `absent`: for a search across
 * resource types (root POST /.search), an attribute that this type does not define is treated
 * as unassigned (RFC 7644 §3.4.2.2: "For filtered attributes that are not part of a particular
 * resource type, the service provider SHALL treat the attribute as if there is no attribute
 * value"): `pr`, comparisons and value filters on it are false, except `ne` and `eq null`.
 */
export type UnknownAttributes = 'strict' | 'absent';

interface Ctx {
  rt: ResourceTypeName;
  unknown: UnknownAttributes;
}

const ORDER_OPS = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING_OPS = new Set<CompareOp>(['co', 'sw', 'ew']);
// xsd:dateTime (RFC 7643 §2.3.5), with the date-only form some clients send.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const bad = (detail: string) => scimErrors.invalidFilter(detail);

/** The attribute a leaf compares: the sub-attribute if any, else the attribute itself. */
export function leafAttribute(p: ResolvedPath): AttributeDef {
  return p.sub ?? p.attr;
}

/**
 * Normalise an xsd:dateTime to a string both Date.parse and Postgres' timestamptz read as the
 * same instant: no offset means UTC (instead of the session/local zone), date-only is midnight UTC.
 * Returns undefined when the text is not a valid date-time (incl. impossible dates like 02-30).
 */
export function normalizeDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 02-30 over to 03-02; a round trip of the calendar date rejects it.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  return iso;
}

function checkValue(path: string, def: AttributeDef, op: CompareOp, value: FilterValue): string | number | boolean {
  const type = def.type;
  if (value === null) throw bad(`"${op} null" is only allowed with eq and ne (attribute "${path}")`);
  if ((type === 'boolean' || type === 'binary') && (ORDER_OPS.has(op) || SUBSTRING_OPS.has(op))) {
    throw bad(`Operator "${op}" cannot be used on ${type} attribute "${path}"`);
  }
  switch (type) {
    case 'boolean':
      // Entra sends booleans as "True"/"False" strings (idp-quirks.md: Entra string booleans).
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      if (typeof value !== 'boolean') throw bad(`Attribute "${path}" is boolean; the value must be true or false`);
      return value;
    case 'integer':
    case 'decimal':
      if (SUBSTRING_OPS.has(op)) throw bad(`Operator "${op}" cannot be used on ${type} attribute "${path}"`);
      if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) {
        throw bad(`Attribute "${path}" is ${type}; the value must be a number`);
      }
      return value;
    case 'dateTime': {
      if (SUBSTRING_OPS.has(op)) throw bad(`Operator "${op}" cannot be used on dateTime attribute "${path}"`);
      const normalized = typeof value === 'string' ? normalizeDateTime(value) : undefined;
      if (normalized === undefined) throw bad(`Attribute "${path}" is a dateTime; "${String(value)}" is not an xsd:dateTime`);
      return normalized;
    }
    default:
      if (typeof value !== 'string') throw bad(`Attribute "${path}" is a ${type}; the value must be a quoted string`);
      return value;
  }
}

function resolveLeafPath(rt: ResourceTypeName, path: AttrPath, scope: ResolvedPath | undefined): ResolvedPath {
  let resolved: ResolvedPath | undefined;
  if (scope) {
    // Inside attr[…] the names are sub-attributes of attr (RFC 7644 §3.4.2.2 valFilter).
    if (path.urn !== undefined || path.sub !== undefined) {
      throw bad(`Inside "${scope.attr.name}[…]" only sub-attribute names are allowed, not "${formatAttrPath(path)}"`);
    }
    const sub = scope.attr.subAttributes?.find((s) => s.name.toLowerCase() === path.attr.toLowerCase());
    if (!sub) throw bad(`Unknown sub-attribute "${path.attr}" of "${scope.attr.name}"`);
    resolved = { ...scope, sub };
  } else {
    resolved = tryResolvePath(rt, path);
    if (!resolved) throw bad(`Unknown attribute "${formatAttrPath(path)}"`);
  }
  const def = leafAttribute(resolved);
  // returned:"never" attributes (password) must not leak through filters (RFC 7643 §7).
  if (def.returned === 'never' || resolved.attr.returned === 'never') {
    throw bad(`Attribute "${formatAttrPath(path)}" cannot be used in a filter`);
  }
  return resolved;
}

/** Whether `rt` defines the attribute of `path`, sub-attribute aside (`name.nope` names `name`). */
function definesAttribute(rt: ResourceTypeName, path: AttrPath): boolean {
  return tryResolvePath(rt, { urn: path.urn, attr: path.attr }) !== undefined;
}

/** Whether a top-level path names nothing in this type and counts as unassigned (mode `absent`). */
function absent(ctx: Ctx, path: AttrPath, scope: ResolvedPath | undefined): boolean {
  return ctx.unknown === 'absent' && !scope && !definesAttribute(ctx.rt, path);
}

function resolveNode(ctx: Ctx, f: Filter, scope: ResolvedPath | undefined): ResolvedFilter {
  const rt = ctx.rt;
  switch (f.kind) {
    case 'and':
    case 'or':
      return { kind: f.kind, left: resolveNode(ctx, f.left, scope), right: resolveNode(ctx, f.right, scope) };
    case 'not':
      return { kind: 'not', filter: resolveNode(ctx, f.filter, scope) };
    case 'present':
      if (absent(ctx, f.path, scope)) return { kind: 'const', value: false };
      return { kind: 'present', path: resolveLeafPath(rt, f.path, scope) };
    case 'valuePath': {
      if (scope) throw bad('Nested value filters are not allowed');
      if (absent(ctx, f.path, scope)) return { kind: 'const', value: false };
      const path = resolveLeafPath(rt, f.path, undefined);
      if (path.attr.type !== 'complex' || path.sub) {
        throw bad(`"${formatAttrPath(f.path)}[…]" needs a complex attribute`);
      }
      return { kind: 'valuePath', path, filter: resolveNode(ctx, f.filter, path) };
    }
    case 'compare': {
      // No value: `eq null` holds and `ne null` does not; any other comparison is false but `ne`.
      if (absent(ctx, f.path, scope)) return { kind: 'const', value: f.value === null ? f.op === 'eq' : f.op === 'ne' };
      let path = resolveLeafPath(rt, f.path, scope);
      const text = formatAttrPath(f.path);
      if (!path.sub && path.attr.type === 'complex') {
        // RFC 7644 §3.4.2.2: a complex attribute without sub-attribute compares its `value`.
        const value = path.attr.subAttributes?.find((s) => s.name === 'value');
        if (!value) throw bad(`"${text}" is complex; name a sub-attribute to compare`);
        path = { ...path, sub: value };
      }
      if (f.value === null && (f.op === 'eq' || f.op === 'ne')) {
        const present: ResolvedFilter = { kind: 'present', path };
        return f.op === 'ne' ? present : { kind: 'not', filter: present };
      }
      return { kind: 'compare', path, op: f.op, value: checkValue(text, leafAttribute(path), f.op, f.value) };
    }
  }
}

/** Check and resolve a parsed filter against the resource type's schemas. Throws invalidFilter. */
export function resolveFilter(resourceType: ResourceTypeName, filter: Filter, unknown: UnknownAttributes = 'strict'): ResolvedFilter {
  return resolveNode({ rt: resourceType, unknown }, filter, undefined);
}

function topLevelPaths(f: Filter, out: AttrPath[] = []): AttrPath[] {
  switch (f.kind) {
    case 'and':
    case 'or':
      topLevelPaths(f.left, out);
      topLevelPaths(f.right, out);
      break;
    case 'not':
      topLevelPaths(f.filter, out);
      break;
    default:
      out.push(f.path); // a valuePath's inner names are its sub-attributes, checked by resolveNode
  }
  return out;
}

/**
 * A filter for a search across `types` (root POST /.search): each attribute must belong to at
 * least one of them (else invalidFilter, as for one type), and resolves per type in mode
 * `absent`, so `emails.value eq "a" or members.value eq "b"` searches both. Throws the first
 * invalidFilter a type raises for anything else (syntax, operator/type, sub-attributes).
 */
export function checkAcrossTypes(types: ResourceTypeName[], filter: Filter): void {
  for (const path of topLevelPaths(filter)) {
    if (!types.some((rt) => definesAttribute(rt, path))) {
      throw bad(`Unknown attribute "${formatAttrPath(path)}" (in every resource type searched)`);
    }
  }
  for (const rt of types) resolveFilter(rt, filter, 'absent');
}
