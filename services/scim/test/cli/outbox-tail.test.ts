import { spawn } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { consumerPosition } from '@scim/db';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { settle, write } from '../../../db/test/outbox/write-events.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Runs `pnpm scim …` the way an operator would (same entry, tsx, development conditions). */
function scim(args: string[], env: Record<string, string>) {
  const child = spawn(TSX, ['--conditions=development', 'services/scim/src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters) if (stdout.includes(w.text)) w.resolve();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  /** Resolves once stdout contains `text`. */
  const waitFor = (text: string) => new Promise<void>((resolve) => (stdout.includes(text) ? resolve() : waiters.push({ text, resolve })));
  return { child, done, waitFor };
}

const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

t.test('outbox tail prints NDJSON, acks, and a second run prints nothing new', async (t) => {
  const db = await createTestDatabase(t);
  const env = { DATABASE_URL: db.url };
  await write(db.db, 'u1', 'u2');
  await write(db.db, 'u3');
  await settle(db.db);

  const first = await scim(['outbox', 'tail', '--consumer', 'x'], env).done;
  t.equal(first.code, 0, first.stderr);
  const events = lines(first.stdout);
  t.same(events.map((e) => e.resourceId), ['u1', 'u2', 'u3']);
  t.match(events[0], { id: String, position: /^\d+:\d+$/, type: 'user.created', schemaVersion: 1, resourceType: 'User', actor: { source: 'system' }, requestId: 'test', data: { resource: { id: 'u1' }, changedFields: [] } });
  t.equal(await consumerPosition(db.db, 'x'), events[2]!.position, 'acked up to the last printed event');

  const second = await scim(['outbox', 'tail', '--consumer', 'x'], env).done;
  t.equal(second.code, 0);
  t.equal(second.stdout, '', 'nothing new');

  await write(db.db, 'u4', 'u5');
  await settle(db.db);
  const limited = await scim(['outbox', 'tail', '--consumer', 'x', '--limit', '1'], env).done;
  t.same(lines(limited.stdout).map((e) => e.resourceId), ['u4'], '--limit prints and acks only N');
  const other = await scim(['outbox', 'tail', '--consumer', 'other'], env).done;
  t.same(lines(other.stdout).map((e) => e.resourceId), ['u1', 'u2', 'u3', 'u4', 'u5'], 'another consumer has its own cursor');

  const lag = await scim(['outbox', 'lag'], env).done;
  t.match(JSON.parse(lag.stdout), [
    { name: 'other', pendingEvents: 0 },
    { name: 'x', pendingEvents: 1, lagSeconds: Number },
  ]);

  const usage = await scim(['outbox', 'tail'], env).done;
  t.equal(usage.code, 2);
  t.match(usage.stderr, /--consumer NAME/);
});

t.test('outbox tail --follow streams new events until SIGTERM, then exits 0', async (t) => {
  const db = await createTestDatabase(t);
  await write(db.db, 'before');
  const run = scim(['outbox', 'tail', '--consumer', 'f', '--follow'], { DATABASE_URL: db.url });
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  await run.waitFor('"before"');
  await write(db.db, 'after');
  await run.waitFor('"after"');
  run.child.kill('SIGTERM');
  const r = await run.done;
  clearTimeout(timer);
  t.equal(r.code, 0, r.stderr);
  t.same(lines(r.stdout).map((e) => e.resourceId), ['before', 'after']);
});
