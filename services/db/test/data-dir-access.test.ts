// DATA_DIR problems that would otherwise surface as raw initdb/EACCES errors: as root, a folder
// the `postgres` system user cannot enter; as anyone else, a folder the user cannot write.
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { DataDirError, findUntraversable, startEmbedded } from '@scim/db';

const tmp = async (t: { teardown(fn: () => unknown): void }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-datadir-'));
  t.teardown(async () => {
    await chmod(dir, 0o700).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
};

t.test('findUntraversable: owner, group and others bits, first blocked folder on the way', async (t) => {
  const dir = await tmp(t);
  const own = await stat(dir);
  const me = { uid: own.uid, gid: own.gid };
  const stranger = { uid: own.uid + 4242, gid: own.gid + 4242 };
  const groupMate = { uid: own.uid + 4242, gid: own.gid };
  const deep = path.join(dir, 'a', 'b');
  await mkdir(deep, { recursive: true });
  const cases: Array<[mode: number, who: { uid: number; gid: number }, blocked: boolean, why: string]> = [
    [0o700, me, false, 'the owner enters its own 0700 folder'],
    [0o700, stranger, true, 'nobody else does (mkdtemp makes 0700 folders)'],
    [0o700, groupMate, true, 'nor the owner group'],
    [0o710, groupMate, false, 'group search bit: the group enters'],
    [0o710, stranger, true, 'others still do not'],
    [0o711, stranger, false, 'others search bit: everyone enters'],
    [0o077, me, true, 'the owner bits alone apply to the owner'],
  ];
  for (const [mode, who, blocked, why] of cases) {
    await chmod(dir, mode);
    const found = await findUntraversable(deep, who);
    if (blocked) t.match(found, { path: dir, mode, uid: own.uid }, why);
    else t.equal(found, undefined, why);
  }
  await chmod(dir, 0o711);
  await chmod(path.join(dir, 'a'), 0o700);
  t.match(await findUntraversable(deep, stranger), { path: path.join(dir, 'a') }, 'the first blocked folder is named');
  t.equal(await findUntraversable(path.join(dir, 'missing', 'x'), stranger), undefined, 'folders still to be created do not block');
});

t.test('a DATA_DIR the server user cannot use: one clear DataDirError, nothing initialised', async (t) => {
  const parent = await tmp(t);
  const dataDir = path.join(parent, 'data');
  if (process.getuid?.() === 0) {
    // As root the cluster runs as `postgres`, which cannot enter a 0700 root-owned folder.
    await chmod(parent, 0o700);
    const err = await startEmbedded({ dataDir, role: 'server' }).then(() => undefined, (e: Error) => e);
    t.ok(err instanceof DataDirError, 'a DataDirError, not a raw initdb failure', { err });
    t.match(err?.message, `cannot enter ${parent} (mode 0700`, 'names the folder and its mode');
    t.match(err?.message, /run as a normal user, or set DATABASE_URL/, 'and what to do');
    t.notOk(existsSync(path.join(dataDir, 'pg')), 'no cluster was started');
  } else {
    // As anyone else the server runs as this user: a folder it cannot write is the failure.
    await chmod(parent, 0o500);
    const err = await startEmbedded({ dataDir, role: 'server' }).then(() => undefined, (e: Error) => e);
    t.ok(err instanceof DataDirError, 'a DataDirError, not a raw EACCES', { err });
    t.match(err?.message, `DATA_DIR ${dataDir} is not usable by user`);
    t.match(err?.message, /EACCES/);
  }
  t.notMatch(String((await startEmbedded({ dataDir, role: 'server' }).catch((e: Error) => e)) as Error), /\n/, 'one line');
});
