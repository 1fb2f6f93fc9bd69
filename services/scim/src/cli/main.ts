// `pnpm scim <command>`: operator commands, same env as the service. Works standalone (starts
// the embedded server for the duration of the command) and while `pnpm start` runs (attaches).
import { connectDb, migrate, resolveDatabase, type Actor, type DbHandle } from '@scim/db';
import { AdminError, createAdmin } from '../admin-accounts/admin-store.js';
import { generatePassword } from '../admin-accounts/password.js';
import { ConfigError } from '@scim/db';
import { loadScimConfig } from '../config.js';
import { TokenError, createToken, listTokens, revokeToken } from '../tokens/token-store.js';
import { UsageError, parseArgs } from './args.js';
import { OUTBOX_USAGE, outboxCommands } from './outbox-commands.js';
import { TOKEN_COMMANDS_USAGE, tokenCommands } from './token-commands.js';
import { WEBHOOK_USAGE, webhookCommands } from './webhook-commands.js';

const USAGE = `usage: pnpm scim <command>
  migrate                                   apply pending migrations
  tokens create --name NAME [--connection NAME] [--expires-in-days N]
                                            mint a SCIM token (printed once, alone on the last line)
  tokens list [--json]                      list tokens (never their secret)
  tokens revoke ID                          revoke a token; refused from the next request on
${TOKEN_COMMANDS_USAGE}
  admin create --email EMAIL [--password-stdin]
                                            create an admin of the console (password generated
                                            and printed unless given on stdin)
${OUTBOX_USAGE}
${WEBHOOK_USAGE}`;

const CLI_ACTOR: Actor = { source: 'cli', userAgent: 'scim-cli' };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

type Command = (args: string[], h: DbHandle) => Promise<void>;

const out = (line: string): void => void process.stdout.write(line + '\n');

const commands: Record<string, Command> = {
  async migrate(_args, h) {
    const r = await migrate(h.pool);
    out(r.applied.length ? `applied: ${r.applied.join(', ')}` : `up to date (${r.current})`);
  },
  async 'tokens create'(args, h) {
    const { values } = parseArgs(args, { values: ['name', 'connection', 'expires-in-days'] });
    if (!values.name) throw new UsageError('tokens create needs --name NAME');
    const days = values['expires-in-days'] !== undefined ? Number(values['expires-in-days']) : undefined;
    if (days !== undefined && !(Number.isFinite(days) && days > 0)) throw new UsageError('--expires-in-days must be a positive number');
    const t = await createToken(h.db, CLI_ACTOR, { name: values.name, connection: values.connection, expiresInDays: days });
    out(`created token ${t.id} "${t.name}" for connection "${t.connectionName}"${t.expiresAt ? `, expires ${t.expiresAt}` : ''}`);
    out('store it now: it is shown only this once');
    out(t.token);
  },
  async 'tokens list'(args, h) {
    const { flags } = parseArgs(args, { booleans: ['json'] });
    const tokens = await listTokens(h.db);
    if (flags.has('json')) return out(JSON.stringify(tokens));
    if (!tokens.length) return out('no tokens');
    for (const t of tokens) {
      const state = t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) <= Date.now() ? 'expired' : 'active';
      out([t.id, t.prefix + '…', state.padEnd(7), t.connectionName, t.name, `last used ${t.lastUsedAt ?? 'never'}`].join('  '));
    }
  },
  async 'tokens revoke'(args, h) {
    const { positional } = parseArgs(args, {});
    if (positional.length !== 1) throw new UsageError('tokens revoke needs exactly one token ID');
    const t = await revokeToken(h.db, CLI_ACTOR, positional[0]!);
    out(`revoked token ${t.id} (${t.prefix}…)`);
  },
  ...tokenCommands,
  async 'admin create'(args, h) {
    const { values, flags } = parseArgs(args, { values: ['email'], booleans: ['password-stdin'] });
    if (!values.email) throw new UsageError('admin create needs --email EMAIL');
    const generated = !flags.has('password-stdin');
    const password = generated ? generatePassword() : await readStdin();
    const admin = await createAdmin(h.db, CLI_ACTOR, values.email, password);
    out(`created admin ${admin.email} (${admin.id})`);
    if (generated) out(`password: ${password}`);
  },
  ...outboxCommands,
  ...webhookCommands,
};

async function main(argv: string[]): Promise<number> {
  const key2 = argv.slice(0, 2).join(' ');
  const [name, rest] = commands[key2] ? [key2, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = commands[name];
  if (argv.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!command) {
    process.stderr.write(`error: unknown command "${argv.join(' ')}"\n${USAGE}\n`);
    return 2;
  }
  const config = loadScimConfig();
  const database = await resolveDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, role: 'client' });
  const h = connectDb({ connectionString: database.url, max: 2, applicationName: 'scim-cli' });
  try {
    if (name !== 'migrate') await migrate(h.pool);
    await command(rest, h);
    return 0;
  } finally {
    await h.close();
    await database.release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof UsageError || err instanceof TokenError || err instanceof AdminError || err instanceof ConfigError;
    process.stderr.write(`error: ${known ? err.message : (err as Error).message ?? String(err)}\n`);
    if (err instanceof UsageError) process.stderr.write(`run "pnpm scim --help" for usage\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
