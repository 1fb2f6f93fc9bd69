import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { sql } from 'kysely';
import type { GroupRow } from '@scim/db';
import { memberRef, renderGroup } from '../scim/resources/render.js';
import { UUID_RE as UUID } from '../util/uuid.js';
import { adminErrors } from './errors.js';
import { changeLocalGroupMembers, createLocalGroup, deleteLocalGroup, renameLocalGroup } from './local-groups.js';
import { connectionRefs, type ConnectionRef } from './managed.js';
import { DEFAULT_PAGE, MAX_PAGE, containsPattern, decodeCursor, exactTimestamp, keysetPage } from '../util/keyset-paging.js';
import { Group, MemberRef, NoContent, Provenance, page, responses } from './schemas.js';
import { adminActor } from './session.js';

const IdParams = Type.Object({ id: Type.String() });
const GroupBody = Type.Object({ displayName: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
const MembersBody = Type.Object(
  { add: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })), remove: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256 })),
  source: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('scim')])),
  connectionId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});
const MembersQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })), cursor: Type.Optional(Type.String({ maxLength: 512 })) });
const MembersChanged = Type.Object({ added: Type.Array(Type.String({ format: 'uuid' })), removed: Type.Array(Type.String({ format: 'uuid' })) });
const tags = ['groups'];

function adminGroup(row: GroupRow, baseUrl: string, conn: ConnectionRef | undefined, memberCount?: number) {
  const scim = renderGroup(row, baseUrl) as Omit<Static<typeof Group>, keyof typeof Provenance | 'memberCount'>;
  return {
    ...scim,
    source: row.source,
    connection: conn ?? null,
    managedByScim: row.source === 'scim',
    ...(memberCount !== undefined ? { memberCount } : {}),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;
  const base = config.publicBaseUrl;

  app.get('/groups', { schema: { tags, querystring: ListQuery, response: responses({ 200: page(Group) }) } }, async (req) => {
    const limit = req.query.limit ?? DEFAULT_PAGE;
    let q = db
      .selectFrom('groups')
      .selectAll()
      .select([exactTimestamp('created_at').as('cursor_ts'), sql<number>`(SELECT count(*)::int FROM group_members m WHERE m.group_id = groups.id)`.as('member_count')])
      .where('deleted_at', 'is', null);
    if (req.query.source) q = q.where('source', '=', req.query.source);
    if (req.query.connectionId) q = q.where('connection_id', '=', req.query.connectionId);
    if (req.query.q?.trim()) q = q.where(sql`lower(display_name)`, 'like', containsPattern(req.query.q.trim()));
    if (req.query.cursor) {
      const [ts, id] = decodeCursor(req.query.cursor, UUID);
      q = q.where(sql<boolean>`(created_at, id) > (${ts}::timestamptz, ${id}::uuid)`);
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
    const { page, nextCursor } = keysetPage(rows, limit, (r) => [r.cursor_ts, r.id]);
    const conns = await connectionRefs(db, page.map((r) => r.connection_id));
    return {
      items: page.map((r) => adminGroup(r, base, r.connection_id ? conns.get(r.connection_id) : undefined, r.member_count)),
      nextCursor,
    };
  });

  app.get('/groups/:id', { schema: { tags, params: IdParams, response: responses({ 200: Group }) } }, async (req) => {
    const row = UUID.test(req.params.id) ? await db.selectFrom('groups').selectAll().where('id', '=', req.params.id).executeTakeFirst() : undefined;
    if (!row) throw adminErrors.notFound(`group ${req.params.id}`);
    const { n } = await db.selectFrom('group_members').select(sql<number>`count(*)::int`.as('n')).where('group_id', '=', row.id).executeTakeFirstOrThrow();
    const conns = await connectionRefs(db, [row.connection_id]);
    return adminGroup(row, base, row.connection_id ? conns.get(row.connection_id) : undefined, n);
  });

  // Members are paged (a group may hold 100k): keyset on (added_at, member_id).
  app.get('/groups/:id/members', { schema: { tags, params: IdParams, querystring: MembersQuery, response: responses({ 200: page(MemberRef) }) } }, async (req) => {
    if (!UUID.test(req.params.id)) throw adminErrors.notFound(`group ${req.params.id}`);
    const limit = req.query.limit ?? DEFAULT_PAGE;
    let q = db
      .selectFrom('group_members as m')
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'm.member_id').on('m.member_type', '=', 'User'))
      .leftJoin('groups as g', (j) => j.onRef('g.id', '=', 'm.member_id').on('m.member_type', '=', 'Group'))
      .select(['m.member_id', 'm.member_type', sql<string | null>`coalesce(u.display_name, u.user_name, g.display_name)`.as('display'), exactTimestamp('m.added_at').as('cursor_ts')])
      .where('m.group_id', '=', req.params.id);
    if (req.query.cursor) {
      const [ts, id] = decodeCursor(req.query.cursor, UUID);
      q = q.where(sql<boolean>`(m.added_at, m.member_id) > (${ts}::timestamptz, ${id}::uuid)`);
    }
    const rows = await q.orderBy('m.added_at').orderBy('m.member_id').limit(limit + 1).execute();
    const { page, nextCursor } = keysetPage(rows, limit, (m) => [m.cursor_ts, m.member_id]);
    return { items: page.map((m) => memberRef(base, m) as Static<typeof MemberRef>), nextCursor };
  });

  app.post('/groups', { schema: { tags, body: GroupBody, response: responses({ 201: Group }) } }, async (req, reply) => {
    const row = await createLocalGroup(db, adminActor(req), base, req.body.displayName);
    app.deps.onCommit?.();
    return reply.code(201).send(adminGroup(row, base, undefined, 0));
  });

  app.patch('/groups/:id', { schema: { tags, params: IdParams, body: GroupBody, response: responses({ 200: Group }) } }, async (req) => {
    const row = await renameLocalGroup(db, adminActor(req), base, req.params.id, req.body.displayName);
    app.deps.onCommit?.();
    return adminGroup(row, base, undefined);
  });

  app.delete('/groups/:id', { schema: { tags, params: IdParams, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteLocalGroup(db, adminActor(req), base, req.params.id);
    app.deps.onCommit?.();
    return reply.code(204).send(null);
  });

  app.post('/groups/:id/members', { schema: { tags, params: IdParams, body: MembersBody, response: responses({ 200: MembersChanged }) } }, async (req) => {
    const result = await changeLocalGroupMembers(db, adminActor(req), base, req.params.id, req.body);
    app.deps.onCommit?.();
    return result;
  });
};
