import t from 'tap';
import { ERROR_SCHEMA, ScimError, scimErrors, renderScimError } from '../../src/scim/core/errors.js';

t.test('renders status as a string with scimType', async (t) => {
  t.same(renderScimError(scimErrors.invalidFilter('bad')), {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'bad', scimType: 'invalidFilter',
  });
  t.notOk('scimType' in renderScimError(scimErrors.notFound('x')));
  t.equal(ERROR_SCHEMA, 'urn:ietf:params:scim:api:messages:2.0:Error');
});

t.test('every factory: status, scimType (RFC 7644 §3.12 Table 9) and headers', async (t) => {
  const rows: [string, ScimError, number, string | undefined, Record<string, string> | undefined][] = [
    ['invalidFilter', scimErrors.invalidFilter('d'), 400, 'invalidFilter', undefined],
    ['tooMany', scimErrors.tooMany('d'), 400, 'tooMany', undefined],
    ['uniqueness', scimErrors.uniqueness('d'), 409, 'uniqueness', undefined],
    ['mutability', scimErrors.mutability('d'), 400, 'mutability', undefined],
    ['invalidSyntax', scimErrors.invalidSyntax('d'), 400, 'invalidSyntax', undefined],
    ['invalidPath', scimErrors.invalidPath('d'), 400, 'invalidPath', undefined],
    ['noTarget', scimErrors.noTarget('d'), 400, 'noTarget', undefined],
    ['invalidValue', scimErrors.invalidValue('d'), 400, 'invalidValue', undefined],
    ['invalidVers', scimErrors.invalidVers('d'), 400, 'invalidVers', undefined],
    ['sensitive', scimErrors.sensitive('d'), 403, 'sensitive', undefined],
    ['invalidCursor', scimErrors.invalidCursor('d'), 400, 'invalidCursor', undefined],
    ['expiredCursor', scimErrors.expiredCursor('d'), 400, 'expiredCursor', undefined],
    ['invalidCount', scimErrors.invalidCount('d'), 400, 'invalidCount', undefined],
    ['badRequest', scimErrors.badRequest('d'), 400, undefined, undefined],
    ['unauthorized', scimErrors.unauthorized('d'), 401, undefined, { 'www-authenticate': 'Bearer realm="scim"' }],
    ['forbidden', scimErrors.forbidden('d'), 403, undefined, undefined],
    ['notFound', scimErrors.notFound('d'), 404, undefined, undefined],
    ['methodNotAllowed', scimErrors.methodNotAllowed('d', 'GET, POST'), 405, undefined, { allow: 'GET, POST' }],
    ['conflict', scimErrors.conflict('d'), 409, undefined, undefined],
    ['preconditionFailed', scimErrors.preconditionFailed('d'), 412, undefined, undefined],
    ['payloadTooLarge', scimErrors.payloadTooLarge('d'), 413, undefined, undefined],
    ['unsupportedMediaType', scimErrors.unsupportedMediaType('d'), 415, undefined, undefined],
    ['tooManyRequests', scimErrors.tooManyRequests('d', 7), 429, undefined, { 'retry-after': '7' }],
    ['notImplemented', scimErrors.notImplemented('d'), 501, undefined, undefined],
  ];
  t.strictSame(rows.map((r) => r[0]), Object.keys(scimErrors), 'every factory is in the table');
  for (const [name, err, status, scimType, headers] of rows) {
    t.strictSame({ status: err.status, scimType: err.scimType, headers: err.headers, detail: err.detail, message: err.message, name: err.name },
      { status, scimType, headers, detail: 'd', message: 'd', name: 'ScimError' }, name);
    t.ok(err instanceof Error, `${name} is an Error`);
    t.strictSame(renderScimError(err), { schemas: [ERROR_SCHEMA], status: String(status), detail: 'd', ...(scimType ? { scimType } : {}) }, `${name} rendered`);
  }
});
