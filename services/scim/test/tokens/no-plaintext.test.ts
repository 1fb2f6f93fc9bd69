import { Writable } from 'node:stream';
import t from 'tap';
import { sql } from 'kysely';
import { buildApp } from '@scim/scim';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { loadScimConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/logger.js';
import { createToken, rotateToken } from '../../src/tokens/token-store.js';
import { signIn } from '../admin-api/helpers.js';

t.test('no plaintext token in any table or in the logs', async (t) => {
  const db = await createTestDatabase(t);
  const config = loadScimConfig({ LOG_LEVEL: 'trace', SCIM_RATE_LIMIT_PER_SECOND: '5', SERVE_WEB: 'false', PUBLIC_BASE_URL: 'https://scim.test' });
  let logs = '';
  const stream = new Writable({ write(chunk, _enc, done) { logs += chunk.toString(); done(); } });
  const app = await buildApp(
    { config, db: db.db, pool: db.pool, secrets: { signingKey: 'test-signing-key-0123456789abcdef0123', encryptionKey: Buffer.alloc(32, 7).toString('base64') } },
    { logger: { ...(loggerOptions('trace') as object), stream } as never },
  );
  t.teardown(() => app.close());

  const minted = await createToken(db.db, { source: 'cli' }, { name: 'okta', connection: 'okta' });
  const { cookie } = await signIn(app, db.db);
  // Through the admin API too: the response carries the token, nothing else may.
  const viaApi = await app.inject({ method: 'POST', url: `/api/admin/connections/${minted.connectionId}/tokens`, headers: { cookie }, payload: { name: 'second' } });
  t.equal(viaApi.statusCode, 201);
  const second = viaApi.json().token as string;
  const { created: rotated } = await rotateToken(db.db, { source: 'cli' }, minted.id, { overlapSeconds: 60 });
  const secrets = [minted.token, second, rotated.token];

  for (const tok of secrets) {
    const headers = { authorization: `Bearer ${tok}`, 'user-agent': 'Okta SCIM Client 1.0.0' };
    t.equal((await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers })).statusCode, 200);
    await app.inject({ url: `/scim/v2/Nope?token=${tok}`, headers });
    await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { ...headers, 'content-type': 'application/scim+json' }, payload: '{"broken' });
  }
  // The connection test takes a pasted token: it must not be logged or stored either.
  await app.inject({ method: 'POST', url: `/api/admin/connections/${minted.connectionId}/test`, headers: { cookie }, payload: { token: second } });
  for (let i = 0; i < 12; i++) await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization: `Bearer ${second}` } });
  await app.close();

  t.ok(logs.length > 1000, 'the app did log (trace level)');
  for (const tok of secrets) {
    t.notOk(logs.includes(tok), 'token absent from logs');
    t.notOk(logs.includes(tok.slice(5)), 'token body absent from logs');
  }

  // Every text-like and bytea column of every table in the public schema.
  const { rows: columns } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema AND tb.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'character')`.execute(db.db);
  t.ok(columns.some((c) => c.table_name === 'scim_tokens' && c.column_name === 'token_hash'));
  let checked = 0;
  for (const c of columns) {
    const col = sql.ref(`${c.table_name}.${c.column_name}`);
    const asText = c.data_type === 'bytea' ? sql`encode(${col}, 'escape')` : sql`${col}::text`;
    for (const tok of secrets) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(c.table_name)} WHERE position(${tok.slice(5)} IN ${asText}) > 0`.execute(db.db);
      if (rows[0]!.n !== 0) t.fail(`token found in ${c.table_name}.${c.column_name}`);
      checked++;
    }
  }
  t.ok(checked > 30, `searched ${columns.length} columns`);
  const prefixes = await db.db.selectFrom('scim_tokens').select('prefix').execute();
  t.ok(prefixes.every((p) => p.prefix.length <= 11), 'only a short display prefix is stored');
});
