// Compile a resolved filter into a Kysely SQL fragment. Every client value is a bound
// parameter; identifiers come only from sql-sources.ts. Semantics follow evaluate.ts (the test
// oracle): the operand of `not` is coalesced to false so `not (…)` includes rows where the attribute is
// absent; a multi-valued attribute is an EXISTS over its element rows, and a valuePath puts its
// whole inner filter inside ONE EXISTS so all conditions hold for the same element.

import { sql, type RawBuilder } from 'kysely';
import { scimErrors } from '../errors.js';
import type { CompareOp, ResolvedPath, ResourceTypeName } from '../types.js';
import type { ResolvedFilter } from './resolve.js';
import { docJson, elementSource, jsonPresent, singleOperand, sortElementSource, type ElementSource, type Operand } from './sql-sources.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ORDER_SQL: Partial<Record<CompareOp, RawBuilder<unknown>>> = {
  gt: sql`>`, ge: sql`>=`, lt: sql`<`, le: sql`<=`,
};

/** Escape LIKE wildcards so `co "50%"` means the characters, not a pattern (ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function likePattern(op: CompareOp, value: string): string {
  const v = escapeLike(value);
  return op === 'co' ? `%${v}%` : op === 'sw' ? `${v}%` : `%${v}`;
}

function compareText(o: Operand, op: CompareOp, value: string): RawBuilder<unknown> {
  const ci = !o.caseExact;
  const left = ci ? sql`lower(${o.expr})` : o.expr;
  const param = op === 'co' || op === 'sw' || op === 'ew' ? likePattern(op, value) : value;
  const right = ci ? sql`lower(${param})` : sql`${param}::text`;
  switch (op) {
    case 'eq': return sql`${left} = ${right}`;
    case 'ne': return sql`${left} IS DISTINCT FROM ${right}`;
    case 'co':
    case 'sw':
    case 'ew': return sql`${left} LIKE ${right} ESCAPE '\\'`;
    // RFC 7644 §3.4.2.2: strings order lexicographically, i.e. by code point, not by locale.
    default: return sql`${left} COLLATE "C" ${ORDER_SQL[op]!} ${right} COLLATE "C"`;
  }
}

function compareOperand(o: Operand, op: CompareOp, value: string | number | boolean): RawBuilder<unknown> {
  if (o.kind === 'uuid') {
    // `id` is a uuid column; a non-uuid value can equal no row, and must not raise a cast error.
    const text = String(value);
    if (op === 'eq' || op === 'ne') {
      const eq = UUID.test(text) ? sql`(${o.expr} = ${text}::uuid)` : sql`false`;
      return op === 'eq' ? eq : sql`NOT ${eq}`;
    }
    return compareText({ expr: sql`${o.expr}::text`, kind: 'text', caseExact: true }, op, text);
  }
  if (o.kind === 'text') return compareText(o, op, String(value));
  if (o.millis) return compareMillis(o.expr, op, String(value));
  const cast = o.kind === 'bool' ? sql`::boolean` : o.kind === 'num' ? sql`::numeric` : sql`::timestamptz`;
  const right = sql`${value}${cast}`;
  if (op === 'eq') return sql`${o.expr} = ${right}`;
  if (op === 'ne') return sql`${o.expr} IS DISTINCT FROM ${right}`;
  const cmp = ORDER_SQL[op];
  // resolve.ts rejects co/sw/ew on these types; this is a guard for direct callers.
  if (!cmp) throw scimErrors.invalidFilter(`Operator "${op}" is not supported here`);
  return sql`${o.expr} ${cmp} ${right}`;
}

/**
 * `rendered op value` for a µs row timestamp rendered to the millisecond, as index-friendly
 * ranges on the column: rendered = floor_ms(col), so e.g. `eq T` is T <= col < T + 1 ms. The
 * value is read to the millisecond, as evaluate.ts (Date.parse) reads it.
 */
function compareMillis(expr: RawBuilder<unknown>, op: CompareOp, value: string): RawBuilder<unknown> {
  const ms = Date.parse(value);
  const at = sql`${new Date(ms).toISOString()}::timestamptz`;
  const next = sql`${new Date(ms + 1).toISOString()}::timestamptz`;
  switch (op) {
    case 'eq': return sql`(${expr} >= ${at} AND ${expr} < ${next})`;
    case 'ne': return sql`NOT (${expr} >= ${at} AND ${expr} < ${next})`;
    case 'gt': return sql`${expr} >= ${next}`;
    case 'ge': return sql`${expr} >= ${at}`;
    case 'lt': return sql`${expr} < ${at}`;
    case 'le': return sql`${expr} < ${next}`;
    default: throw scimErrors.invalidFilter(`Operator "${op}" is not supported here`);
  }
}

function presentOperand(o: Operand): RawBuilder<unknown> {
  return o.kind === 'text' ? sql`(${o.expr} IS NOT NULL AND ${o.expr} <> '')` : sql`${o.expr} IS NOT NULL`;
}

type Leaf = Extract<ResolvedFilter, { kind: 'compare' | 'present' }>;

function leafOn(o: Operand, f: Leaf): RawBuilder<unknown> {
  const cond = f.kind === 'present' ? presentOperand(o) : compareOperand(o, f.op, f.value);
  // No coalesce here: a bare `lower(user_name) = lower($1)` is what the functional index
  // matches (a coalesce around it forces a sequential scan). A NULL leaf counts as false in
  // WHERE, AND and OR; only `not` needs it pinned to false, and does so itself.
  return cond;
}

interface Ctx {
  rt: ResourceTypeName;
  alias: string;
  /** Inside a valuePath over a multi-valued attribute: its element rows. */
  scope?: { path: ResolvedPath; source: ElementSource };
}

