// Which schemas make up each resource type, and resolution of client-written attribute paths
// against them. Attribute names and schema URNs are case-insensitive (RFC 7643 §2.1, §3).

import { scimErrors, type ScimError } from './errors.js';
import { findAttr } from './schema-attributes.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './schema-defs.js';
import type { AttrPath, AttributeDef, ResolvedPath, ResourceTypeName, SchemaDef } from './types.js';

export interface ResourceSchemas {
  core: SchemaDef;
  extensions: SchemaDef[];
}

export const RESOURCE_SCHEMAS: Record<ResourceTypeName, ResourceSchemas> = {
  User: { core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { core: GROUP_SCHEMA, extensions: [] },
};

/** Which error a failed resolution raises: filters say invalidFilter, PATCH paths invalidPath. */
export type PathErrorKind = 'invalidFilter' | 'invalidPath';

const NAME = /^[A-Za-z$][\w$-]*$/;

function fail(kind: PathErrorKind, detail: string): ScimError {
  return scimErrors[kind](detail);
}

/**
 * Parse `attr`, `attr.sub`, `urn:…:attr` or `urn:…:attr.sub` (RFC 7644 §3.10, the attrPath of
 * §3.4.2.2). The URN is everything before the last ':'; URNs contain dots ("2.0"), so the
 * sub-attribute dot is looked for only after that colon.
 */
export function parseAttrPath(text: string, kind: PathErrorKind = 'invalidPath'): AttrPath {
  const colon = text.lastIndexOf(':');
  const urn = colon >= 0 ? text.slice(0, colon) : undefined;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  if (urn !== undefined && !/^urn:/i.test(urn)) throw fail(kind, `"${text}" is not a valid attribute path`);
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p))) {
    throw fail(kind, `"${text}" is not a valid attribute path`);
  }
  const path: AttrPath = { attr: parts[0] };
  if (urn !== undefined) path.urn = urn;
  if (parts.length === 2) path.sub = parts[1];
  return path;
}

/** All schema URNs of a resource type, core first. */
export function schemaUrns(resourceType: ResourceTypeName): string[] {
  const s = RESOURCE_SCHEMAS[resourceType];
  return [s.core.id, ...s.extensions.map((e) => e.id)];
}

/** The schema with this URN (case-insensitive) if it belongs to the resource type. */
export function findSchema(resourceType: ResourceTypeName, urn: string): SchemaDef | undefined {
  const s = RESOURCE_SCHEMAS[resourceType];
  const lower = urn.toLowerCase();
  return [s.core, ...s.extensions].find((d) => d.id.toLowerCase() === lower);
}

/** Resolve or return undefined; `resolvePath` is the throwing form. */
export function tryResolvePath(resourceType: ResourceTypeName, path: AttrPath): ResolvedPath | undefined {
  const s = RESOURCE_SCHEMAS[resourceType];
  let schema: SchemaDef | undefined;
  let def: AttributeDef | undefined;
  if (path.urn !== undefined) {
    schema = findSchema(resourceType, path.urn);
    if (!schema) return undefined;
    // Common attributes belong to no schema but are addressed through the core URN.
    def = findAttr(schema.attributes, path.attr) ?? (schema === s.core ? findAttr(COMMON_ATTRIBUTES, path.attr) : undefined);
  } else {
    schema = s.core;
    def = findAttr(COMMON_ATTRIBUTES, path.attr) ?? findAttr(s.core.attributes, path.attr);
    // Unqualified extension attributes are accepted when unambiguous (RFC 7644 §3.10 lets
    // clients omit the URN; core names win, and no enterprise name collides with a core one).
    for (const ext of s.extensions) {
      if (def) break;
      def = findAttr(ext.attributes, path.attr);
      if (def) schema = ext;
    }
  }
  if (!def) return undefined;
  if (path.sub === undefined) return { schema: schema.id, attr: def };
  const sub = def.subAttributes ? findAttr(def.subAttributes, path.sub) : undefined;
  return sub ? { schema: schema.id, attr: def, sub } : undefined;
}

export function formatAttrPath(path: AttrPath): string {
  return `${path.urn ? `${path.urn}:` : ''}${path.attr}${path.sub ? `.${path.sub}` : ''}`;
}

/** Canonical text of a resolved path: `name.givenName`, `urn:…:enterprise:2.0:User:department`. */
export function formatResolvedPath(resourceType: ResourceTypeName, p: ResolvedPath): string {
  const core = RESOURCE_SCHEMAS[resourceType].core.id;
  return `${p.schema === core ? '' : `${p.schema}:`}${p.attr.name}${p.sub ? `.${p.sub.name}` : ''}`;
}

export function resolvePath(resourceType: ResourceTypeName, path: AttrPath, kind: PathErrorKind = 'invalidPath'): ResolvedPath {
  const resolved = tryResolvePath(resourceType, path);
  if (!resolved) throw fail(kind, `Unknown attribute "${formatAttrPath(path)}" for resource type ${resourceType}`);
  return resolved;
}
