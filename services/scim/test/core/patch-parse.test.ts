// The PATCH request envelope and path grammar (RFC 7644 §3.5.2): exact parse results and exact
// error answers, so a weakened check or a reworded error shows up.
import t from 'tap';
import { MAX_PATCH_OPERATIONS, parsePatchPath, parsePatchRequest } from '../../src/scim/core/patch/parse.js';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { URN } from '../../src/scim/core/types.js';
import { errorOf } from './patch-helpers.js';

const ENT = URN.enterpriseUser;
const body = (Operations: unknown) => ({ schemas: [URN.patchOp], Operations });

t.test('parsePatchRequest: accepted bodies', async (t) => {
  const cases: [string, unknown, unknown][] = [
    ['lower-case op name', body([{ op: 'add', path: 'nickName', value: 'B' }]),
      [{ op: 'add', path: { text: 'nickName', attr: 'nickName' }, value: 'B' }]],
    ['capitalised op names (Entra)', body([{ op: 'Add', path: 'nickName', value: 'B' }, { op: 'REPLACE', value: { nickName: 'C' } }, { op: 'Remove', path: 'title' }]),
      [{ op: 'add', path: { text: 'nickName', attr: 'nickName' }, value: 'B' }, { op: 'replace', value: { nickName: 'C' } }, { op: 'remove', path: { text: 'title', attr: 'title' } }]],
    ['schemas URN in another case', { schemas: [URN.patchOp.toUpperCase()], Operations: [{ op: 'remove', path: 'title' }] },
      [{ op: 'remove', path: { text: 'title', attr: 'title' } }]],
    ['schemas URN among others and non-strings', { schemas: [7, URN.user, URN.patchOp.toLowerCase()], Operations: [{ op: 'remove', path: 'title' }] },
      [{ op: 'remove', path: { text: 'title', attr: 'title' } }]],
    ['member names in any case', { Schemas: [URN.patchOp], operations: [{ OP: 'add', PATH: 'title', VALUE: 'T' }] },
      [{ op: 'add', path: { text: 'title', attr: 'title' }, value: 'T' }]],
    ['an undefined member does not hide a defined one in another case', { schemas: [URN.patchOp], Operations: [{ OP: undefined, Op: 'remove', path: 'title' }] },
      [{ op: 'remove', path: { text: 'title', attr: 'title' } }]],
    ['a null path is no path', body([{ op: 'add', path: null, value: { title: 'T' } }]), [{ op: 'add', value: { title: 'T' } }]],
    ['a blank path is no path', body([{ op: 'replace', path: '  ', value: { title: 'T' } }]), [{ op: 'replace', value: { title: 'T' } }]],
    ['no path and no value: left to the engine', body([{ op: 'add' }]), [{ op: 'add' }]],
    ['a null value is kept (it unassigns)', body([{ op: 'replace', path: 'title', value: null }]),
      [{ op: 'replace', path: { text: 'title', attr: 'title' }, value: null }]],
    ['a scalar value with a path', body([{ op: 'add', path: 'emails', value: 'x' }]),
      [{ op: 'add', path: { text: 'emails', attr: 'emails' }, value: 'x' }]],
    ['remove with a value array', body([{ op: 'remove', path: 'emails', value: [{ value: 'x' }] }]),
      [{ op: 'remove', path: { text: 'emails', attr: 'emails' }, value: [{ value: 'x' }] }]],
  ];
  for (const [name, b, want] of cases) t.strictSame(parsePatchRequest(b), want, name);

  const ops = Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({ op: 'remove', path: 'title' }));
  t.equal(MAX_PATCH_OPERATIONS, 1000);
  t.equal(parsePatchRequest(body(ops)).length, 1000, 'exactly the maximum number of operations is accepted');
});

