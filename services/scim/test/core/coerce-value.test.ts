// core/coerce-value.ts: the value shapes POST, PUT and PATCH accept for one attribute, and the
// canonical value they store (RFC 7643 §2.3 types, §2.4 multi-valued, §2.5 unassigned).
import t from 'tap';
import { checkSinglePrimary, coerceScalar, coerceValue, isObject } from '../../src/scim/core/coerce-value.js';
import { attr, complex, str } from '../../src/scim/core/schema-attributes.js';
import { resolvePath } from '../../src/scim/core/schema-registry.js';
import { URN } from '../../src/scim/core/types.js';
import { errorOf } from './scim-assert.js';

const userAttr = (name: string) => resolvePath('User', { attr: name }).attr;
const manager = resolvePath('User', { urn: URN.enterpriseUser, attr: 'manager' }).attr;

t.test('isObject: a JSON object, not null or an array', async (t) => {
  t.strictSame([{}, { a: 1 }, null, [], 'x', 1, undefined].map(isObject), [true, true, false, false, false, false, false]);
});

t.test('coerceValue: unassigned values (RFC 7643 §2.5) become undefined', async (t) => {
  const cases: [string, string, unknown][] = [
    ['null', 'title', null],
    ['undefined', 'title', undefined],
    ['empty array, single-valued', 'title', []],
    ['[null], single-valued', 'title', [null]],
    // Only a JS caller can pass undefined inside an array (JSON has none): still unassigned.
    ['[undefined], single-valued', 'title', [undefined]],
    ['empty array, multi-valued', 'emails', []],
    ['only nulls, multi-valued', 'emails', [null, null]],
    ['only empty objects, multi-valued', 'emails', [{}, { value: null }]],
    ['empty complex', 'name', {}],
    ['complex with only nulls', 'name', { givenName: null, familyName: undefined }],
    ['complex with only readOnly sub-attributes', 'groups', [{ value: 'g1', display: 'G' }]],
  ];
  for (const [what, name, value] of cases) t.equal(coerceValue(userAttr(name), value), undefined, what);
});

t.test('coerceValue: accepted shapes and their canonical form', async (t) => {
  const cases: [string, string, unknown, unknown][] = [
    ['a string', 'title', 'Boss', 'Boss'],
    ['a one-element array for a single value', 'title', ['Boss'], 'Boss'],
    ['one object for a multi-valued attribute (OneLogin)', 'emails', { value: 'a@x' }, [{ value: 'a@x' }]],
    ['nulls among values are dropped', 'emails', [null, { value: 'a@x' }, {}], [{ value: 'a@x' }]],
    ['sub-attributes in schema order, canonical names', 'emails', [{ PRIMARY: 'TRUE', Type: 'work', vAlue: 'a@x' }],
      [{ value: 'a@x', type: 'work', primary: true }]],
    ['null sub-attributes dropped', 'name', { givenName: 'B', familyName: null }, { givenName: 'B' }],
    ['an empty value stays in a multi-valued attribute', 'emails', [{ value: '', type: 'work' }], [{ value: '', type: 'work' }]],
  ];
  for (const [what, name, value, want] of cases) t.strictSame(coerceValue(userAttr(name), value), want, what);
  t.strictSame(Object.keys(coerceValue(userAttr('name'), { middleName: 'M', givenName: 'G', formatted: 'F' }) as object),
    ['formatted', 'givenName', 'middleName'], 'schema order');
});

t.test('coerceValue: a single-valued reference (Entra and OneLogin manager shapes)', async (t) => {
  t.strictSame(coerceValue(manager, 'm1'), { value: 'm1' }, 'a bare id');
  t.equal(coerceValue(manager, ''), undefined, 'a bare empty id is unassigned');
  t.equal(coerceValue(manager, { value: '' }), undefined, 'OneLogin {value: ""} is unassigned');
  t.equal(coerceValue(manager, { value: '', $ref: 'x' }), undefined, 'an empty value unassigns the whole reference');
  t.strictSame(coerceValue(manager, [{ $ref: '../Users/m1', value: 'm1' }]), { value: 'm1', $ref: '../Users/m1' }, 'Entra array form');
  t.strictSame(coerceValue(manager, { Value: 'm1', displayName: 'Boss' }), { value: 'm1' }, 'readOnly displayName dropped');
});

t.test('coerceValue: errors name the attribute', async (t) => {
  const cases: [string, string, unknown, string][] = [
    ['two values for a single-valued attribute', 'title', ['a', 'b'], "invalidValue: Attribute 'title' is single-valued but an array was given"],
    ['a string for a multi-valued complex attribute', 'emails', ['a@x'], "invalidValue: Attribute 'emails' must be a complex object"],
    ['a string for a complex attribute without value', 'name', 'Barbara', "invalidValue: Attribute 'name' must be a complex object"],
    ['an array inside a complex value', 'name', [[]], "invalidValue: Attribute 'name' must be a complex object"],
    ['unknown sub-attribute', 'name', { nick: 'x' }, "invalidSyntax: Unknown sub-attribute 'name.nick'"],
    ['a sub-attribute twice', 'name', { givenName: 'a', GivenName: 'b' }, "invalidSyntax: Sub-attribute 'name.givenName' given twice"],
    ['a readOnly sub-attribute twice', 'groups', [{ value: 'a', Value: 'b' }], "invalidSyntax: Sub-attribute 'groups.value' given twice"],
    ['a bad sub-attribute type', 'emails', [{ value: 'a', primary: 'yes' }], "invalidValue: Attribute 'emails.primary' must be of type boolean"],
    ['101 values', 'emails', Array.from({ length: 101 }, () => ({ value: 'a' })), "invalidValue: Attribute 'emails' takes at most 100 values, got 101"],
  ];
  for (const [what, name, value, want] of cases) t.equal(errorOf(() => coerceValue(userAttr(name), value)), want, what);
  t.equal(errorOf(() => coerceValue(userAttr('emails'), Array.from({ length: 100 }, () => ({ value: 'a' })))), 'no error', '100 values');
  t.equal(errorOf(() => coerceValue(userAttr('title'), 5, 'urn:x:title')), "invalidValue: Attribute 'urn:x:title' must be of type string", 'the label');
  t.equal(errorOf(() => coerceValue(manager, { value: 5 }, 'ent:manager')), "invalidValue: Attribute 'ent:manager.value' must be of type string");
});

