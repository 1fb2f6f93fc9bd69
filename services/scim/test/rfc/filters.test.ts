// RFC 7644 §3.4.2.2 filters through GET and POST /.search: every operator, and/or/not with
// precedence, value paths, caseExact per attribute (userName false, externalId true).
import t from 'tap';
import { ENT, GROUP, USER } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

t.test('operators and logic', async (t) => {
  const { c } = await setup(t);
  const mk = async (userName: string, extra: Record<string, unknown>) => (await c.post('/Users', { schemas: [USER], userName, ...extra })).json();
  const ann = await mk('ann@example.com', { externalId: 'EXT-Ann', title: 'Engineer', name: { givenName: 'Ann', familyName: 'Archer' }, emails: [{ value: 'ann@work.com', type: 'work', primary: true }, { value: 'ann@home.org', type: 'home' }], active: true, [ENT]: { employeeNumber: '100', department: 'Eng' } });
  const bob = await mk('bob@example.com', { externalId: 'ext-bob', name: { givenName: 'Bob', familyName: 'Baker' }, emails: [{ value: 'bob@home.com', type: 'home' }], active: false });
  const cat = await mk('cat@other.net', { name: { givenName: 'Cat', familyName: 'Cole' }, title: 'Manager', active: true });
  const ids = (r: { json(): { Resources?: { id: string }[] } }) => (r.json().Resources ?? []).map((x) => x.id).sort();
  const check = async (filter: string, expected: { id: string }[]) => {
    const r = await c.get(`/Users?filter=${q(filter)}`);
    assertList(t, r, expected.length, filter);
    t.same(ids(r), expected.map((x) => x.id).sort(), `${filter} → the right users`);
  };
  await check('userName eq "ANN@example.com"', [ann]);
  await check('USERNAME EQ "ann@example.com"', [ann]);
  await check('externalId eq "EXT-Ann"', [ann]);
  await check('externalId eq "ext-ann"', []);
  await check('userName ne "ann@example.com"', [bob, cat]);
  await check('userName co "EXAMPLE"', [ann, bob]);
  await check('userName sw "b"', [bob]);
  await check('userName ew ".net"', [cat]);
  await check('title pr', [ann, cat]);
  await check('not (title pr)', [bob]);
  await check('active eq true', [ann, cat]);
  await check('active eq false', [bob]);
  await check('name.familyName gt "B"', [bob, cat]);
  await check('name.familyName ge "Baker"', [bob, cat]);
  await check('name.familyName lt "Baker"', [ann]);
  await check('name.familyName le "Baker"', [ann, bob]);
  await check('emails.value co "home"', [ann, bob]);
  await check('emails[type eq "work" and value co "@work.com"]', [ann]);
  await check('emails[type eq "home"] and active eq false', [bob]);
  await check('emails[type eq "work"].value eq "ann@work.com"', [ann]);
  await check('userName eq "ann@example.com" or userName eq "bob@example.com" and active eq true', [ann]);
  await check('(userName eq "ann@example.com" or userName eq "bob@example.com") and active eq false', [bob]);
  await check(`${ENT}:employeeNumber eq "100"`, [ann]);
  await check(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "cat@other.net"`, [cat]);
  await check('meta.created gt "2000-01-01T00:00:00Z"', [ann, bob, cat]);
  await check('meta.lastModified lt "2000-01-01T00:00:00Z"', []);
  await check(`id eq "${bob.id}"`, [bob]);
  await check('title eq null', [bob]);

  // POST /.search per type and at the root.
  const s = await c.post('/Users/.search', { schemas: [SEARCH], filter: 'userName sw "a"', attributes: ['userName'] });
  assertList(t, s, 1, 'POST /Users/.search');
  t.same(Object.keys(s.json().Resources[0]).sort(), ['id', 'meta', 'schemas', 'userName'].sort());
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Searchers', members: [{ value: ann.id }] })).json();
  assertList(t, await c.post('/Groups/.search', { schemas: [SEARCH], filter: 'displayName eq "searchers"' }), 1, 'POST /Groups/.search');
  const root = await c.post('/.search', { schemas: [SEARCH], filter: `id eq "${g.id}" or id eq "${ann.id}"` });
  assertList(t, root, 2, 'POST /.search at the root');
  t.same(ids(root), [g.id, ann.id].sort());
  const rootAll = assertList(t, await c.post('/.search', { schemas: [SEARCH], startIndex: 1, count: 2 }), 4, 'root search pages');
  t.equal(rootAll.itemsPerPage, 2);
  // Attributes one type lacks are unassigned in the other (RFC 7644 §3.4.2.2), not invalidFilter.
  const rootSearch = async (filter: string, want: string[], what: string) => {
    const res = await c.post('/.search', { schemas: [SEARCH], filter });
    assertList(t, res, want.length, what);
    t.same(ids(res), [...want].sort(), what);
  };
  await rootSearch('userName eq "ann@example.com"', [ann.id], 'root: User-only attribute');
  await rootSearch(`members.value eq "${ann.id}"`, [g.id], 'root: Group-only attribute');
  await rootSearch('not (userName pr)', [g.id], 'root: not over an absent attribute');
  await rootSearch('meta.resourceType eq "Group" or userName sw "bob"', [bob.id, g.id], 'root: mixed');
  await rootSearch(`userName eq "ann@example.com" or members.value eq "${ann.id}"`, [ann.id, g.id], 'root: one attribute of each type');
  await rootSearch('title eq null and members pr', [g.id], 'root: eq null over an absent attribute');
  assertScimError(t, await c.post('/.search', { schemas: [SEARCH], filter: 'nope eq "x"' }), 400, 'invalidFilter', 'root: an attribute neither type has');
  assertScimError(t, await c.post('/.search', { schemas: [SEARCH], filter: 'userName gt true' }), 400, 'invalidFilter', 'root: a type error is still an error');
  assertScimError(t, await c.post('/Users/.search', { filter: 'userName pr' }), 400, 'invalidSyntax', 'search without SearchRequest schema');
  assertScimError(t, await c.post('/Users/.search', { schemas: [SEARCH], filter: 'nope eq "x"' }), 400, 'invalidFilter', 'search with an unknown attribute');

  // Group filters.
  assertList(t, await c.get(`/Groups?filter=${q(`members.value eq "${ann.id}"`)}`), 1, 'groups by member');
  assertList(t, await c.get(`/Groups?filter=${q('displayName co "search"')}`), 1, 'group displayName co');
});

// Rows keep microseconds; meta renders milliseconds. A client that echoes a returned
// meta.lastModified/meta.created back (delta sync) compares against what it was shown.
t.test('meta timestamps compare at the rendered millisecond', async (t) => {
  const { c } = await setup(t);
  const users = [];
  for (const userName of ['ts1@example.com', 'ts2@example.com', 'ts3@example.com']) {
    users.push((await c.post('/Users', { schemas: [USER], userName })).json() as { id: string; meta: { created: string; lastModified: string } });
  }
  for (const u of users) {
    for (const [attr, at] of [['meta.lastModified', u.meta.lastModified], ['meta.created', u.meta.created]] as const) {
      const count = async (op: string) => {
        const r = await c.get(`/Users?filter=${q(`${attr} ${op} "${at}" and id eq "${u.id}"`)}`);
        return assertList(t, r, undefined, `${attr} ${op}`).totalResults as number;
      };
      t.same(
        { eq: await count('eq'), ne: await count('ne'), gt: await count('gt'), ge: await count('ge'), lt: await count('lt'), le: await count('le') },
        { eq: 1, ne: 0, gt: 0, ge: 1, lt: 0, le: 1 },
        `${attr} against the value GET returned (${at})`,
      );
    }
  }
});
