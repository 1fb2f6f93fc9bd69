import { mkdtemp, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { connectDb, loadMigrations, migrate, migrationsCurrent, MIGRATIONS_DIR } from '@scim/db';
import { createTestDatabase } from '../../../test/helpers/db.js';

t.test('migrations apply once and rerun as a no-op', async (t) => {
  const db = await createTestDatabase(t, { empty: true });
  t.notOk(await migrationsCurrent(db.pool), 'an empty database is not current');
  const first = await migrate(db.pool);
  const files = await loadMigrations();
  t.same(first.applied, files.map((f) => f.name));
  t.ok(await migrationsCurrent(db.pool));
  const again = await migrate(db.pool);
  t.same(again.applied, [], 'second run applies nothing');
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
  t.equal(rows[0].n, files.length);
});

t.test('two concurrent runners migrate once (advisory lock)', async (t) => {
  const db = await createTestDatabase(t, { empty: true });
  const other = connectDb({ connectionString: db.url, max: 2 });
  t.teardown(() => other.close());
  const [a, b] = await Promise.all([migrate(db.pool), migrate(other.pool)]);
  const files = await loadMigrations();
  t.equal(a.applied.length + b.applied.length, files.length, 'every migration applied exactly once in total');
  t.ok(a.applied.length === 0 || b.applied.length === 0, 'one runner did all the work, the other found nothing');
  const { rows } = await db.pool.query('SELECT version FROM schema_migrations ORDER BY version');
  t.same(rows.map((r) => r.version), files.map((f) => f.version));
});

t.test('an applied migration that was edited is refused', async (t) => {
  const db = await createTestDatabase(t, { empty: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migr-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  await migrate(db.pool, dir);
  const first = (await loadMigrations(dir))[0]!;
  await writeFile(path.join(dir, `${first.name}.sql`), first.sql + '\n-- edited\n');
  await t.rejects(migrate(db.pool, dir), /changed after it was applied/);
});

t.test('a failing migration rolls back and reports its name', async (t) => {
  const db = await createTestDatabase(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migr-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  await writeFile(path.join(dir, '9999_broken.sql'), 'CREATE TABLE half_done (id int); SELECT no_such_function();');
  await t.rejects(migrate(db.pool, dir), /9999_broken failed/);
  const { rows } = await db.pool.query(`SELECT to_regclass('half_done') AS t`);
  t.equal(rows[0].t, null, 'nothing of the failed file remains');
});

t.test('the schema guards its invariants', async (t) => {
  const db = await createTestDatabase(t);
  const p = db.pool;
  await p.query(`INSERT INTO users (doc, source) VALUES ('{"userName":"Alice@Example.com"}', 'local')`);
  await t.rejects(
    p.query(`INSERT INTO users (doc, source) VALUES ('{"userName":"alice@example.COM"}', 'local')`),
    { code: '23505' },
    'userName is unique case-insensitively among live users',
  );
  await p.query(`UPDATE users SET deleted_at = now()`);
  await p.query(`INSERT INTO users (doc, source) VALUES ('{"userName":"alice@example.COM"}', 'local')`);
  t.pass('a soft-deleted userName can be taken again');
  await t.rejects(p.query(`INSERT INTO users (doc, source) VALUES ('{"userName":"b"}', 'scim')`), { code: '23514' }, 'a SCIM row names its connection');
  await p.query(`INSERT INTO audit_events (source, action) VALUES ('system', 'test')`);
  await t.rejects(p.query(`UPDATE audit_events SET action = 'x'`), /append-only/);
  await t.rejects(p.query(`DELETE FROM audit_events`), /append-only/);
  await t.rejects(p.query(`TRUNCATE audit_events`), /append-only/);
  const { rows } = await p.query(`SELECT user_name, active FROM users WHERE deleted_at IS NULL`);
  t.same(rows, [{ user_name: 'alice@example.COM', active: true }], 'generated columns follow the document');
});