t.test('parsePatchRequest: rejected bodies', async (t) => {
  const cases: [string, unknown, string][] = [
    ['an array', [], 'invalidSyntax: The PATCH body must be a JSON object'],
    ['null', null, 'invalidSyntax: The PATCH body must be a JSON object'],
    ['missing schemas', { Operations: [{ op: 'remove', path: 'title' }] }, `invalidSyntax: 'schemas' must contain '${URN.patchOp}'`],
    ['schemas not an array', { schemas: URN.patchOp, Operations: [{ op: 'remove', path: 'title' }] }, `invalidSyntax: 'schemas' must contain '${URN.patchOp}'`],
    ['wrong schema', { schemas: [URN.user], Operations: [{ op: 'remove', path: 'title' }] }, `invalidSyntax: 'schemas' must contain '${URN.patchOp}'`],
    ['empty schemas', { schemas: [], Operations: [{ op: 'remove', path: 'title' }] }, `invalidSyntax: 'schemas' must contain '${URN.patchOp}'`],
    ['missing Operations', { schemas: [URN.patchOp] }, "invalidSyntax: 'Operations' must be a non-empty array"],
    ['Operations an object', body({ op: 'remove', path: 'title' }), "invalidSyntax: 'Operations' must be a non-empty array"],
    ['empty Operations', body([]), "invalidSyntax: 'Operations' must be a non-empty array"],
    ['one operation too many', body(Array.from({ length: 1001 }, () => ({ op: 'remove', path: 'title' }))),
      'invalidSyntax: At most 1000 operations are allowed in one PATCH request'],
    ['operation not an object', body([{ op: 'remove', path: 'title' }, 'x']), 'invalidSyntax: Operations[1] must be an object'],
    ['unknown op', body([{ op: 'remove', path: 'title' }, { op: 'delete', path: 'title' }]), 'invalidSyntax: Operations[1].op must be add, remove or replace'],
    ['op not a string', body([{ op: 1, path: 'title' }]), 'invalidSyntax: Operations[0].op must be add, remove or replace'],
    ['missing op', body([{ path: 'title' }]), 'invalidSyntax: Operations[0].op must be add, remove or replace'],
    ['path not a string', body([{ op: 'add', path: 5, value: 1 }]), 'invalidPath: Operations[0].path must be a string'],
    ['path an object', body([{ op: 'add', path: {}, value: 1 }]), 'invalidPath: Operations[0].path must be a string'],
    ['remove without a path', body([{ op: 'remove' }]), 'noTarget: A remove operation requires a path (RFC 7644 §3.5.2.2)'],
    ['remove with a blank path', body([{ op: 'Remove', path: ' ' }]), 'noTarget: A remove operation requires a path (RFC 7644 §3.5.2.2)'],
    ['path-less scalar value', body([{ op: 'add', value: 'x' }]), 'invalidValue: Operations[0]: without a path the value must be an object of attributes'],
    ['path-less array value', body([{ op: 'replace', path: '', value: [{ title: 'x' }] }]), 'invalidValue: Operations[0]: without a path the value must be an object of attributes'],
    ['path-less null value', body([{ op: 'replace', value: null }]), 'invalidValue: Operations[0]: without a path the value must be an object of attributes'],
  ];
  for (const [name, b, want] of cases) t.equal(errorOf(() => parsePatchRequest(b)), want, name);
});

t.test('parsePatchPath: accepted paths', async (t) => {
  const cases: [string, unknown][] = [
    ['title', { text: 'title', attr: 'title' }],
    ['  name.givenName ', { text: 'name.givenName', attr: 'name', sub: 'givenName' }],
    [`${ENT}:department`, { text: `${ENT}:department`, attr: 'department', urn: ENT }],
    [`${ENT}:manager.value`, { text: `${ENT}:manager.value`, attr: 'manager', urn: ENT, sub: 'value' }],
    ['emails[type eq "work"]', { text: 'emails[type eq "work"]', attr: 'emails', filter: parseFilter('type eq "work"') }],
    [' emails[type eq "work" and value co "x"].display ',
      { text: 'emails[type eq "work" and value co "x"].display', attr: 'emails', filter: parseFilter('type eq "work" and value co "x"'), sub: 'display' }],
    [`${URN.user}:emails[primary eq true].value`, { text: `${URN.user}:emails[primary eq true].value`, attr: 'emails', filter: parseFilter('primary eq true'), urn: URN.user, sub: 'value' }],
    // The last `]` closes the filter: a `]` inside a quoted value stays in the filter.
    ['emails[value eq "a]b"].type', { text: 'emails[value eq "a]b"].type', attr: 'emails', filter: parseFilter('value eq "a]b"'), sub: 'type' }],
    ['x509Certificates[value pr].$ref', { text: 'x509Certificates[value pr].$ref', attr: 'x509Certificates', filter: parseFilter('value pr'), sub: '$ref' }],
    ['emails[value pr].a-b_1', { text: 'emails[value pr].a-b_1', attr: 'emails', filter: parseFilter('value pr'), sub: 'a-b_1' }],
  ];
  for (const [text, want] of cases) t.strictSame(parsePatchPath(text), want, text);
});

t.test('parsePatchPath: rejected paths', async (t) => {
  const cases: [string, string][] = [
    ['a b', 'invalidPath: "a b" is not a valid attribute path'],
    ['emails]x[', "invalidPath: Malformed path 'emails]x['"],
    ['emails[type eq "w"', 'invalidPath: Malformed path \'emails[type eq "w"\''],
    ['emails[type eq "w"]x', 'invalidPath: Malformed path \'emails[type eq "w"]x\''],
    ['emails[type eq "w"].', 'invalidPath: Malformed path \'emails[type eq "w"].\''],
    ['emails[type eq "w"]..value', 'invalidPath: Malformed path \'emails[type eq "w"]..value\''],
    ['emails[type eq "w"].value.x', 'invalidPath: Malformed path \'emails[type eq "w"].value.x\''],
    ['emails[type eq "w"].1value', 'invalidPath: Malformed path \'emails[type eq "w"].1value\''],
    ['emails[type eq "w"].va lue', 'invalidPath: Malformed path \'emails[type eq "w"].va lue\''],
    ['emails[type eq "w"]value.', 'invalidPath: Malformed path \'emails[type eq "w"]value.\''],
    ['emails[type eq "w"]x.value', 'invalidPath: Malformed path \'emails[type eq "w"]x.value\''],
    ['emails[type zz "w"]', 'invalidPath: Malformed filter in path \'emails[type zz "w"]\': Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) at position 6, found "zz"'],
    ['name.given[type eq "w"]', "invalidPath: Malformed path 'name.given'"],
    ['[type eq "w"]', 'invalidPath: "" is not a valid attribute path'],
  ];
  for (const [text, want] of cases) t.equal(errorOf(() => parsePatchPath(text)), want, text);
});
