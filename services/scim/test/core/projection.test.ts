import t from 'tap';
import { parseAttributeList, projectResource, wantsAttribute } from '../../src/scim/core/projection.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

const ENT = URN.enterpriseUser;
const user: JsonObject = {
  schemas: [URN.user, ENT], id: 'u1', externalId: 'e1', userName: 'bjensen',
  name: { familyName: 'Jensen', givenName: 'Barbara' }, active: true,
  emails: [{ value: 'w@x.y', type: 'work', primary: true }, { value: 'h@x.y', type: 'home' }],
  [ENT]: { department: 'Sales', employeeNumber: '7' },
  meta: { resourceType: 'User', version: 'W/"1"' }, password: 'never-returned',
};
const group: JsonObject = { schemas: [URN.group], id: 'g1', displayName: 'G', members: [{ value: 'u1' }], meta: { resourceType: 'Group' } };

t.test('parseAttributeList', async (t) => {
  t.same(parseAttributeList(undefined), []);
  t.same(parseAttributeList(''), []);
  t.same(parseAttributeList('userName, emails.value ,'), ['userName', 'emails.value']);
});

t.test('projectResource (RFC 7644 §3.4.2.5)', async (t) => {
  const cases: [string, { attributes?: string[]; excludedAttributes?: string[] }, JsonObject][] = [
    ['default drops returned:never', {}, (({ password: _p, ...rest }) => rest)(user)],
    ['attributes keeps always (id, schemas) and meta', { attributes: ['userName'] },
      { schemas: [URN.user], id: 'u1', userName: 'bjensen', meta: user.meta as JsonObject }],
    ['sub-attribute selection, case-insensitive', { attributes: ['Name.GivenName', 'emails.value'] },
      { schemas: [URN.user], id: 'u1', name: { givenName: 'Barbara' }, emails: [{ value: 'w@x.y' }, { value: 'h@x.y' }], meta: user.meta as JsonObject }],
    ['URN-qualified attribute', { attributes: [`${ENT}:department`] },
      { schemas: [URN.user, ENT], id: 'u1', [ENT]: { department: 'Sales' }, meta: user.meta as JsonObject }],
    ['whole extension', { attributes: [ENT] },
      { schemas: [URN.user, ENT], id: 'u1', [ENT]: user[ENT] as JsonObject, meta: user.meta as JsonObject }],
    ['emails[type eq "work"] is treated as emails (Microsoft reference tests)', { attributes: ['userName', 'emails[type eq "work"]'] },
      { schemas: [URN.user], id: 'u1', userName: 'bjensen', emails: user.emails as JsonObject[], meta: user.meta as JsonObject }],
    ['attributes wins over excludedAttributes', { attributes: ['userName'], excludedAttributes: ['userName'] },
      { schemas: [URN.user], id: 'u1', userName: 'bjensen', meta: user.meta as JsonObject }],
  ];
  for (const [name, opts, want] of cases) t.same(projectResource(user, 'User', opts), want, name);

  const ex = projectResource(user, 'User', { excludedAttributes: ['emails', 'id', 'name.givenName', `${ENT}:department`, 'meta'] });
  t.notOk('emails' in ex, 'excluded');
  t.equal(ex.id, 'u1', 'id cannot be excluded (returned: always)');
  t.same(ex.name, { familyName: 'Jensen' }, 'excluded sub-attribute');
  t.same(ex[ENT], { employeeNumber: '7' });
  t.notOk('meta' in ex);
  t.notOk('password' in ex);
  t.same(projectResource(user, 'User', { excludedAttributes: [ENT] }).schemas, [URN.user], 'excluded extension leaves schemas');
  t.same(projectResource(group, 'Group', { excludedAttributes: ['members'] }), { schemas: [URN.group], id: 'g1', displayName: 'G', meta: group.meta });
  t.same(projectResource(user, 'User', { attributes: ['bogus'] }), { schemas: [URN.user], id: 'u1', meta: user.meta }, 'unknown names select nothing');
});

