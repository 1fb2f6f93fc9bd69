// Races made deterministic: a test holds a row lock in its own transaction, starts a request,
// waits until that request's statement is queued behind the lock, then lets go.
import pg from 'pg';

/** Polls `cond` until it holds; a bound only so a broken run ends (not a timing assertion). */
export async function waitFor(cond: () => Promise<boolean>, boundMs = 20_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until some backend of this database other than `holder` waits on a lock. */
export async function waitUntilBlocked(pool: pg.Pool, holder: Pick<pg.ClientBase, 'query'>): Promise<void> {
  const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  await waitFor(async () => (await pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
    [pid])).rows[0].n > 0);
}

/** A second connection with an open transaction, ended by the test's teardown. */
export async function lockHolder(t: { teardown(fn: () => unknown): void }, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  await client.query('BEGIN');
  return client;
}

/** PostgreSQL's own count of deadlocks detected in this database. */
export async function deadlockCount(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    return Number((await client.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0].deadlocks);
  } finally {
    client.release();
  }
}
