import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database.js';
import { TYPE_PARSERS } from './timestamps.js';

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

/**
 * A pg client whose promise-style `query(text, values)` runs through pg's callback form. Results
 * read through pg's own promise form survived the next young-generation collection, every
 * one: a page of 100 users read that way (as Kysely reads it) had ~100 KB promoted to old space
 * per page, read through the callback form none — the same statement, bench/page-gc.ts and
 * BENCHMARKS.md "The delta page's garbage". Promoted garbage makes each scavenge copy it and
 * fills old space for the mark-compacts: the delta page's p99 (issue 17). Not explained further;
 * measured on pg 8.23, Node 20.
 */
export class CallbackClient extends pg.Client {
  // pg's overloads; only the promise form (no callback, not a Query object) is rerouted.
  override query(config: any, values?: any, callback?: any): any {
    if (callback !== undefined || typeof values === 'function' || typeof config?.submit === 'function') {
      return super.query(config, values, callback);
    }
    return new Promise((resolve, reject) => super.query(config, values, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))));
  }
}

export function createPool(opts: ConnectOptions): pg.Pool {
  const pool = new pg.Pool({
    Client: CallbackClient,
    types: TYPE_PARSERS,
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
  // A client lent out of the pool has no error listener (pg-pool removes its own meanwhile):
  // a server shutdown (57P01) reaching a connection idle inside a transaction was an uncaught
  // 'error' that ended the process (issue 14's restart test). The next query on that client
  // fails and reports it; the pool drops the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

// SQLSTATE classes and codes that mean the server, not the request, is the problem:
// 08 connection exception, 57P01–57P03 shutdown/starting up, 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The database cannot be reached or is restarting: the request may succeed when retried, so it
 * is answered 503 rather than as a bug. node-postgres reports a connection lost mid-query
 * with messages only (no code).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(e.message);
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
