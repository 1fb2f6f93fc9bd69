import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database.js';

// bigint (int8) and xid8 come back as strings by default; keep them strings (ids and outbox
// positions exceed 2^53 in principle) but parse timestamps as Date (pg's default).
export interface DbHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface ConnectOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /** Statement timeout in ms: a runaway filter cannot hold a connection forever. */
  statementTimeoutMs?: number;
  /** Default 60 s; tests shorten it to watch PostgreSQL end an idle transaction. */
  idleInTransactionTimeoutMs?: number;
}

export function createPool(opts: ConnectOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'scim',
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    // A writer stuck idle in a transaction holds the outbox visibility fence back for every
    // consumer (docs/outbox.md, "Fence caveats").
    idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs ?? 60_000,
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next checkout reconnects.
  pool.on('error', () => {});
  return pool;
}

export function connectDb(opts: ConnectOptions): DbHandle {
  const pool = createPool(opts);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}
