// Bodies copied from what Okta and Entra send (docs/idp-quirks.md, "Okta" and "Microsoft Entra ID").
import t from 'tap';
import { baseUser, ENT, patchUser, scimTypeOf } from './patch-helpers.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

const user = baseUser();

t.test('IdP traffic', async (t) => {
  const cases: { name: string; ops: unknown[]; check: (r: { doc: JsonObject; password?: string }) => unknown; want: unknown }[] = [
    { name: 'Okta deactivate: path-less {"active": false}', ops: [{ op: 'replace', value: { active: false } }],
      check: (r) => r.doc.active, want: false },
    { name: 'Okta password sync: path-less {"password"}', ops: [{ op: 'replace', value: { password: 'n3wP4ss' } }],
      check: (r) => [r.password, 'password' in r.doc], want: ['n3wP4ss', false] },
    { name: 'password by path', ops: [{ op: 'replace', path: 'password', value: 'p' }], check: (r) => r.password, want: 'p' },
    { name: 'Okta: path-less value with readOnly id and meta is accepted',
      ops: [{ op: 'replace', value: { id: 'abf4dd94', meta: { resourceType: 'User' }, groups: [], displayName: 'New' } }],
      check: (r) => [r.doc.displayName, 'id' in r.doc], want: ['New', false] },
    { name: 'Entra default: Replace active "False"', ops: [{ op: 'Replace', path: 'active', value: 'False' }], check: (r) => r.doc.active, want: false },
    { name: 'Entra default: Replace active "True"', ops: [{ op: 'Replace', path: 'active', value: 'True' }], check: (r) => r.doc.active, want: true },
    { name: 'Entra default: one Replace per attribute', ops: [
      { op: 'Replace', path: 'displayName', value: 'Bjfe' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'w@x.y' },
      { op: 'Replace', path: 'name.givenName', value: 'Kkom' },
      { op: 'Replace', path: 'externalId', value: 'ext-1' },
      { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Aklq' }],
      check: (r) => [r.doc.displayName, (r.doc.emails as JsonObject[])[0].value, (r.doc.name as JsonObject).givenName, r.doc.externalId, r.doc[ENT]],
      want: ['Bjfe', 'w@x.y', 'Kkom', 'ext-1', { employeeNumber: 'Aklq' }] },
    { name: 'Entra aadOptscim062020: path-less dotted and URN-qualified keys', ops: [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.y' },
      { op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENT}:employeeNumber`]: 'Aklq' } }],
      check: (r) => [r.doc.displayName, r.doc.name, r.doc[ENT], r.doc.schemas],
      want: ['Bjfe', { familyName: 'Unua', givenName: 'Kkom' }, { employeeNumber: 'Aklq' }, [URN.user, ENT]] },
    { name: 'Entra validator: Add emails[type eq "work"].value on a user without one (SCIM-SDK#416)',
      ops: [{ op: 'add', path: 'emails[type eq "work"].value', value: 'w@x.y' }],
      check: (r) => r.doc.emails, want: [{ value: 'w@x.y', type: 'work' }] },
    { name: 'Entra: add manager as plain string (SCIM-SDK#686)', ops: [{ op: 'add', path: `${ENT}:manager`, value: '2c2f6fb8-aaaa' }],
      check: (r) => r.doc[ENT], want: { manager: { value: '2c2f6fb8-aaaa' } } },
    { name: 'Entra: add single string', ops: [{ op: 'Add', path: 'nickName', value: 'Babs' }], check: (r) => r.doc.nickName, want: 'Babs' },
    { name: 'attribute paths are case-insensitive (Microsoft reference tests)', ops: [{ op: 'replace', path: 'DisplayName', value: 'D' },
      { op: 'replace', path: 'NAME.FAMILYNAME', value: 'F' }, { op: 'replace', path: `${ENT.toUpperCase().replace('URN:', 'urn:')}:Department`, value: 'X' }],
      check: (r) => [r.doc.displayName, (r.doc.name as JsonObject).familyName, r.doc[ENT]], want: ['D', 'F', { department: 'X' }] },
  ];
  for (const c of cases) {
    const src = c.name.startsWith('Okta') || c.name.startsWith('Entra') ? user : baseUser();
    if (c.name.includes('without one')) delete src.emails;
    t.same(c.check(patchUser(src, c.ops)), c.want, c.name);
  }
  t.equal(patchUser(user, [{ op: 'replace', value: { password: 'x' } }]).changed, false, 'password alone does not change the doc');
});

t.test('request envelope (RFC 7644 §3.5.2)', async (t) => {
  const ok = { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: false }] };
  t.same(parsePatchRequest(ok)[0].op, 'replace');
  t.same(parsePatchRequest({ ...ok, operations: ok.Operations, Operations: undefined })[0].op, 'replace', 'member names case-insensitive');
  const cases: [string, unknown, string][] = [
    ['not an object', [], 'invalidSyntax'],
    ['missing schemas', { Operations: ok.Operations }, 'invalidSyntax'],
    ['wrong schema', { schemas: [URN.user], Operations: ok.Operations }, 'invalidSyntax'],
    ['empty Operations', { schemas: [URN.patchOp], Operations: [] }, 'invalidSyntax'],
    ['too many operations', { schemas: [URN.patchOp], Operations: Array(1001).fill(ok.Operations[0]) }, 'invalidSyntax'],
    ['path not a string', { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 5, value: 1 }] }, 'invalidPath'],
    ['garbage path', { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'a b c', value: 1 }] }, 'invalidPath'],
    ['bad filter in path', { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'emails[type zz "w"]', value: 1 }] }, 'invalidPath'],
    ['junk after ]', { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'emails[type eq "w"]x', value: 1 }] }, 'invalidPath'],
  ];
  for (const [name, body, want] of cases) t.equal(scimTypeOf(() => parsePatchRequest(body)), want, name);
  t.equal(scimTypeOf(() => patchUser(user, [{ op: 'replace', path: 'id', value: 'x' }])), 'mutability', 'changing id by path');
  t.equal(scimTypeOf(() => patchUser(user, [{ op: 'remove', path: 'id' }])), 'mutability', 'removing id');
});
