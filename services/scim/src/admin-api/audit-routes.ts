import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { sql } from 'kysely';
import { CSV_COLUMNS, csvLine, queryAudit, streamAudit, type AuditFilter } from '../audit/query.js';
import { adminErrors } from './errors.js';
import { Admin, AuditItem, page, responses } from './schemas.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../util/keyset-paging.js';

const Filters = {
  source: Type.Optional(Type.Union(['scim', 'admin', 'cli', 'system'].map((s) => Type.Literal(s)))),
  connectionId: Type.Optional(Type.String({ format: 'uuid' })),
  tokenId: Type.Optional(Type.String({ format: 'uuid' })),
  adminId: Type.Optional(Type.String({ format: 'uuid' })),
  resourceType: Type.Optional(Type.String({ maxLength: 64 })),
  resourceId: Type.Optional(Type.String({ maxLength: 256 })),
  action: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};
const ListQuery = Type.Object({ ...Filters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })), cursor: Type.Optional(Type.String({ maxLength: 512 })) });
const ExportQuery = Type.Object({ ...Filters, format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]) });

function toFilter(q: Static<typeof ListQuery> | Static<typeof ExportQuery>): AuditFilter {
  const f: AuditFilter = {
    source: q.source as AuditFilter['source'],
    connectionId: q.connectionId,
    tokenId: q.tokenId,
    adminId: q.adminId,
    resourceType: q.resourceType,
    resourceId: q.resourceId,
    action: q.action,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
  if (f.from && f.to && f.from >= f.to) throw adminErrors.validation('from must be before to');
  return f;
}

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const tags = ['audit'];
  app.get('/audit', { schema: { tags, querystring: ListQuery, response: responses({ 200: page(AuditItem) }) } }, async (req) =>
    queryAudit(db, toFilter(req.query), { limit: req.query.limit ?? DEFAULT_PAGE, cursor: req.query.cursor }),
  );

  // The admins an audit row can name, for the console's actor filter (ids → emails).
  app.get('/admins', { schema: { tags, response: responses({ 200: Type.Object({ items: Type.Array(Admin) }) }) } }, async () => ({
    items: await db.selectFrom('admins').select(['id', 'email']).orderBy(sql`lower(email)`).execute(),
  }));

  // Streamed: rows are read in keyset batches and written as they come (a year of audit rows
  // never sits in memory). Exports are themselves not audited; they change nothing.
  app.get('/audit/export', {
    schema: {
      tags,
      querystring: ExportQuery,
      produces: ['text/csv', 'application/x-ndjson'],
      response: responses({ 200: Type.Unsafe<Readable>({ type: 'string', description: 'CSV (RFC 4180, a header row) or NDJSON, one audit item per line, oldest first' }) }),
    },
  }, async (req, reply) => {
    const filter = toFilter(req.query);
    const csv = req.query.format === 'csv';
    async function* lines() {
      if (csv) yield CSV_COLUMNS.join(',') + '\r\n';
      for await (const item of streamAudit(db, filter)) yield csv ? csvLine(item) : JSON.stringify(item) + '\n';
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return reply
      .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="audit-${stamp}.${csv ? 'csv' : 'ndjson'}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });
};
