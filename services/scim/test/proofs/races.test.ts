// Issue 14, races: concurrent requests over real sockets against real PostgreSQL. Uniqueness is
// a unique index, versions are checked under the row lock, membership edits are set-based and
// a token check rides in each write's audit/outbox statement (docs/architecture.md): these
// tests make the requests overlap and count what committed.
import t from 'tap';
import { GROUP, newUser } from '../../../../test/helpers/scim.js';
import { revokeToken } from '../../src/tokens/token-store.js';
import { listenTestApp, pool } from './listen.js';

const ROUNDS = 3;
const PARALLEL = 16;

t.test('parallel creates of one userName: exactly one 201, the rest 409 uniqueness', async (t) => {
  const s = await listenTestApp(t);
  for (let round = 0; round < ROUNDS; round++) {
    // Case differs between the requests: userName is case-insensitive (RFC 7643 §4.1.1).
    const name = `same${round}@example.com`;
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => s.request('POST', '/Users', newUser(i % 2 ? name.toUpperCase() : name, { externalId: `ext-${round}-${i}` }))),
    );
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    t.equal(created.length, 1, `round ${round}: one 201 (${results.map((r) => r.status).join(',')})`);
    t.equal(conflicts.length, PARALLEL - 1, `round ${round}: the rest 409`);
    for (const r of conflicts) t.match(r.json(), { scimType: 'uniqueness', status: '409' });
    const id = created[0]!.json().id;
    t.equal(await s.count(`SELECT count(*) FROM users WHERE lower(user_name) = lower($1)`, [name]), 1, `round ${round}: one row`);
    t.equal(await s.count(`SELECT count(*) FROM audit_events WHERE resource_id = $1`, [id]), 1, `round ${round}: one audit row`);
    t.equal(await s.count(`SELECT count(*) FROM outbox_events WHERE resource_id = $1`, [id]), 1, `round ${round}: one event`);
  }
  t.equal(await s.count('SELECT count(*) FROM audit_events WHERE token_id IS NOT NULL'), ROUNDS, 'the 409s left no audit row');
  t.equal(await s.count('SELECT count(*) FROM outbox_events'), ROUNDS, 'and no event');
});

t.test('parallel PATCHes adding different members to one group: none lost', async (t) => {
  const s = await listenTestApp(t);
  const users = await pool(Array.from({ length: 48 }, (_, i) => async () => (await s.request('POST', '/Users', newUser(`m${i}@example.com`))).json().id as string), 8);
  const g = (await s.request('POST', '/Groups', { schemas: [GROUP], displayName: 'Crowd' })).json();
  // Each PATCH adds its own user; some also add a user another PATCH adds (no duplicate row).
  const results = await Promise.all(
    users.map((id, i) => s.patchOps(`/Groups/${g.id}`, [{ op: 'add', path: 'members', value: [{ value: id }, ...(i % 3 === 0 ? [{ value: users[0] }] : [])] }])),
  );
  t.same([...new Set(results.map((r) => r.status))].filter((st) => st !== 200 && st !== 204), [], 'every PATCH succeeded');
  const members = ((await s.request('GET', `/Groups/${g.id}`)).json().members as { value: string }[]).map((m) => m.value);
  t.same(new Set(members), new Set(users), 'every member is there');
  t.equal(members.length, users.length, 'each once');
  t.equal(await s.count('SELECT count(*) FROM group_members WHERE group_id = $1', [g.id]), users.length);
  const added = await s.db.pool.query(
    `SELECT m->>'value' AS id FROM outbox_events, jsonb_array_elements(payload->'members') m WHERE type = 'group.members_added'`,
  );
  t.same(added.rows.map((r: { id: string }) => r.id).sort(), [...users].sort(), 'the outbox names each added member once');
});

