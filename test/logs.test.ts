// pino through the production app: a request id on every request line; credentials never logged.
import t from 'tap';
import { Writable } from 'node:stream';
import { buildApp } from '@scim/scim';
import { loadScimConfig } from '../services/scim/src/config.js';
import { loggerOptions } from '../services/scim/src/logger.js';
import { createToken } from '../services/scim/src/tokens/token-store.js';
import { createTestDatabase } from './helpers/db.js';

t.test('request logs: reqId on every line, no tokens, cookies or bodies', async (t) => {
  const db = await createTestDatabase(t);
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadScimConfig({ LOG_LEVEL: 'trace', SERVE_WEB: 'false', SCIM_RATE_LIMIT_PER_SECOND: '0', PUBLIC_BASE_URL: 'https://scim.test' });
  // The same options the service uses (logger.ts), only written to a capture stream.
  const options = loggerOptions('trace') as object;
  const app = await buildApp(
    { config, db: db.db, pool: db.pool, secrets: { signingKey: 'test-signing-key-0123456789abcdef0123', encryptionKey: Buffer.alloc(32, 7).toString('base64') } },
    { logger: { ...options, stream } },
  );
  t.teardown(() => app.close());
  await app.ready();
  const before = lines.length;

  const { token } = await createToken(db.db, { source: 'cli' }, { name: 'logs' });
  const wrongToken = `scim_${'Z'.repeat(40)}`;
  const cookieValue = 'session-cookie-value-4f1c9a';
  const password = 'Body-Secret-Passw0rd!';
  const requests = [
    { url: '/scim/v2/ServiceProviderConfig', headers: { authorization: `Bearer ${token}`, cookie: `scim_session=${cookieValue}` } },
    { url: '/scim/v2/ServiceProviderConfig', headers: { authorization: `Bearer ${wrongToken}`, cookie: `scim_session=${cookieValue}` } },
    { url: '/scim/v2/Users?filter=userName%20eq%20%22alice%40example.com%22', headers: { authorization: `Bearer ${token}` } },
    {
      method: 'POST' as const,
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bob@example.com', password },
    },
    { url: '/api/admin/me', headers: { cookie: `scim_session=${cookieValue}`, authorization: `Bearer ${token}` } },
    { url: '/healthz', headers: { 'x-request-id': 'okta-corr-1', authorization: `Basic ${Buffer.from(`u:${password}`).toString('base64')}` } },
  ];
  const ids: string[] = [];
  for (const r of requests) ids.push(String((await app.inject(r)).headers['x-request-id']));

  const captured = lines.slice(before);
  const text = captured.join('\n');
  t.ok(captured.length >= requests.length * 2, 'incoming and completed lines were captured', { lines: captured.length });
  const parsed = captured.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const line of parsed) t.ok(line.reqId, `every line logged while serving carries reqId (${String(line.msg)})`);
  for (const id of ids) t.ok(parsed.some((l) => l.reqId === id), `request ${id} is traceable by the id it was answered with`);
  t.ok(parsed.some((l) => l.reqId === 'okta-corr-1'), "an IdP's X-Request-Id is the log's reqId");

  for (const [what, secret] of [
    ['the token', token],
    ['the token without its prefix', token.slice(5)],
    ['a wrong token', wrongToken],
    ['the cookie', cookieValue],
    ['a password in a SCIM body', password],
    ['basic credentials', Buffer.from(`u:${password}`).toString('base64')],
  ] as const) {
    t.notOk(text.includes(secret), `${what} never appears in the logs`);
  }
  t.notMatch(text, /alice@example\.com/, 'filter values (PII) are not logged with the URL');
});
