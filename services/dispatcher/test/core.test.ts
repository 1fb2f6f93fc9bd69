import t from 'tap';
import { SecretBoxError, createKeyRing } from '@scim/db';
import { COALESCE_DEFAULTS, closeAt, decide, initialState, type CoalesceParams, type OpenSummary } from '../src/coalesce.js';
import { compileMatcher, normalizePatterns } from '../src/event-patterns.js';
import { RETRY_SCHEDULE_MS, decideAttempt, parseRetryAfter } from '../src/retry-policy.js';
import { describeCounts, escapeMrkdwn } from '../src/slack-message.js';
import { maskUrl } from '../src/subscriptions.js';

const P: CoalesceParams = { burst: 2, refillPerSecond: 1, quietGapMs: 2000, quietGapFraction: 0.25, windowsMs: [3000, 6000], episodeQuietMs: 10_000, maxEventsPerSummary: 3 };

t.test('coalescing: leading singles, then growing windows, sealed when full, singles again after quiet', async (t) => {
  let state = initialState(P, 0);
  let open: OpenSummary | null = null;
  const run = (at: number) => {
    const r = decide(P, state, open, at);
    state = r.state;
    open = r.open;
    return r.decision;
  };
  t.same(run(0), { action: 'single' }, 'first of a burst at once');
  t.same(run(10), { action: 'single' });
  t.same(run(20), { action: 'summary', opened: true, sealed: false }, 'bucket empty: fold');
  t.equal(open!.windowEndsAt, 3020, 'the first window: 3 s');
  t.equal(closeAt(P, open!), 2020, 'closes after the quiet gap when nothing follows');
  t.same(run(30), { action: 'summary', opened: false, sealed: false });
  t.same(run(40), { action: 'summary', opened: false, sealed: true }, 'full: closed at once');
  t.equal(open, null);
  t.same(run(50), { action: 'summary', opened: true, sealed: false }, 'still coalescing: the next summary');
  t.equal(open!.windowEndsAt - open!.openedAt, 6000, 'the second window is longer');
  t.equal(closeAt(P, open!), 50 + 2000, 'quiet gap max(2 s, window/4)');
  open = null; // the scheduler closed it
  t.same(run(5000), { action: 'summary', opened: true, sealed: false }, 'within the episode even after a close');
  t.equal(open!.windowEndsAt - open!.openedAt, 6000, 'the last window repeats');
  open = null;
  t.same(run(16_000), { action: 'single' }, 'after 10 s of quiet: routine again (the bucket refilled)');
  t.equal(state.episodeBatches, 0);
});

t.test('coalescing defaults: windows end within 20 s, so an event waits well under 30 s', async (t) => {
  for (const p of Object.values(COALESCE_DEFAULTS)) t.ok(Math.max(...p.windowsMs) <= 20_000);
});

t.test('retry policy', async (t) => {
  const base = { kind: 'hmac' as const, now: 0, random: 0.5 };
  t.same(decideAttempt({ ...base, attempt: 1, result: { statusCode: 204, durationMs: 1 } }), { outcome: 'succeeded' });
  t.match(decideAttempt({ ...base, attempt: 1, result: { statusCode: 500, durationMs: 1 } }), { outcome: 'retry', delayMs: 5000 });
  t.match(decideAttempt({ ...base, attempt: 2, result: { statusCode: 500, durationMs: 1 } }), { outcome: 'retry', delayMs: 300_000 });
  t.match(decideAttempt({ ...base, attempt: 1, random: 0, result: { statusCode: 500, durationMs: 1 } }), { delayMs: 4000 }, '-20 % jitter');
  t.match(decideAttempt({ ...base, attempt: 1, random: 1, result: { statusCode: 500, durationMs: 1 } }), { delayMs: 6000 }, '+20 % jitter');
  t.match(decideAttempt({ ...base, attempt: RETRY_SCHEDULE_MS.length, result: { statusCode: 500, durationMs: 1 } }), { outcome: 'failed', reason: /gave up after 8 attempts/ });
  t.match(decideAttempt({ ...base, attempt: 1, result: { statusCode: 503, retryAfter: '120', durationMs: 1 } }), { outcome: 'retry', delayMs: 120_000 });
  t.match(decideAttempt({ ...base, attempt: 1, result: { statusCode: 429, retryAfter: '3', durationMs: 1 } }), { delayMs: 5000, pauseEndpointMs: 3000 }, 'never earlier than the schedule');
  t.match(decideAttempt({ ...base, attempt: 1, result: { statusCode: 301, durationMs: 1 } }), { outcome: 'retry' }, 'a redirect is a failure');
  t.match(decideAttempt({ ...base, attempt: 1, result: { statusCode: 410, durationMs: 1 } }), { outcome: 'disabled' });
  t.match(decideAttempt({ ...base, attempt: 1, result: { error: 'timeout', errorKind: 'timeout', durationMs: 1 } }), { outcome: 'retry', reason: 'timeout' });
  t.match(decideAttempt({ ...base, attempt: 1, oneShot: true, result: { statusCode: 500, durationMs: 1 } }), { outcome: 'failed' }, 'a replay is one attempt');
  const slack = { ...base, kind: 'slack' as const, attempt: 1 };
  t.match(decideAttempt({ ...slack, result: { statusCode: 404, body: 'no_service', durationMs: 1 } }), { outcome: 'disabled', reason: /no_service/ });
  t.match(decideAttempt({ ...slack, result: { statusCode: 403, body: 'action_prohibited', durationMs: 1 } }), { outcome: 'disabled' });
  t.match(decideAttempt({ ...slack, result: { statusCode: 400, body: 'invalid_payload', durationMs: 1 } }), { outcome: 'failed' });
  t.match(decideAttempt({ ...slack, result: { statusCode: 500, body: 'rollup_error', durationMs: 1 } }), { outcome: 'retry' });
  t.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  t.equal(parseRetryAfter('soon', 0), undefined);
  t.equal(parseRetryAfter('99999999', 0), 24 * 3_600_000, 'capped at a day');
});

