import { scimErrors } from '../core/errors.js';
import { matchesEtag } from '../http/reply.js';
import type { WriteContext } from './context.js';

interface Owned {
  id: string;
  source: 'local' | 'scim';
  connection_id: string | null;
  version: number;
}

/**
 * A SCIM-managed row belongs to the connection that manages it: another connection's token may
 * read it but not change it (docs/architecture.md invariant 6). A local row written through SCIM is
 * adopted by the caller's connection when adoption is enabled.
 * Returns whether the write adopts a local row.
 */
export function checkWritable(ctx: WriteContext, row: Owned, what: 'User' | 'Group'): { adopts: boolean } {
  if (row.source === 'scim' && row.connection_id !== ctx.connectionId) {
    throw scimErrors.conflict(`${what} ${row.id} is managed by another IdP connection; only that connection's tokens may change it`);
  }
  if (row.source === 'local' && !ctx.adoptLocalUsers) {
    throw scimErrors.conflict(`${what} ${row.id} is a local account; adopting local accounts through SCIM is disabled (SCIM_ADOPT_LOCAL_USERS=false)`);
  }
  if (matchesEtag(ctx.ifMatch, row.version) === false) {
    throw scimErrors.preconditionFailed(`If-Match does not match the current version W/"${row.version}" of ${what} ${row.id}`);
  }
  return { adopts: row.source === 'local' };
}
