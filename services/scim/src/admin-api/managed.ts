import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@scim/db';
import { adminErrors } from './errors.js';

/**
 * docs/architecture.md invariant 6: the IdP is the source of truth for SCIM-managed rows. Every mutating
 * admin route calls this on the locked row, inside its write transaction, so the lockdown holds
 * whatever the UI shows (and a row adopted by SCIM mid-request is refused too).
 */
export async function refuseScimManaged(
  trx: Transaction<Database> | Kysely<Database>,
  kind: 'user' | 'group',
  row: { id: string; source: 'local' | 'scim'; connection_id: string | null },
): Promise<void> {
  if (row.source !== 'scim') return;
  const conn = row.connection_id
    ? await trx.selectFrom('idp_connections').select(['name', 'kind']).where('id', '=', row.connection_id).executeTakeFirst()
    : undefined;
  const by = conn ? `IdP connection "${conn.name}" (${conn.kind})` : 'an IdP connection';
  throw adminErrors.scimManaged(`${kind} ${row.id} is managed by ${by}; change it in the identity provider`);
}

/** `{ id, name, kind }` of a managing connection, for list and detail rows. */
export interface ConnectionRef {
  id: string;
  name: string;
  kind: string;
}

export async function connectionRefs(db: Kysely<Database>, ids: (string | null)[]): Promise<Map<string, ConnectionRef>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('idp_connections').select(['id', 'name', 'kind']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
