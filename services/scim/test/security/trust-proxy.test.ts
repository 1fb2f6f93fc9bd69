// Issue 14 finding 3: TRUST_PROXY=true trusted every hop, so any client chose its own address
// with X-Forwarded-For (bypassing the sign-in limits, forging the audit ip). Now a hop count or
// the proxies' addresses; `true` is refused at start with a message saying what to write.
import t from 'tap';
import { ConfigError } from '@scim/db';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { loadScimConfig } from '../../src/config.js';
import { createAdmin } from '../../src/admin-accounts/admin-store.js';
import { ADMIN_PASSWORD } from '../admin-api/helpers.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadScimConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

t.test('TRUST_PROXY forms', async (t) => {
  t.equal(loadScimConfig({}).TRUST_PROXY, false, 'default: no proxy trusted');
  t.equal(loadScimConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false);
  t.equal(loadScimConfig({ TRUST_PROXY: '0' }).TRUST_PROXY, false, '0 hops = none');
  t.equal(loadScimConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, 1, 'a hop count');
  t.same(loadScimConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8,loopback' }).TRUST_PROXY, ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback'], 'addresses and CIDRs');
  const [refused, ...rest] = problems({ TRUST_PROXY: 'true' });
  t.equal(rest.length, 0);
  t.match(refused, /^TRUST_PROXY: /);
  t.match(refused, /every hop/, 'says why true is refused');
  t.match(refused, /e\.g\. 1/, 'and what to write instead');
  t.match(problems({ TRUST_PROXY: '10.0.0.0/33,banana' })[0], /10\.0\.0\.0\/33.*banana|banana.*10\.0\.0\.0\/33/, 'each bad entry is named');
  t.equal(problems({ TRUST_PROXY: 'true', PORT: 'eighty' }).length, 2, 'reported together with the other problems');
});

async function sessionIp(env: Record<string, string>, remoteAddress: string, forwardedFor: string) {
  const { app, db } = await buildTestApp(t, env);
  const email = `ip-${Math.random().toString(36).slice(2)}@example.com`;
  await createAdmin(db.db, { source: 'cli' }, email, ADMIN_PASSWORD);
  const res = await app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password: ADMIN_PASSWORD }, remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
  if (res.statusCode !== 200) throw new Error(res.body);
  const audit = await db.db.selectFrom('audit_events').select('ip').where('action', '=', 'admin.signed_in').executeTakeFirstOrThrow();
  return audit.ip;
}

t.test('the client address a proxy setting yields (audit ip of a sign-in)', async (t) => {
  t.equal(await sessionIp({}, '203.0.113.5', '6.6.6.6'), '203.0.113.5', 'no proxy: X-Forwarded-For is ignored');
  t.equal(await sessionIp({ TRUST_PROXY: '1' }, '10.0.0.2', '6.6.6.6, 198.51.100.7'), '198.51.100.7',
    'one hop: the address the proxy appended, not the one the client wrote');
  t.equal(await sessionIp({ TRUST_PROXY: '10.0.0.0/8' }, '10.0.0.2', '6.6.6.6, 198.51.100.7'), '198.51.100.7', 'a trusted proxy list stops at the first untrusted hop');
  t.equal(await sessionIp({ TRUST_PROXY: '10.0.0.0/8' }, '203.0.113.5', '6.6.6.6'), '203.0.113.5', 'a client that is not a trusted proxy cannot set its address');
});
