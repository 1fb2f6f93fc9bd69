import type { FastifyInstance } from 'fastify';
import { buildApp } from '@scim/scim';
import { loadScimConfig, type ScimConfig } from '../../services/scim/src/config.js';
import { createToken } from '../../services/scim/src/tokens/token-store.js';
import { createTestDatabase, type Teardown } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  config: ScimConfig;
  /** Mints a SCIM token through the same code the CLI uses; returns the Authorization header. */
  token(opts?: { connection?: string; name?: string }): Promise<{ authorization: string; token: string; id: string; connectionId: string }>;
}

export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdef0123';

/** The production app (same factory as server.ts) on a fresh database, driven with inject. */
export async function buildTestApp(t: Teardown, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(t);
  const config = loadScimConfig({ LOG_LEVEL: 'silent', SCIM_RATE_LIMIT_PER_SECOND: '0', SERVE_WEB: 'false', PUBLIC_BASE_URL: 'https://scim.test', ...env });
  const app = await buildApp({ config, db: db.db, pool: db.pool, secrets: { signingKey: TEST_SIGNING_KEY, encryptionKey: Buffer.alloc(32, 7).toString('base64') } });
  t.teardown(() => app.close());
  return {
    app,
    db,
    config,
    async token(opts = {}) {
      const created = await createToken(db.db, { source: 'cli' }, { name: opts.name ?? 'test', connection: opts.connection ?? 'test-idp' });
      return { authorization: `Bearer ${created.token}`, token: created.token, id: created.id, connectionId: created.connectionId };
    },
  };
}
