// The core's input limits (core/limits.ts, util/strings.ts), table-driven without HTTP: the
// same checks serve POST/PUT (normalize) and PATCH (apply), issue 14 findings 7 and 8.
import t from 'tap';
import { normalizeResource } from '../../src/scim/core/normalize.js';
import { applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import {
  checkMemberCount, checkPassword, checkString, checkValueCount, describeLimit, MAX_BINARY_LENGTH, MAX_INDEXED_LENGTH,
  MAX_MEMBERS_PER_REQUEST, MAX_PASSWORD_LENGTH, MAX_STRING_LENGTH, MAX_VALUES, maxLengthOf,
} from '../../src/scim/core/limits.js';
import { attr, complex, str } from '../../src/scim/core/schema-attributes.js';
import { URN, type AttributeDef } from '../../src/scim/core/types.js';
import { codePointLength, unstorableReason } from '../../src/util/strings.js';
import { errorOf, scimTypeOf } from './scim-assert.js';

t.test('unstorableReason', async (t) => {
  const cases: [string, string, boolean][] = [
    ['plain', 'ada@example.com', false],
    ['emoji (a surrogate pair)', 'a😀b', false],
    ['NUL', 'a\0b', true],
    ['lone high surrogate', 'a\ud800b', true],
    ['lone high surrogate at the end', 'a\ud800', true],
    ['lone low surrogate', '\udc00x', true],
    ['reversed pair', '\ude00\ud83d', true],
    ['other control characters are storable', 'a\u0001\u001fb', false],
  ];
  for (const [what, s, bad] of cases) t.equal(unstorableReason(s) !== undefined, bad, what);
});

t.test('codePointLength counts characters, not UTF-16 units', async (t) => {
  t.equal(codePointLength('abc', 10), 3);
  t.equal(codePointLength('😀'.repeat(6), 10), 6, 'six emoji are six characters (twelve units)');
  t.equal(codePointLength('é'.repeat(20), 10), 20);
});

const user = (extra: Record<string, unknown>) => ({ schemas: [URN.user], userName: 'u', ...extra });

t.test('normalizeResource: per-attribute string limits and value counts', async (t) => {
  const rows: [string, Record<string, unknown>, string | undefined][] = [
    ['userName at the limit', { userName: 'u'.repeat(MAX_INDEXED_LENGTH) }, undefined],
    ['userName past it', { userName: 'u'.repeat(MAX_INDEXED_LENGTH + 1) }, 'invalidValue'],
    ['userName of 512 emoji', { userName: '😀'.repeat(MAX_INDEXED_LENGTH) }, undefined],
    ['title at the general limit', { title: 't'.repeat(MAX_STRING_LENGTH) }, undefined],
    ['title past it', { title: 't'.repeat(MAX_STRING_LENGTH + 1) }, 'invalidValue'],
    ['nickName with NUL', { nickName: 'a\0' }, 'invalidValue'],
    ['a certificate of 10 KB', { x509Certificates: [{ value: 'A'.repeat(10_000) }] }, undefined],
    ['emails.value past 512', { emails: [{ value: `${'e'.repeat(MAX_INDEXED_LENGTH)}@x` }] }, 'invalidValue'],
    ['emails.display is a plain string', { emails: [{ value: 'a@x', display: 'd'.repeat(1000) }] }, undefined],
    ['100 emails', { emails: Array.from({ length: MAX_VALUES }, (_, i) => ({ value: `${i}@x` })) }, undefined],
    ['101 emails', { emails: Array.from({ length: MAX_VALUES + 1 }, (_, i) => ({ value: `${i}@x` })) }, 'invalidValue'],
    ['a password past 1024', { password: 'p'.repeat(1025) }, 'invalidValue'],
    ['enterprise manager.value past 512', { schemas: [URN.user, URN.enterpriseUser], [URN.enterpriseUser]: { manager: { value: 'm'.repeat(513) } } }, 'invalidValue'],
  ];
  for (const [what, extra, scimType] of rows) {
    t.equal(scimTypeOf(() => normalizeResource('User', user(extra), 'create')), scimType ?? 'no error', what);
  }
  t.equal(scimTypeOf(() => normalizeResource('Group', { schemas: [URN.group], displayName: 'g'.repeat(513) }, 'create')), 'invalidValue', 'group displayName');
  t.equal(scimTypeOf(() => normalizeResource('Group', { schemas: [URN.group], displayName: 'g', members: Array.from({ length: 50_001 }, (_, i) => ({ value: String(i) })) }, 'create')), 'invalidValue', '50,001 members');
});

t.test('applyUserPatch: the resulting document is within the caps', async (t) => {
  const doc = { schemas: [URN.user], userName: 'u', emails: Array.from({ length: MAX_VALUES }, (_, i) => ({ value: `${i}@x` })) };
  const ops = (o: unknown[]) => parsePatchRequest({ schemas: [URN.patchOp], Operations: o });
  t.equal(scimTypeOf(() => applyUserPatch(doc, ops([{ op: 'add', path: 'emails', value: [{ value: 'new@x' }] }]))), 'invalidValue', 'one more email');
  t.equal(scimTypeOf(() => applyUserPatch(doc, ops([{ op: 'replace', path: 'emails', value: [{ value: 'only@x' }] }]))), 'no error', 'replacing keeps it small');
  t.equal(scimTypeOf(() => applyUserPatch(doc, ops([{ op: 'replace', path: 'userName', value: 'u'.repeat(513) }]))), 'invalidValue', 'userName');
  t.equal(scimTypeOf(() => applyUserPatch(doc, ops([{ op: 'replace', path: 'password', value: 'p'.repeat(1025) }]))), 'invalidValue', 'password');
});

t.test('the limits themselves and their messages', async (t) => {
  t.strictSame([MAX_INDEXED_LENGTH, MAX_STRING_LENGTH, MAX_BINARY_LENGTH, MAX_PASSWORD_LENGTH, MAX_VALUES, MAX_MEMBERS_PER_REQUEST],
    [512, 4096, 16_384, 1024, 100, 50_000]);
  t.equal(maxLengthOf(str('s', 'd')), MAX_STRING_LENGTH);
  t.equal(maxLengthOf(attr('r', 'reference', 'd')), MAX_STRING_LENGTH);
  t.equal(maxLengthOf(attr('b', 'binary', 'd')), MAX_BINARY_LENGTH);
  t.equal(maxLengthOf(attr('b', 'binary', 'd', { maxLength: 9 })), 9);
  const cases: [string, () => void, string][] = [
    ['string at the limit', () => checkString('abc', 3, 'l'), 'no error'],
    ['string past it', () => checkString('abcd', 3, 'l'), "invalidValue: Attribute 'l' must be at most 3 characters"],
    ['emoji count once', () => checkString('😀😀😀', 3, 'l'), 'no error'],
    ['NUL', () => checkString('a\0', 3, 'l'), "invalidValue: Attribute 'l' contains NUL (U+0000)"],
    ['100 values', () => checkValueCount(100, 'emails'), 'no error'],
    ['101 values', () => checkValueCount(101, 'emails'), "invalidValue: Attribute 'emails' takes at most 100 values, got 101"],
    ['50,000 members', () => checkMemberCount(50_000), 'no error'],
    ['50,001 members', () => checkMemberCount(50_001),
      'invalidValue: At most 50000 members may be named in one request, got 50001; send PATCH operations in batches'],
    ['password at 1024', () => checkPassword('p'.repeat(1024)), 'no error'],
    ['password past it', () => checkPassword('p'.repeat(1025)), "invalidValue: Attribute 'password' must be at most 1024 characters"],
  ];
  for (const [what, fn, want] of cases) t.equal(errorOf(fn), want, what);
});

t.test('describeLimit: the sentence /Schemas appends', async (t) => {
  const cases: [string, AttributeDef, string][] = [
    ['string', str('s', 'd'), ' At most 4096 characters.'],
    ['indexed string', str('s', 'd', { maxLength: MAX_INDEXED_LENGTH }), ' At most 512 characters.'],
    ['reference', attr('r', 'reference', 'd'), ' At most 4096 characters.'],
    ['binary', attr('b', 'binary', 'd'), ' At most 16384 characters.'],
    ['readOnly string', str('s', 'd', { mutability: 'readOnly' }), ''],
    ['boolean', attr('b', 'boolean', 'd'), ''],
    ['dateTime', attr('d', 'dateTime', 'd'), ''],
    ['single complex', complex('c', 'd', []), ''],
    ['multi-valued complex', complex('c', 'd', [], { multiValued: true }), ' At most 100 values.'],
    ['members', complex('members', 'd', [], { multiValued: true }), ' At most 50000 members per request.'],
    ['a single-valued complex named members', complex('members', 'd', []), ''],
    ['multi-valued string', str('s', 'd', { multiValued: true }), ' At most 4096 characters.'],
  ];
  for (const [what, def, want] of cases) t.equal(describeLimit(def), want, what);
});
