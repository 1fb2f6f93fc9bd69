import t from 'tap';
import { invalidFilterDetail, throwsScim } from './scim-assert.js';
import { tokenize } from '../../src/scim/core/filter/lexer.js';
import { MAX_FILTER_LENGTH, MAX_FILTER_NODES, parseFilter } from '../../src/scim/core/filter/parse.js';
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
  ['active eq TRUE', cmp('active', 'eq', true)],
  ['title eq null', cmp('title', 'eq', null)],
  ['title ne NULL', cmp('title', 'ne', null)],
  ['x eq 1E+2', cmp('x', 'eq', 100)],
  ['members.$ref pr', { kind: 'present', path: { attr: 'members', sub: '$ref' } }],
  ['userName\teq\n"x"\r', cmp('userName', 'eq', 'x')],
  ['emails[type eq "work"].$ref pr', {
    kind: 'valuePath', path: { attr: 'emails' },
    filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: { kind: 'present', path: { attr: '$ref' } } },
  }],
  ['x-y[a_1 eq "1"].b-$2 eq "2"', {
    kind: 'valuePath', path: { attr: 'x-y' },
    filter: { kind: 'and', left: cmp('a_1', 'eq', '1'), right: cmp('b-$2', 'eq', '2') },
  }],
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

const OPERATOR = 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)';
const VALUE = 'a value (a "quoted string", number, true, false or null)';
const NOT = '"(" after "not" (RFC 7644 requires not (…))';
const messages: [string, string][] = [
  ['', 'Empty filter'],
  [' \t\r\n', 'Empty filter'],
  ['not userName eq "x"', `Expected ${NOT} at position 5, found "userName"`],
  ['not', `Expected ${NOT} at position 4, found end of filter`],
  ['a eq "1" and not x', `Expected ${NOT} at position 18, found "x"`],
  ['not "x"', `Expected ${NOT} at position 5, found ""x""`],
  ['userName eq john', `Expected ${VALUE} at position 13, found "john"`],
  ['userName eq', `Expected ${VALUE} at position 12, found end of filter`],
  ['userName eq (', `Expected ${VALUE} at position 13, found "("`],
  ['userName eq "x" and', 'Expected an attribute path, "not" or "(" at position 20, found end of filter'],
  [')', 'Expected an attribute path, "not" or "(" at position 1, found ")"'],
  ['"x" eq "y"', 'Expected an attribute path, "not" or "(" at position 1, found ""x""'],
  ['userName', `Expected ${OPERATOR} at position 9, found end of filter`],
  ['userName xx "x"', `Expected ${OPERATOR} at position 10, found "xx"`],
  ['userName "eq" "x"', `Expected ${OPERATOR} at position 10, found ""eq""`],
  ['and userName eq "x"', `Expected ${OPERATOR} at position 5, found "userName"`],
  ['(userName eq "x"', 'Expected ")" closing the "(" at position 1 at position 17, found end of filter'],
  ['a pr and (userName eq "x"]', 'Expected ")" closing the "(" at position 10 at position 26, found "]"'],
  ['userName eq "x")', 'Expected "and", "or" or end of filter at position 16, found ")"'],
  ['userName eq "x" "y"', 'Expected "and", "or" or end of filter at position 17, found ""y""'],
  ['emails[type eq "work"', 'Expected "]" closing the "[" at position 7 at position 22, found end of filter'],
  ['emails[type eq "work")', 'Expected "]" closing the "[" at position 7 at position 22, found ")"'],
  ['emails[type eq "work"]]', 'Expected "and", "or" or end of filter at position 23, found "]"'],
  ['emails[]', 'Expected a filter inside "[ ]" at position 8, found "]"'],
  ['emails[type[value eq "x"] pr]', 'Nested value filter at position 12'],
  ['emails[type eq "work"].', 'Expected a sub-attribute name after "]." at position 24, found end of filter'],
  ['emails[type eq "work"]."x" eq "y"', 'Expected a sub-attribute name after "]." at position 24, found ""x""'],
  ['emails[type eq "work"].value.x eq "y"', 'Expected a sub-attribute name after "]." at position 24, found "value.x"'],
  ['emails[type eq "work"].a:b eq "y"', 'Expected a sub-attribute name after "]." at position 24, found "a:b"'],
  ['emails[type eq "work"].value xx "y"', `Expected ${OPERATOR} at position 30, found "xx"`],
  ['emails.value[type eq "work"]', 'A value filter applies to an attribute, not to "emails.value" (position 1)'],
  ['a pr or emails.value[type eq "work"]', 'A value filter applies to an attribute, not to "emails.value" (position 9)'],
  ['name..givenName eq "x"', 'Invalid attribute path "name..givenName" at position 1'],
  ['a pr or name. pr', 'Invalid attribute path "name." at position 9'],
  ['userName eq "unterminated', 'Unterminated string starting at position 13'],
  ['userName eq "bad \\q escape"', 'Invalid string literal at position 13: not a valid JSON string'],
  ['userName eq "a\\u0000b"', 'The string literal at position 13 contains NUL (U+0000)'],
  ['userName eq "\\ud800"', 'The string literal at position 13 contains an unpaired surrogate (not valid Unicode)'],
  ['userName eq "x" # 1', 'Unexpected character "#" at position 17'],
  ['-', 'Unexpected character "-" at position 1'],
  [`${'('.repeat(33)}a pr${')'.repeat(33)}`, 'Filter nests deeper than 32 levels'],
  ['a eq "1"'.padEnd(MAX_FILTER_LENGTH + 1, ' '), 'Filter is longer than 4096 characters'],
  [Array.from({ length: 101 }, (_, i) => `a${i} pr`).join(' or '), 'Filter is too complex (more than 200 expressions)'],
];

