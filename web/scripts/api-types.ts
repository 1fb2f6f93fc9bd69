import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The console's client types from the admin API's OpenAPI document (GET /api/admin/openapi.json).
 * One function for the generator script and the drift test, so both produce the same text.
 */
export const API_SCHEMA_FILE = new URL('../src/lib/api-schema.ts', import.meta.url);

const HEADER = `// Generated from GET /api/admin/openapi.json by openapi-typescript. Do not edit:
// run \`npx --yes pnpm@12.4.2 --filter @scim/web generate:api\` after changing an admin API schema
// (web/test/api-schema.test.ts fails while this file and the API disagree).
`;

export async function generateApiTypes(doc: unknown): Promise<string> {
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], { exportType: false, alphabetize: true });
  return HEADER + astToString(ast);
}
