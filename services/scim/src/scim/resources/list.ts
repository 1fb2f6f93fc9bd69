import { sql, type Kysely, type RawBuilder } from 'kysely';
import { TokenNoLongerValidError, queryNamed, tokenValidForRead, type Database } from '@scim/db';
import type pg from 'pg';
import { parseFilter } from '../core/filter/parse.js';
import { isEqualityLookup } from '../core/filter/shape.js';
import { resolveFilter, type UnknownAttributes } from '../core/filter/resolve.js';
import { compileGroupFilter, compileSortKey, compileUserFilter, sortNullsPlacement } from '../core/filter/sql.js';
import { parseAttrPath, resolvePath } from '../core/schema-registry.js';
import type { Filter, ResourceTypeName } from '../core/types.js';
import { decodeCursor, encodeCursor, queryHash, type CursorState } from '../http/cursor.js';
import type { ListRequest } from '../http/list-params.js';
import type { StoredGroup } from './group-store.js';
import { takeSnapshot, totalSince, type ContinuationCache, type ListSnapshot } from './list-snapshot.js';
import type { GroupRef } from './render.js';
import { storedRow } from './row-store.js';
import { userGroupsJsonSql, type StoredUser } from './user-store.js';

export interface ListResult<Row> {
  total: number;
  rows: Row[];
  startIndex: number;
  /** Cursor mode only (RFC 9865): absent on the last page. */
  nextCursor?: string;
  cursorMode: boolean;
  /** With `userGroups`: each user's groups, read by the page's own statement. */
  groups?: Map<string, GroupRef[]>;
}

const TABLE = { User: 'users', Group: 'groups' } as const;
const ALIAS = { User: 'u', Group: 'g' } as const;

/** The request's filter parsed once (RFC 7644 §3.4.2.2); none when absent or blank. */
function parsedFilter(filter: string | undefined): Filter | undefined {
  return filter === undefined || filter.trim() === '' ? undefined : parseFilter(filter);
}

/** Filter → WHERE over live rows, compiled to parameterised SQL (invariant 2). */
function whereFor(rt: ResourceTypeName, filter: Filter | undefined, unknown: UnknownAttributes = 'strict', liveOnly = true): RawBuilder<boolean> {
  const alias = ALIAS[rt];
  const live = liveOnly ? sql<boolean>`${sql.ref(`${alias}.deleted_at`)} IS NULL` : sql<boolean>`true`;
  if (!filter) return live;
  const resolved = resolveFilter(rt, filter, unknown);
  const compiled = rt === 'User' ? compileUserFilter(resolved, alias) : compileGroupFilter(resolved, alias);
  return sql<boolean>`${live} AND ${compiled}`;
}

function orderFor(rt: ResourceTypeName, req: ListRequest): { key?: RawBuilder<unknown>; dir: RawBuilder<unknown> } {
  const dir = req.sortOrder === 'descending' ? sql`DESC` : sql`ASC`;
  if (!req.sortBy) return { dir };
  return { key: compileSortKey(rt, resolvePath(rt, parseAttrPath(req.sortBy), 'invalidPath'), ALIAS[rt]), dir };
}

