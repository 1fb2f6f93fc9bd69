import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@scim/db';
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

export type ResourceTable = 'users' | 'groups';

export const ROW_COLUMNS = ['id', 'doc', 'source', 'connection_id', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;

export async function findLiveRow(db: Kysely<Database>, table: ResourceTable, id: string): Promise<StoredRow | undefined> {
  return (await db.selectFrom(table as 'users').select(ROW_COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()) as
    | StoredRow
    | undefined;
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
