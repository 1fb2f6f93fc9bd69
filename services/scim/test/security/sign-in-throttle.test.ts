// Issue 14 findings 2 and 4: the sign-in lockout was a read-check-write race (60 parallel wrong
// passwords → 59 checked), and unknown emails made every attempt a 32 MiB scrypt, unthrottled
// per client address. Each response here tells whether a password was checked: 401 means it
// was (scrypt ran), 429 that it was refused before.
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createAdmin } from '../../src/admin-accounts/admin-store.js';
import { ADMIN_PASSWORD } from '../admin-api/helpers.js';

const MAX_FAILURES = 5; // per email + address (login-throttle.ts)
const MAX_ADDRESS_FAILURES = 20; // per address, any email

function signInWith(app: Awaited<ReturnType<typeof buildTestApp>>['app'], email: string, password: string, remoteAddress: string) {
  return app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password }, remoteAddress });
}

function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

t.test('60 parallel wrong passwords for one account: at most MAX_FAILURES are checked', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'race@example.com', ADMIN_PASSWORD);
  const statuses = await Promise.all(Array.from({ length: 60 }, () => signInWith(app, 'race@example.com', 'wrong password', '10.0.0.7').then((r) => r.statusCode)));
  const counts = tally(statuses);
  t.ok((counts[401] ?? 0) <= MAX_FAILURES, `passwords checked: ${counts[401] ?? 0} (at most ${MAX_FAILURES})`, { counts });
  t.equal((counts[401] ?? 0) + (counts[429] ?? 0), 60, 'every other attempt is refused with 429', { counts });
  // Attempts that found the address busy were refused unchecked: the pair has room for the rest.
  let checked = counts[401] ?? 0;
  while ((await signInWith(app, 'race@example.com', 'wrong password', '10.0.0.7')).statusCode === 401) checked++;
  t.equal(checked, MAX_FAILURES, 'in all, exactly MAX_FAILURES wrong passwords were checked');
  const right = await signInWith(app, 'race@example.com', ADMIN_PASSWORD, '10.0.0.7');
  t.equal(right.statusCode, 429, 'the pair stays locked for the window');
  t.ok(Number(right.headers['retry-after']) > 0);
  const { n } = await db.db.selectFrom('admin_login_failures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(n), MAX_FAILURES, 'refused attempts leave no row: they neither count nor extend the lockout');
});

t.test('200 concurrent random-email attempts from one address: bounded hashes, the real admin still signs in', async (t) => {
  const { app, db } = await buildTestApp(t);
  await createAdmin(db.db, { source: 'cli' }, 'real@example.com', ADMIN_PASSWORD);
  const attack = Promise.all(Array.from({ length: 200 }, (_, i) =>
    signInWith(app, `made-up-${i}-${Math.random().toString(36).slice(2)}@example.com`, 'guess', '203.0.113.9').then((r) => r.statusCode)));
  const real = signInWith(app, 'real@example.com', ADMIN_PASSWORD, '198.51.100.4');
  const counts = tally(await attack);
  t.equal((await real).statusCode, 200, 'the real admin signs in from her own address');
  t.ok((counts[401] ?? 0) <= MAX_ADDRESS_FAILURES, `scrypt ran for at most ${MAX_ADDRESS_FAILURES} of the attacker's attempts (${counts[401] ?? 0})`, { counts });
  t.ok((counts[429] ?? 0) >= 200 - MAX_ADDRESS_FAILURES, 'the rest were refused before hashing', { counts });
  t.notOk(counts[500], 'no 500');
  let checked = counts[401] ?? 0;
  while ((await signInWith(app, `more-${checked}@example.com`, 'guess', '203.0.113.9')).statusCode === 401) checked++;
  t.equal(checked, MAX_ADDRESS_FAILURES, 'in all, the address got exactly MAX_ADDRESS_FAILURES checked attempts');
  const later = await signInWith(app, 'someone-new@example.com', 'guess', '203.0.113.9');
  t.equal(later.statusCode, 429, 'the address stays limited whatever email it tries next');
  t.equal(later.json().code, 'too_many_login_attempts');
});

t.test('IPv6 clients are limited per /64, the block one subscriber usually holds', async (t) => {
  const { app } = await buildTestApp(t);
  const statuses: number[] = [];
  for (let i = 0; i < MAX_ADDRESS_FAILURES + 3; i++) {
    statuses.push((await signInWith(app, `v6-${i}@example.com`, 'guess', `2001:db8:1:2::${(i + 1).toString(16)}`)).statusCode);
  }
  t.equal(statuses.filter((s) => s === 401).length, MAX_ADDRESS_FAILURES, 'rotating addresses inside one /64 does not escape the limit');
  t.equal((await signInWith(app, 'v6-other@example.com', 'guess', '2001:db8:1:3::1')).statusCode, 401, 'another /64 is another client');
});
