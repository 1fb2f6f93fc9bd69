import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type pg from 'pg';
import { queryNamed, tokenValidForRead, type Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';

/**
 * What users and groups share in storage: a SCIM document plus ownership, version and
 * lifecycle columns (migrations/0001_core.sql). The per-type stores add what differs.
 */
export interface StoredRow {
  id: string;
  doc: JsonObject;
  source: 'local' | 'scim';
  connection_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** A row's stored columns (ROW_COLUMNS) only, from a statement that selected more. */
export function storedRow(r: StoredRow): StoredRow {
  return { id: r.id, doc: r.doc, source: r.source, connection_id: r.connection_id, version: r.version, created_at: r.created_at, updated_at: r.updated_at, deleted_at: r.deleted_at };
}

export type ResourceTable = 'users' | 'groups';

export const ROW_COLUMNS = ['id', 'doc', 'source', 'connection_id', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;

/**
 * A GET by id in one statement: the live row (if any), `extra` columns over its alias `r`, and
 * with `tokenId` whether that token is still valid — the verdict is there even when the row is
 * not (scim/http/auth.ts: a read on a seen token carries its check in its own statement).
 */
export async function readLiveRow<Extra extends object = object>(
  db: Kysely<Database>, table: ResourceTable, id: string,
  /** `pool`: the pool under `db`, where the read runs as a named prepared statement (db/src/named-query.ts). */
  opts: { pool: Pick<pg.Pool, 'query'>; tokenId?: string; extra?: RawBuilder<unknown> },
): Promise<{ row?: StoredRow & Extra; tokenValid: boolean }> {
  const valid = opts.tokenId ? tokenValidForRead(opts.tokenId) : sql<boolean>`true`;
  const extra = opts.extra ? sql`, ${opts.extra}` : sql``;
  const statement = sql<StoredRow & Extra & { token_valid: boolean }>`
    SELECT ok.valid AS token_valid, ${sql.join(ROW_COLUMNS.map((c) => sql.ref(`r.${c}`)))}${extra}
      FROM (SELECT ${valid} AS valid) ok
      LEFT JOIN ${sql.table(table)} r ON ok.valid AND r.id = ${id}::uuid AND r.deleted_at IS NULL`;
  const { rows } = await queryNamed(opts.pool, statement.compile(db));
  const { token_valid: tokenValid, ...row } = rows[0]!;
  return row.id === null ? { tokenValid } : { row: row as StoredRow & Extra, tokenValid };
}

/** Locks the live row: writes of one resource (and membership changes of one group) serialise on it. */
export async function lockLiveRow(trx: Transaction<Database>, table: ResourceTable, id: string): Promise<StoredRow | undefined> {
  return (await trx.selectFrom(table as 'users').select(ROW_COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst()) as
    | StoredRow
    | undefined;
}

/** Soft delete: the row stays for attribution; version and lastModified move on. */
export async function softDeleteRow(trx: Transaction<Database>, table: ResourceTable, id: string): Promise<StoredRow> {
  return (await trx
    .updateTable(table as 'users')
    .set({ deleted_at: sql`now()` as never, version: sql`version + 1` as never, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .returning(ROW_COLUMNS)
    .executeTakeFirstOrThrow()) as StoredRow;
}