export async function runList<Row extends StoredUser | StoredGroup>(
  db: Kysely<Database>,
  rt: ResourceTypeName,
  req: ListRequest,
  opts: {
    maxPageSize: number; defaultPageSize: number; cursorKey: string; unknownAttributes?: UnknownAttributes;
    /** Where index paging remembers where a page ended (list-snapshot.ts); none = OFFSET only. */
    continuations?: ContinuationCache;
    /** Users: read each row's groups in the page's statement (when the response returns them). */
    userGroups?: boolean;
    /**
     * A request's token still to be checked (scim/http/auth.ts): the page's statement checks it
     * and sets `verified`, or throws TokenNoLongerValidError. Unchecked when no page is read.
     */
    tokenCheck?: { tokenId: string; check: { verified: boolean } };
    /**
     * The pool under `db`: the page's statement of a listing or an equality lookup runs on it
     * as a named prepared statement (db/src/named-query.ts, core/filter/shape.ts).
     */
    pool: Pick<pg.Pool, 'query'>;
  },
): Promise<ListResult<Row>> {
  const alias = ALIAS[rt];
  const from = sql`${sql.table(TABLE[rt])} AS ${sql.id(alias)}`;
  const filter = parsedFilter(req.filter);
  const where = whereFor(rt, filter, opts.unknownAttributes);
  const { key, dir } = orderFor(rt, req);
  const count = Math.min(req.count ?? opts.defaultPageSize, opts.maxPageSize);
  const cursorMode = req.cursor !== undefined;
  const hash = queryHash([rt, req.filter ?? '', req.sortBy ?? '', req.sortOrder]);
  const state: CursorState = cursorMode && req.cursor !== '' ? decodeCursor(opts.cursorKey, req.cursor!, hash) : {};
  // Index paging in the default order can continue where the previous page ended.
  const keysetable = !cursorMode && !key && opts.continuations !== undefined;
  const cont = keysetable && req.startIndex > 1 ? opts.continuations!.take(hash, req.startIndex) : undefined;
  const carried: ListSnapshot | undefined = cont ?? (state.total !== undefined && state.since !== undefined ? { total: state.total, since: state.since } : undefined);
  // A first page that comes back short holds every match: its length is totalResults and the
  // count is not run. That is what an IdP's lookup (`userName eq "…"`) gets: one query, not two.
  // The first page reads one row more than it returns, so a page holding exactly every match
  // (a delta of 100 at count=100) is known to be short too. A full first page is counted after
  // it; later pages run their count beside the page.
  const firstPage = carried === undefined && (cursorMode ? state.after === undefined && (state.offset ?? 0) === 0 : req.startIndex === 1);
  const totalQuery: Promise<{ total: number; snap: ListSnapshot }> | undefined = carried
    ? totalSince(db, from, alias, where, whereFor(rt, filter, opts.unknownAttributes, false), carried).then((total) => ({ total, snap: carried }))
    : firstPage ? undefined : takeSnapshot(db, from, where).then((snap) => ({ total: snap.total, snap }));

  // The stable order every page agrees on: the sort key (no value: RFC 7644 §3.4.2.3), then id as tie-break;
  // without sortBy, creation order.
  const ref = (c: string) => sql.ref(`${alias}.${c}`);
  // Cursor paging without sortBy walks the primary key (a keyset on a timestamp would need
  // microsecond-exact positions, which JS dates do not carry).
  const order = key
    ? sql`${key} ${dir} ${sortNullsPlacement(req.sortOrder)}, ${ref('id')} ${dir}`
    : cursorMode
      ? sql`${ref('id')} ${dir}`
      : sql`${ref('created_at')} ${dir}, ${ref('id')} ${dir}`;
  const cmp = req.sortOrder === 'descending' ? sql`<` : sql`>`;
  let pageWhere = where;
  let offset = req.startIndex - 1;
  if (cursorMode) {
    offset = state.offset ?? 0;
    if (state.after && !key) {
      pageWhere = sql<boolean>`${where} AND ${ref('id')} ${cmp} ${state.after}::uuid`;
      offset = 0;
    }
  } else if (cont) {
    pageWhere = sql<boolean>`${where} AND (${ref('created_at')}, ${ref('id')}) ${cmp} (${cont.afterTs}::timestamptz, ${cont.afterId}::uuid)`;
    offset = 0;
  }
  // The position of a row in the default order, µs exact (PostgreSQL's text, not a JS Date).
  const position = keysetable ? sql`, ${ref('created_at')}::text AS pos_ts` : sql``;
  // The statement's time, as takeSnapshot records it, for a first page that is its own count.
  const taken = firstPage ? sql`, now()::text AS snap_since` : sql``;
  const withGroups = rt === 'User' && opts.userGroups === true;
  const groupsCol = withGroups ? sql`, ${sql.raw(userGroupsJsonSql(`${alias}.id`))} AS groups` : sql``;
  // Cursor mode reads one more row to know whether there is a next page; a first page, to know
  // whether it holds every match. The extra row is never returned.
  const limit = count + (cursorMode || firstPage ? 1 : 0);
  type PageRow = Row & { pos_ts?: string; snap_since?: string; groups?: GroupRef[]; token_valid?: boolean };
  const pageSql = sql<PageRow>`SELECT ${ref('id')}, ${ref('doc')}, ${ref('source')}, ${ref('connection_id')}, ${ref('version')},
                        ${ref('created_at')}, ${ref('updated_at')}, ${ref('deleted_at')}${position}${taken}${groupsCol}
                   FROM ${from} WHERE ${pageWhere} ORDER BY ${order}
                  LIMIT ${limit} OFFSET ${offset}`;
  // With a token check: one row more than the page, always there (the page's columns NULL when
  // it is empty), carrying the verdict. ON true leaves PostgreSQL one plan, a nested loop over
  // that one outer row, so the page's rows come out in the page's order.
  const check = opts.tokenCheck;
  const statement = check
    ? sql<PageRow>`SELECT ok.valid AS token_valid, p.* FROM (SELECT ${tokenValidForRead(check.tokenId)} AS valid) ok
                     LEFT JOIN LATERAL (${pageSql}) p ON true`
    : pageSql;
  const rowsQuery =
    count === 0
      ? Promise.resolve({ rows: [] as PageRow[] })
      : filter === undefined || isEqualityLookup(filter)
        ? queryNamed(opts.pool, statement.compile(db))
        : statement.execute(db);
  const [counted, page] = await Promise.all([totalQuery, rowsQuery]);
  let rows = page.rows;
  if (check && count > 0) {
    if (!rows[0]?.token_valid) throw new TokenNoLongerValidError();
    check.check.verified = true;
    rows = rows.filter((r) => r.id !== null);
  }
  // (count=0 reads no rows at all: its total must be counted.)
  const short = firstPage && count > 0 && rows.length <= count ? { total: rows.length, since: rows[0]?.snap_since ?? '' } : undefined;
  if (!cursorMode && rows.length > count) rows = rows.slice(0, count);
  const snap: ListSnapshot = counted?.snap ?? short ?? (await takeSnapshot(db, from, where));
  const total = counted?.total ?? snap.total;
  const last = rows.at(-1);
  if (keysetable && last?.pos_ts !== undefined) {
    opts.continuations!.put(hash, req.startIndex + rows.length, { ...snap, afterTs: last.pos_ts, afterId: last.id });
  }
  const groups = withGroups ? new Map(rows.map((r) => [r.id, r.groups ?? []])) : undefined;
  let nextCursor: string | undefined;
  if (cursorMode && rows.length > count) {
    rows = rows.slice(0, count);
    const lastRow = rows.at(-1)!;
    const next: CursorState = { ...(key ? { offset: offset + count } : { after: lastRow.id }), total: snap.total, since: snap.since };
    nextCursor = encodeCursor(opts.cursorKey, next, hash);
  }
  // The rows as stored, without the statement's helper columns: copied rather than `delete`d,
  // which turned every row into a dictionary-mode object (~870 bytes more per row, on the page
  // IdPs repeat: BENCHMARKS.md "The delta page's garbage").
  return { total, rows: rows.map(storedRow) as Row[], startIndex: req.startIndex, nextCursor, cursorMode, groups };
}
