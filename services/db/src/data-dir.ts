import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile, rename } from 'node:fs/promises';
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

export async function ensureDataDir(dataDir: string): Promise<string> {
  const abs = path.resolve(dataDir);
  // As root, the embedded cluster runs as the `postgres` user, which must be able to traverse
  // into DATA_DIR/pg — through every folder this creates too (DATA_DIR=.data/test creates
  // .data); the secrets files themselves stay 0600.
  const asRoot = process.getuid?.() === 0;
  await mkdir(abs, { recursive: true, mode: asRoot ? 0o711 : 0o700 });
  if (asRoot) await chmod(abs, 0o711);
  return abs;
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
  const existing = (await readJson<Partial<DataDirSecrets>>(file)) ?? {};
  const secrets: DataDirSecrets = {
    signingKey: existing.signingKey ?? randomBytes(32).toString('base64url'),
    encryptionKey: existing.encryptionKey ?? randomBytes(32).toString('base64'),
    embeddedPgPassword: existing.embeddedPgPassword ?? randomBytes(18).toString('base64url'),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) await writeJsonAtomic(file, secrets);
  return secrets;
}

export { readJson };
