import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDb, type DbHandle } from '@scim/db';

/** What tap's `t` offers that these helpers need (kept structural to avoid importing tap types). */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

function serverUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set: run the tests through `pnpm test` (scripts/run-tests.ts)');
  return url;
}

export function databaseUrl(name: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template (graphile-worker's
 * pattern): every file starts from the real schema, isolated from the others.
 */
export async function createTestDatabase(t: Teardown, opts: { empty?: boolean; pool?: number } = {}): Promise<DbHandle & { url: string; name: string }> {
  // The creation time is in the name: a concurrent run's cleanup (scripts/run-tests.ts) leaves
  // databases of live runs alone even while nobody happens to be connected to them.
  const name = `scim_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = opts.empty ? 'template0' : process.env.TEST_PG_TEMPLATE ?? 'scim_test_template';
  await admin(async (c) => {
    // CREATE DATABASE … TEMPLATE fails while another session copies the same template; retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = databaseUrl(name);
  const handle = connectDb({ connectionString: url, max: opts.pool ?? 10, applicationName: 'scim-test' });
  t.teardown(async () => {
    await handle.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return { ...handle, url, name };
}
