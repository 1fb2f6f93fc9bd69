import { hash, randomBytes } from 'node:crypto';

// `scim_` + 40 base62 characters ≈ 238 bits: high enough entropy that a fast hash (SHA-256) is
// the right storage — the GitHub/Stripe pattern; a slow KDF would only cost every request.
// The recognisable prefix lets secret scanners and humans spot a leaked token.
export const TOKEN_PREFIX = 'scim_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 40;
/** Characters kept for display: enough to tell tokens apart, far too few to guess the rest. */
export const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export function generateToken(): { token: string; prefix: string; hash: Buffer } {
  let body = '';
  while (body.length < BODY_LENGTH) {
    for (const b of randomBytes(64)) {
      // Rejection sampling keeps the distribution uniform (248 = 4 × 62).
      if (b < 248 && body.length < BODY_LENGTH) body += ALPHABET[b % 62];
    }
  }
  const token = TOKEN_PREFIX + body;
  return { token, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  // One-shot crypto.hash (Node >= 20.12): no Hash object per request on the auth path.
  return hash('sha256', token, 'buffer');
}

export function looksLikeToken(token: string): boolean {
  return token.length === TOKEN_PREFIX.length + BODY_LENGTH && token.startsWith(TOKEN_PREFIX) && /^[0-9A-Za-z]+$/.test(token.slice(TOKEN_PREFIX.length));
}