t.test('PUT against PATCH with the same If-Match: one succeeds, the other 412', async (t) => {
  const s = await listenTestApp(t);
  for (let round = 0; round < 8; round++) {
    const u = await s.request('POST', '/Users', newUser(`etag-race${round}@example.com`));
    const { id } = u.json();
    const etag = u.headers.get('etag')!;
    const [put, patch] = await Promise.all([
      s.request('PUT', `/Users/${id}`, newUser(`etag-race${round}@example.com`, { displayName: 'by PUT' }), { 'if-match': etag }),
      s.patchOps(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: 'by PATCH' }], { 'if-match': etag }),
    ]);
    const statuses = [put.status, patch.status].sort();
    t.same(statuses, [200, 412], `round ${round}: one 200, one 412 (PUT ${put.status}, PATCH ${patch.status})`);
    const loser = put.status === 412 ? put : patch;
    t.match(loser.json(), { status: '412', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    const winner = put.status === 200 ? 'by PUT' : 'by PATCH';
    const now = (await s.request('GET', `/Users/${id}`)).json();
    t.equal(now.displayName, winner, `round ${round}: the winner's change is stored`);
    t.equal(await s.count(`SELECT count(*) FROM outbox_events WHERE resource_id = $1 AND type = 'user.updated'`, [id]), 1, `round ${round}: one update event`);
  }
});

// PUT and PATCH of a user read the row without a lock and write only if its version has not
// moved, else plan again under the row lock (resources/user-writes.ts, issue 17). Sixteen
// PATCHes of one user at once make most of them lose the first try: none may be lost, and each
// audit row's diff must start where the previous write ended (its `before` is the document it
// replaced, not a stale read).
t.test('parallel PATCHes of one user: none lost, each diff against the row it replaced', async (t) => {
  const s = await listenTestApp(t);
  for (let round = 0; round < ROUNDS; round++) {
    const u = (await s.request('POST', '/Users', newUser(`phones${round}@example.com`))).json();
    const numbers = Array.from({ length: PARALLEL }, (_, i) => `+1555000${String(i).padStart(4, '0')}`);
    const results = await Promise.all(numbers.map((n) => s.patchOps(`/Users/${u.id}`, [{ op: 'add', path: 'phoneNumbers', value: [{ value: n, type: 'work' }] }])));
    t.same([...new Set(results.map((r) => r.status))], [200], `round ${round}: every PATCH answered 200`);
    const now = (await s.request('GET', `/Users/${u.id}`)).json();
    t.same((now.phoneNumbers as { value: string }[]).map((p) => p.value).sort(), numbers, `round ${round}: every number is there once`);
    t.equal(now.meta.version, `W/"${1 + PARALLEL}"`, `round ${round}: one version per write`);
    const { rows } = await s.db.pool.query(
      `SELECT diff -> 'phoneNumbers' AS d FROM audit_events WHERE resource_id = $1 AND action = 'user.updated' ORDER BY id`, [u.id],
    );
    t.equal(rows.length, PARALLEL, `round ${round}: one audit row per write`);
    const lengths = rows.map((r: { d: { before?: unknown[]; after: unknown[] } }) => [r.d.before?.length ?? 0, r.d.after.length]);
    t.same(lengths, numbers.map((_, i) => [i, i + 1]), `round ${round}: each diff goes from the previous write's list to one more`);
    const versions = await s.db.pool.query(
      `SELECT payload #>> '{resource,meta,version}' AS v FROM outbox_events WHERE resource_id = $1 AND type = 'user.updated' ORDER BY id`, [u.id],
    );
    t.same(versions.rows.map((r: { v: string }) => r.v), numbers.map((_, i) => `W/"${i + 2}"`), `round ${round}: events carry versions 2…${PARALLEL + 1} in order`);
  }
});

