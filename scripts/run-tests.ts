// The test command (README, .ci/run): prepares one PostgreSQL server and a migrated template
// database, runs tap once over the whole workspace, and ends with the plain summary line
// `tests: N passed, N failed, N skipped` (CI reads that line, not tap's output).
//
// Server: TEST_DATABASE_URL (any PostgreSQL 15+, admin rights to CREATE DATABASE) or, on a
// fresh machine with only Node.js, an embedded PostgreSQL under .data/test.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { connectDb, migrate, startEmbedded, type EmbeddedServer } from '@scim/db';

const TEMPLATE = 'scim_test_template';

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function prepare(): Promise<{ serverUrl: string; embedded?: EmbeddedServer }> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!serverUrl) {
    embedded = await startEmbedded({ dataDir: path.resolve('.data/test'), role: 'server', log: (m) => console.error(`# ${m}`) });
    serverUrl = withDatabase(embedded.url, 'postgres');
  }
  const admin = withDatabase(serverUrl, 'postgres');
  // Leftovers of an interrupted run, then a fresh template migrated once for all test files.
  const { rows } = await adminQuery(admin, `SELECT datname FROM pg_database WHERE datname LIKE 'scim_t\\_%' OR datname = '${TEMPLATE}'`);
  for (const r of rows) await adminQuery(admin, `DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await adminQuery(admin, `CREATE DATABASE ${TEMPLATE}`);
  const h = connectDb({ connectionString: withDatabase(serverUrl, TEMPLATE), max: 1 });
  await migrate(h.pool);
  await h.close();
  return { serverUrl: admin, embedded };
}

function runTap(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; summary?: Record<string, number> }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tap', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let summary: Record<string, number> | undefined;
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        // tap's closing line: `# { total: 12, pass: 11, fail: 1, skip: 0 }`
        const m = /^# \{ (total: .*) \}\s*$/.exec(line);
        if (m) summary = Object.fromEntries(m[1]!.split(', ').map((kv) => { const [k, v] = kv.split(': '); return [k!, Number(v)]; }));
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, summary }));
  });
}

async function main() {
  const { serverUrl, embedded } = await prepare();
  let result: { code: number; summary?: Record<string, number> } = { code: 1 };
  try {
    result = await runTap({ ...process.env, TEST_PG_URL: serverUrl, TEST_PG_TEMPLATE: TEMPLATE }, process.argv.slice(2));
  } finally {
    await embedded?.stop();
  }
  const s = result.summary ?? {};
  const failed = (s.fail ?? 0) + (result.summary ? 0 : 1);
  const skipped = (s.skip ?? 0) + (s.todo ?? 0);
  const passed = s.pass ?? 0;
  process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(result.code !== 0 || failed > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`test setup failed: ${(err as Error).stack ?? err}\n`);
  process.stdout.write('tests: 0 passed, 1 failed, 0 skipped\n');
  process.exit(1);
});
