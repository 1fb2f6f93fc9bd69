// Issue 14, faults: the scim process killed with SIGKILL in the middle of a burst of writes.
// A change, its audit row and its outbox event commit in one transaction (docs/architecture.md
// invariant 1), so whatever the kill interrupts leaves all three or none: checked in SQL over
// everything the burst wrote, then a new process serves on the same database.
import t from 'tap';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { cleanEnv, freePort, startEntry, tempDir, waitForStatus, waitUntil } from '../../../../test/helpers/process.js';
import { GROUP, PATCHOP, newUser } from '../../../../test/helpers/scim.js';
import { createToken } from '../../src/tokens/token-store.js';

t.test('kill -9 mid-burst: no user or membership without its audit row and outbox event', async (t) => {
  const db = await createTestDatabase(t);
  const { token } = await createToken(db.db, { source: 'cli' }, { name: 'kill', connection: 'okta' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = cleanEnv({
    DATABASE_URL: db.url, DATA_DIR: await tempDir(t, 'scim-kill-'), PORT: String(port), LOG_LEVEL: 'warn', SERVE_WEB: 'false',
    SCIM_RATE_LIMIT_PER_SECOND: '0', PUBLIC_BASE_URL: base, SESSION_SECRET: 'kill-test-signing-key-0123456789abcdef', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  const first = startEntry(t, 'services/scim/src/server.ts', env);
  await waitForStatus(`${base}/readyz`, 200, { started: first });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const send = (method: string, path: string, body: unknown) =>
    fetch(`${base}/scim/v2${path}`, { method, headers, body: JSON.stringify(body) }).then((r) => r.status, () => 'lost' as const);
  const group = await (await fetch(`${base}/scim/v2/Groups`, { method: 'POST', headers, body: JSON.stringify({ schemas: [GROUP], displayName: 'Killed' }) })).json() as { id: string };

  // 16 writers: each creates users and adds every one it created to the group, until the kill.
  let answered = 0;
  const createdIds: string[] = [];
  let killed = false;
  const writer = async (w: number) => {
    const statuses: (number | 'lost')[] = [];
    for (let i = 0; !killed; i++) {
      const created = await fetch(`${base}/scim/v2/Users`, { method: 'POST', headers, body: JSON.stringify(newUser(`k${w}-${i}@example.com`)) })
        .then(async (r) => (r.status === 201 ? ((await r.json()) as { id: string }).id : r.status), () => 'lost' as const);
      answered++;
      if (typeof created !== 'string' || created === 'lost') { statuses.push(created); continue; }
      createdIds.push(created);
      statuses.push(201, await send('PATCH', `/Groups/${group.id}`, { schemas: [PATCHOP], Operations: [{ op: 'add', path: 'members', value: [{ value: created }] }] }));
    }
    return statuses;
  };
  const writers = Array.from({ length: 16 }, (_, w) => writer(w));
  await waitUntil(() => answered >= 150, 120_000);
  first.child.kill('SIGKILL');
  killed = true;
  t.equal((await first.exited).signal, 'SIGKILL', 'killed while the writers were busy');
  const statuses = (await Promise.all(writers)).flat();
  t.ok(statuses.includes('lost'), 'some requests were cut off by the kill');
  t.same([...new Set(statuses)].filter((s) => s !== 201 && s !== 200 && s !== 204 && s !== 'lost'), [], 'nothing but successes and cut-off requests');

  // The killed process's sessions end with its sockets; their open transactions roll back.
  await waitUntil(async () => Number((await db.pool.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'scim'`)).rows[0].count) === 0, 30_000);
  const { rows: [check] } = await db.pool.query(`
    SELECT (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM group_members) AS members,
           (SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.resource_id = u.id::text AND a.action = 'user.created')) AS user_no_audit,
           (SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.resource_id = u.id::text AND e.type = 'user.created')) AS user_no_event,
           (SELECT count(*) FROM group_members m WHERE NOT EXISTS (
              SELECT 1 FROM outbox_events e, jsonb_array_elements(e.payload->'members') x
               WHERE e.type = 'group.members_added' AND x->>'value' = m.member_id::text)) AS member_no_event,
           -- Each write request's audit rows and events share its request id.
           (SELECT count(*) FROM outbox_events e WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.request_id = e.request_id)) AS event_no_audit,
           (SELECT count(*) FROM audit_events a WHERE a.source = 'scim' AND NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.request_id = a.request_id)) AS audit_no_event`);
  const created = statuses.filter((s) => s === 201).length;
  const missing = (await db.pool.query(`SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x)`, [createdIds])).rows;
  t.same(missing, [], 'every user answered 201 is stored');
  const patched = statuses.filter((s) => s === 200 || s === 204).length;
  const lost = statuses.filter((s) => s === 'lost').length;
  t.comment(`at the kill: ${check.users} users and ${check.members} memberships committed, ${lost} requests cut off`);
  t.ok(Number(check.users) >= created && Number(check.users) <= created + lost, `users (${check.users}): every answered create (${created}), and at most the cut-off ones (${lost}) besides`);
  t.ok(Number(check.members) >= patched && Number(check.members) <= patched + lost, `memberships (${check.members}): every answered PATCH (${patched}), and at most the cut-off ones besides`);
  t.equal(Number(check.user_no_audit), 0, 'no user without its audit row');
  t.equal(Number(check.user_no_event), 0, 'no user without its outbox event');
  t.equal(Number(check.member_no_event), 0, 'no membership without its outbox event');
  t.equal(Number(check.event_no_audit), 0, 'no event without the audit row of its request');
  t.equal(Number(check.audit_no_event), 0, 'no SCIM audit row without the events of its request');

  const second = startEntry(t, 'services/scim/src/server.ts', env);
  await waitForStatus(`${base}/readyz`, 200, { started: second });
  t.equal(await send('POST', '/Users', newUser('after-kill@example.com')), 201, 'a new process serves on the same database');
  second.child.kill('SIGTERM');
  t.equal((await second.exited).code, 0);
});
