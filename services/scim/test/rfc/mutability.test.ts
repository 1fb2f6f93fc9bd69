// RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a
// required attribute or a read-only attribute, the server SHALL return … a 'scimType' error code
// of 'mutability'." Every required and readOnly attribute of User (core and enterprise
// extension) and Group, through `remove`, through `replace` with null or an empty value, by path
// and without one. RFC 7644 §3.5.1 (PUT) says something else: "If an attribute is 'required',
// clients MUST specify the attribute in the PUT request", and RFC 7644 §3.12 Table 9 names the
// error for "a required value was missing": invalidValue; readOnly input to PUT "SHALL be
// ignored". (docs/idp-quirks.md: Removing or unassigning a required or readOnly attribute.)
import t, { type Test } from 'tap';
import { ENT, GROUP, USER } from '../../../../test/helpers/scim.js';
import { assertScimError, setup } from '../conformance.js';

type Client = Awaited<ReturnType<typeof setup>>['c'];

/** The values that leave an attribute unassigned (RFC 7643 §2.5), and the empty string. */
function emptiesFor(path: string): unknown[] {
  if (/^groups(\[[^\]]*\])?$/i.test(path)) return [null, []];
  if (/^meta$/i.test(path)) return [null, {}];
  return [null, ''];
}

/**
 * Every path through remove and through replace with each unassigning value, then each value
 * through a path-less replace of `requiredName`: all 400 mutability.
 */
async function expectAllRefused(t: Test, c: Client, url: string, paths: string[], requiredName: string) {
  for (const path of paths) {
    await expectMutability(t, c, url, [{ op: 'remove', path }], `remove ${path}`);
    for (const value of emptiesFor(path)) {
      await expectMutability(t, c, url, [{ op: 'replace', path, value }], `replace ${path} with ${JSON.stringify(value)}`);
    }
  }
  // Path-less: the value's keys are the targets (RFC 7644 §3.5.2.3).
  for (const value of [null, '', '   ']) {
    await expectMutability(t, c, url, [{ op: 'replace', value: { [requiredName]: value } }], `path-less replace ${requiredName} ${JSON.stringify(value)}`);
  }
}

/** Each case must fail with 400 mutability and leave the resource exactly as it was. */
async function expectMutability(t: Test, c: Client, url: string, ops: unknown[], what: string) {
  const before = (await c.get(url)).json();
  assertScimError(t, await c.patchOps(url, ops), 400, 'mutability', what);
  const after = (await c.get(url)).json();
  t.same(after, before, `${what}: nothing changed (same version, same representation)`);
}

t.test('User: PATCH that removes or unassigns a required or readOnly attribute ⇒ 400 mutability', async (t) => {
  const { c } = await setup(t);
  const mgr = (await c.post('/Users', { schemas: [USER], userName: 'boss@example.com', displayName: 'Boss' })).json();
  const u = (await c.post('/Users', {
    schemas: [USER, ENT], userName: 'mut@example.com', displayName: 'Mut', emails: [{ value: 'mut@example.com', type: 'work', primary: true }],
    [ENT]: { department: 'Eng', manager: { value: mgr.id } },
  })).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Mutables', members: [{ value: u.id }] })).json();
  const url = `/Users/${u.id}`;
  t.ok((await c.get(url)).json().groups?.length, 'the user has a group, so readOnly groups has a value');

  const required = ['userName', 'USERNAME', `${USER}:userName`];
  const readOnly = [
    'id', 'meta', 'meta.created', 'meta.lastModified', 'meta.location', 'meta.version', 'meta.resourceType',
    'groups', 'groups.value', 'groups.display', 'groups.type', 'groups.$ref', `groups[value eq "${g.id}"]`, `groups[value eq "${g.id}"].display`,
    `${ENT}:manager.displayName`,
  ];
  await expectAllRefused(t, c, url, [...required, ...readOnly], 'userName');
  await expectMutability(t, c, url, [{ op: 'Replace', path: 'userName', value: '' }, { op: 'replace', path: 'displayName', value: 'Half' }], 'all or nothing: a later op is not applied either');
  await expectMutability(t, c, url, [{ op: 'replace', path: 'displayName', value: 'Half' }, { op: 'remove', path: 'userName' }], 'all or nothing: an earlier op is not applied either');

  // Path-less readOnly keys are ignored, not refused: Okta's group rename carries `id`
  // (docs/idp-quirks.md: Removing or unassigning a required or readOnly attribute).
  const before = (await c.get(url)).json();
  const ignored = await c.patchOps(url, [{ op: 'replace', value: { id: null, meta: null, groups: [] } }]);
  t.equal(ignored.statusCode, 200, ignored.body);
  t.same(ignored.json(), before, 'path-less readOnly keys ignored: nothing changed');

  // Attributes that are neither required nor readOnly can be removed and unassigned.
  for (const op of [
    { op: 'remove', path: 'displayName' }, { op: 'replace', path: 'externalId', value: null },
    { op: 'remove', path: `${ENT}:manager` }, { op: 'replace', path: `${ENT}:department`, value: '' },
  ]) {
    const r = await c.patchOps(url, [op]);
    t.equal(r.statusCode, 200, `${op.op} ${op.path}: ${r.body}`);
  }
});

