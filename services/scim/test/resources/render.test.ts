// Stored rows → SCIM representations (resources/render.ts), table-driven: the one place every
// surface (SCIM responses, outbox events, the admin API) renders users and groups through.
import t from 'tap';
import { etag, groupLocation, memberRef, renderGroup, renderUser, userLocation } from '../../src/scim/resources/render.js';

const BASE = 'https://scim.test';
const ID = '0b5c8a4e-2d0f-4c55-9f1e-6f5b1a9c2e11';
const GID = '7d1e0c3b-8a6f-4f2e-b9a1-3c5d7e9f1a2b';
const at = (s: string) => new Date(s);
const row = (doc: object, version = 3) => ({ id: ID, doc, version, created_at: at('2026-01-02T03:04:05.678Z'), updated_at: at('2026-02-03T04:05:06.789Z') });
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

t.test('etag and locations', async (t) => {
  t.equal(etag(7), 'W/"7"');
  t.equal(userLocation(BASE, ID), `${BASE}/scim/v2/Users/${ID}`);
  t.equal(groupLocation(BASE, GID), `${BASE}/scim/v2/Groups/${GID}`);
});

t.test('renderUser', async (t) => {
  const meta = {
    resourceType: 'User', created: '2026-01-02T03:04:05.678Z', lastModified: '2026-02-03T04:05:06.789Z',
    location: `${BASE}/scim/v2/Users/${ID}`, version: 'W/"3"',
  };
  const cases: [string, object, Parameters<typeof renderUser>[2], object][] = [
    ['a core user: the core schema, the document, meta', { userName: 'a' }, undefined, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: ID, userName: 'a', meta }],
    ['with the enterprise extension: both schemas', { userName: 'a', [ENT]: { department: 'R&D' } }, undefined,
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT], id: ID, userName: 'a', [ENT]: { department: 'R&D' }, meta }],
    ['no groups loaded or none: no groups attribute (RFC 7643 §2.5)', { userName: 'a' }, [], { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: ID, userName: 'a', meta }],
    ['groups: value, $ref, display when known, type direct', { userName: 'a' }, [{ value: GID, display: 'Eng' }, { value: ID, display: null }], {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: ID, userName: 'a',
      groups: [
        { value: GID, $ref: `${BASE}/scim/v2/Groups/${GID}`, display: 'Eng', type: 'direct' },
        { value: ID, $ref: `${BASE}/scim/v2/Groups/${ID}`, type: 'direct' },
      ],
      meta,
    }],
  ];
  for (const [name, doc, groups, want] of cases) t.strictSame(JSON.parse(JSON.stringify(renderUser(row(doc), BASE, groups))), want, name);
});

t.test('renderGroup: the core schema, the document, meta; members are rendered apart', async (t) => {
  t.strictSame(renderGroup({ ...row({ displayName: 'Eng' }, 9), id: GID }, BASE), {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: GID, displayName: 'Eng',
    meta: { resourceType: 'Group', created: '2026-01-02T03:04:05.678Z', lastModified: '2026-02-03T04:05:06.789Z', location: `${BASE}/scim/v2/Groups/${GID}`, version: 'W/"9"' },
  });
});

t.test('memberRef: a user or a group, display only when there is one', async (t) => {
  const cases: [Parameters<typeof memberRef>[1], object][] = [
    [{ member_id: ID, member_type: 'User', display: 'Ada' }, { value: ID, $ref: `${BASE}/scim/v2/Users/${ID}`, type: 'User', display: 'Ada' }],
    [{ member_id: GID, member_type: 'Group', display: 'Eng' }, { value: GID, $ref: `${BASE}/scim/v2/Groups/${GID}`, type: 'Group', display: 'Eng' }],
    [{ member_id: ID, member_type: 'User', display: null }, { value: ID, $ref: `${BASE}/scim/v2/Users/${ID}`, type: 'User' }],
    [{ member_id: ID, member_type: 'User', display: '' }, { value: ID, $ref: `${BASE}/scim/v2/Users/${ID}`, type: 'User' }],
  ];
  for (const [m, want] of cases) t.strictSame(memberRef(BASE, m), want, `${m.member_type} ${JSON.stringify(m.display)}`);
});
