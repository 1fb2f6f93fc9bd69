// The production app listening on a real loopback port, for the proofs of issue 14 that need
// real concurrency on real sockets (races, bursts): inject runs requests one by one in turn,
// real HTTP lets the requests overlap in the database as an IdP's do.
import type { Test } from 'tap';
import { Agent } from 'undici';
import { buildApp } from '@scim/scim';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { loadScimConfig } from '../../src/config.js';
import { createToken } from '../../src/tokens/token-store.js';
import { PATCHOP, SCIM } from '../../../../test/helpers/scim.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  json(): any;
}

export async function listenTestApp(t: Test, env: Record<string, string> = {}) {
  // A pool above the bursts' concurrency (16), so requests meet in PostgreSQL, not in a queue in
  // Node; otherwise as test/helpers/app.ts builds the production app.
  const db = await createTestDatabase(t, { pool: 24 });
  const config = loadScimConfig({ LOG_LEVEL: 'silent', SCIM_RATE_LIMIT_PER_SECOND: '0', SERVE_WEB: 'false', PUBLIC_BASE_URL: 'https://scim.test', ...env });
  const app = await buildApp({ config, db: db.db, pool: db.pool, secrets: { signingKey: 'test-signing-key-0123456789abcdef0123', encryptionKey: Buffer.alloc(32, 7).toString('base64') } });
  t.teardown(() => app.close());
  const newToken = async (connection = 'test-idp') => {
    const created = await createToken(db.db, { source: 'cli' }, { name: 'proof', connection });
    return { authorization: `Bearer ${created.token}`, id: created.id };
  };
  const ta = { app, db, config, newToken };
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const dispatcher = new Agent({ connections: 64, pipelining: 1 });
  t.teardown(() => dispatcher.close());
  const tok = await newToken();
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, authorization = tok.authorization): Promise<HttpResult> => {
    const res = await fetch(`${address}/scim/v2${path}`, {
      method,
      headers: { authorization, ...(body !== undefined ? { 'content-type': SCIM } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      // @ts-expect-error undici's dispatcher option is not in the DOM fetch types
      dispatcher,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) };
  };
  const patchOps = (path: string, ops: unknown[], headers?: Record<string, string>) => request('PATCH', path, { schemas: [PATCHOP], Operations: ops }, headers);
  const count = async (sql: string, params: unknown[] = []) => Number((await ta.db.pool.query(sql, params)).rows[0].count);
  return { ...ta, address, tok, request, patchOps, count };
}

/** Runs `jobs` with at most `concurrency` in flight, results in job order. */
export async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}
