import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { sql } from 'kysely';
import type { UserRow } from '@scim/db';
import { groupLocation, renderUser } from '../scim/resources/render.js';
import { UUID_RE as UUID } from '../util/uuid.js';
import { adminErrors } from './errors.js';
import { createLocalUser, deleteLocalUser, setLocalUserPassword, updateLocalUser } from './local-users.js';
import { connectionRefs, type ConnectionRef } from './managed.js';
import { DEFAULT_PAGE, MAX_PAGE, containsPattern, decodeCursor, exactTimestamp, keysetPage } from '../util/keyset-paging.js';
import { MemberRef, NoContent, Provenance, User, page, responses } from './schemas.js';
import { adminActor } from './session.js';

const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()]);
const Name = Type.String({ maxLength: 256 });

const UserFields = {
  givenName: Type.Optional(Nullable(Name)),
  familyName: Type.Optional(Nullable(Name)),
  displayName: Type.Optional(Nullable(Name)),
  email: Type.Optional(Nullable(Type.String({ maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }))),
  active: Type.Optional(Type.Boolean()),
};
const CreateUser = Type.Object({ userName: Type.String({ minLength: 1, maxLength: 256 }), password: Type.Optional(Type.String({ maxLength: 1024 })), ...UserFields }, { additionalProperties: false });
const UpdateUser = Type.Object({ userName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), ...UserFields }, { additionalProperties: false });
const SetPassword = Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String() });
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256 })),
  source: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('scim')])),
  connectionId: Type.Optional(Type.String({ format: 'uuid' })),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});
const PageQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })), cursor: Type.Optional(Type.String({ maxLength: 512 })) });
const tags = ['users'];

/** The admin view of a user: its SCIM representation plus where it comes from. */
export function adminUser(row: UserRow, baseUrl: string, conn: ConnectionRef | undefined, groups?: { value: string; display: string | null }[]) {
  const scim = renderUser(row, baseUrl, groups) as Omit<Static<typeof User>, keyof typeof Provenance | 'hasPassword'>;
  return {
    ...scim,
    source: row.source,
    connection: conn ?? null,
    managedByScim: row.source === 'scim',
    hasPassword: row.password_hash !== null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;
  const base = config.publicBaseUrl;

  app.get('/users', { schema: { tags, querystring: ListQuery, response: responses({ 200: page(User) }) } }, async (req) => {
    const limit = req.query.limit ?? DEFAULT_PAGE;
    let q = db.selectFrom('users').selectAll().select(exactTimestamp('created_at').as('cursor_ts')).where('deleted_at', 'is', null);
    if (req.query.source) q = q.where('source', '=', req.query.source);
    if (req.query.connectionId) q = q.where('connection_id', '=', req.query.connectionId);
    if (req.query.active !== undefined) q = q.where('active', '=', req.query.active);
    if (req.query.q?.trim()) {
      const p = containsPattern(req.query.q.trim());
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(user_name)`, 'like', p),
          eb(sql`lower(display_name)`, 'like', p),
          eb.exists(eb.selectFrom('user_emails as e').select(sql`1`.as('one')).whereRef('e.user_id', '=', 'users.id').where(sql`lower(e.value)`, 'like', p)),
        ]),
      );
    }
    if (req.query.cursor) {
      const [ts, id] = decodeCursor(req.query.cursor, UUID);
      q = q.where(sql<boolean>`(created_at, id) > (${ts}::timestamptz, ${id}::uuid)`);
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
    const { page, nextCursor } = keysetPage(rows, limit, (r) => [r.cursor_ts, r.id]);
    const conns = await connectionRefs(db, page.map((r) => r.connection_id));
    return {
      items: page.map((r) => adminUser(r, base, r.connection_id ? conns.get(r.connection_id) : undefined)),
      nextCursor,
    };
  });

  app.get('/users/:id', { schema: { tags, params: IdParams, response: responses({ 200: User }) } }, async (req) => {
    const row = UUID.test(req.params.id) ? await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirst() : undefined;
    if (!row) throw adminErrors.notFound(`user ${req.params.id}`);
    const groups = await db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['g.id as value', 'g.display_name as display'])
      .where('m.member_id', '=', row.id)
      .where('g.deleted_at', 'is', null)
      .orderBy('g.display_name')
      .execute();
    const conns = await connectionRefs(db, [row.connection_id]);
    return adminUser(row, base, row.connection_id ? conns.get(row.connection_id) : undefined, groups);
  });

  // A user's groups, paged like a group's members (keyset on added_at, group id).
  app.get('/users/:id/groups', { schema: { tags, params: IdParams, querystring: PageQuery, response: responses({ 200: page(MemberRef) }) } }, async (req) => {
    if (!UUID.test(req.params.id)) throw adminErrors.notFound(`user ${req.params.id}`);
    const limit = req.query.limit ?? DEFAULT_PAGE;
    let q = db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['m.group_id', 'g.display_name', exactTimestamp('m.added_at').as('cursor_ts')])
      .where('m.member_id', '=', req.params.id)
      .where('g.deleted_at', 'is', null);
    if (req.query.cursor) {
      const [ts, id] = decodeCursor(req.query.cursor, UUID);
      q = q.where(sql<boolean>`(m.added_at, m.group_id) > (${ts}::timestamptz, ${id}::uuid)`);
    }
    const rows = await q.orderBy('m.added_at').orderBy('m.group_id').limit(limit + 1).execute();
    const { page: items, nextCursor } = keysetPage(rows, limit, (r) => [r.cursor_ts, r.group_id]);
    return { items: items.map((g) => ({ value: g.group_id, $ref: groupLocation(base, g.group_id), display: g.display_name, type: 'direct' })), nextCursor };
  });

  app.post('/users', { schema: { tags, body: CreateUser, response: responses({ 201: User }) } }, async (req, reply) => {
    const row = await createLocalUser(db, adminActor(req), base, req.body);
    app.deps.onCommit?.();
    return reply.code(201).send(adminUser(row, base, undefined));
  });

  app.patch('/users/:id', { schema: { tags, params: IdParams, body: UpdateUser, response: responses({ 200: User }) } }, async (req) => {
    const row = await updateLocalUser(db, adminActor(req), base, req.params.id, req.body);
    app.deps.onCommit?.();
    return adminUser(row, base, undefined);
  });

  app.delete('/users/:id', { schema: { tags, params: IdParams, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteLocalUser(db, adminActor(req), base, req.params.id);
    app.deps.onCommit?.();
    return reply.code(204).send(null);
  });

  app.post('/users/:id/password', { schema: { tags, params: IdParams, body: SetPassword, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await setLocalUserPassword(db, adminActor(req), base, req.params.id, req.body.password);
    app.deps.onCommit?.();
    return reply.code(204).send(null);
  });
};
