import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import t from 'tap';
import { startEmbedded } from '@scim/db';

async function query(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

const tmp = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-embedded-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

t.test('start, stop and restart keep the data; the folder is never re-initialised', async (t) => {
  const dir = await tmp();
  const a = await startEmbedded({ dataDir: dir, role: 'server' });
  t.ok(a.owned);
  await query(a.url, 'CREATE TABLE marker (v text); INSERT INTO marker VALUES (\'kept\')');
  const port = a.port;
  await a.stop();
  t.notOk(existsSync(path.join(dir, 'pg', 'postmaster.pid')), 'stopped cleanly');
  const b = await startEmbedded({ dataDir: dir, role: 'server' });
  t.teardown(() => b.stop());
  t.equal(b.port, port, 'the port chosen on first start is persisted');
  t.same(await query(b.url, 'SELECT v FROM marker'), [{ v: 'kept' }]);
  const secrets = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8'));
  t.ok(secrets.signingKey && secrets.encryptionKey, 'generated secrets are persisted in DATA_DIR');
});

t.test('a second process attaches as a client and does not stop the server', async (t) => {
  const dir = await tmp();
  const server = await startEmbedded({ dataDir: dir, role: 'server' });
  t.teardown(() => server.stop());
  const client = await startEmbedded({ dataDir: dir, role: 'client' });
  t.notOk(client.owned);
  await client.stop();
  t.same(await query(server.url, 'SELECT 1 AS one'), [{ one: 1 }], 'server still up after the client released it');
});

t.test('a second owner process is refused while the first is alive', async (t) => {
  const dir = await tmp();
  const other = spawn('sleep', ['30']);
  t.teardown(() => other.kill());
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(dir, 'owner.json'), JSON.stringify({ pid: other.pid }));
  await t.rejects(startEmbedded({ dataDir: dir, role: 'server' }), /in use by process/);
});

t.test('after a SIGKILL of the owner, the orphaned server is detected and replaced', async (t) => {
  const dir = await tmp();
  // A child process owns the cluster and is killed without any chance to clean up.
  const script = `import('@scim/db').then(async ({ startEmbedded }) => {
    const s = await startEmbedded({ dataDir: ${JSON.stringify(dir)}, role: 'server' });
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: s.url }); await c.connect();
    await c.query("CREATE TABLE marker (v text); INSERT INTO marker VALUES ('before-kill')"); await c.end();
    console.log('READY');
    setInterval(() => {}, 1000);
  });`;
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', '-e', script], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
    child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  const pidFile = path.join(dir, 'pg', 'postmaster.pid');
  const orphanPid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  t.doesNotThrow(() => process.kill(orphanPid, 0), 'the postmaster outlived its owner');

  const s = await startEmbedded({ dataDir: dir, role: 'server' });
  t.teardown(() => s.stop());
  t.same(await query(s.url, 'SELECT v FROM marker'), [{ v: 'before-kill' }], 'same cluster, data intact');
  const newPid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  t.not(newPid, orphanPid, 'the orphan was stopped and a server owned by this process started');
});