t.test('Group: PATCH that removes or unassigns a required or readOnly attribute ⇒ 400 mutability', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER], userName: 'member@example.com', displayName: 'Member' })).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Required Name', members: [{ value: u.id }] })).json();
  const url = `/Groups/${g.id}`;
  const required = ['displayName', 'DISPLAYNAME', `${GROUP}:displayName`];
  const readOnly = ['id', 'meta', 'meta.created', 'meta.lastModified', 'meta.location', 'meta.version', 'meta.resourceType', 'members.display', `members[value eq "${u.id}"].display`];
  await expectAllRefused(t, c, url, [...required, ...readOnly], 'displayName');
  // Okta's rename carries the readOnly id: ignored (docs/idp-quirks.md).
  const renamed = await c.patchOps(url, [{ op: 'replace', value: { id: g.id, displayName: 'Renamed' } }]);
  t.equal(renamed.statusCode, 204, renamed.body);
  t.equal((await c.get(url)).json().displayName, 'Renamed');
});

t.test('PUT: a missing required attribute is invalidValue (RFC 7644 §3.5.1, §3.12); readOnly input is ignored', async (t) => {
  const { c } = await setup(t);
  const u = (await c.post('/Users', { schemas: [USER], userName: 'put-req@example.com', displayName: 'Put Req' })).json();
  const g = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Put Required', members: [{ value: u.id }] })).json();
  const userUrl = `/Users/${u.id}`;
  const groupUrl = `/Groups/${g.id}`;
  const userBefore = (await c.get(userUrl)).json();
  const groupBefore = (await c.get(groupUrl)).json();
  for (const [what, body] of [
    ['omitted', {}], ['null', { userName: null }], ['empty', { userName: '' }], ['blank', { userName: '  ' }],
  ] as const) {
    assertScimError(t, await c.put(userUrl, { schemas: [USER], displayName: 'Put Req', ...body }), 400, 'invalidValue', `PUT User with userName ${what}`);
  }
  for (const [what, body] of [['omitted', {}], ['null', { displayName: null }], ['empty', { displayName: '' }]] as const) {
    assertScimError(t, await c.put(groupUrl, { schemas: [GROUP], members: [{ value: u.id }], ...body }), 400, 'invalidValue', `PUT Group with displayName ${what}`);
  }
  t.same((await c.get(userUrl)).json(), userBefore, 'failed user PUTs changed nothing');
  t.same((await c.get(groupUrl)).json(), groupBefore, 'failed group PUTs changed nothing');

  // readOnly attributes omitted from, or given differently in, a PUT are not cleared or changed.
  const omitted = await c.put(userUrl, { schemas: [USER], userName: 'put-req@example.com', displayName: 'Put Req' });
  t.equal(omitted.statusCode, 200, omitted.body);
  t.same(omitted.json(), userBefore, 'PUT without id, meta and groups: the same resource (groups kept, no new version)');
  const other = await c.put(userUrl, { schemas: [USER], id: g.id, userName: 'put-req@example.com', displayName: 'Put Req', groups: [], meta: { version: 'W/"1"' } });
  t.equal(other.statusCode, 200, other.body);
  t.same(other.json(), userBefore, 'readOnly values in a PUT are ignored');
});
