import { sql, type Transaction } from 'kysely';
import type { Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';
import { ROW_COLUMNS, lockLiveRow, softDeleteRow, type StoredRow } from './row-store.js';

export type StoredGroup = StoredRow;

/** Locks the group row: every membership change of one group is serialised on it. */
export const lockLiveGroup = (trx: Transaction<Database>, id: string) => lockLiveRow(trx, 'groups', id);

export async function insertGroup(trx: Transaction<Database>, v: { doc: JsonObject; connectionId: string }): Promise<StoredGroup> {
  return (await trx
    .insertInto('groups')
    .values({ doc: JSON.stringify(v.doc), source: 'scim', connection_id: v.connectionId })
    .returning(ROW_COLUMNS)
    .executeTakeFirstOrThrow()) as StoredGroup;
}

/** Bumps version and lastModified; writes the document when given; adopts when asked. */
export async function touchGroup(trx: Transaction<Database>, id: string, v: { doc?: JsonObject; connectionId?: string } = {}): Promise<StoredGroup> {
  let q = trx.updateTable('groups').set({ version: sql`version + 1` as never, updated_at: sql`now()` as never }).where('id', '=', id);
  if (v.doc) q = q.set({ doc: JSON.stringify(v.doc) });
  if (v.connectionId) q = q.set({ source: 'scim', connection_id: v.connectionId });
  return (await q.returning(ROW_COLUMNS).executeTakeFirstOrThrow()) as StoredGroup;
}

export const softDeleteGroup = (trx: Transaction<Database>, id: string) => softDeleteRow(trx, 'groups', id);