t.test('default projection: a rendered resource comes back whole; anything it would change is still changed', async (t) => {
  const { password: _p, ...rendered } = user;
  t.equal(projectResource(rendered, 'User', {}), rendered, 'nothing to drop: the same object, not a copy');
  t.equal(projectResource(group, 'Group', { excludedAttributes: [] }), group);
  const cases: [string, JsonObject, JsonObject][] = [
    ['returned:never at any key case', { ...rendered, PassWord: 'x' }, rendered],
    ['extension under a non-canonical URN case is renamed', { schemas: [URN.user, ENT], id: 'u1', [ENT.toUpperCase()]: { department: 'S' } },
      { schemas: [URN.user, ENT], id: 'u1', [ENT]: { department: 'S' } }],
    ['an empty extension disappears, with its schema URN', { schemas: [URN.user, ENT], id: 'u1', [ENT]: {} }, { schemas: [URN.user], id: 'u1' }],
    ['a schema URN without data is dropped', { schemas: [URN.user, ENT], id: 'u1' }, { schemas: [URN.user], id: 'u1' }],
    ['a non-object extension value is dropped', { schemas: [URN.user], id: 'u1', [ENT]: 'x' }, { schemas: [URN.user], id: 'u1' }],
  ];
  for (const [name, input, want] of cases) {
    const out = projectResource(input, 'User', {});
    t.same(out, want, name);
    t.not(out, input, `${name}: a new object`);
  }
});

t.test('wantsAttribute', async (t) => {
  t.equal(wantsAttribute('Group', {}, 'members'), true);
  t.equal(wantsAttribute('Group', { excludedAttributes: ['members'] }, 'members'), false, 'Entra excludedAttributes=members');
  t.equal(wantsAttribute('Group', { excludedAttributes: ['Members'] }, 'members'), false);
  t.equal(wantsAttribute('Group', { excludedAttributes: ['members.display'] }, 'members'), true);
  t.equal(wantsAttribute('Group', { attributes: ['displayName'] }, 'members'), false);
  t.equal(wantsAttribute('Group', { attributes: ['members.value'] }, 'members'), true);
  t.equal(wantsAttribute('Group', { attributes: ['displayName'] }, 'id'), true);
  t.equal(wantsAttribute('User', {}, 'password'), false);
});

t.test('projection edge cases', async (t) => {
  const extra: JsonObject = { schemas: [URN.user, 'urn:x:y', 7], id: 'u1', userName: 'b', 'x-vendor': 1, emails: ['odd', { value: 'w@x.y', type: 'work' }] };
  const whole = { ...extra, schemas: [URN.user, 7] };
  t.equal(projectResource(whole, 'User', {}), whole, 'non-string schemas entries and keys outside the schema keep the resource whole');
  t.strictSame(projectResource(extra, 'User', {}), whole, 'an URN without data goes');
  t.strictSame(projectResource(extra, 'User', { excludedAttributes: ['userName'] }),
    { schemas: [URN.user, 7], id: 'u1', 'x-vendor': 1, emails: extra.emails }, 'unknown keys stay without attributes; an URN without data goes');
  t.strictSame(projectResource(extra, 'User', { attributes: ['emails.type'] }),
    { schemas: [URN.user, 7], id: 'u1', emails: ['odd', { type: 'work' }] }, 'unknown keys go with attributes; non-object elements kept');
  t.strictSame(projectResource(extra, 'User', { excludedAttributes: ['emails.type'] }),
    { schemas: [URN.user, 7], id: 'u1', userName: 'b', 'x-vendor': 1, emails: ['odd', { value: 'w@x.y' }] });
  t.strictSame(projectResource({ schemas: [URN.user], id: 'u1', emails: [{ value: 'a', shoe: 1 }] }, 'User', { attributes: ['emails.value'] }),
    { schemas: [URN.user], id: 'u1', emails: [{ value: 'a' }] }, 'with attributes, unknown sub-attributes go');
  t.strictSame(projectResource({ schemas: [URN.user], id: 'u1', emails: [{ value: 'a', shoe: 1 }] }, 'User', { excludedAttributes: ['emails.value'] }),
    { schemas: [URN.user], id: 'u1', emails: [{ shoe: 1 }] }, 'with excludedAttributes, unknown sub-attributes stay');
  t.strictSame(projectResource(user, 'User', { attributes: ['emails [type eq "work"]', 'a.b.c', 'foo:bar', '', 'name.nope'] }),
    { schemas: [URN.user], id: 'u1', emails: user.emails, meta: user.meta }, 'a space before the filter; malformed names select nothing');
  t.strictSame(projectResource(user, 'User', { attributes: [ENT.toLowerCase()] }),
    { schemas: [URN.user, ENT], id: 'u1', [ENT]: user[ENT], meta: user.meta }, 'extension URN case-insensitive');
  t.strictSame(projectResource(user, 'User', { attributes: ['department'] }),
    { schemas: [URN.user, ENT], id: 'u1', [ENT]: { department: 'Sales' }, meta: user.meta }, 'an unqualified extension attribute');
  t.strictSame(projectResource(user, 'User', { excludedAttributes: ['department', 'employeeNumber'] })[ENT], undefined, 'an extension emptied by exclusion goes');
  t.strictSame(projectResource(user, 'User', { excludedAttributes: ['department', 'employeeNumber'] }).schemas, [URN.user]);
  t.strictSame(projectResource({ schemas: [URN.user], id: 'u1', [ENT]: { department: 'S' } }, 'User', { excludedAttributes: ['title'] }),
    { schemas: [URN.user], id: 'u1', [ENT]: { department: 'S' } }, 'data under an URN schemas does not list is kept');
  t.strictSame(projectResource({ id: 'g', displayName: 'G', members: [] }, 'Group', { attributes: ['displayName'] }), { id: 'g', displayName: 'G' }, 'no schemas key');
  t.strictSame(projectResource({ schemas: 'x', id: 'g' }, 'Group', { attributes: ['id'] }), { schemas: 'x', id: 'g' }, 'a non-array schemas is copied');
  for (const odd of [{ id: 'g', displayName: 'G' }, { schemas: 'x', id: 'g' }]) t.equal(projectResource(odd, 'Group', {}), odd, 'no schemas array: kept whole');
  const hiddenExt = { schemas: [URN.user, ENT], id: 'u1', [ENT]: { department: 'S', manager: { value: 'm', displayName: 'M' } } };
  t.equal(projectResource(hiddenExt, 'User', {}), hiddenExt, 'nothing hidden in the extension');
  t.strictSame(projectResource({ schemas: [URN.user], id: 'u1', meta: { version: 'v' } }, 'User', { attributes: ['meta.version'] }),
    { schemas: [URN.user], id: 'u1', meta: { version: 'v' } });
});

