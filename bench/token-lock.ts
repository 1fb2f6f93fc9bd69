// Issue 14: what the KEY SHARE lock on the token row costs each SCIM write. The audit/outbox
// statement of a write (services/db/src/change-log.ts recordChange, reduced to its token check
// and two inserts) in its own transaction, 16 connections, with and without `FOR KEY SHARE`,
// side by side: 6 rounds of 3 s per variant, alternating which goes first. Figures in
// BENCHMARKS.md ("Load, fuzz and faults").
// Usage: npx tsx --conditions=development bench/token-lock.ts
import pg from 'pg';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { median, runFor, scratchDatabase } from './lib.js';

const scratch = await scratchDatabase();
const { id } = await createToken(scratch.handle.db, { source: 'cli' }, { name: 'x', connection: 'okta' });
const pool = new pg.Pool({ connectionString: scratch.url, max: 16 });
const stmt = (lock: string) => `WITH ok AS (SELECT EXISTS (SELECT 1 FROM scim_tokens t WHERE t.id = $1::uuid AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) ${lock}) AS valid),
  a AS (INSERT INTO audit_events (source, token_id, action, resource_type, resource_id) SELECT 'scim', $1::uuid, 'user.created', 'User', 'x' WHERE (SELECT valid FROM ok)),
  o AS (INSERT INTO outbox_events (type, resource_type, resource_id, payload, actor) SELECT 'user.created', 'User', 'x', '{}'::jsonb, '{}'::jsonb WHERE (SELECT valid FROM ok))
  SELECT valid FROM ok`;
const task = (lock: string) => async () => {
  const c = await pool.connect();
  try { await c.query('BEGIN'); await c.query(stmt(lock), [id]); await c.query('COMMIT'); } finally { c.release(); }
};
await runFor(2, 16, task('')); await runFor(2, 16, task('FOR KEY SHARE'));
const r: { plain: number; lock: number }[] = [];
for (let i = 0; i < 6; i++) {
  const a = i % 2 ? await runFor(3, 16, task('FOR KEY SHARE')) : await runFor(3, 16, task(''));
  const b = i % 2 ? await runFor(3, 16, task('')) : await runFor(3, 16, task('FOR KEY SHARE'));
  r.push(i % 2 ? { lock: a, plain: b } : { plain: a, lock: b });
  console.log(`round ${i}: plain ${r.at(-1)!.plain.toFixed(0)} tx/s, KEY SHARE ${r.at(-1)!.lock.toFixed(0)} tx/s, ratio ${(r.at(-1)!.lock / r.at(-1)!.plain).toFixed(2)}`);
}
console.log(`median ratio ${median(r.map((x) => x.lock / x.plain)).toFixed(2)}`);
await pool.end(); await scratch.drop();
