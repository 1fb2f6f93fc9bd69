// Issue 14, property-based bad input over HTTP: fast-check builds requests for every SCIM and
// admin route (the admin list from the app's own OpenAPI document) with fuzzed path ids, query
// parameters, headers and bodies (SCIM resources, PATCH operations, any JSON, broken text), and
// sends them to the production app (inject). For every request: never a 5xx; every error in its
// surface's shape (RFC 7644 §3.12 on /scim/v2, `{ statusCode, code, message }` on /api/admin);
// and a rejected request changes nothing (a fingerprint of every table a request may write is
// the same before and after). CI runs a seeded few hundred; FUZZ_RUNS=n runs n.
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { ENT, ERROR, GROUP, PATCHOP, USER, newUser, scimClient } from '../../../../test/helpers/scim.js';
import { signIn } from '../admin-api/helpers.js';
import { anyJson, FUZZ_SEED, fuzzRuns, nasty, patchBody, SCIM_PATHS, value } from './fuzz-params.js';

const RUNS = fuzzRuns(400);

// Every table a SCIM or admin request may write, except the ones a refused request is meant to
// write (sign-in failures are counted for the lockout) and last-use columns.
const FINGERPRINT = `SELECT concat_ws('|',
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) FROM users x),
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.user_id, x.value), '')) FROM user_emails x),
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) FROM groups x),
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.group_id, x.member_id), '')) FROM group_members x),
  (SELECT md5(coalesce(string_agg(concat_ws(',', x.id, x.name, x.revoked_at, x.expires_at), ';' ORDER BY x.id), '')) FROM scim_tokens x),
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) FROM idp_connections x),
  (SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) FROM webhook_subscriptions x),
  (SELECT count(*) FROM admins), (SELECT count(*) FROM audit_events), (SELECT count(*) FROM outbox_events),
  (SELECT count(*) FROM webhook_deliveries)) AS f`;

const userBody = fc.record({
  schemas: fc.oneof(fc.constant([USER]), fc.constant([USER, ENT]), anyJson),
  userName: value, externalId: value, displayName: value, active: value, password: value, title: value,
  name: fc.oneof(fc.record({ givenName: value, familyName: value }, { requiredKeys: [] }), value),
  emails: fc.oneof(fc.array(fc.record({ value, type: value, primary: value }, { requiredKeys: [] }), { maxLength: 3 }), value),
  [ENT]: fc.oneof(fc.record({ employeeNumber: value, manager: fc.record({ value }) }, { requiredKeys: [] }), value),
  groups: value,
}, { requiredKeys: [] });
const groupBody = fc.record({
  schemas: fc.oneof(fc.constant([GROUP]), anyJson),
  displayName: value, externalId: value,
  members: fc.oneof(fc.array(fc.record({ value, type: value, display: value }, { requiredKeys: [] }), { maxLength: 3 }), value),
}, { requiredKeys: [] });
const adminBody = fc.dictionary(
  fc.constantFrom('email', 'password', 'name', 'displayName', 'userName', 'members', 'add', 'remove', 'url', 'events', 'kind', 'expiresInDays', 'overlapHours', 'active', 'rateLimitPerSecond', 'enabled', 'userIds', 'groupIds', 'secret', 'filter'),
  value, { maxKeys: 5 },
);
const bulkBody = fc.record({
  schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:BulkRequest']),
  failOnErrors: value,
  Operations: fc.array(fc.record({ method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'x'), path: fc.constantFrom('/Users', '/Groups', '/Users/bulkId:a', '/x'), bulkId: value, data: fc.oneof(userBody, groupBody, patchBody) }, { requiredKeys: [] }), { maxLength: 3 }),
}, { requiredKeys: [] });
// Mostly valid bodies with one odd value each, so the success paths meet odd input too.
const plain = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
const nearlyValid = fc.oneof(
  fc.record({ userName: plain, displayName: fc.oneof(plain, value), title: fc.oneof(plain, value), active: fc.oneof(fc.boolean(), value) })
    .map((u) => ({ schemas: [USER], ...u, emails: [{ value: `${u.userName.length}@example.com`, type: 'work', primary: true }] })),
  fc.record({ displayName: plain, externalId: fc.oneof(plain, value) }).map((g) => ({ schemas: [GROUP], ...g })),
  fc.array(fc.record({ op: fc.constantFrom('add', 'replace', 'remove'), path: fc.constantFrom('displayName', 'title', 'name.givenName', 'emails[type eq "work"].value', 'active', 'externalId', 'members'), value: fc.oneof(plain, value) }), { minLength: 1, maxLength: 3 })
    .map((Operations) => ({ schemas: [PATCHOP], Operations })),
);
const deepJson = fc.nat(100).map((n) => '['.repeat(n) + ']'.repeat(n));
const body = (kind: 'scim' | 'admin') => fc.oneof(
  { arbitrary: kind === 'scim' ? fc.oneof(userBody, groupBody, patchBody, bulkBody) : adminBody, weight: 6 },
  { arbitrary: kind === 'scim' ? nearlyValid : adminBody, weight: 4 },
  { arbitrary: anyJson, weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
).map((b) => (b === undefined ? undefined : JSON.stringify(b)));
const rawBody = fc.oneof(nasty, deepJson, fc.constantFrom('{', '{"a":1}{', 'null', '[]', '{"schemas":[1]}'));
const query = fc.dictionary(
  fc.oneof(fc.constantFrom('filter', 'startIndex', 'count', 'attributes', 'excludedAttributes', 'sortBy', 'sortOrder', 'cursor', 'limit', 'q', 'before', 'after', 'action', 'status', 'connectionId', 'type', 'from', 'to'), nasty),
  fc.oneof(nasty, fc.constantFrom(...SCIM_PATHS), fc.integer().map(String), fc.constantFrom('0', '-1', '99999999999999999999', 'ascending', 'NaN')),
  { maxKeys: 4 },
);
const headerValue = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }), fc.constantFrom('*', 'W/"1"', '"x"', 'W/', ''));
const headers = fc.record({
  'content-type': fc.constantFrom('application/scim+json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/scim+json; charset=latin1', 'garbage'),
  'if-match': headerValue, 'if-none-match': headerValue, accept: headerValue, 'x-request-id': headerValue,
  origin: fc.constantFrom('https://evil.example', 'null', 'https://scim.test'), 'sec-fetch-site': fc.constantFrom('cross-site', 'same-origin', 'none'),
  'x-forwarded-for': headerValue,
}, { requiredKeys: ['content-type'] });

