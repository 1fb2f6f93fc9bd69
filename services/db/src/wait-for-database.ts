import pg from 'pg';

/**
 * Bounded wait for the first database connection of a process that was started next to its
 * database (docker compose, Kubernetes): the server may still be initialising, restarting, or
 * not yet resolvable by name. Retries only what "not up yet" looks like, for `timeoutMs` in
 * all, with one clear log line per wait; anything else (wrong password, missing database)
 * fails at once, since waiting cannot fix it.
 */
export interface WaitForDatabaseOptions {
  /** Total time to keep trying; default 60 s. */
  timeoutMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Delay before the second attempt, doubled up to maxDelayMs (defaults 250 ms and 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_DATABASE_WAIT_MS = 60_000;

// Socket-level codes of a server that is not (yet) there, and PostgreSQL's 57P03
// cannot_connect_now ("the database system is starting up" / "is shutting down").
const NOT_UP_YET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03']);

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? (/timeout/i.test(e.message ?? '') ? 'ETIMEDOUT' : 'error');
}

export function isDatabaseNotUpYet(err: unknown): boolean {
  return NOT_UP_YET.has(reasonOf(err)) || /Connection terminated/i.test((err as Error).message ?? '');
}

/** `host:port` of a connection string, for log lines: never its user or password. */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || process.env.PGHOST || 'localhost'}:${u.port || process.env.PGPORT || '5432'}`;
  } catch {
    return 'the database';
  }
}

async function tryOnce(url: string, connectTimeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // A connection dropped mid-handshake is also reported as an 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

export async function waitForDatabase(url: string, opts: WaitForDatabaseOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DATABASE_WAIT_MS;
  const address = databaseAddress(url);
  const started = Date.now();
  let delay = opts.initialDelayMs ?? 250;
  let attempts = 0;
  for (;;) {
    attempts++;
    const left = timeoutMs - (Date.now() - started);
    try {
      await tryOnce(url, Math.max(1000, Math.min(5000, left)));
      if (attempts > 1) opts.log?.info({ address, attempts, waitedMs: Date.now() - started }, `database at ${address} is reachable`);
      return;
    } catch (err) {
      const reason = reasonOf(err);
      if (!isDatabaseNotUpYet(err)) {
        throw new Error(`cannot use the database at ${address}: ${(err as Error).message}${reason !== 'error' ? ` (${reason})` : ''}`);
      }
      const elapsed = Date.now() - started;
      if (elapsed + delay > timeoutMs) {
        throw new Error(`database at ${address} not reachable after ${Math.round(elapsed / 1000)} s (${attempts} attempts): ${reason}`);
      }
      if (attempts === 1) {
        opts.log?.warn(
          { address, reason, retryForSeconds: Math.round(timeoutMs / 1000) },
          `database at ${address} not reachable yet (${reason}); retrying for up to ${Math.round(timeoutMs / 1000)} s`,
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000);
    }
  }
}
