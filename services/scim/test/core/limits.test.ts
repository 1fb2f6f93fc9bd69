// The core's input limits (core/limits.ts, util/strings.ts), table-driven without HTTP: the
// same checks serve POST/PUT (normalize) and PATCH (apply), issue 14 findings 7 and 8.
import t from 'tap';
import { normalizeResource } from '../../src/scim/core/normalize.js';
import { applyUserPatch } from '../../src/scim/core/patch/apply.js';
import { parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { MAX_INDEXED_LENGTH, MAX_STRING_LENGTH, MAX_VALUES } from '../../src/scim/core/limits.js';
import { URN } from '../../src/scim/core/types.js';
import { codePointLength, unstorableReason } from '../../src/util/strings.js';
import { scimTypeOf } from './patch-helpers.js';

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
