// target.ts: a parsed PATCH path resolved against the schema (RFC 7644 §3.5.2; names are
// case-insensitive, RFC 7643 §2.1). Unknown attributes and filters on single-valued
// attributes are invalidPath.
import t from 'tap';
import { parsePatchPath } from '../../src/scim/core/patch/parse.js';
import { resolveTarget, type Target } from '../../src/scim/core/patch/target.js';
import { URN, type ResourceTypeName } from '../../src/scim/core/types.js';
import { errorOf } from './patch-helpers.js';

const ENT = URN.enterpriseUser;

/** The target with attribute definitions replaced by their names; keys absent stay absent. */
function summary(tg: Target): unknown {
  return JSON.parse(JSON.stringify(tg, (k, v) => ((k === 'attr' || k === 'sub') && v && typeof v === 'object' && 'name' in v ? v.name : v)));
}

const resolve = (rt: ResourceTypeName, path: string) => resolveTarget(rt, parsePatchPath(path));

t.test('resolveTarget: attribute targets', async (t) => {
  const cases: [ResourceTypeName, string, unknown][] = [
    ['User', 'nickName', { kind: 'attr', text: 'nickName', schema: URN.user, attr: 'nickName' }],
    ['User', 'Emails.Display', { kind: 'attr', text: 'Emails.Display', schema: URN.user, attr: 'emails', sub: 'display' }],
    ['User', 'id', { kind: 'attr', text: 'id', schema: URN.user, attr: 'id' }],
    ['User', `${URN.user}:name.givenName`, { kind: 'attr', text: `${URN.user}:name.givenName`, schema: URN.user, attr: 'name', sub: 'givenName' }],
    ['User', `${ENT}:department`, { kind: 'attr', text: `${ENT}:department`, schema: ENT, attr: 'department' }],
    ['User', 'manager.value', { kind: 'attr', text: 'manager.value', schema: ENT, attr: 'manager', sub: 'value' }],
    ['User', `${ENT}:manager.value`, { kind: 'attr', text: `${ENT}:manager.value`, schema: ENT, attr: 'manager', sub: 'value' }],
    ['Group', 'displayName', { kind: 'attr', text: 'displayName', schema: URN.group, attr: 'displayName' }],
    ['User', 'emails[type eq "work"].value', {
      kind: 'attr', text: 'emails[type eq "work"].value', schema: URN.user, attr: 'emails', sub: 'value',
      filter: { kind: 'valuePath', path: { schema: URN.user, attr: 'emails' },
        filter: { kind: 'compare', path: { schema: URN.user, attr: 'emails', sub: 'type' }, op: 'eq', value: 'work' } },
    }],
    ['Group', 'members[value eq "a"]', {
      kind: 'attr', text: 'members[value eq "a"]', schema: URN.group, attr: 'members',
      filter: { kind: 'valuePath', path: { schema: URN.group, attr: 'members' },
        filter: { kind: 'compare', path: { schema: URN.group, attr: 'members', sub: 'value' }, op: 'eq', value: 'a' } },
    }],
  ];
  for (const [rt, path, want] of cases) t.strictSame(summary(resolve(rt, path)), want, path);
  // Keys that have no value are not set at all (the engine tests `t.sub`, `t.filter`).
  const plain = resolve('User', 'nickName');
  t.strictSame(Object.keys(plain), ['kind', 'text', 'schema', 'attr']);
  t.strictSame(Object.keys(resolve('User', 'emails[type eq "work"]')), ['kind', 'text', 'schema', 'attr', 'filter']);
});

t.test('resolveTarget: an extension URN is the extension itself', async (t) => {
  t.strictSame(resolve('User', ENT), { kind: 'extension', text: ENT, schema: ENT });
  const upper = ENT.toUpperCase().replace('URN:', 'urn:');
  t.strictSame(resolve('User', upper), { kind: 'extension', text: upper, schema: ENT }, 'case-insensitive, canonical schema');
});

t.test('resolveTarget: errors', async (t) => {
  const cases: [ResourceTypeName, string, string][] = [
    ['User', 'bogus', 'invalidPath: Unknown attribute "bogus" for resource type User'],
    ['User', 'name.bogus', 'invalidPath: Unknown attribute "name.bogus" for resource type User'],
    ['User', 'urn:x:y', 'invalidPath: Unknown attribute "urn:x:y" for resource type User'],
    ['Group', ENT, `invalidPath: Unknown attribute "${ENT}" for resource type Group`],
    // An extension URN followed by a sub-attribute or a filter is no extension target.
    ['User', `${ENT}.department`, `invalidPath: Unknown attribute "${ENT}.department" for resource type User`],
    ['User', `${ENT}[value eq "x"]`, `invalidPath: Unknown attribute "${ENT}" for resource type User`],
    ['User', 'name[givenName eq "x"]', "invalidPath: 'name' is not multi-valued; a value filter is not allowed"],
    ['User', `${ENT}:manager[value eq "x"].value`, "invalidPath: 'manager' is not multi-valued; a value filter is not allowed"],
    ['User', 'emails[bogus eq "x"]', 'invalidPath: Invalid value filter in path \'emails[bogus eq "x"]\': Unknown sub-attribute "bogus" of "emails"'],
    ['User', 'emails[value gt true]',
      'invalidPath: Invalid value filter in path \'emails[value gt true]\': Attribute "value" is a string; the value must be a quoted string'],
  ];
  for (const [rt, path, want] of cases) t.equal(errorOf(() => resolve(rt, path)), want, `${rt} ${path}`);
});