t.test('secret box: AES-256-GCM bound to its purpose, key ids for rotation', async (t) => {
  const k1 = Buffer.alloc(32, 1).toString('base64');
  const k2 = Buffer.alloc(32, 2).toString('base64');
  const old = createKeyRing(k1);
  const stored = old.encrypt('https://hooks.slack.com/services/T/B/x', 'webhook-url:a');
  t.notOk(stored.includes('hooks.slack'));
  t.not(old.encrypt('same', 'c'), old.encrypt('same', 'c'), 'a fresh IV each time');
  t.equal(old.decrypt(stored, 'webhook-url:a'), 'https://hooks.slack.com/services/T/B/x');
  t.throws(() => old.decrypt(stored, 'webhook-url:b'), SecretBoxError, 'another row or column: refused');
  const tampered = stored.slice(0, -4) + (stored.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  t.throws(() => old.decrypt(tampered, 'webhook-url:a'), { code: 'tampered' });
  const rotated = createKeyRing(k2, [k1]);
  t.equal(rotated.decrypt(stored, 'webhook-url:a'), 'https://hooks.slack.com/services/T/B/x', 'ENCRYPTION_KEY_PREVIOUS still opens old values');
  t.equal(rotated.keyIdOf(rotated.encrypt('x', 'c')), rotated.currentKeyId, 'new values use the new key');
  t.throws(() => createKeyRing(k2).decrypt(stored, 'webhook-url:a'), { code: 'key_unavailable' });
  t.throws(() => createKeyRing('short'), { code: 'invalid_key' });
});

t.test('event patterns', async (t) => {
  t.same(normalizePatterns([' user.* ', 'user.*', 'group.members_*']), ['user.*', 'group.members_*']);
  t.throws(() => normalizePatterns(['user.crated']), /no event type matches "user.crated"/);
  t.throws(() => normalizePatterns([]), /at least one/);
  t.throws(() => normalizePatterns(['User.*']), /no event type matches/);
  const m = compileMatcher(['user.*', 'group.members_*']);
  t.same(['user.created', 'user.deleted', 'group.members_added', 'group.created'].map(m), [true, true, true, false]);
  t.ok(compileMatcher(['*'])('group.deleted'));
});

t.test('Slack wording and masking', async (t) => {
  t.equal(describeCounts({ 'user.updated': 6, 'user.created': 1994 }), 'provisioned 1,994 users and updated 6');
  t.equal(describeCounts({ 'user.created': 1, 'group.created': 2, 'group.members_added': 3 }), 'provisioned 1 user, created 2 groups and added members to 3');
  t.equal(escapeMrkdwn('<!channel> & co'), '&lt;!channel&gt; &amp; co', 'no @channel from a user name');
  t.equal(maskUrl(new URL('https://hooks.slack.com/services/T0123ABC/B0456DEF/XXXXsecret'), 'slack'), 'https://hooks.slack.com/services/T012…/B045…/••••');
  t.equal(maskUrl(new URL('https://example.com/hooks/scim?token=abc'), 'hmac'), 'https://example.com/hooks/scim?…');
});
