// Resolves a parsed PATCH path against the schema (attribute names case-insensitive,
// RFC 7643 §2.1). Unknown attributes ⇒ invalidPath (RFC 7644 §3.5.2).
import { scimErrors, ScimError } from '../errors.js';
import { resolveFilter, type ResolvedFilter } from '../filter/resolve.js';
import type { AttrPath, AttributeDef, Filter, ResourceTypeName } from '../types.js';
import { findExtension } from '../schema-lookup.js';
import { resolvePath } from '../schema-registry.js';
import type { PatchPath } from './parse.js';

export type ValuePathFilter = Extract<ResolvedFilter, { kind: 'valuePath' }>;

export interface AttrTarget {
  kind: 'attr';
  text: string;
  schema: string;
  attr: AttributeDef;
  sub?: AttributeDef;
  /** The resolved valuePath `attr[filter]` (filter/resolve.ts form). */
  filter?: ValuePathFilter;
}

/** The path is an extension schema URN itself: its value is an object of that schema's attributes. */
export interface ExtensionTarget {
  kind: 'extension';
  text: string;
  schema: string;
}

export type Target = AttrTarget | ExtensionTarget;

export function resolveTarget(rt: ResourceTypeName, path: PatchPath): Target {
  if (path.urn && !path.filter && !path.sub) {
    const ext = findExtension(rt, `${path.urn}:${path.attr}`);
    if (ext) return { kind: 'extension', text: path.text, schema: ext.id };
  }
  const attrPath: AttrPath = { attr: path.attr };
  if (path.urn) attrPath.urn = path.urn;
  if (path.sub) attrPath.sub = path.sub;
  const resolved = resolvePath(rt, attrPath, 'invalidPath');
  const attr = resolved.attr;
  const target: AttrTarget = { kind: 'attr', text: path.text, schema: resolved.schema, attr };
  if (resolved.sub) target.sub = resolved.sub;
  if (path.filter) {
    if (!attr.multiValued) throw scimErrors.invalidPath(`'${attr.name}' is not multi-valued; a value filter is not allowed`);
    target.filter = resolveValueFilter(rt, resolved.schema, attr, path.filter, path.text);
  }
  return target;
}

/**
 * The filter of `attr[…]` resolved as the valuePath `attr[…]` (paths inside carry `attr` and
 * their own name as `sub`), the form filter/evaluate.ts and the SQL compiler take.
 */
function resolveValueFilter(rt: ResourceTypeName, schema: string, attr: AttributeDef, f: Filter, text: string): ValuePathFilter {
  try {
    const resolved = resolveFilter(rt, { kind: 'valuePath', path: { urn: schema, attr: attr.name }, filter: f });
    return resolved as ValuePathFilter;
  } catch (err) {
    if (err instanceof ScimError) throw scimErrors.invalidPath(`Invalid value filter in path '${text}': ${err.detail}`);
    throw err;
  }
}
