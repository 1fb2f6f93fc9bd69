// Case-insensitive lookups over the schema definitions, used by normalize, PATCH and
// projection (attribute names and URNs are case-insensitive, RFC 7643 §2.1, §3).
import type { AttributeDef, ResourceTypeName, SchemaDef } from './types.js';
import { COMMON_ATTRIBUTES } from './schema-defs.js';
import { caseInsensitiveIndex, findAttr } from './schema-attributes.js';
import { RESOURCE_SCHEMAS, type ResourceSchemas } from './schema-registry.js';

export function schemasOf(rt: ResourceTypeName): ResourceSchemas {
  return RESOURCE_SCHEMAS[rt];
}

const coreLists = new Map<ResourceTypeName, readonly AttributeDef[]>();

/** Core attributes with the RFC 7643 §3.1 common attributes (id, externalId, meta) first. */
export function coreAttributes(rt: ResourceTypeName): readonly AttributeDef[] {
  let list = coreLists.get(rt);
  if (!list) {
    const own = RESOURCE_SCHEMAS[rt].core.attributes;
    list = [...COMMON_ATTRIBUTES.filter((c) => !findAttr(own, c.name)), ...own];
    coreLists.set(rt, list);
  }
  return list;
}

const extensionIndexes = new Map<ResourceTypeName, Map<string, SchemaDef>>();

/** The extension schema `urn` names, if any. Every resource key goes through here: attribute names (no `:`) return at once. */
export function findExtension(rt: ResourceTypeName, urn: string): SchemaDef | undefined {
  if (!urn.includes(':')) return undefined;
  let index = extensionIndexes.get(rt);
  if (!index) {
    index = caseInsensitiveIndex(RESOURCE_SCHEMAS[rt].extensions.map((s) => [s.id, s] as const));
    extensionIndexes.set(rt, index);
  }
  return index.get(urn) ?? index.get(urn.toLowerCase());
}

export function coreUrn(rt: ResourceTypeName): string {
  return RESOURCE_SCHEMAS[rt].core.id;
}
