// Case-insensitive lookups over the schema definitions, used by normalize, PATCH and
// projection (attribute names and URNs are case-insensitive, RFC 7643 §2.1, §3).
import type { AttributeDef, ResourceTypeName, SchemaDef } from './types.js';
import { COMMON_ATTRIBUTES } from './schema-defs.js';
import { RESOURCE_SCHEMAS, type ResourceSchemas } from './schema-registry.js';

export function schemasOf(rt: ResourceTypeName): ResourceSchemas {
  return RESOURCE_SCHEMAS[rt];
}

/** Core attributes with the RFC 7643 §3.1 common attributes (id, externalId, meta) first. */
export function coreAttributes(rt: ResourceTypeName): AttributeDef[] {
  const own = RESOURCE_SCHEMAS[rt].core.attributes;
  return [...COMMON_ATTRIBUTES.filter((c) => !findAttr(own, c.name)), ...own];
}

export function findAttr(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
}

export function findExtension(rt: ResourceTypeName, urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  return RESOURCE_SCHEMAS[rt].extensions.find((s) => s.id.toLowerCase() === lower);
}

export function coreUrn(rt: ResourceTypeName): string {
  return RESOURCE_SCHEMAS[rt].core.id;
}
