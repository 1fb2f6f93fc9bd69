// `pnpm scim tokens rotate` and `pnpm scim connections …`: spread into the command map of main.ts.
import type { Actor, DbHandle } from '@scim/db';
import { CONNECTION_KINDS, createConnection, listConnections, type ConnectionKind } from '../tokens/connection-store.js';
import { MAX_OVERLAP_SECONDS, rotateToken } from '../tokens/token-store.js';
import { UsageError, parseArgs } from './args.js';

export const TOKEN_COMMANDS_USAGE = `  tokens rotate ID [--overlap-hours N] [--expires-in-days N]
                                            mint a replacement token (printed once, alone on the
                                            last line); the old one keeps working N hours (default 24)
  connections create --name NAME [--kind okta|entra|onelogin|other] [--rate-limit N]
                                            add an IdP connection (rate limit per second, 0 = none)
  connections list [--json]                 list IdP connections`;

const CLI_ACTOR: Actor = { source: 'cli', userAgent: 'scim-cli' };
const DEFAULT_OVERLAP_HOURS = 24;

const out = (line: string): void => void process.stdout.write(line + '\n');

function positiveNumber(value: string | undefined, flag: string, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new UsageError(`--${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  return n;
}

export const tokenCommands: Record<string, (args: string[], h: DbHandle) => Promise<void>> = {
  async 'tokens rotate'(args, h) {
    const { values, positional } = parseArgs(args, { values: ['overlap-hours', 'expires-in-days'] });
    if (positional.length !== 1) throw new UsageError('tokens rotate needs exactly one token ID');
    const hours = positiveNumber(values['overlap-hours'], 'overlap-hours', true) ?? DEFAULT_OVERLAP_HOURS;
    if (hours * 3600 > MAX_OVERLAP_SECONDS) throw new UsageError(`--overlap-hours must be at most ${MAX_OVERLAP_SECONDS / 3600}`);
    const { old, created } = await rotateToken(h.db, CLI_ACTOR, positional[0]!, {
      overlapSeconds: Math.round(hours * 3600),
      expiresInDays: positiveNumber(values['expires-in-days'], 'expires-in-days'),
    });
    out(`rotated token ${old.id} (${old.prefix}…): it stops working at ${old.expiresAt}`);
    out(`created token ${created.id} "${created.name}" for connection "${created.connectionName}"${created.expiresAt ? `, expires ${created.expiresAt}` : ''}`);
    out('store it now: it is shown only this once');
    out(created.token);
  },
  async 'connections create'(args, h) {
    const { values } = parseArgs(args, { values: ['name', 'kind', 'rate-limit'] });
    if (!values.name) throw new UsageError('connections create needs --name NAME');
    const kind = (values.kind ?? 'other') as ConnectionKind;
    if (!CONNECTION_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${CONNECTION_KINDS.join(', ')}`);
    const rate = positiveNumber(values['rate-limit'], 'rate-limit', true);
    if (rate !== undefined && !Number.isInteger(rate)) throw new UsageError('--rate-limit must be a whole number');
    const c = await createConnection(h.db, CLI_ACTOR, { name: values.name, kind, rateLimitPerSecond: rate ?? null });
    out(`created connection ${c.id} "${c.name}" (${c.kind}${c.rateLimitPerSecond !== null ? `, ${c.rateLimitPerSecond} req/s` : ''})`);
  },
  async 'connections list'(args, h) {
    const { flags } = parseArgs(args, { booleans: ['json'] });
    const connections = await listConnections(h.db);
    if (flags.has('json')) return out(JSON.stringify(connections));
    if (!connections.length) return out('no connections');
    for (const c of connections) {
      const rate = c.rateLimitPerSecond === null ? 'default rate' : c.rateLimitPerSecond === 0 ? 'unlimited' : `${c.rateLimitPerSecond} req/s`;
      out([c.id, c.kind.padEnd(8), c.name, rate, `${c.activeTokens} active token(s)`, `${c.managedUsers} user(s)`].join('  '));
    }
  },
};
