// Many HTTP client libraries send a Content-Type on every request. A GET or DELETE (or any
// other operation that takes no body) that carries one and no body must succeed: with no
// content there is nothing for the media type to describe (RFC 9110 §8.3), and RFC 7644 §3.6
// defines DELETE without a body. Operations that need a body still refuse a missing one with a
// precise error. The same on the admin API. (docs/idp-quirks.md: Content-Type on a request
// without a body.)
import t from 'tap';
import { GROUP, SCIM, USER } from '../../../../test/helpers/scim.js';
import { signIn } from '../admin-api/helpers.js';
import { assertScimError, setup } from '../conformance.js';

const CONTENT_TYPES = [SCIM, `${SCIM}; charset=utf-8`, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'];

/** The ways a client says "no body": no Content-Length at all, or Content-Length: 0. */
const NO_BODY: Record<string, string>[] = [{}, { 'content-length': '0' }];

t.test('SCIM: GET and DELETE with a Content-Type and no body succeed', async (t) => {
  const { app, auth, c } = await setup(t);
  const send = (method: 'GET' | 'DELETE' | 'HEAD', url: string, headers: Record<string, string>) =>
    app.inject({ method, url: `/scim/v2${url}`, headers: { authorization: auth.authorization, ...headers } });

  const u = (await c.post('/Users', { schemas: [USER], userName: 'empty-body@example.com' })).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Empty Body', members: [{ value: u.id }] })).json();
  const gets = ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/User', '/Schemas', `/Schemas/${USER}`, '/Users', `/Users/${u.id}`, '/Groups', `/Groups/${g.id}`, `/Users?filter=${encodeURIComponent('userName eq "empty-body@example.com"')}`];
  for (const type of CONTENT_TYPES) {
    for (const extra of NO_BODY) {
      const headers = { 'content-type': type, ...extra };
      for (const url of gets) {
        const r = await send('GET', url, headers);
        t.equal(r.statusCode, 200, `GET ${url} with ${JSON.stringify(headers)}: ${r.body.slice(0, 200)}`);
      }
      t.equal((await send('HEAD', `/Users/${u.id}`, headers)).statusCode, 200, `HEAD with ${JSON.stringify(headers)}`);
    }
  }

  // DELETE: one user and one group per Content-Type and way of saying "no body".
  for (const type of CONTENT_TYPES) {
    for (const extra of NO_BODY) {
      const headers = { 'content-type': type, ...extra };
      const user = (await c.post('/Users', { schemas: [USER], userName: `del-${Math.random().toString(36).slice(2)}@example.com` })).json();
      const group = (await c.post('/Groups', { schemas: [GROUP], displayName: `Del ${Math.random().toString(36).slice(2)}` })).json();
      for (const url of [`/Users/${user.id}`, `/Groups/${group.id}`]) {
        const r = await send('DELETE', url, headers);
        t.equal(r.statusCode, 204, `DELETE ${url} with ${JSON.stringify(headers)}: ${r.body.slice(0, 200)}`);
        t.equal(r.body, '', 'no body in the 204');
        assertScimError(t, await c.get(url), 404, undefined, `after DELETE with ${JSON.stringify(headers)}`);
      }
    }
  }
  // A DELETE with If-Match and a Content-Type: the precondition is still checked.
  const kept = (await c.post('/Users', { schemas: [USER], userName: 'kept@example.com' })).json();
  assertScimError(t, await send('DELETE', `/Users/${kept.id}`, { 'content-type': SCIM, 'if-match': 'W/"999"' }), 412, undefined, 'stale If-Match');
  t.equal((await c.get(`/Users/${kept.id}`)).statusCode, 200, 'still there');

  // Operations that need a body still refuse a missing one, as invalidSyntax.
  for (const [method, url] of [['POST', '/Users'], ['PUT', `/Users/${kept.id}`], ['PATCH', `/Users/${kept.id}`], ['POST', '/Groups'], ['POST', '/Users/.search'], ['POST', '/Bulk']] as const) {
    for (const extra of NO_BODY) {
      const r = await app.inject({ method, url: `/scim/v2${url}`, headers: { authorization: auth.authorization, 'content-type': SCIM, ...extra } });
      assertScimError(t, r, 400, 'invalidSyntax', `${method} ${url} with no body ${JSON.stringify(extra)}`);
    }
  }
  // A body in a media type SCIM does not speak is still 415 (RFC 7644 §3.8).
  assertScimError(t, await app.inject({ method: 'POST', url: '/scim/v2/Users', headers: { authorization: auth.authorization, 'content-type': 'text/plain' }, payload: 'userName=x' }), 415, undefined, 'text/plain body');
  assertScimError(t, await app.inject({ method: 'DELETE', url: `/scim/v2/Users/${kept.id}`, headers: { authorization: auth.authorization, 'content-type': 'text/plain' }, payload: 'x' }), 415, undefined, 'DELETE with a text/plain body');
  t.equal((await c.get(`/Users/${kept.id}`)).statusCode, 200, 'a refused DELETE deleted nothing');
});

t.test('admin API: DELETE and body-less POSTs with a Content-Type and no body succeed', async (t) => {
  const { app, db } = await setup(t);
  const { cookie } = await signIn(app, db.db);
  const admin = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    app.inject({ method, url: `/api/admin${url}`, headers: { cookie, ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });

  for (const type of ['application/json', 'application/json; charset=utf-8', 'text/plain']) {
    for (const extra of NO_BODY) {
      const headers = { 'content-type': type, ...extra };
      const what = JSON.stringify(headers);
      t.equal((await admin('GET', '/users', headers)).statusCode, 200, `GET /users with ${what}`);
      const user = (await admin('POST', '/users', {}, { userName: `local-${Math.random().toString(36).slice(2)}@example.com` })).json();
      const del = await admin('DELETE', `/users/${user.id}`, headers);
      t.equal(del.statusCode, 204, `DELETE /users/:id with ${what}: ${del.body}`);
      const group = (await admin('POST', '/groups', {}, { displayName: `Local ${Math.random().toString(36).slice(2)}` })).json();
      const gdel = await admin('DELETE', `/groups/${group.id}`, headers);
      t.equal(gdel.statusCode, 204, `DELETE /groups/:id with ${what}: ${gdel.body}`);
      const conn = (await admin('POST', '/connections', {}, { name: `conn-${Math.random().toString(36).slice(2)}` })).json();
      const token = (await admin('POST', `/connections/${conn.id}/tokens`, {}, { name: 'tok' })).json();
      const tokenId = token.id ?? token.token?.id;
      const revoke = await admin('POST', `/tokens/${tokenId}/revoke`, headers);
      t.equal(revoke.statusCode, 200, `POST /tokens/:id/revoke with ${what}: ${revoke.body}`);
      const token2 = (await admin('POST', `/connections/${conn.id}/tokens`, {}, { name: 'tok2' })).json();
      const rotate = await admin('POST', `/tokens/${token2.id ?? token2.token?.id}/rotate`, headers);
      t.ok(rotate.statusCode < 300, `POST /tokens/:id/rotate (optional body) with ${what}: ${rotate.statusCode} ${rotate.body.slice(0, 200)}`);
    }
  }
  // A route that needs a body still refuses a missing one with the admin error shape.
  const missing = await admin('POST', '/users', { 'content-type': 'application/json' });
  t.equal(missing.statusCode, 400, missing.body);
  t.match(missing.json(), { statusCode: 400, code: String, message: String }, 'admin error shape');
  // Sign-out is a DELETE too.
  t.equal((await admin('DELETE', '/session', { 'content-type': 'application/json' })).statusCode, 204, 'DELETE /session with a Content-Type');
});
