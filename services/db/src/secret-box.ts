import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (architecture.md invariant 7): AES-256-GCM with a random 96-bit IV per value
 * and the value's purpose (e.g. "webhook-url:<subscription id>") as additional authenticated
 * data, so a ciphertext copied into another row or column fails to open.
 *
 * Stored form: `v1.<key id>.<iv>.<ciphertext+tag>` (base64url). The key id is a fingerprint of
 * the key (not the key), so after a key rotation each value names the key that opens it:
 * ENCRYPTION_KEY encrypts, ENCRYPTION_KEY_PREVIOUS (comma-separated) only decrypts, and the
 * dispatcher re-encrypts old values under the current key (docs/webhooks.md "Key rotation").
 */
export class SecretBoxError extends Error {
  constructor(
    readonly code: 'invalid_key' | 'key_unavailable' | 'malformed' | 'tampered',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface KeyRing {
  /** Fingerprint of the key new values are encrypted with. */
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  encrypt(plaintext: string, context: string): string;
  decrypt(stored: string, context: string): string;
  /** The key id a stored value names (undefined when it is not a v1 value). */
  keyIdOf(stored: string): string | undefined;
}

const VERSION = 'v1';

function parseKey(base64: string, label: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new SecretBoxError('invalid_key', `${label} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return key;
}

export function keyIdFor(key: Buffer): string {
  return createHash('sha256').update('scim-secret-box\0').update(key).digest('hex').slice(0, 12);
}

/** `ENCRYPTION_KEY_PREVIOUS`: base64 keys separated by commas or whitespace. */
export function parseKeyList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

export function createKeyRing(current: string, previous: string[] = []): KeyRing {
  const currentKey = parseKey(current, 'ENCRYPTION_KEY');
  const keys = new Map<string, Buffer>([[keyIdFor(currentKey), currentKey]]);
  previous.forEach((k, i) => {
    const key = parseKey(k, `ENCRYPTION_KEY_PREVIOUS #${i + 1}`);
    if (!keys.has(keyIdFor(key))) keys.set(keyIdFor(key), key);
  });
  const currentKeyId = keyIdFor(currentKey);

  return {
    currentKeyId,
    keyIds: [...keys.keys()],
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, currentKeyId, iv.toString('base64url'), ct.toString('base64url')].join('.');
    },
    decrypt(stored, context) {
      const parts = stored.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('malformed', 'not an encrypted value of this service');
      const [, kid, ivText, ctText] = parts as [string, string, string, string];
      const key = keys.get(kid);
      if (!key) {
        throw new SecretBoxError('key_unavailable', `encrypted with key ${kid}, which is neither ENCRYPTION_KEY (${currentKeyId}) nor listed in ENCRYPTION_KEY_PREVIOUS`);
      }
      const iv = Buffer.from(ivText, 'base64url');
      const ct = Buffer.from(ctText, 'base64url');
      if (iv.length !== 12 || ct.length < 16) throw new SecretBoxError('malformed', 'truncated encrypted value');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(ct.subarray(ct.length - 16));
      try {
        return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('tampered', 'the encrypted value does not authenticate (wrong row, wrong column or altered)');
      }
    },
    keyIdOf(stored) {
      const parts = stored.split('.');
      return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
    },
  };
}