interface Route { method: string; url: string }

/** Percent-encodes a path segment; a lone surrogate goes out as its (invalid) UTF-8 bytes. */
function segment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((ch) => (/[\ud800-\udfff]/.test(ch) ? `%ED%${(0xa0 + ((ch.charCodeAt(0) >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (ch.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}` : encodeURIComponent(ch))).join('');
  }
}
// Query text URLSearchParams would clean up: invalid escapes and encoded NUL or surrogates.
const rawQuery = fc.constantFrom('filter=%00', 'filter=%ED%A0%80', 'count=%', 'startIndex=%zz', 'attributes=%ED%B0%80', 'filter=userName%20eq%20%22%00%22', 'a=1&a=2&filter=x&filter=y');

t.test('fuzzed requests on every route: no 5xx, errors in the surface\'s shape, a refused request writes nothing', async (t) => {
  const ta = await buildTestApp(t);
  const tok = await ta.token();
  const scim = scimClient(ta.app, tok.authorization);
  const { cookie } = await signIn(ta.app, ta.db.db, 'fuzz@example.com');
  // A second token and connection the fuzz may revoke, rotate or change without locking itself out.
  const spare = await ta.token({ connection: 'spare-idp', name: 'spare' });
  const users = await Promise.all([0, 1, 2].map(async (i) => (await scim.post('/Users', newUser(`seed${i}@example.com`))).json().id as string));
  const group = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'Seed', members: users.map((value) => ({ value })) })).json().id as string;
  const local = (await ta.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie }, payload: { userName: 'local@example.com' } })).json()?.id as string | undefined;

  const openapi = (await ta.app.inject({ method: 'GET', url: '/api/admin/openapi.json', headers: { cookie } })).json() as { paths: Record<string, Record<string, unknown>> };
  const adminRoutes: Route[] = Object.entries(openapi.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: p })))
    // Signing out would end the fuzz's session: every later admin request a plain 401.
    .filter((r) => !(r.method === 'DELETE' && r.url.endsWith('/session')));
  t.ok(adminRoutes.length >= 30, `${adminRoutes.length} admin routes from the OpenAPI document`);
  const scimRoutes: Route[] = [
    ...['GET', 'POST'].flatMap((method) => ['/Users', '/Groups'].map((url) => ({ method, url: `/scim/v2${url}` }))),
    ...['GET', 'PUT', 'PATCH', 'DELETE'].flatMap((method) => ['/Users/{id}', '/Groups/{id}'].map((url) => ({ method, url: `/scim/v2${url}` }))),
    ...['/.search', '/Users/.search', '/Groups/.search', '/Bulk'].map((url) => ({ method: 'POST', url: `/scim/v2${url}` })),
    ...['/ServiceProviderConfig', '/Schemas', '/ResourceTypes', `/Schemas/${USER}`, '/ResourceTypes/User', '/Me'].map((url) => ({ method: 'GET', url: `/scim/v2${url}` })),
  ];
  const ids = fc.oneof(
    fc.constantFrom(...users, group, spare.id, spare.connectionId, ...(local ? [local] : []), '00000000-0000-4000-8000-000000000000'),
    nasty.filter((s) => s.length > 0 && s.length < 2000),
  );
  const request = fc.record({
    route: fc.constantFrom(...scimRoutes, ...adminRoutes),
    method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), { freq: 8 }),
    id: ids,
    query,
    rawQuery: fc.option(rawQuery, { freq: 6 }),
    headers,
    scimBody: body('scim'),
    adminBody: body('admin'),
    raw: fc.option(rawBody, { freq: 5 }),
    authorized: fc.oneof({ arbitrary: fc.constant('yes'), weight: 10 }, fc.constantFrom('none', 'spare', 'bogus')),
  });

  const fingerprint = async () => (await ta.db.pool.query(FINGERPRINT)).rows[0].f as string;
  const tally: Record<string, number> = {};
  let before = await fingerprint();
  await fc.assert(fc.asyncProperty(request, async (r) => {
    const isScim = r.route.url.startsWith('/scim/v2');
    const method = r.method ?? r.route.method;
    const qs = [Object.keys(r.query).length ? String(new URLSearchParams(r.query)) : '', r.rawQuery ?? ''].filter(Boolean).join('&');
    const url = r.route.url.replace(/\{[^}]+\}/g, () => segment(r.id)) + (qs ? `?${qs}` : '');
    const auth: Record<string, string> = r.authorized === 'none' ? {} : isScim
      ? { authorization: r.authorized === 'spare' ? spare.authorization : r.authorized === 'bogus' ? `Bearer scim_${'A'.repeat(43)}` : tok.authorization }
      : { cookie: r.authorized === 'bogus' ? 'scim_session=bogus' : cookie };
    const payload = r.raw ?? (isScim ? r.scimBody : r.adminBody);
    const res = await ta.app.inject({
      method: method as 'GET', url,
      headers: { ...r.headers, ...auth, ...(payload === undefined ? { 'content-type': undefined as unknown as string } : {}) },
      ...(payload !== undefined && method !== 'GET' && method !== 'HEAD' ? { payload } : {}),
    });
    const key = res.statusCode === 501 ? '501 (/Me)' : `${Math.floor(res.statusCode / 100)}xx`;
    tally[key] = (tally[key] ?? 0) + 1;
    const where = `${method} ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
    // RFC 7644 §3.11: /Me answers 501 where it is not supported.
    if (res.statusCode >= 500 && !(res.statusCode === 501 && url.startsWith('/scim/v2/Me'))) throw new Error(`5xx: ${where}`);
    const after = await fingerprint();
    if (res.statusCode >= 400) {
      if (after !== before) throw new Error(`a refused request changed the database: ${where}`);
      if (method !== 'HEAD') {
        const json = JSON.parse(res.body);
        if (isScim) {
          if (!/^application\/scim\+json/.test(String(res.headers['content-type']))) throw new Error(`SCIM error not application/scim+json: ${where}`);
          if (json.schemas?.[0] !== ERROR || json.status !== String(res.statusCode) || typeof json.detail !== 'string') throw new Error(`not a SCIM error body: ${where}`);
        } else if (json.statusCode !== res.statusCode || typeof json.code !== 'string' || typeof json.message !== 'string') {
          throw new Error(`not an admin error body: ${where}`);
        }
      }
    }
    before = after;
  }), { numRuns: RUNS, seed: FUZZ_SEED });
  t.pass(`${RUNS} requests over ${scimRoutes.length} SCIM and ${adminRoutes.length} admin routes: ${JSON.stringify(tally)}`);
});
