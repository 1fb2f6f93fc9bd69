// Writes web/src/lib/api-schema.ts from the admin API the code defines now (no server needed:
// the app is built without listening and asked for its OpenAPI document).
import { writeFile } from 'node:fs/promises';
import { buildApp } from '@scim/scim';
import { connectDb } from '@scim/db';
import { loadScimConfig } from '../../services/scim/src/config.js';
import { API_SCHEMA_FILE, generateApiTypes } from './api-types.js';

// Never connected: building the routes touches no database.
const db = connectDb({ connectionString: 'postgres://unused@127.0.0.1:1/unused', max: 1 });
const app = await buildApp({
  config: loadScimConfig({ LOG_LEVEL: 'error', SERVE_WEB: 'false' }),
  db: db.db,
  pool: db.pool,
  secrets: { signingKey: 'x'.repeat(32), encryptionKey: Buffer.alloc(32).toString('base64') },
});
const res = await app.inject({ url: '/api/admin/openapi.json' });
if (res.statusCode !== 200) throw new Error(`openapi.json answered ${res.statusCode}: ${res.body}`);
await writeFile(API_SCHEMA_FILE, await generateApiTypes(res.json()));
await app.close();
await db.close();
process.stdout.write(`wrote ${API_SCHEMA_FILE.pathname}\n`);
