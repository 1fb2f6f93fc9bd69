// Case-insensitive lookups over the schema definitions, used by normalize, PATCH and
// projection (attribute names and URNs are case-insensitive, RFC 7643 §2.1, §3).
import type { AttributeDef, ResourceTypeName, SchemaDef } from './types.js';
import { COMMON_ATTRIBUTES } from './schema-defs.js';
import { findAttr } from './schema-attributes.js';
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

export function findExtension(rt: ResourceTypeName, urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  return RESOURCE_SCHEMAS[rt].extensions.find((s) => s.id.toLowerCase() === lower);
}

export function coreUrn(rt: ResourceTypeName): string {
  return RESOURCE_SCHEMAS[rt].core.id;
}
