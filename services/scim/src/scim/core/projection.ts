// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a full resource,
// driven by each attribute's `returned` characteristic (RFC 7643 §2.2).
import type { AttrPath, AttributeDef, JsonObject, ResourceTypeName } from './types.js';
import { isObject } from './coerce-value.js';
import { findAttr } from './schema-attributes.js';
import { coreAttributes, coreUrn, findExtension } from './schema-lookup.js';
import { parseAttrPath, tryResolvePath } from './schema-registry.js';

export interface ProjectionOptions {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** One requested name, resolved: a whole extension (`attr` undefined), an attribute, or a sub-attribute. */
interface Selector {
  schema: string;
  attr?: string;
  sub?: string;
}

/** `"userName, emails.value"` ⇒ `["userName", "emails.value"]`; empty or missing ⇒ `[]`. */
export function parseAttributeList(param?: string): string[] {
  if (!param) return [];
  return param.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function projectResource(resource: JsonObject, resourceType: ResourceTypeName, opts: ProjectionOptions): JsonObject {
  // RFC 7644 §3.4.2.5: when both are given, `attributes` wins.
  const include = opts.attributes?.length ? selectors(resourceType, opts.attributes) : undefined;
  const exclude = include ? [] : selectors(resourceType, opts.excludedAttributes);
  if (!include && exclude.length === 0 && keptWhole(resource, resourceType)) return resource;
  const out: JsonObject = {};
  const core = coreUrn(resourceType);
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      out.schemas = value;
      continue;
    }
    const ext = findExtension(resourceType, key);
    if (ext) {
      const projected = isObject(value) ? projectObject(ext.attributes, ext.id, value, include, exclude) : undefined;
      if (projected && Object.keys(projected).length > 0) out[ext.id] = projected;
      continue;
    }
    projectEntry(coreAttributes(resourceType), core, key, value, include, exclude, out);
  }
  if (Array.isArray(out.schemas)) {
    // Only the URNs whose data is still present (an excluded extension disappears from schemas).
    out.schemas = out.schemas.filter((urn) => urn === core || typeof urn !== 'string' || urn in out);
  }
  return out;
}

const hidden = (def: AttributeDef | undefined) => def?.returned === 'never' || def?.returned === 'request';

/**
 * Whether the default projection (no parameters) would return `resource` unchanged, as it does
 * for every resource we render (no password, canonical extension keys): then it is returned
 * as is instead of copied key by key, on every POST/PUT/PATCH/GET response.
 */
function keptWhole(resource: JsonObject, rt: ResourceTypeName): boolean {
  const core = coreUrn(rt);
  for (const key in resource) {
    if (key === 'schemas') continue;
    const value = resource[key];
    const ext = findExtension(rt, key);
    if (ext) {
      if (key !== ext.id || !isObject(value)) return false;
      let empty = true;
      for (const k in value) {
        if (hidden(findAttr(ext.attributes, k))) return false;
        empty = false;
      }
      if (empty) return false;
    } else if (hidden(findAttr(coreAttributes(rt), key))) return false;
  }
  const schemas = resource.schemas;
  return !Array.isArray(schemas) || schemas.every((urn) => urn === core || typeof urn !== 'string' || urn in resource);
}

/**
 * Whether `name` would appear in the projected resource, so the caller can skip loading it
 * (idp-quirks.md: Entra excludedAttributes=members).
 */
export function wantsAttribute(resourceType: ResourceTypeName, opts: ProjectionOptions, name: string): boolean {
  const resolved = tryResolvePath(resourceType, parseAttrPath(name));
  if (!resolved) return false; // (a malformed `name` is the caller's bug and throws invalidPath)
  const def = resolved.attr;
  if (def.returned === 'never') return false;
  if (def.returned === 'always') return true;
  const hits = (list: Selector[]) => list.filter((s) => s.schema === resolved.schema && (s.attr === undefined || s.attr === def.name));
  if (opts.attributes?.length) return hits(selectors(resourceType, opts.attributes)).length > 0;
  if (def.returned === 'request') return false;
  return !hits(selectors(resourceType, opts.excludedAttributes)).some((s) => s.sub === undefined);
}

function selectors(rt: ResourceTypeName, names: string[] | undefined): Selector[] {
  const out: Selector[] = [];
  for (const raw of names ?? []) {
    // Microsoft's tests send `attributes=emails[type eq "work"]`: treated as `emails`.
    const name = raw.replace(/\[[^\]]*\]/, '').trim();
    const ext = findExtension(rt, name);
    if (ext) {
      out.push({ schema: ext.id });
      continue;
    }
    let path: AttrPath;
    try {
      path = parseAttrPath(name);
    } catch {
      continue; // unknown or malformed names select nothing (RFC 7644 defines no error here)
    }
    const r = tryResolvePath(rt, path);
    if (r) out.push(r.sub ? { schema: r.schema, attr: r.attr.name, sub: r.sub.name } : { schema: r.schema, attr: r.attr.name });
  }
  return out;
}

/** `include` undefined: no `attributes` parameter, the default set minus `exclude`. */
function projectObject(defs: readonly AttributeDef[], schema: string, obj: JsonObject, include: Selector[] | undefined, exclude: Selector[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) projectEntry(defs, schema, key, value, include, exclude, out);
  return out;
}

/** Copies `key` into `out` as the projection keeps it (or not at all). */
function projectEntry(
  defs: readonly AttributeDef[], schema: string, key: string, value: unknown, include: Selector[] | undefined, exclude: Selector[], out: JsonObject,
): void {
  const def = findAttr(defs, key);
  if (!def) {
    if (!include) out[key] = value; // not in the schema: nothing says to hide it
    return;
  }
  if (def.returned === 'never') return;
  if (def.returned === 'always') {
    out[key] = value;
    return;
  }
  const mine = (list: Selector[]) => list.filter((s) => s.schema === schema && (s.attr === undefined || s.attr === def.name));
  if (include) {
    const sel = mine(include);
    if (sel.some((s) => s.sub === undefined)) out[key] = value;
    else if (sel.length > 0) out[key] = pickSubs(def, value, new Set(sel.map((s) => s.sub!)), true);
    // `meta` is kept with `attributes` too: clients rely on meta.version/location.
    else if (def.name === 'meta') out[key] = value;
    return;
  }
  if (def.returned === 'request') return;
  const sel = mine(exclude);
  if (sel.some((s) => s.sub === undefined)) return;
  out[key] = sel.length > 0 ? pickSubs(def, value, new Set(sel.map((s) => s.sub!)), false) : value;
}

/** Keeps (`keep` true) or drops the named sub-attributes; `returned: always` subs always stay. */
function pickSubs(def: AttributeDef, value: unknown, names: Set<string>, keep: boolean): unknown {
  const one = (el: unknown): unknown => {
    if (!isObject(el)) return el;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(el)) {
      const sub = findAttr(def.subAttributes, k);
      const named = sub !== undefined && names.has(sub.name);
      if (sub?.returned === 'always' || named === keep) out[k] = v;
    }
    return out;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}
