import t from 'tap';
import { scimErrors, renderScimError } from '../../src/scim/core/errors.js';

t.test('renders status as a string with scimType', async (t) => {
  t.same(renderScimError(scimErrors.invalidFilter('bad')), {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'bad', scimType: 'invalidFilter',
  });
  t.notOk('scimType' in renderScimError(scimErrors.notFound('x')));
});
