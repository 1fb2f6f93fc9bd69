import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@scim/db';
import { createAdmin } from '../../src/admin-accounts/admin-store.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Creates an admin (as the CLI does) and signs in; returns the cookie header to send. */
export async function signIn(app: FastifyInstance, db: Kysely<Database>, email = `admin-${Math.random().toString(36).slice(2)}@example.com`) {
  const admin = await createAdmin(db, { source: 'cli' }, email, ADMIN_PASSWORD);
  const res = await app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password: ADMIN_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return { admin, cookie: raw.split(';')[0]!, setCookie: raw };
}

/** A SCIM-managed user and group, inserted directly (as the SCIM engineer's code would). */
export async function insertScimManaged(db: Kysely<Database>, connectionId: string) {
  const user = await db
    .insertInto('users')
    .values({ doc: JSON.stringify({ userName: `scim.user.${Date.now()}@example.com`, active: true }), source: 'scim', connection_id: connectionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const group = await db
    .insertInto('groups')
    .values({ doc: JSON.stringify({ displayName: `SCIM Group ${Date.now()}` }), source: 'scim', connection_id: connectionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, groupId: group.id };
}
