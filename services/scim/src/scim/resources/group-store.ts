import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@scim/db';
import type { JsonObject } from '../core/types.js';

export interface StoredGroup {
  id: string;
  doc: JsonObject;
  source: 'local' | 'scim';
  connection_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = ['id', 'doc', 'source', 'connection_id', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;

export async function findLiveGroup(db: Kysely<Database>, id: string): Promise<StoredGroup | undefined> {
  return (await db.selectFrom('groups').select(COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()) as StoredGroup | undefined;
}

/** Locks the group row: every membership change of one group is serialised on it. */
export async function lockLiveGroup(trx: Transaction<Database>, id: string): Promise<StoredGroup | undefined> {
  return (await trx.selectFrom('groups').select(COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst()) as
    | StoredGroup
    | undefined;
}

export async function insertGroup(trx: Transaction<Database>, v: { doc: JsonObject; connectionId: string }): Promise<StoredGroup> {
  return (await trx
    .insertInto('groups')
    .values({ doc: JSON.stringify(v.doc), source: 'scim', connection_id: v.connectionId })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as StoredGroup;
}

/** Bumps version and lastModified; writes the document when given; adopts when asked. */
export async function touchGroup(trx: Transaction<Database>, id: string, v: { doc?: JsonObject; connectionId?: string } = {}): Promise<StoredGroup> {
  let q = trx.updateTable('groups').set({ version: sql`version + 1` as never, updated_at: sql`now()` as never }).where('id', '=', id);
  if (v.doc) q = q.set({ doc: JSON.stringify(v.doc) });
  if (v.connectionId) q = q.set({ source: 'scim', connection_id: v.connectionId });
  return (await q.returning(COLUMNS).executeTakeFirstOrThrow()) as StoredGroup;
}

export async function softDeleteGroup(trx: Transaction<Database>, id: string): Promise<StoredGroup> {
  return (await trx
    .updateTable('groups')
    .set({ deleted_at: sql`now()` as never, version: sql`version + 1` as never, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as StoredGroup;
}
