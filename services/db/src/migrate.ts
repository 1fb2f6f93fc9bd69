import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { isDatabaseUnavailable } from './connect.js';

/** migrations/ at the repository root: the same relative place from src/ and from dist/. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

// Two replicas starting at once must migrate once: every runner takes this session-level
// advisory lock first, so the second waits and then finds nothing left to apply.
const LOCK_KEY = 7_643_7644;

export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now())`;

export interface MigrateResult {
  applied: string[];
  current: string | null;
}

/** Applies pending migrations, each in its own transaction, under the advisory lock. */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const files = await loadMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations',
      );
      const done = new Map(rows.map((r) => [r.version, r.checksum]));
      const applied: string[] = [];
      for (const m of files) {
        const sum = done.get(m.version);
        if (sum !== undefined) {
          if (sum !== m.checksum) {
            throw new Error(`migration ${m.name} was changed after it was applied; migrations are forward-only, add a new file instead`);
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            m.checksum,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
      }
      return { applied, current: files.at(-1)?.version ?? null };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** For /readyz: true when every migration file on disk has been applied. */
export async function migrationsCurrent(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<boolean> {
  const files = await loadMigrations(dir);
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM schema_migrations WHERE version = ANY($1::text[])`,
    [files.map((f) => f.version)],
  ).catch((err) => {
    // No schema_migrations yet means "pending"; a server that cannot be reached is not that.
    if (isDatabaseUnavailable(err)) throw err;
    return { rows: [{ n: '-1' }] };
  });
  return Number(rows[0]?.n) === files.length;
}
