// The committed client types (web/src/lib/api-schema.ts) are what openapi-typescript makes of
// the admin API's OpenAPI document today: a schema change without regenerating fails here.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { buildTestApp } from '../../test/helpers/app.js';
import { API_SCHEMA_FILE, generateApiTypes } from '../scripts/api-types.js';

t.test('web/src/lib/api-schema.ts matches GET /api/admin/openapi.json', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/api/admin/openapi.json' });
  t.equal(res.statusCode, 200);
  const expected = await generateApiTypes(res.json());
  const committed = await readFile(API_SCHEMA_FILE, 'utf8');
  t.ok(committed === expected, 'the committed types are current; run `npx --yes pnpm@12.4.2 --filter @scim/web generate:api` and commit the result');
  if (committed !== expected) {
    const a = committed.split('\n');
    const b = expected.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    t.comment(`first difference at line ${line + 1}:\n- ${a[line]}\n+ ${b[line]}`);
  }
});

t.test('the comparison notices a drift', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ url: '/api/admin/openapi.json' })).json();
  doc.paths['/api/admin/users'].get.responses['200'].content['application/json'].schema.properties.nextCursor = { type: 'integer' };
  t.not(await generateApiTypes(doc), await readFile(API_SCHEMA_FILE, 'utf8'));
});
