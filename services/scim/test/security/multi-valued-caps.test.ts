// Issue 14 finding 8: one POST with 250,000 emails was stored (13 s). Multi-valued attributes
// are capped per resource and members per request, in the core (POST, PUT, PATCH, Bulk alike),
// and the caps are advertised in /Schemas.
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { GROUP, newUser, scimClient, USER } from '../../../../test/helpers/scim.js';
import { assertScimError } from '../conformance.js';

const MAX_VALUES = 100;
const MAX_MEMBERS = 50_000;
const emails = (n: number, tag = 'e') => Array.from({ length: n }, (_, i) => ({ value: `${tag}${i}@example.com` }));

t.test('multi-valued user attributes hold at most 100 values, however they arrive', async (t) => {
  const { app, token, db } = await buildTestApp(t);
  const { authorization } = await token();
  const c = scimClient(app, authorization);
  const many = await c.post('/Users', newUser('many@example.com', { emails: emails(MAX_VALUES + 1) }));
  assertScimError(t, many, 400, 'invalidValue', '101 emails in a POST');
  t.match(many.json().detail, /emails.*at most 100 values/);
  for (const attr of ['phoneNumbers', 'addresses', 'roles', 'entitlements', 'ims', 'photos', 'x509Certificates']) {
    const values = Array.from({ length: MAX_VALUES + 1 }, (_, i) => (attr === 'addresses' ? { locality: `c${i}` } : { value: attr === 'photos' ? `https://p/${i}` : `v${i}` }));
    assertScimError(t, await c.post('/Users', newUser(`${attr}@example.com`, { [attr]: values })), 400, 'invalidValue', `101 ${attr}`);
  }
  const ok = await c.post('/Users', newUser('hundred@example.com', { emails: emails(MAX_VALUES) }));
  t.equal(ok.statusCode, 201, 'exactly 100 are fine');
  const id = ok.json().id;
  assertScimError(t, await c.patchOps(`/Users/${id}`, [{ op: 'add', path: 'emails', value: [{ value: 'one-more@example.com' }] }]), 400, 'invalidValue', 'a PATCH add past the cap');
  const small = (await c.post('/Users', newUser('small@example.com'))).json().id;
  const ops = Array.from({ length: MAX_VALUES + 1 }, (_, i) => ({ op: 'add', path: 'phoneNumbers', value: [{ value: `+1555${i}` }] }));
  assertScimError(t, await c.patchOps(`/Users/${small}`, ops), 400, 'invalidValue', '101 operations adding one phone number each');
  assertScimError(t, await c.put(`/Users/${id}`, newUser('hundred@example.com', { emails: emails(MAX_VALUES + 1, 'p') })), 400, 'invalidValue', 'PUT');
  const bulk = await c.post('/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'POST', path: '/Users', bulkId: 'b', data: newUser('bulk@example.com', { emails: emails(MAX_VALUES + 1) }) }] });
  t.equal(bulk.json().Operations[0].status, '400', 'Bulk too');
  const stored = await db.db.selectFrom('user_emails').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(stored.n), MAX_VALUES + 1, 'only the accepted users\' emails are stored');
});

t.test('members: at most 50,000 named in one request', async (t) => {
  const { app, token } = await buildTestApp(t);
  const { authorization } = await token();
  const c = scimClient(app, authorization);
  const ids = Array.from({ length: MAX_MEMBERS + 1 }, () => ({ value: crypto.randomUUID() }));
  const created = await c.post('/Groups', { schemas: [GROUP], displayName: 'Huge', members: ids });
  assertScimError(t, created, 400, 'invalidValue', '50,001 members in a POST');
  t.match(created.json().detail, /50000 members/);
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Batched' })).json().id;
  const half = ids.slice(0, 25_001);
  const patch = await c.patchOps(`/Groups/${g}`, [{ op: 'add', path: 'members', value: half }, { op: 'add', path: 'members', value: ids.slice(25_001) }]);
  assertScimError(t, patch, 400, 'invalidValue', 'two PATCH operations naming 50,001 members together');
});

t.test('/Schemas advertises every limit', async (t) => {
  const { app, token } = await buildTestApp(t);
  const { authorization } = await token();
  const user = (await scimClient(app, authorization).get(`/Schemas/${USER}`)).json();
  const attr = (name: string) => user.attributes.find((a: { name: string }) => a.name === name);
  t.match(attr('emails').description, /At most 100 values\./);
  t.match(attr('userName').description, /At most 512 characters\./);
  t.match(attr('title').description, /At most 4096 characters\./);
  t.match(attr('emails').subAttributes.find((s: { name: string }) => s.name === 'value').description, /At most 512 characters\./);
  const group = (await scimClient(app, authorization).get(`/Schemas/${GROUP}`)).json();
  t.match(group.attributes.find((a: { name: string }) => a.name === 'members').description, /At most 50000 members per request\./);
});
