import t from 'tap';
import { throwsScim } from './scim-assert.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import type { Filter } from '../../src/scim/core/types.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const cmp = (attr: string, op: string, value: unknown, sub?: string, urn?: string) =>
  ({ kind: 'compare', path: { attr, ...(sub ? { sub } : {}), ...(urn ? { urn } : {}) }, op, value });
const a = cmp('a', 'eq', '1');
const b = cmp('b', 'eq', '2');
const c = cmp('c', 'eq', '3');

const valid: [string, unknown][] = [
  ...['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'].map((op): [string, unknown] => [`userName ${op} "x"`, cmp('userName', op, 'x')]),
  ['userName EQ "x"', cmp('userName', 'eq', 'x')],
  ['title pr', { kind: 'present', path: { attr: 'title' } }],
  ['title PR', { kind: 'present', path: { attr: 'title' } }],
  ['a eq "1" or b eq "2" and c eq "3"', { kind: 'or', left: a, right: { kind: 'and', left: b, right: c } }],
  ['a eq "1" and b eq "2" or c eq "3"', { kind: 'or', left: { kind: 'and', left: a, right: b }, right: c }],
  ['a eq "1" AND b eq "2" OR c eq "3"', { kind: 'or', left: { kind: 'and', left: a, right: b }, right: c }],
  ['not (a eq "1") and b eq "2"', { kind: 'and', left: { kind: 'not', filter: a }, right: b }],
  ['NOT(a eq "1")', { kind: 'not', filter: a }],
  ['((a eq "1"))', a],
  ['a eq "1" and (b eq "2" or c eq "3")', { kind: 'and', left: a, right: { kind: 'or', left: b, right: c } }],
  ['userName eq "a\\"b"', cmp('userName', 'eq', 'a"b')],
  ['userName eq "a\\\\b"', cmp('userName', 'eq', 'a\\b')],
  ['userName eq "\\u00e9"', cmp('userName', 'eq', 'é')],
  ['userName eq ""', cmp('userName', 'eq', '')],
  ['x eq 42', cmp('x', 'eq', 42)],
  ['x gt -1.5e2', cmp('x', 'gt', -150)],
  ['active eq true', cmp('active', 'eq', true)],
  ['active eq False', cmp('active', 'eq', false)],
  ['title eq null', cmp('title', 'eq', null)],
  ['name.givenName eq "B"', cmp('name', 'eq', 'B', 'givenName')],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp('meta', 'gt', '2011-05-13T04:42:34Z', 'lastModified')],
  [`${ENT}:employeeNumber eq "1"`, cmp('employeeNumber', 'eq', '1', undefined, ENT)],
  [`${ENT}:manager.value eq "m"`, cmp('manager', 'eq', 'm', 'value', ENT)],
  ['emails[type eq "work" and value co "@example.com"] or not (userName sw "a")', {
    kind: 'or',
    left: { kind: 'valuePath', path: { attr: 'emails' }, filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'co', '@example.com') } },
    right: { kind: 'not', filter: cmp('userName', 'sw', 'a') },
  }],
  ['emails[not (type eq "work")]', { kind: 'valuePath', path: { attr: 'emails' }, filter: { kind: 'not', filter: cmp('type', 'eq', 'work') } }],
  // Entra form: the trailing comparison joins the bracket filter on the same element.
  ['emails[type eq "work"].value eq "x"', {
    kind: 'valuePath', path: { attr: 'emails' },
    filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'eq', 'x') },
  }],
  ['emails[type eq "work"].value pr', {
    kind: 'valuePath', path: { attr: 'emails' },
    filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: { kind: 'present', path: { attr: 'value' } } },
  }],
  ['  userName   eq   "x"  ', cmp('userName', 'eq', 'x')],
];

t.test('valid filters parse to the expected AST', async (t) => {
  for (const [input, ast] of valid) t.same(parseFilter(input), ast as Filter, input);
});

const invalid: string[] = [
  '',
  '   ',
  'not userName eq "x"',
  'not',
  'userName eq john',
  'userName eq "x" and',
  'userName eq "x" or',
  'userName eq',
  'userName',
  'userName xx "x"',
  '(userName eq "x"',
  'userName eq "x")',
  '((userName eq "x")',
  'emails[type eq "work"',
  'emails[type eq "work"]]',
  'emails[]',
  'emails[type[value eq "x"] pr]',
  'emails[type eq "work"].',
  'userName eq "unterminated',
  'userName eq "bad \\q escape"',
  'userName eq "x" "y"',
  'userName eq "x" userName eq "y"',
  'and userName eq "x"',
  'userName eq "x" # 1',
  'name..givenName eq "x"',
  'emails.value[type eq "work"]',
  `${'('.repeat(40)}a eq "1"${')'.repeat(40)}`,
  'a eq "1"'.padEnd(5000, ' '),
  Array.from({ length: 150 }, (_, i) => `a${i} eq "1"`).join(' or '),
];

t.test('invalid filters are invalidFilter with a position', async (t) => {
  for (const input of invalid) throwsScim(t, () => parseFilter(input), 'invalidFilter', input.slice(0, 60));
});

t.test('error details name the position and the expectation', async (t) => {
  t.throws(() => parseFilter('userName eq john'), { message: /quoted string.*position 13, found "john"/ });
  t.throws(() => parseFilter('userName eq "x" and'), { message: /position 20.*end of filter/ });
  t.throws(() => parseFilter('not userName eq "x"'), { message: /"\(" after "not"/ });
  t.throws(() => parseFilter('(a eq "1"'), { message: /"\)" closing the "\(" at position 1/ });
});
