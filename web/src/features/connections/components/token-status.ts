import type { Tone } from '../../../components/badge.js';
import type { Token } from '../../../lib/api-types.js';

/** A token's state as the admin needs it: usable or not, and for how long. */
export function tokenStatus(t: Token, all: Token[], now = Date.now()): { label: string; tone: Tone; usable: boolean } {
  if (t.revokedAt) return { label: 'Revoked', tone: 'danger', usable: false };
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return { label: 'Expired', tone: 'neutral', usable: false };
  if (all.some((o) => o.rotatedFromId === t.id)) return { label: 'Rotating out', tone: 'warning', usable: true };
  return { label: 'Active', tone: 'success', usable: true };
}
