// Cases for survivors of the PATCH mutation run (docs/testing.md) that the other patch tests
// left open: each fails on one mutant named in the comment.
import t from 'tap';
import { baseUser, errorOf, patchUser } from './patch-helpers.js';
import { parsePatchPath, parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { URN, type JsonObject } from '../../src/scim/core/types.js';

const user = baseUser();

t.test('add of null to a required attribute adds nothing (add.ts passes "add" to checkMutability)', async (t) => {
  const r = patchUser(user, [{ op: 'add', path: 'userName', value: null }]);
  t.strictSame([r.doc.userName, r.changed], ['bjensen@example.com', false]);
});

t.test('a URN that names no schema is not dropped (target.ts keeps path.urn)', async (t) => {
  t.equal(errorOf(() => patchUser(user, [{ op: 'add', path: 'urn:example:nickName', value: 'x' }])),
    'invalidPath: Unknown attribute "urn:example:nickName" for resource type User');
});

t.test('after "]" only ".name" may follow (parse.ts checks the dot)', async (t) => {
  t.equal(errorOf(() => parsePatchPath('emails[type eq "w"]xvalue')), 'invalidPath: Malformed path \'emails[type eq "w"]xvalue\'');
});

t.test('an operation member spelled exactly wins over another spelling (parse.ts field())', async (t) => {
  const [op] = parsePatchRequest({ schemas: [URN.patchOp], Operations: [{ OP: 'remove', op: 'add', path: 'title', value: 'T' }] });
  t.equal(op.op, 'add');
});

t.test('a stored document with two primaries: an add keeps the last one (match.ts keepOnePrimary)', async (t) => {
  const doc: JsonObject = { ...user, emails: [{ value: 'a@x.y', primary: true }, { value: 'b@x.y', primary: true }] };
  t.strictSame(patchUser(doc, [{ op: 'add', path: 'emails', value: [{ value: 'c@x.y' }] }]).doc.emails,
    [{ value: 'a@x.y' }, { value: 'b@x.y', primary: true }, { value: 'c@x.y' }]);
});

t.test('an operation member named "undefined" is not any field (parse.ts field())', async (t) => {
  // field() returns undefined when no spelling matches; reading obj[undefined] instead would
  // take this member as the value.
  const [op] = parsePatchRequest({ schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'title', undefined: 'T' }] });
  t.equal(op.value, undefined);
});