t.test('error details: exact text, 1-based position, what was expected and what was found', async (t) => {
  for (const [input, detail] of messages) t.equal(invalidFilterDetail(() => parseFilter(input)), detail, input.slice(0, 60));
});

t.test('limits: the bounds themselves are accepted', async (t) => {
  t.equal(MAX_FILTER_LENGTH, 4096);
  t.equal(MAX_FILTER_NODES, 200);
  // 32 nested groups is the deepest allowed; 33 is rejected above.
  t.same(parseFilter(`${'('.repeat(32)}a pr${')'.repeat(32)}`), { kind: 'present', path: { attr: 'a' } });
  // Depth is nesting, not the number of groups: closing a group gives its level back.
  const siblings = Array.from({ length: 40 }, () => '(a pr)').join(' and ');
  t.equal(invalidFilterDetail(() => parseFilter(siblings)), 'did not throw');
  t.equal(invalidFilterDetail(() => parseFilter(`not (${siblings.replaceAll('(a pr)', '(not (a pr))')})`)), 'did not throw');
  // Exactly MAX_FILTER_LENGTH characters.
  const long = 'a eq "1"'.padEnd(MAX_FILTER_LENGTH, ' ');
  t.equal(long.length, 4096);
  t.same(parseFilter(long), cmp('a', 'eq', '1'));
  // 100 comparisons + 99 `or` + 1 `not` = 200 nodes: allowed; one more `not` is 201.
  const hundred = Array.from({ length: 100 }, (_, i) => `a${i} pr`).join(' or ');
  t.equal(invalidFilterDetail(() => parseFilter(`not (${hundred})`)), 'did not throw');
  t.equal(invalidFilterDetail(() => parseFilter(`not (not (${hundred}))`)), 'Filter is too complex (more than 200 expressions)');
  // The Entra form counts its implied `and` and the value path: 2 + 2 leaves = 4 nodes.
  const entra = Array.from({ length: 49 }, (_, i) => `a${i} pr`).join(' or ');
  t.equal(invalidFilterDetail(() => parseFilter(`${entra} or e[t pr].v pr`)), 'did not throw'); // 49 + 48 + 1 + 4 = 102
  const entras = Array.from({ length: 40 }, () => 'e[t pr].v pr').join(' or '); // 40 * 4 + 39 = 199
  t.equal(invalidFilterDetail(() => parseFilter(`not (${entras})`)), 'did not throw');
  t.equal(invalidFilterDetail(() => parseFilter(`not (not (${entras}))`)), 'Filter is too complex (more than 200 expressions)');
});

const tok = (input: string) => tokenize(input).map((k) => [k.kind, k.text, k.pos, k.value]);

t.test('tokenize: kinds, text, 0-based positions and decoded values', async (t) => {
  t.strictSame(tok('a\tb\nc\rd e'), [
    ['word', 'a', 0, undefined], ['word', 'b', 2, undefined], ['word', 'c', 4, undefined], ['word', 'd', 6, undefined],
    ['word', 'e', 8, undefined], ['end', '', 9, undefined],
  ]);
  t.strictSame(tok('()[].'), [
    ['(', '(', 0, undefined], [')', ')', 1, undefined], ['[', '[', 2, undefined], [']', ']', 3, undefined],
    ['.', '.', 4, undefined], ['end', '', 5, undefined],
  ]);
  t.strictSame(tok('12 -3 1.25 2E3 2e+3 -2e-3 1. .5'), [
    ['number', '12', 0, 12], ['number', '-3', 3, -3], ['number', '1.25', 6, 1.25], ['number', '2E3', 11, 2000],
    ['number', '2e+3', 15, 2000], ['number', '-2e-3', 20, -0.002], ['number', '1', 26, 1], ['.', '.', 27, undefined],
    ['.', '.', 29, undefined], ['number', '5', 30, 5], ['end', '', 31, undefined],
  ]);
  t.strictSame(tok('$ref x509Certificates a1_b.c:d-e Z$'), [
    ['word', '$ref', 0, undefined], ['word', 'x509Certificates', 5, undefined], ['word', 'a1_b.c:d-e', 22, undefined],
    ['word', 'Z$', 33, undefined], ['end', '', 35, undefined],
  ]);
  t.strictSame(tok('"a\\"b" "c\\\\\\\\""x""y"'), [
    ['string', '"a\\"b"', 0, 'a"b'], ['string', '"c\\\\\\\\"', 7, 'c\\\\'], ['string', '"x"', 14, 'x'], ['string', '"y"', 17, 'y'],
    ['end', '', 20, undefined],
  ]);
  t.strictSame(tok('1e10 -7E-12'), [['number', '1e10', 0, 1e10], ['number', '-7E-12', 5, -7e-12], ['end', '', 11, undefined]]);
  t.strictSame(tok('1a a-1 ""'), [['number', '1', 0, 1], ['word', 'a', 1, undefined], ['word', 'a-1', 3, undefined], ['string', '""', 7, ''], ['end', '', 9, undefined]]);
  t.strictSame(tok(''), [['end', '', 0, undefined]]);
});
