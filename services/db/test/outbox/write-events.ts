import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { enqueueEvents, type Actor, type Database } from '@scim/db';

export const TEST_ACTOR: Actor = { source: 'system', requestId: 'test' };

/** A user.created event as the SCIM service writes it (contract: docs/outbox.md). */
export function userCreated(id: string = randomUUID(), userName = `u-${id.slice(0, 8)}`) {
  const now = new Date().toISOString();
  return {
    type: 'user.created',
    resourceType: 'User' as const,
    resourceId: id,
    payload: {
      resource: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id,
        userName,
        active: true,
        meta: { resourceType: 'User', created: now, lastModified: now, location: `https://scim.test/scim/v2/Users/${id}`, version: 'W/"1"' },
      },
      changedFields: [],
    },
  };
}

export async function writeInTx(trx: Transaction<Database>, tags: string[]): Promise<void> {
  await enqueueEvents(trx, TEST_ACTOR, tags.map((tag) => userCreated(tag)));
}

/** Commits one transaction of events whose resource ids are `tags`. */
export async function write(db: Kysely<Database>, ...tags: string[]): Promise<void> {
  await db.transaction().execute((trx) => writeInTx(trx, tags));
}

/** A transaction held open until `commit()` is called: the late committer. */
export function openTransaction(db: Kysely<Database>) {
  let release!: () => void;
  let ready!: (trx: Transaction<Database>) => void;
  const gate = new Promise<void>((r) => (release = r));
  const trxReady = new Promise<Transaction<Database>>((r) => (ready = r));
  const done = db.transaction().execute(async (trx) => {
    ready(trx);
    await gate;
  });
  return {
    trx: trxReady,
    async commit() {
      release();
      await done;
    },
  };
}

/**
 * Waits until the visibility fence has passed every committed event of this database. The fence
 * is cluster-wide (xids are global): a transaction of another test file running in parallel
 * holds it back for a moment, exactly as any long writer on a shared server would.
 */
export async function settle(db: Kysely<Database>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ ok: boolean }>`
      SELECT coalesce(pg_snapshot_xmin(pg_current_snapshot()) > (SELECT max(txid) FROM outbox_events), true) AS ok`.execute(db);
    if (rows[0]!.ok || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
