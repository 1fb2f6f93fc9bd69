// The connection's last day of real IdP traffic by HTTP status (migration 0008): counted per
// connection, hour and status, one upserted row each, whatever the number of requests.
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { signIn } from './helpers.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

t.test('requests by status over the last day, per connection', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const okta = await token({ connection: 'okta' });
  const entra = await token({ connection: 'entra' });
  const scim = (tok: { authorization: string }, url: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
    app.inject({ method, url: `/scim/v2${url}`, headers: { authorization: tok.authorization, 'content-type': 'application/scim+json' }, payload: payload as object });
  const activity = async (connectionId: string) => (await app.inject({ url: `/api/admin/connections/${connectionId}/activity`, headers: { cookie } })).json();

  t.same((await activity(okta.connectionId)).byStatus, [], 'nothing before the first request');
  await scim(okta, '/ServiceProviderConfig');
  await scim(okta, '/ServiceProviderConfig');
  t.equal((await scim(okta, `/Users/${MISSING}`)).statusCode, 404);
  t.equal((await scim(okta, '/Users', 'POST', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] })).statusCode, 400, 'no userName');
  await scim(entra, '/ServiceProviderConfig');
  // A request without a valid token belongs to no connection: not counted anywhere.
  await app.inject({ url: '/scim/v2/ServiceProviderConfig', headers: { authorization: 'Bearer scim_not-a-token' } });

  t.same((await activity(okta.connectionId)).byStatus, [
    { status: 200, requests: 2 },
    { status: 400, requests: 1 },
    { status: 404, requests: 1 },
  ]);
  t.same((await activity(entra.connectionId)).byStatus, [{ status: 200, requests: 1 }], 'each connection its own');

  // A second flush adds to the same rows instead of writing new ones.
  await scim(okta, '/ServiceProviderConfig');
  const again = await activity(okta.connectionId);
  t.same(again.byStatus, [
    { status: 200, requests: 3 },
    { status: 400, requests: 1 },
    { status: 404, requests: 1 },
  ]);
  t.equal(again.requestsLast24h, 5, 'the same total as the hourly counters');
  const rows = await db.db.selectFrom('scim_request_status_counts').select('status').where('connection_id', '=', okta.connectionId).execute();
  t.equal(rows.length, 3, 'one row per status in the hour, not one per request');
});

t.test('counts older than a day are left out', async (t) => {
  const { app, db, token } = await buildTestApp(t);
  const { cookie } = await signIn(app, db.db);
  const okta = await token({ connection: 'okta' });
  await db.db
    .insertInto('scim_request_status_counts')
    .values({ connection_id: okta.connectionId, hour: new Date(Date.now() - 30 * 3_600_000), status: 409, requests: 7 })
    .execute();
  const body = (await app.inject({ url: `/api/admin/connections/${okta.connectionId}/activity`, headers: { cookie } })).json();
  t.same(body.byStatus, []);
});
