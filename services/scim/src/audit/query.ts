import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditSource, Database } from '@scim/db';
import { decodeCursor, encodeCursor, exactTimestamp } from '../util/keyset-paging.js';

/**
 * The audit log query: every filter an auditor asks for, compiled to one indexed SQL query
 * ("every change this IdP token made last quarter" = tokenId + from + to). Paged by keyset on
 * (occurred_at, id), newest first; exports walk the same keyset oldest first in batches, so
 * neither side ever holds the whole result in memory.
 */
export interface AuditFilter {
  source?: AuditSource;
  connectionId?: string;
  tokenId?: string;
  adminId?: string;
  resourceType?: string;
  resourceId?: string;
  /** Exact action, or a prefix ending in `*` (`user.*`). */
  action?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

export interface AuditItem {
  id: string;
  occurredAt: string;
  source: AuditSource;
  connectionId: string | null;
  tokenId: string | null;
  adminId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  diff: unknown;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

type Order = 'asc' | 'desc';

function baseQuery(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_events').selectAll().select(exactTimestamp('occurred_at').as('cursor_ts'));
  if (f.source) q = q.where('source', '=', f.source);
  if (f.connectionId) q = q.where('connection_id', '=', f.connectionId);
  if (f.tokenId) q = q.where('token_id', '=', f.tokenId);
  if (f.adminId) q = q.where('admin_id', '=', f.adminId);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.action) {
    q = f.action.endsWith('*')
      ? q.where('action', 'like', `${f.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      : q.where('action', '=', f.action);
  }
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  return q;
}

type AuditSelect = ReturnType<typeof baseQuery> extends SelectQueryBuilder<Database, 'audit_events', infer O> ? O : never;

function after(q: ReturnType<typeof baseQuery>, cursor: [string, string] | undefined, order: Order) {
  if (!cursor) return q;
  const [ts, id] = cursor;
  return order === 'desc'
    ? q.where(sql<boolean>`(occurred_at, id) < (${ts}::timestamptz, ${id}::bigint)`)
    : q.where(sql<boolean>`(occurred_at, id) > (${ts}::timestamptz, ${id}::bigint)`);
}

function toItem(r: AuditSelect): AuditItem {
  return {
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    source: r.source,
    connectionId: r.connection_id,
    tokenId: r.token_id,
    adminId: r.admin_id,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    diff: r.diff,
    requestId: r.request_id,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

async function fetchPage(db: Kysely<Database>, f: AuditFilter, order: Order, limit: number, cursor?: [string, string]) {
  const rows = await after(baseQuery(db, f), cursor, order).orderBy('occurred_at', order).orderBy('id', order).limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), next: rows.length > limit && last ? ([last.cursor_ts, String(last.id)] as [string, string]) : undefined };
}

export async function queryAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: AuditItem[]; nextCursor: string | null }> {
  const cursor = page.cursor ? decodeCursor(page.cursor, /^\d{1,19}$/) : undefined;
  const { items, next } = await fetchPage(db, filter, 'desc', page.limit, cursor);
  return { items, nextCursor: next ? encodeCursor(next) : null };
}

/** Every matching row, oldest first, fetched `batch` rows at a time. */
export async function* streamAudit(db: Kysely<Database>, filter: AuditFilter, batch = 1000): AsyncGenerator<AuditItem> {
  let cursor: [string, string] | undefined;
  do {
    const { items, next } = await fetchPage(db, filter, 'asc', batch, cursor);
    yield* items;
    cursor = next;
  } while (cursor);
}

export const CSV_COLUMNS = ['id', 'occurredAt', 'source', 'connectionId', 'tokenId', 'adminId', 'action', 'resourceType', 'resourceId', 'requestId', 'ip', 'userAgent', 'diff'] as const;

/**
 * RFC 4180 quoting; cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a
 * leading apostrophe (OWASP CSV injection), since user agents and names are client-controlled.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(item: AuditItem): string {
  return CSV_COLUMNS.map((c) => csvCell(item[c])).join(',') + '\r\n';
}
