// RFC 7644 §4 / RFC 7643 §5–7: ServiceProviderConfig, ResourceTypes and Schemas; the media type
// and Location/ETag headers every response carries (RFC 7644 §3.1, §3.3, §8.1).
import t from 'tap';
import { ENT, GROUP, LIST, USER, newUser } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

t.test('discovery endpoints', async (t) => {
  const { c } = await setup(t);
  const spc = await c.get('/ServiceProviderConfig');
  t.equal(spc.statusCode, 200);
  t.match(spc.headers['content-type'], /^application\/scim\+json/);
  const s = spc.json();
  t.ok(s.schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'));
  t.equal(typeof s.patch?.supported, 'boolean', 'patch');
  t.equal(typeof s.bulk?.supported, 'boolean', 'bulk');
  t.ok(Number.isInteger(s.bulk?.maxOperations) && Number.isInteger(s.bulk?.maxPayloadSize), 'bulk limits');
  t.equal(typeof s.filter?.supported, 'boolean', 'filter');
  t.ok(Number.isInteger(s.filter?.maxResults), 'filter.maxResults');
  t.equal(typeof s.changePassword?.supported, 'boolean', 'changePassword');
  t.equal(typeof s.sort?.supported, 'boolean', 'sort');
  t.equal(typeof s.etag?.supported, 'boolean', 'etag');
  t.ok(Array.isArray(s.authenticationSchemes) && s.authenticationSchemes.length > 0, 'authenticationSchemes');
  t.match(s.authenticationSchemes[0], { type: String, name: String, description: String });

  const rts = assertList(t, await c.get('/ResourceTypes'), 2, 'ResourceTypes');
  const user = rts.Resources.find((r: { id: string }) => r.id === 'User');
  t.match(user, { endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENT, required: false }] });
  t.match(rts.Resources.find((r: { id: string }) => r.id === 'Group'), { endpoint: '/Groups', schema: GROUP });
  const one = await c.get('/ResourceTypes/User');
  t.equal(one.statusCode, 200);
  t.notOk(one.json().schemas.includes(LIST), 'a single ResourceType, not a list');
  t.equal(one.json().id, 'User');

  const schemas = assertList(t, await c.get('/Schemas'), undefined, 'Schemas');
  for (const urn of [USER, GROUP, ENT]) t.ok(schemas.Resources.some((r: { id: string }) => r.id === urn), `Schemas lists ${urn}`);
  const us = await c.get(`/Schemas/${USER}`);
  t.equal(us.statusCode, 200);
  t.equal(us.json().id, USER);
  const userName = us.json().attributes.find((a: { name: string }) => a.name === 'userName');
  t.match(userName, { type: 'string', required: true, caseExact: false, uniqueness: 'server' }, 'userName characteristics');
  const password = us.json().attributes.find((a: { name: string }) => a.name === 'password');
  t.match(password, { mutability: 'writeOnly', returned: 'never' });
  t.equal((await c.get(`/Schemas/${ENT}`)).json().id, ENT);
});

t.test('media type, Location and ETag on writes', async (t) => {
  const { c } = await setup(t);
  const created = await c.post('/Users', newUser('headers@example.com'));
  t.equal(created.statusCode, 201);
  t.match(created.headers['content-type'], /^application\/scim\+json/);
  t.equal(created.headers.location, created.json().meta.location, 'Location = meta.location');
  t.equal(created.headers.etag, created.json().meta.version, 'ETag = meta.version');
  t.match(created.headers.etag, /^W\/"/, 'weak ETag');
  t.match(created.json().meta, { resourceType: 'User', created: String, lastModified: String });
  t.ok(!Number.isNaN(Date.parse(created.json().meta.created)), 'meta.created is a DateTime');
  const g = await c.post('/Groups', { schemas: [GROUP], displayName: 'Headers' });
  t.equal(g.headers.location, g.json().meta.location, 'group Location = meta.location');
  t.equal(g.headers.etag, g.json().meta.version);
  t.match(g.headers['content-type'], /^application\/scim\+json/);
  for (const url of ['/Users', `/Users/${created.json().id}`, '/Groups', `/Groups/${g.json().id}`, '/Schemas', '/ResourceTypes']) {
    t.match((await c.get(url)).headers['content-type'], /^application\/scim\+json/, `${url} is application/scim+json`);
  }
  const read = await c.get(`/Users/${created.json().id}`);
  t.equal(read.headers.etag, read.json().meta.version, 'GET ETag = meta.version');
  // Client-sent meta is ignored (readOnly).
  const withMeta = await c.post('/Users', newUser('meta@example.com', { meta: { created: '2001-01-01T00:00:00Z', version: 'W/"x"', location: 'https://evil.example/' } }));
  t.equal(withMeta.statusCode, 201);
  t.not(withMeta.json().meta.created, '2001-01-01T00:00:00Z');
  t.match(withMeta.json().meta.location, /^https:\/\/scim\.test\/scim\/v2\/Users\//);
});

t.test('discovery is not filterable (403) and /Me is not offered (501)', async (t) => {
  const { c } = await setup(t);
  for (const url of ['/Schemas', '/ResourceTypes', '/ServiceProviderConfig', `/Schemas/${USER}`]) {
    assertScimError(t, await c.get(`${url}?filter=${q('id eq "x"')}`), 403, undefined, `${url} with a filter`);
    t.equal((await c.get(url)).statusCode, 200, `${url} without one`);
  }
  for (const [method, url] of [['GET', '/Me'], ['PATCH', '/Me'], ['DELETE', '/Me'], ['GET', '/Me/x']] as const) {
    assertScimError(t, await c.call(method, url, method === 'PATCH' ? { schemas: [] } : undefined), 501, undefined, `${method} ${url}`);
  }
});
