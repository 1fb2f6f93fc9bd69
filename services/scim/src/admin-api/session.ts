import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { writeAudit, type Actor } from '@scim/db';
import { verifyPassword } from '../admin-accounts/password.js';
import { adminErrors } from './errors.js';
import { LimiterBusyError } from '../util/limiter.js';
import { claimLoginAttempt, clearLoginFailures, clientKey, pruneLoginAttempts, releaseLoginAttempt } from './login-throttle.js';
import { NoContent, Session, responses } from './schemas.js';

/**
 * Admin sessions: a signed JWT in an httpOnly, SameSite=Strict cookie names an
 * `admin_sessions` row; every request checks that row, so sign-out and expiry hold on every
 * replica at once (a JWT alone cannot be revoked). SameSite=Strict keeps cross-site requests
 * from carrying the cookie; plugins/csrf.ts refuses cross-site state changes on top of it.
 */
export const SESSION_COOKIE = 'scim_admin_session';

export interface AdminPrincipal {
  id: string;
  email: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminPrincipal | null;
  }
}

/** The actor of audit rows and outbox events for an admin request. */
export function adminActor(req: FastifyRequest): Actor {
  return {
    source: 'admin',
    adminId: req.admin?.id ?? null,
    requestId: req.id,
    ip: req.ip ?? null,
    userAgent: (req.headers['user-agent'] as string | undefined)?.slice(0, 512) ?? null,
  };
}

/** Cookie + JWT plugins and the `admin` request slot, for the whole admin context. */
export async function registerSessionSupport(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
  await app.register(jwt, { secret: app.deps.secrets.signingKey });
  app.decorateRequest('admin', null);
}

/** onRequest hook of the authenticated admin context. */
export async function requireAdmin(this: FastifyInstance, req: FastifyRequest): Promise<void> {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) throw adminErrors.unauthenticated();
  let claims: { sid?: string; sub?: string };
  try {
    claims = this.jwt.verify<{ sid?: string; sub?: string }>(raw);
  } catch {
    throw adminErrors.sessionExpired();
  }
  if (!claims.sid || !claims.sub) throw adminErrors.unauthenticated();
  const row = await this.deps.db
    .selectFrom('admin_sessions as s')
    .innerJoin('admins as a', 'a.id', 's.admin_id')
    .select(['s.id', 'a.id as admin_id', 'a.email'])
    .where('s.id', '=', claims.sid)
    .where('s.admin_id', '=', claims.sub)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) throw adminErrors.sessionExpired();
  req.admin = { id: row.admin_id, email: row.email, sessionId: row.id };
}

// Compared against when the email is unknown, so a wrong email costs the same scrypt time as
// a wrong password (no account enumeration by timing).
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

// An email (≤ 320 characters) and a password (≤ 1024), even of 3-byte UTF-8 characters, fit
// in 4 KiB; nothing larger is read from an unauthenticated client.
const SIGN_IN_BODY_LIMIT = 4 * 1024;

const SignIn = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) });

/** POST /session (sign in): outside the authenticated context. */
export const signInRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/session', { schema: { tags: ['session'], body: SignIn, response: responses({ 200: Session }) }, bodyLimit: SIGN_IN_BODY_LIMIT }, async (req, reply) => {
    const { db, config } = app.deps;
    const email = req.body.email.trim();
    const ip = req.ip ?? 'unknown';
    const address = clientKey(req.ip);
    const attempt = await claimLoginAttempt(db, email, address);
    if (attempt.retryAfter > 0) throw adminErrors.tooManyLoginAttempts(attempt.retryAfter);
    const admin = await db.selectFrom('admins').select(['id', 'email', 'password_hash']).where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
    const ok = await verifyPassword(req.body.password, admin?.password_hash ?? DUMMY_HASH).catch(async (err: unknown) => {
      if (err instanceof LimiterBusyError) await releaseLoginAttempt(db, attempt.id);
      throw err;
    });
    if (!admin || !ok) {
      await pruneLoginAttempts(db);
      req.log.info({ ip }, 'admin sign-in failed');
      throw adminErrors.invalidCredentials();
    }
    const ttl = config.ADMIN_SESSION_TTL_SECONDS;
    const session = await db.transaction().execute(async (trx) => {
      await clearLoginFailures(trx, email, address);
      const s = await trx
        .insertInto('admin_sessions')
        .values({
          admin_id: admin.id,
          expires_at: sql<Date>`now() + make_interval(secs => ${ttl})` as never,
          ip,
          user_agent: (req.headers['user-agent'] as string | undefined)?.slice(0, 512) ?? null,
        })
        .returning(['id', 'expires_at'])
        .executeTakeFirstOrThrow();
      await trx.updateTable('admins').set({ last_login_at: sql`now()` as never }).where('id', '=', admin.id).execute();
      await writeAudit(trx, { ...adminActor(req), adminId: admin.id }, [{ action: 'admin.signed_in', resourceType: 'Admin', resourceId: admin.id }]);
      return s;
    });
    const token = app.jwt.sign({ sid: session.id, sub: admin.id }, { expiresIn: `${ttl}s` });
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.publicBaseUrl.startsWith('https:'),
      path: '/api/admin',
      maxAge: ttl,
    });
    return { admin: { id: admin.id, email: admin.email }, expiresAt: session.expires_at.toISOString() };
  });
};

/** GET /session (who am I) and DELETE /session (server-side sign-out). */
export const sessionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/session', { schema: { tags: ['session'], response: responses({ 200: Session }) } }, async (req) => {
    const s = await app.deps.db.selectFrom('admin_sessions').select(['expires_at']).where('id', '=', req.admin!.sessionId).executeTakeFirstOrThrow();
    return { admin: { id: req.admin!.id, email: req.admin!.email }, expiresAt: s.expires_at.toISOString() };
  });
  app.delete('/session', { schema: { tags: ['session'], response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await app.deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('admin_sessions').set({ revoked_at: sql`now()` as never }).where('id', '=', req.admin!.sessionId).execute();
      await writeAudit(trx, adminActor(req), [{ action: 'admin.signed_out', resourceType: 'Admin', resourceId: req.admin!.id }]);
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/api/admin' });
    return reply.code(204).send();
  });
};
