// Types shared by the pure SCIM protocol core (schema registry, filter, PATCH, projection).
// Plain JSON in, plain JSON out: nothing here knows about HTTP or the database.

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export type ResourceTypeName = 'User' | 'Group';

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute of a schema, as RFC 7643 §7 describes it. Names keep their canonical case. */
export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description?: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
  /** Longest accepted string, in characters (not an RFC 7643 characteristic; core/limits.ts). */
  maxLength?: number;
}

export interface SchemaDef {
  id: string; // URN
  name: string;
  description: string;
  attributes: AttributeDef[];
}

/**
 * An attribute path resolved against the schema registry: `schema` is the URN the attribute
 * belongs to (core or extension), `attr` the top-level attribute, `sub` an optional
 * sub-attribute. Names are canonical (as in the schema), whatever case the client used.
 */
export interface ResolvedPath {
  schema: string;
  attr: AttributeDef;
  sub?: AttributeDef;
}

/** Filter AST (RFC 7644 §3.4.2.2). Paths are resolved and canonical after `resolveFilter`. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

/** A raw attribute path as written by the client: optional URN, attribute, optional sub-attribute. */
export interface AttrPath {
  urn?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  /** attr[filter] — the inner filter's paths are relative to `path` (sub-attributes). */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

export type JsonObject = { [key: string]: unknown };
