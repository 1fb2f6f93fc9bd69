import t from 'tap';
import { hourlyBars } from '../src/features/connections/components/activity-panel.js';
import { tokenStatus } from '../src/features/connections/components/token-status.js';
import type { Token } from '../src/lib/api-types.js';

const base: Token = {
  id: 't1', name: 'okta', prefix: 'scim_ab12', connectionId: 'c1', connectionName: 'Okta', createdAt: '2030-01-01T00:00:00.000Z',
  expiresAt: null, revokedAt: null, lastUsedAt: null, lastUsedIp: null, lastUsedUserAgent: null, rotatedFromId: null,
};

t.test('token status', async (t) => {
  const now = Date.parse('2030-06-01T00:00:00Z');
  t.match(tokenStatus(base, [base], now), { label: 'Active', usable: true });
  t.match(tokenStatus({ ...base, revokedAt: '2030-02-01T00:00:00Z' }, [], now), { label: 'Revoked', usable: false });
  t.match(tokenStatus({ ...base, expiresAt: '2030-05-01T00:00:00Z' }, [], now), { label: 'Expired', usable: false });
  const successor = { ...base, id: 't2', rotatedFromId: 't1' };
  t.match(tokenStatus({ ...base, expiresAt: '2030-06-02T00:00:00Z' }, [base, successor], now), { label: 'Rotating out', usable: true });
  t.match(tokenStatus(successor, [base, successor], now), { label: 'Active' });
});

t.test('hourly bars: 24 hours, oldest first, gaps as zero', async (t) => {
  const now = Date.parse('2030-06-01T12:30:00Z');
  const bars = hourlyBars([{ hour: '2030-06-01T12:00:00.000Z', requests: 5, errors: 1 }, { hour: '2030-06-01T02:00:00.000Z', requests: 3, errors: 0 }], now);
  t.equal(bars.length, 24);
  t.match(bars[23], { requests: 5, errors: 1 }, 'the current hour last');
  t.match(bars[13], { requests: 3, errors: 0 });
  t.equal(bars.reduce((n, b) => n + b.requests, 0), 8);
});