t.test('wantsAttribute: extensions, unknown names, sub-attribute selections', async (t) => {
  const cases: [string, { attributes?: string[]; excludedAttributes?: string[] }, string, boolean][] = [
    ['unknown name', {}, 'bogus', false],
    ['unknown sub-attribute', {}, 'name.bogus', false],
    ['default', {}, 'department', true],
    ['whole extension requested', { attributes: [ENT] }, 'department', true],
    ['another extension attribute requested', { attributes: [`${ENT}:division`] }, 'department', false],
    ['a core attribute of the same name is not the extension one', { attributes: ['userName'] }, `${ENT}:department`, false],
    ['qualified request', { attributes: [`${ENT}:department`] }, 'department', true],
    ['extension excluded', { excludedAttributes: [ENT] }, 'department', false],
    ['another attribute excluded', { excludedAttributes: ['userName'] }, 'department', true],
    ['a core attribute excluded is not the extension one', { excludedAttributes: ['displayName'] }, 'userName', true],
    ['sub-attribute excluded', { excludedAttributes: ['name.givenName'] }, 'name', true],
    ['excluded', { excludedAttributes: ['name'] }, 'name', false],
    ['excluded, asked by sub-attribute', { excludedAttributes: ['name'] }, 'name.givenName', false],
    ['always, even excluded', { excludedAttributes: ['id'] }, 'id', true],
    ['never, even requested', { attributes: ['password'] }, 'password', false],
    ['empty attributes list: default set', { attributes: [], excludedAttributes: ['members'] }, 'members', false],
  ];
  for (const [name, opts, attr, want] of cases) t.equal(wantsAttribute(name.includes('members') ? 'Group' : 'User', opts, attr), want, name);
});

t.test('an extension key in another case is renamed to its schema URN, even with nothing to drop', async (t) => {
  const upper = ENT.toUpperCase();
  // schemas names the key as sent, so only the key's own spelling tells it apart.
  const doc: JsonObject = { schemas: [URN.user, upper], id: 'u1', userName: 'u', [upper]: { department: 'D' } };
  const out = projectResource(doc, 'User', {});
  t.strictSame(out[ENT], { department: 'D' });
  t.notOk(upper in out, 'the key as sent is gone');
});

t.test('wantsAttribute: attributes=<extension URN> selects only that extension', async (t) => {
  t.equal(wantsAttribute('User', { attributes: [ENT] }, 'groups'), false);
  t.equal(wantsAttribute('User', { attributes: [ENT] }, `${ENT}:department`), true);
  t.equal(wantsAttribute('User', { attributes: [`${URN.user}:groups`] }, 'groups'), true);
});
