// Where each SCIM attribute lives in Postgres (migrations/0001_core.sql). This mapping is the
// allowlist: SQL identifiers come only from here; attribute names that reach SQL as jsonb keys
// are canonical schema names and still travel as bound parameters.

import { sql, type RawBuilder } from 'kysely';
import { scimErrors } from '../errors.js';
import { URN, type AttributeDef, type ResolvedPath, type ResourceTypeName } from '../types.js';

export type ValueKind = 'text' | 'bool' | 'num' | 'ts' | 'uuid';

/** A scalar SQL expression standing for one attribute value. */
export interface Operand {
  expr: RawBuilder<unknown>;
  kind: ValueKind;
  caseExact: boolean;
  /**
   * A row timestamp (µs in PostgreSQL) that responses render to the millisecond: filters
   * compare the rendered value, so a client echoing meta.lastModified back gets `eq` right.
   */
  millis?: true;
}

/** The rows of a multi-valued attribute, for EXISTS (…) and for sort keys. */
export interface ElementSource {
  /** `FROM … WHERE <correlation>`: conditions are appended with AND. */
  from: RawBuilder<unknown>;
  operand(sub: AttributeDef): Operand;
  /** The order the elements are rendered in, primary first where there is one (sort keys, RFC 7644 §3.4.2.3). */
  order: RawBuilder<unknown>;
  /** Whether one element counts as present (for `attr pr` without sub-attribute). */
  present: RawBuilder<unknown>;
}

const unsupported = (what: string) => scimErrors.invalidFilter(`Filtering on "${what}" is not supported`);

const ENTERPRISE_COLUMNS: Record<string, string> = {
  employeeNumber: 'employee_number',
  costCenter: 'cost_center',
  organization: 'organization',
  division: 'division',
  department: 'department',
  'manager.value': 'manager_id',
};

const USER_COLUMNS: Record<string, [string, ValueKind]> = {
  userName: ['user_name', 'text'],
  externalId: ['external_id', 'text'],
  displayName: ['display_name', 'text'],
  'name.givenName': ['given_name', 'text'],
  'name.familyName': ['family_name', 'text'],
  active: ['active', 'bool'],
};

const GROUP_COLUMNS: Record<string, [string, ValueKind]> = {
  displayName: ['display_name', 'text'],
  externalId: ['external_id', 'text'],
};

function kindOf(def: AttributeDef): ValueKind {
  switch (def.type) {
    case 'boolean': return 'bool';
    case 'integer':
    case 'decimal': return 'num';
    case 'dateTime': return 'ts';
    default: return 'text';
  }
}

/** A scalar out of a jsonb value; wrong JSON types give NULL (like a type mismatch in evaluate). */
export function jsonScalar(j: RawBuilder<unknown>, def: AttributeDef): Operand {
  const kind = kindOf(def);
  const text = sql`(${j} #>> '{}')`;
  const expr =
    kind === 'bool' ? sql`(CASE WHEN jsonb_typeof(${j}) = 'boolean' THEN ${text}::boolean END)`
    : kind === 'num' ? sql`(CASE WHEN jsonb_typeof(${j}) = 'number' THEN ${text}::numeric END)`
    : kind === 'ts' ? sql`(CASE WHEN jsonb_typeof(${j}) = 'string' THEN ${text}::timestamptz END)`
    : sql`(CASE WHEN jsonb_typeof(${j}) IN ('string', 'number', 'boolean') THEN ${text} END)`;
  return { expr, kind, caseExact: def.caseExact };
}

