// The floors the SCIM write paths are measured against (issue 17), straight through `pg` at
// the same concurrency as the service:
//   - the *lean* floor: the logical writes of a change and nothing else, into minimal tables
//     (schema `lean`): a user row unique on lower(userName), its email row, an audit row with
//     the new document, an outbox row with it; one transaction, one round trip, a named
//     prepared statement. What the schema and the statements cost is not in it.
//   - the *lean-tx* floor: the same writes into the same tables in the form issue 17 measured
//     its lean floor with (its ~2,000 creates/s and the service's 0.43): one transaction of plain
//     statements — BEGIN, one INSERT per row, COMMIT — each sent as an unnamed parameterised
//     query. An update: BEGIN, SELECT … FOR UPDATE, UPDATE, INSERT audit, INSERT outbox, COMMIT.
//     It keeps the lean floor's tables and payloads; only the round trips differ.
//   - the *replay* floor: the service's own create statements (resources/user-store.ts,
//     @scim/db recordChange) with the same payloads and actor, without HTTP, auth, validation
//     or rendering. It measures the HTTP service against its own SQL.
import type pg from 'pg';

export const LEAN_SCHEMA = `
  CREATE SCHEMA lean;
  CREATE TABLE lean.users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_name text NOT NULL, doc jsonb NOT NULL,
    version int NOT NULL DEFAULT 1, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
  CREATE UNIQUE INDEX ON lean.users (lower(user_name));
  CREATE TABLE lean.user_emails (user_id uuid NOT NULL, ord int NOT NULL, value text, PRIMARY KEY (user_id, ord));
  CREATE TABLE lean.audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT now(),
    action text NOT NULL, resource_id uuid NOT NULL, doc jsonb NOT NULL);
  CREATE TABLE lean.outbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    type text NOT NULL, resource_id uuid NOT NULL, payload jsonb NOT NULL);
  CREATE INDEX ON lean.outbox (txid, id);`;

const LEAN_CREATE = {
  name: 'lean-create',
  text: `WITH u AS (INSERT INTO lean.users (user_name, doc) VALUES ($1, $2::jsonb) RETURNING id),
    e AS (INSERT INTO lean.user_emails (user_id, ord, value) SELECT id, 0, $3 FROM u),
    a AS (INSERT INTO lean.audit (action, resource_id, doc) SELECT 'user.created', id, $2::jsonb FROM u),
    o AS (INSERT INTO lean.outbox (type, resource_id, payload) SELECT 'user.created', id, $2::jsonb FROM u)
    SELECT id FROM u`,
};

// An update reads the current document (a PATCH applies to it, a PUT diffs against it), then
// writes the row, the audit row and the outbox row: two round trips in one transaction.
const LEAN_LOCK = { name: 'lean-lock', text: 'SELECT doc FROM lean.users WHERE id = $1 FOR UPDATE' };
const LEAN_UPDATE = {
  name: 'lean-update',
  text: `WITH u AS (UPDATE lean.users SET doc = $2::jsonb, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id),
    a AS (INSERT INTO lean.audit (action, resource_id, doc) SELECT 'user.updated', id, $2::jsonb FROM u),
    o AS (INSERT INTO lean.outbox (type, resource_id, payload) SELECT 'user.updated', id, $2::jsonb FROM u)
    SELECT id FROM u`,
};

export async function leanCreate(pool: pg.Pool, doc: { userName: string; emails: { value: string }[] }): Promise<void> {
  const r = await pool.query({ ...LEAN_CREATE, values: [doc.userName, JSON.stringify(doc), doc.emails[0]!.value] });
  if (r.rowCount !== 1) throw new Error('lean create wrote nothing');
}

async function inTx(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export function leanUpdate(pool: pg.Pool, id: string, change: (doc: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  return inTx(pool, async (c) => {
    const { rows } = await c.query({ ...LEAN_LOCK, values: [id] });
    await c.query({ ...LEAN_UPDATE, values: [id, JSON.stringify(change(rows[0].doc))] });
  });
}

export function leanTxCreate(pool: pg.Pool, doc: { userName: string; emails: { value: string }[] }): Promise<void> {
  const json = JSON.stringify(doc);
  return inTx(pool, async (c) => {
    const { rows } = await c.query('INSERT INTO lean.users (user_name, doc) VALUES ($1, $2) RETURNING id', [doc.userName, json]);
    const id = rows[0].id as string;
    await c.query('INSERT INTO lean.user_emails (user_id, ord, value) VALUES ($1, 0, $2)', [id, doc.emails[0]!.value]);
    await c.query(`INSERT INTO lean.audit (action, resource_id, doc) VALUES ('user.created', $1, $2)`, [id, json]);
    await c.query(`INSERT INTO lean.outbox (type, resource_id, payload) VALUES ('user.created', $1, $2)`, [id, json]);
  });
}

export function leanTxUpdate(pool: pg.Pool, id: string, change: (doc: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  return inTx(pool, async (c) => {
    const { rows } = await c.query('SELECT doc FROM lean.users WHERE id = $1 FOR UPDATE', [id]);
    const json = JSON.stringify(change(rows[0].doc));
    await c.query('UPDATE lean.users SET doc = $2, version = version + 1, updated_at = now() WHERE id = $1', [id, json]);
    await c.query(`INSERT INTO lean.audit (action, resource_id, doc) VALUES ('user.updated', $1, $2)`, [id, json]);
    await c.query(`INSERT INTO lean.outbox (type, resource_id, payload) VALUES ('user.updated', $1, $2)`, [id, json]);
  });
}

/** `n` lean users to update, returning their ids. */
export async function seedLeanUsers(pool: pg.Pool, n: number, doc: (name: string) => unknown): Promise<string[]> {
  const docs = Array.from({ length: n }, (_, i) => JSON.stringify(doc(`lean-seed-${i}@example.com`)));
  const { rows } = await pool.query(
    `INSERT INTO lean.users (user_name, doc) SELECT d ->> 'userName', d FROM unnest($1::jsonb[]) AS d RETURNING id`,
    [docs],
  );
  return rows.map((r) => r.id as string);
}