function exists(src: ElementSource, cond: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`EXISTS (SELECT 1 ${src.from} AND ${cond})`;
}

function compileLeaf(f: Leaf, ctx: Ctx): RawBuilder<unknown> {
  const p = f.path;
  if (ctx.scope && p.sub && p.attr === ctx.scope.path.attr && p.schema === ctx.scope.path.schema) {
    return leafOn(ctx.scope.source.operand(p.sub), f);
  }
  if (p.attr.multiValued) {
    const src = elementSource(ctx.rt, ctx.alias, p);
    if (!p.sub) return exists(src, src.present); // only `pr` reaches here (resolve adds .value)
    return exists(src, leafOn(src.operand(p.sub), f));
  }
  if (p.attr.type === 'complex' && !p.sub) {
    // `name pr`, `urn:…:manager pr`; meta is always there (rendered from the row).
    if (p.attr.name === 'meta') return sql`true`;
    return sql`coalesce(${jsonPresent(docJson(ctx.rt, ctx.alias, p))}, false)`;
  }
  if (f.kind === 'present' && p.attr.name === 'id' && !p.sub) return sql`true`;
  return leafOn(singleOperand(ctx.rt, ctx.alias, p), f);
}

function compileNode(f: ResolvedFilter, ctx: Ctx): RawBuilder<unknown> {
  switch (f.kind) {
    case 'and': return sql`(${compileNode(f.left, ctx)} AND ${compileNode(f.right, ctx)})`;
    case 'or': return sql`(${compileNode(f.left, ctx)} OR ${compileNode(f.right, ctx)})`;
    case 'not': return sql`(NOT coalesce(${compileNode(f.filter, ctx)}, false))`;
    case 'const': return f.value ? sql`true` : sql`false`;
    case 'compare':
    case 'present': return compileLeaf(f, ctx);
    case 'valuePath': {
      if (f.path.attr.multiValued) {
        const source = elementSource(ctx.rt, ctx.alias, f.path);
        return exists(source, compileNode(f.filter, { ...ctx, scope: { path: f.path, source } }));
      }
      // A single-valued complex attribute: its one "element" must exist, then the inner
      // filter applies to its sub-attributes directly.
      const inner = compileNode(f.filter, ctx);
      if (f.path.attr.name === 'meta') return inner;
      return sql`(jsonb_typeof(${docJson(ctx.rt, ctx.alias, f.path, false)}) = 'object' AND ${inner})`;
    }
  }
}

/** WHERE fragment for `users <alias>`. Throws invalidFilter for attributes not stored (meta.location/version, $ref). */
export function compileUserFilter(f: ResolvedFilter, alias = 'u'): RawBuilder<boolean> {
  return compileNode(f, { rt: 'User', alias }) as RawBuilder<boolean>;
}

/** WHERE fragment for `groups <alias>`. */
export function compileGroupFilter(f: ResolvedFilter, alias = 'g'): RawBuilder<boolean> {
  return compileNode(f, { rt: 'Group', alias }) as RawBuilder<boolean>;
}

/**
 * ORDER BY key for sortBy (RFC 7644 §3.4.2.3): caseExact=false strings sort by lower(); a
 * multi-valued attribute sorts by its primary value, else its first. The caller appends the
 * direction and a tie-break on id. Unknown-to-SQL attributes ⇒ invalidValue.
 */
export function compileSortKey(resourceType: ResourceTypeName, path: ResolvedPath, alias: string): RawBuilder<unknown> {
  let p = path;
  if (!p.sub && p.attr.type === 'complex') {
    const value = p.attr.subAttributes?.find((s) => s.name === 'value');
    if (!value) throw scimErrors.invalidValue(`Cannot sort by complex attribute "${p.attr.name}"`);
    p = { ...p, sub: value };
  }
  try {
    if (p.attr.multiValued) {
      const src = sortElementSource(resourceType, alias, p);
      const o = src.operand(p.sub!);
      const key = o.kind === 'text' && !o.caseExact ? sql`lower(${o.expr})` : o.expr;
      return sql`(SELECT ${key} ${src.from} ORDER BY ${src.order} LIMIT 1)`;
    }
    const o = singleOperand(resourceType, alias, p);
    return o.kind === 'text' && !o.caseExact ? sql`lower(${o.expr})` : o.expr;
  } catch {
    throw scimErrors.invalidValue(`Cannot sort by "${p.attr.name}${p.sub ? `.${p.sub.name}` : ''}"`);
  }
}

/**
 * RFC 7644 §3.4.2.3: resources without a value for sortBy come last ascending and first
 * descending. Also what a backward scan of a btree index yields, so a descending sort by an
 * indexed column still reads the index (DESC NULLS LAST forced a full sort: 230 ms against
 * 0.4 ms for a 100-row page sorted by lower(userName) over 100,000 rows, EXPLAIN ANALYZE on
 * the development machine).
 */
export function sortNullsPlacement(order: 'ascending' | 'descending'): RawBuilder<unknown> {
  return order === 'descending' ? sql`NULLS FIRST` : sql`NULLS LAST`;
}

/**
 * `SELECT m.member_id …` of the members of group `<alias>` matching a `members[…]` filter: the
 * inner filter compiled against one member row, for set-based PATCH removal.
 */
export function compileMemberSelection(f: Extract<ResolvedFilter, { kind: 'valuePath' }>, alias = 'g'): RawBuilder<unknown> {
  const source = elementSource('Group', alias, f.path);
  const cond = compileNode(f.filter, { rt: 'Group', alias, scope: { path: f.path, source } });
  return sql`SELECT m.member_id ${source.from} AND ${cond}`;
}
