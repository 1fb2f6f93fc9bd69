// The bounded first-connection wait of the scim and dispatcher processes, against the real test
// PostgreSQL reached through a TCP relay that starts late (a database still coming up).
import net from 'node:net';
import t from 'tap';
import { databaseAddress, freePort, waitForDatabase } from '@scim/db';

const serverUrl = () => {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set: run the tests through `pnpm test`');
  return new URL(url);
};

function recorder() {
  const lines: Array<{ level: string; obj: object; msg: string }> = [];
  return {
    lines,
    log: {
      info: (obj: object, msg: string) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj, msg }),
    },
  };
}

/** Relays 127.0.0.1:port to the test PostgreSQL once started. */
function relay(port: number, target: URL) {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    start: () => new Promise<void>((r) => srv.listen(port, '127.0.0.1', r)),
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => srv.close(r));
    },
  };
}

t.test('a database that comes up late: one warning, then success once it answers', async (t) => {
  const port = await freePort();
  const target = serverUrl();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  const r = relay(port, target);
  t.teardown(r.stop);
  const { lines, log } = recorder();
  const waiting = waitForDatabase(url.toString(), { log, timeoutMs: 60_000, initialDelayMs: 50, maxDelayMs: 200 });
  // Start the relay only once the first attempt has been refused.
  while (!lines.length) await new Promise((res) => setTimeout(res, 20));
  await r.start();
  await waiting;
  t.equal(lines.length, 2, 'one line while waiting, one when reachable', { lines });
  t.match(lines[0], { level: 'warn', obj: { address: `127.0.0.1:${port}`, reason: 'ECONNREFUSED', retryForSeconds: 60 } });
  t.match(lines[0]!.msg, `database at 127.0.0.1:${port} not reachable yet (ECONNREFUSED); retrying for up to 60 s`);
  t.match(lines[1], { level: 'info', obj: { address: `127.0.0.1:${port}` }, msg: `database at 127.0.0.1:${port} is reachable` });
  t.ok((lines[1]!.obj as { attempts: number }).attempts >= 2);
});

t.test('nobody ever answers: gives up after the bound with a clear error', async (t) => {
  const port = await freePort();
  const { lines, log } = recorder();
  const err = await waitForDatabase(`postgres://scim:hunter2@127.0.0.1:${port}/scim`, { log, timeoutMs: 800, initialDelayMs: 50, maxDelayMs: 100 }).then(
    () => undefined,
    (e: Error) => e,
  );
  t.match(err?.message, new RegExp(`^database at 127\\.0\\.0\\.1:${port} not reachable after \\d+ s \\(\\d+ attempts\\): ECONNREFUSED$`));
  t.notMatch(err?.message, /hunter2/);
  t.equal(lines.filter((l) => l.level === 'warn').length, 1, 'one warning for the whole wait');
});

t.test('what waiting cannot fix fails at once: a database that does not exist', async (t) => {
  const url = serverUrl();
  url.pathname = '/scim_no_such_database';
  const { lines, log } = recorder();
  const err = await waitForDatabase(url.toString(), { log, timeoutMs: 60_000 }).then(() => undefined, (e: Error) => e);
  t.match(err?.message, `cannot use the database at ${databaseAddress(url.toString())}: database "scim_no_such_database" does not exist (3D000)`);
  t.same(lines, [], 'no retry');
});

t.test('databaseAddress: host and port only, defaults filled in', async (t) => {
  t.equal(databaseAddress('postgres://u:p@db.internal:6543/x'), 'db.internal:6543');
  t.equal(databaseAddress('postgres://u:p%2F@postgres/scim'), 'postgres:5432');
  t.equal(databaseAddress('not a url'), 'the database');
});
