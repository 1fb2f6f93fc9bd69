import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { freePort } from '../../../../test/helpers/process.js';
import { testRedis } from '../../../../test/helpers/redis.js';
import { RATE_LIMIT_WINDOW_MS } from '../../src/scim/http/rate-limit.js';

const SPC = '/scim/v2/ServiceProviderConfig';
const WINDOW_S = RATE_LIMIT_WINDOW_MS / 1000;
const redis = testRedis();
const storeEnv = (store: 'memory' | 'redis'): Record<string, string> => (store === 'redis' ? { REDIS_URL: redis.url! } : {});
const skipFor = (store: 'memory' | 'redis') => (store === 'redis' ? redis.skip : false);

async function burst(app: Awaited<ReturnType<typeof buildTestApp>>['app'], authorization: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await app.inject({ url: SPC, headers: { authorization } }));
  return out;
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`per-token limit with the ${store} store`, { skip: skipFor(store) }, async (t) => {
    const { app, token } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '2', ...storeEnv(store) });
    // Token ids are fresh uuids: keys never collide with another run sharing the Redis.
    const a = await token({ connection: `idp-${randomUUID()}` });
    const b = await token({ connection: `idp-${randomUUID()}` });
    const budget = 2 * WINDOW_S;
    const responses = await burst(app, a.authorization, budget + 1);
    t.ok(responses.slice(0, budget).every((r) => r.statusCode === 200), `the first ${budget} pass (a burst within the window)`);
    const first = responses[0]!;
    t.equal(first.headers['ratelimit-limit'], String(budget));
    t.equal(first.headers['ratelimit-remaining'], String(budget - 1));
    t.ok(first.headers['ratelimit-reset']);

    const limited = responses[budget]!;
    t.equal(limited.statusCode, 429);
    t.match(limited.headers['content-type'], /application\/scim\+json/);
    t.match(limited.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: /rate limit/ });
    const retry = Number(limited.headers['retry-after']);
    t.ok(retry >= 1 && retry <= WINDOW_S, `Retry-After ${retry}`);
    t.equal(limited.headers['ratelimit-remaining'], '0');
    t.equal(limited.headers['ratelimit-limit'], String(budget));

    t.equal((await app.inject({ url: SPC, headers: { authorization: b.authorization } })).statusCode, 200, 'another token has its own budget');
  });

  t.test(`per-connection override and 0 with the ${store} store`, { skip: skipFor(store) }, async (t) => {
    const { app, db, token } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '1000', ...storeEnv(store) });
    // Connection names are fresh: with Redis, counters of an earlier run cannot interfere.
    const tight = await token({ connection: `tight-${randomUUID()}` });
    await db.db.updateTable('idp_connections').set({ rate_limit_per_second: 1 }).where('id', '=', tight.connectionId).execute();
    const res = await burst(app, tight.authorization, WINDOW_S + 1);
    t.equal(res[0]!.headers['ratelimit-limit'], String(WINDOW_S), 'the connection limit replaces the default');
    t.same(res.slice(0, WINDOW_S).map((r) => r.statusCode), Array(WINDOW_S).fill(200));
    t.equal(res[WINDOW_S]!.statusCode, 429);

    const free = await token({ connection: `unlimited-${randomUUID()}` });
    await db.db.updateTable('idp_connections').set({ rate_limit_per_second: 0 }).where('id', '=', free.connectionId).execute();
    const many = await burst(app, free.authorization, 30);
    t.ok(many.every((r) => r.statusCode === 200 && r.headers['ratelimit-limit'] === undefined), '0 = unlimited for that connection');
  });
}

// rate-limit.ts: with Redis unreachable the limiter fails open (skipOnError) instead of stalling
// or refusing provisioning. Nothing listens on the port: every Redis call fails at once.
t.test('redis store: with Redis down the limiter fails open, never 429 or 500', async (t) => {
  const { app, token } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '1', REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  const tok = await token();
  const res = await burst(app, tok.authorization, WINDOW_S + 5);
  t.same(res.map((r) => r.statusCode), Array(WINDOW_S + 5).fill(200), 'past the budget, every request still passes');
});

t.test('redis store: two replicas share one budget', { skip: redis.skip }, async (t) => {
  const env = { SCIM_RATE_LIMIT_PER_SECOND: '1', REDIS_URL: redis.url! };
  const one = await buildTestApp(t, env);
  const { createToken } = await import('../../src/tokens/token-store.js');
  const { buildApp } = await import('@scim/scim');
  const two = await buildApp({ config: one.config, db: one.db.db, pool: one.db.pool, secrets: { signingKey: 'x'.repeat(40), encryptionKey: Buffer.alloc(32, 7).toString('base64') } });
  t.teardown(() => two.close());
  const tok = await createToken(one.db.db, { source: 'cli' }, { name: 'shared', connection: `idp-${randomUUID()}` });
  const authorization = `Bearer ${tok.token}`;
  const statuses = [];
  for (let i = 0; i < WINDOW_S + 1; i++) statuses.push((await (i % 2 ? two : one.app).inject({ url: SPC, headers: { authorization } })).statusCode);
  t.same(statuses.slice(0, WINDOW_S), Array(WINDOW_S).fill(200));
  t.equal(statuses[WINDOW_S], 429, 'the replica sees the other replica’s requests');
});

t.test('SCIM_RATE_LIMIT_PER_SECOND=0 disables the limiter', async (t) => {
  const { app, db, token } = await buildTestApp(t, { SCIM_RATE_LIMIT_PER_SECOND: '0' });
  const tok = await token();
  await db.db.updateTable('idp_connections').set({ rate_limit_per_second: 1 }).where('id', '=', tok.connectionId).execute();
  const many = await burst(app, tok.authorization, 30);
  t.ok(many.every((r) => r.statusCode === 200 && r.headers['ratelimit-limit'] === undefined));
});