t.test('coerceScalar: one case per RFC 7643 §2.3 type', async (t) => {
  const def = (type: Parameters<typeof attr>[1]) => attr('x', type, 'd');
  const ok: [string, Parameters<typeof attr>[1], unknown, unknown][] = [
    ['boolean', 'boolean', true, true],
    ['boolean false', 'boolean', false, false],
    ['"True" (Entra)', 'boolean', 'True', true],
    ['"TRUE"', 'boolean', 'TRUE', true],
    ['"false"', 'boolean', 'false', false],
    ['"False"', 'boolean', 'False', false],
    ['integer', 'integer', 42, 42],
    ['negative integer', 'integer', -3, -3],
    ['decimal', 'decimal', 1.5, 1.5],
    ['integral decimal', 'decimal', 2, 2],
    ['dateTime', 'dateTime', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z'],
    ['string', 'string', 'abc', 'abc'],
    ['reference', 'reference', 'https://x/y', 'https://x/y'],
    ['binary', 'binary', 'QUJD', 'QUJD'],
    ['empty string', 'string', '', ''],
  ];
  for (const [what, type, value, want] of ok) t.strictSame(coerceScalar(def(type), value), want, what);
  const bad: [string, Parameters<typeof attr>[1], unknown][] = [
    ['"yes"', 'boolean', 'yes'],
    ['"xtrue"', 'boolean', 'xtrue'],
    ['"truex"', 'boolean', 'truex'],
    ['1 for a boolean', 'boolean', 1],
    ['fraction for an integer', 'integer', 1.5],
    ['string for an integer', 'integer', '3'],
    ['Infinity for a decimal', 'decimal', Infinity],
    ['NaN for a decimal', 'decimal', NaN],
    ['string for a decimal', 'decimal', '1.5'],
    ['not a date', 'dateTime', 'yesterday'],
    ['a number for a dateTime', 'dateTime', 0],
    ['number for a string', 'string', 5],
    ['object for a reference', 'reference', {}],
    ['boolean for a binary', 'binary', true],
  ];
  for (const [what, type, value] of bad) t.equal(errorOf(() => coerceScalar(def(type), value)), `invalidValue: Attribute 'x' must be of type ${type}`, what);
  t.equal(errorOf(() => coerceScalar(def('integer'), 'a', 'lbl')), "invalidValue: Attribute 'lbl' must be of type integer", 'label');
  const c = complex('c', 'd', [str('value', 'v'), str('a', 'a')]);
  t.strictSame(coerceScalar(c, { A: 'x' }), { a: 'x' }, 'complex (a PATCH value for a complex attribute)');
  t.strictSame(coerceScalar(c, 'v1'), { value: 'v1' });
});

t.test('coerceScalar: string limits (core/limits.ts)', async (t) => {
  t.equal(errorOf(() => coerceScalar(str('s', 'd'), 's'.repeat(4096))), 'no error');
  t.equal(errorOf(() => coerceScalar(str('s', 'd'), 's'.repeat(4097))), "invalidValue: Attribute 's' must be at most 4096 characters");
  t.equal(errorOf(() => coerceScalar(attr('b', 'binary', 'd'), 'b'.repeat(16_384))), 'no error');
  t.equal(errorOf(() => coerceScalar(attr('b', 'binary', 'd'), 'b'.repeat(16_385))), "invalidValue: Attribute 'b' must be at most 16384 characters");
  t.equal(errorOf(() => coerceScalar(str('s', 'd', { maxLength: 3 }), 'abcd', 'x.s')), "invalidValue: Attribute 'x.s' must be at most 3 characters");
});

t.test('checkSinglePrimary (RFC 7643 §2.4)', async (t) => {
  const cases: [string, unknown, string][] = [
    ['one primary', [{ primary: true }, { primary: false }, {}], 'no error'],
    ['two primaries', [{ primary: true }, { value: 'b', primary: true }], "invalidValue: At most one 'emails' value may have primary set to true"],
    ['"true" strings are not counted (coercion made them booleans before)', [{ primary: 'true' }, { primary: 'true' }], 'no error'],
    ['not an array', { primary: true }, 'no error'],
    ['non-objects', [true, true], 'no error'],
  ];
  for (const [what, value, want] of cases) t.equal(errorOf(() => checkSinglePrimary(value, 'emails')), want, what);
});

t.test('coerceScalar: a boolean given as an array is invalidValue, not a TypeError', async (t) => {
  // coerceValue unwraps a one-element array before this; a direct caller of coerceScalar does
  // not, and the string test must come before the string methods.
  const primary = resolvePath('User', { attr: 'emails', sub: 'primary' }).sub!;
  t.equal(errorOf(() => coerceScalar(primary, ['true'])), errorOf(() => coerceScalar(primary, 7)));
  t.match(errorOf(() => coerceScalar(primary, ['true'])), /^invalidValue: /);
});