// No write may commit after the revocation commits. "After" in PostgreSQL's own terms: a
// snapshot that sees the revocation but not a write of the token proves the write committed
// later. A monitor connection takes snapshots back to back during each burst; the token is
// revoked (by the CLI's code) while the burst runs; every event the token wrote is then checked
// against every snapshot, and against one taken as the revocation returned.
t.test('a token revoked in the middle of a burst: no write commits after the revocation', async (t) => {
  const s = await listenTestApp(t);
  const monitor = await s.db.pool.connect();
  t.teardown(() => monitor.release());
  for (let round = 0; round < ROUNDS; round++) {
    const tok = await s.newToken(`burst-${round}`);
    const snapshots: string[] = [];
    let bursting = true;
    const sampling = (async () => {
      while (bursting) snapshots.push((await monitor.query('SELECT pg_current_snapshot()::text AS s')).rows[0].s);
    })();
    let done = 0;
    let revoked: Promise<{ snapshot: string; returnedAt: number }> | undefined;
    const statuses = await pool(
      Array.from({ length: 240 }, (_, i) => async () => {
        const started = Date.now();
        const res = await s.request('POST', '/Users', newUser(`b${round}-${i}@example.com`), {}, tok.authorization);
        if (++done === 60) {
          revoked = revokeToken(s.db.db, { source: 'cli' }, tok.id).then(async () => ({
            snapshot: (await s.db.pool.query('SELECT pg_current_snapshot()::text AS s')).rows[0].s as string,
            returnedAt: Date.now(),
          }));
        }
        return { status: res.status, started };
      }),
      PARALLEL,
    );
    bursting = false;
    await sampling;
    const { snapshot, returnedAt } = await revoked!;
    const ok = statuses.filter((r) => r.status === 201).length;
    const refused = statuses.filter((r) => r.status === 401).length;
    t.equal(ok + refused, statuses.length, `round ${round}: only 201 and 401 (${[...new Set(statuses.map((r) => r.status))]})`);
    t.ok(ok >= 60 && refused > 0, `round ${round}: writes before (${ok}) and refusals after (${refused})`);
    t.same(statuses.filter((r) => r.started > returnedAt && r.status !== 401), [], `round ${round}: every request sent after the revocation returned is refused`);
    t.equal(await s.count(`SELECT count(*) FROM outbox_events WHERE actor->>'tokenId' = $1`, [tok.id]), ok, `round ${round}: one event per 201`);
    t.equal(await s.count(`SELECT count(*) FROM audit_events WHERE token_id = $1 AND action = 'user.created'`, [tok.id]), ok, `round ${round}: one audit row per 201`);
    // The revoking transaction's id: the xmin of the token row it updated, as a full xid8
    // (the 32-bit xid in the current epoch).
    const check = await s.db.pool.query(
      `WITH r AS (
         SELECT ((pg_current_xact_id()::text::numeric / 4294967296)::bigint * 4294967296 + t.xmin::text::bigint)::text::xid8 AS txid
           FROM scim_tokens t WHERE t.id = $1::text::uuid
       ), snaps AS (SELECT unnest($3::text[])::pg_snapshot AS snap)
       SELECT (SELECT count(*) FROM snaps, r WHERE pg_visible_in_snapshot(r.txid, snap)) AS seeing,
              (SELECT count(*) FROM snaps, r, outbox_events e
                WHERE e.actor->>'tokenId' = $1::text AND pg_visible_in_snapshot(r.txid, snap) AND NOT pg_visible_in_snapshot(e.txid, snap)) AS late,
              (SELECT count(*) FROM outbox_events e WHERE e.actor->>'tokenId' = $1::text AND NOT pg_visible_in_snapshot(e.txid, $2::pg_snapshot)) AS late_at_return`,
      [tok.id, snapshot, snapshots],
    );
    const { seeing, late, late_at_return } = check.rows[0];
    t.ok(Number(seeing) > 0, `round ${round}: ${seeing} of ${snapshots.length} snapshots saw the revocation`);
    t.equal(Number(late), 0, `round ${round}: no snapshot saw the revocation without a write of the token`);
    t.equal(Number(late_at_return), 0, `round ${round}: every write was committed when the revocation returned`);
  }
});
