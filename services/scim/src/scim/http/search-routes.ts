import type { FastifyPluginAsync } from 'fastify';
import { scimErrors } from '../core/errors.js';
import { parseFilter } from '../core/filter/parse.js';
import { checkAcrossTypes } from '../core/filter/resolve.js';
import { URN, type ResourceTypeName } from '../core/types.js';
import { allowOnly } from './allow.js';
import { collectChunks as collect, listChunks, sendChunks, sendList } from './list-response.js';
import { parseSearchBody } from './list-params.js';

const ROOT_TYPES: ResourceTypeName[] = ['User', 'Group'];

/**
 * POST /.search (RFC 7644 §3.4.3): the same query as GET, in a body (filters stay out of URLs
 * and logs). Per resource type, or at the root across Users and Groups.
 */
export const searchRoutes: FastifyPluginAsync = async (app) => {
  app.post('/Users/.search', async (req, reply) => sendList(app, reply, 'User', parseSearchBody(req.body)));
  app.post('/Groups/.search', async (req, reply) => sendList(app, reply, 'Group', parseSearchBody(req.body)));

  // Root search: both types, users first. Index paging applies to the concatenation. An
  // attribute only one type defines counts as unassigned in the other (RFC 7644 §3.4.2.2), so
  // `userName eq "x"` finds that user and no group; an attribute neither type defines is 400.
  allowOnly(app, ['/Users/.search', '/Groups/.search', '/.search'], ['POST']);
  app.post('/.search', async (req, reply) => {
    const search = parseSearchBody(req.body);
    if (search.filter !== undefined) checkAcrossTypes(ROOT_TYPES, parseFilter(search.filter));
    if (search.cursor !== undefined) throw scimErrors.invalidValue('cursor paging is not supported on the root /.search; search /Users or /Groups');
    if (search.sortBy) throw scimErrors.invalidValue('sortBy is not supported on the root /.search; search /Users or /Groups');
    const wanted = search.count ?? app.deps.config.SCIM_MAX_PAGE_SIZE;
    const parts: { total: number; chunks: string[] }[] = [];
    let skip = search.startIndex - 1;
    let room = Math.min(wanted, app.deps.config.SCIM_MAX_PAGE_SIZE);
    for (const rt of ROOT_TYPES) {
      // Totals first (count=0), then the slice of this type that falls into the page.
      const totalOnly = await collect(await listChunks(app, rt, { ...search, startIndex: 1, count: 0 }, 'absent'));
      const total = (JSON.parse(totalOnly) as { totalResults: number }).totalResults;
      const take = Math.max(0, Math.min(room, total - skip));
      let resources: string[] = [];
      if (take > 0) {
        const page = JSON.parse(await collect(await listChunks(app, rt, { ...search, startIndex: skip + 1, count: take }, 'absent'))) as { Resources: unknown[] };
        resources = page.Resources.map((r) => JSON.stringify(r));
      }
      room -= resources.length;
      skip = Math.max(0, skip - total);
      parts.push({ total, chunks: resources });
    }
    const resources = parts.flatMap((p) => p.chunks);
    const body = `{"schemas":${JSON.stringify([URN.listResponse])},"totalResults":${parts.reduce((n, p) => n + p.total, 0)},"itemsPerPage":${resources.length},"startIndex":${search.startIndex},"Resources":[${resources.join(',')}]}`;
    return sendChunks(reply, 200, [body]);
  });
};

