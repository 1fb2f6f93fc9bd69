import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { createLimiter } from '../util/limiter.js';

// scrypt N=2^15, r=8, p=1 (OWASP's minimum for scrypt); encoded with its parameters so they can
// be raised later without breaking stored hashes.
const N = 32768, R = 8, P = 1, KEYLEN = 32;

/**
 * Each scrypt holds 128·N·r = 32 MiB and a libuv worker thread for ~100 ms: 200 concurrent
 * sign-ins took a real admin's from 0.14 s to 16 s (issue 14 finding 4). Two at once (these
 * machines have 2 cores; libuv's other two threads stay free for DNS and files), a bounded
 * queue, and beyond it an immediate LimiterBusyError (503) rather than an unbounded wait.
 */
export const MAX_CONCURRENT_HASHES = 2;
export const MAX_WAITING_HASHES = 32;
export const passwordHashing = createLimiter('password hashes', MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES);

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return passwordHashing.run(() => new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  ));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