/** RFC 7644 §3.4.2.2 `pr`: not null, not "", not [] and not {}. */
export function jsonPresent(j: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(CASE jsonb_typeof(${j}) WHEN 'null' THEN false WHEN 'string' THEN ${j} <> '""'::jsonb
    WHEN 'array' THEN jsonb_array_length(${j}) > 0 WHEN 'object' THEN ${j} <> '{}'::jsonb
    ELSE ${j} IS NOT NULL END)`;
}

/** `alias.doc #> '{…}'` for a path's attribute (and sub-attribute), extensions under their URN. */
export function docJson(rt: ResourceTypeName, alias: string, p: ResolvedPath, withSub = true): RawBuilder<unknown> {
  const core = rt === 'User' ? URN.user : URN.group;
  const keys = [...(p.schema === core ? [] : [p.schema]), p.attr.name, ...(withSub && p.sub ? [p.sub.name] : [])];
  return sql`(${sql.ref(`${alias}.doc`)} #> ${keys}::text[])`;
}

/**
 * The operand for a single-valued attribute (or a sub-attribute of a single-valued complex
 * one). meta.created/lastModified are the row timestamps; meta.location and meta.version are
 * rendered by the routes, not stored, so they cannot be filtered in SQL.
 */
export function singleOperand(rt: ResourceTypeName, alias: string, p: ResolvedPath): Operand {
  const def = p.sub ?? p.attr;
  const key = p.sub ? `${p.attr.name}.${p.sub.name}` : p.attr.name;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  if (p.schema === URN.enterpriseUser && rt === 'User' && ENTERPRISE_COLUMNS[key]) {
    return { expr: col(ENTERPRISE_COLUMNS[key]), kind: 'text', caseExact: def.caseExact };
  }
  const core = rt === 'User' ? URN.user : URN.group;
  if (p.schema === core) {
    if (key === 'id') return { expr: col('id'), kind: 'uuid', caseExact: true };
    if (key === 'meta.created') return { expr: col('created_at'), kind: 'ts', caseExact: true, millis: true };
    if (key === 'meta.lastModified') return { expr: col('updated_at'), kind: 'ts', caseExact: true, millis: true };
    if (key === 'meta.resourceType') return { expr: sql`${rt}::text`, kind: 'text', caseExact: true };
    if (p.attr.name === 'meta') throw unsupported(key);
    const mapped = (rt === 'User' ? USER_COLUMNS : GROUP_COLUMNS)[key];
    if (mapped) return { expr: col(mapped[0]), kind: mapped[1], caseExact: def.caseExact };
  }
  return jsonScalar(docJson(rt, alias, p), def);
}

/** Element rows of a multi-valued attribute: child tables where they exist, else the jsonb array. */
export function elementSource(rt: ResourceTypeName, alias: string, p: ResolvedPath): ElementSource {
  const id = sql.ref(`${alias}.id`);
  const name = p.attr.name;
  if (rt === 'User' && p.schema === URN.user && name === 'emails') {
    const cols: Record<string, [string, ValueKind]> = {
      value: ['value', 'text'], type: ['type', 'text'], display: ['display', 'text'],
    };
    return {
      from: sql`FROM user_emails e WHERE e.user_id = ${id}`,
      operand: (sub) => {
        // is_primary is NOT NULL: an email sent without `primary` is false there, but the
        // rendered email has no `primary`, which `eq false` and `pr` must not match. The row's
        // ord is the element's index in doc.emails (user-store.ts), so read the element's own.
        if (sub.name === 'primary') return jsonScalar(sql`(${docJson(rt, alias, p, false)} -> e.ord -> ${sub.name}::text)`, sub);
        const c = cols[sub.name];
        if (!c) throw unsupported(`emails.${sub.name}`);
        return { expr: sql.ref(`e.${c[0]}`), kind: c[1], caseExact: sub.caseExact };
      },
      order: sql`e.is_primary DESC, e.ord`,
      present: sql`true`,
    };
  }
  if (rt === 'User' && p.schema === URN.user && name === 'groups') {
    // Direct memberships only: this service does not compute indirect (nested) groups.
    return {
      from: sql`FROM group_members m JOIN groups gg ON gg.id = m.group_id AND gg.deleted_at IS NULL
        WHERE m.member_id = ${id}`,
      operand: (sub) => {
        if (sub.name === 'value') return { expr: sql`m.group_id::text`, kind: 'text', caseExact: sub.caseExact };
        if (sub.name === 'display') return { expr: sql`gg.display_name`, kind: 'text', caseExact: sub.caseExact };
        if (sub.name === 'type') return { expr: sql`'direct'::text`, kind: 'text', caseExact: sub.caseExact };
        throw unsupported(`groups.${sub.name}`);
      },
      // The order user-store.ts renders a user's groups in: the sort key of a multi-valued
      // attribute without primary is its first rendered value (RFC 7644 §3.4.2.3).
      order: sql`gg.display_name, m.group_id`,
      present: sql`true`,
    };
  }
  if (rt === 'Group' && p.schema === URN.group && name === 'members') {
    // display mirrors what the group representation shows: a user's displayName, else its
    // userName; a group's displayName.
    return {
      from: sql`FROM group_members m
        LEFT JOIN users mu ON m.member_type = 'User' AND mu.id = m.member_id
        LEFT JOIN groups mg ON m.member_type = 'Group' AND mg.id = m.member_id
        WHERE m.group_id = ${id}`,
      operand: (sub) => {
        if (sub.name === 'value') return { expr: sql`m.member_id::text`, kind: 'text', caseExact: sub.caseExact };
        if (sub.name === 'type') return { expr: sql`m.member_type`, kind: 'text', caseExact: sub.caseExact };
        if (sub.name === 'display') {
          return { expr: sql`coalesce(mu.display_name, mu.user_name, mg.display_name)`, kind: 'text', caseExact: sub.caseExact };
        }
        throw unsupported(`members.${sub.name}`);
      },
      // The order members are rendered in (present.ts pages them by member_id).
      order: sql`m.member_id`,
      present: sql`true`,
    };
  }
  return docElementSource(rt, alias, p);
}

/**
 * The elements a multi-valued sort key reads (RFC 7644 §3.4.2.3: the primary value, else the
 * first): the membership rows for the derived `groups` and `members`; for everything else the
 * stored document, as rendered — the user_emails rows would turn an absent `primary` into false.
 */
export function sortElementSource(rt: ResourceTypeName, alias: string, p: ResolvedPath): ElementSource {
  const membership = (rt === 'User' && p.schema === URN.user && p.attr.name === 'groups') || (rt === 'Group' && p.schema === URN.group && p.attr.name === 'members');
  return membership ? elementSource(rt, alias, p) : docElementSource(rt, alias, p);
}

/** The elements of a multi-valued attribute held in the document's jsonb array. */
function docElementSource(rt: ResourceTypeName, alias: string, p: ResolvedPath): ElementSource {
  const arr = docJson(rt, alias, p, false);
  return {
    from: sql`FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${arr}) = 'array' THEN ${arr} ELSE '[]'::jsonb END)
      WITH ORDINALITY AS x(v, n) WHERE true`,
    operand: (sub) => jsonScalar(sql`(x.v -> ${sub.name}::text)`, sub),
    order: sql`(CASE WHEN x.v -> 'primary' = 'true'::jsonb THEN 0 ELSE 1 END), x.n`,
    present: jsonPresent(sql`x.v`),
  };
}
