// The continuation memory's bounds (resources/list-snapshot.ts): a position is taken once, for
// the startIndex it was stored under, within TTL_MS of being stored, and at most MAX_ENTRIES
// are kept, the oldest dropped first. Past either bound the request is served by OFFSET, the
// same page while nobody writes, so the request-level tests cannot see them; a clock is injected.
import t from 'tap';
import { ContinuationCache, MAX_ENTRIES, TTL_MS } from '../../src/scim/resources/list-snapshot.js';

const pos = (n: number) => ({ total: 1000, since: '2026-12-05 00:00:00+00', afterTs: `2026-12-05 00:00:${String(n % 60).padStart(2, '0')}+00`, afterId: `id-${n}` });

t.test('taken once, for its own query and startIndex', async (t) => {
  const c = new ContinuationCache(() => 0);
  c.put('q', 101, pos(1));
  t.equal(c.take('q', 201), undefined, 'another startIndex');
  t.equal(c.take('other', 101), undefined, 'another query');
  t.match(c.take('q', 101), { afterId: 'id-1', total: 1000, at: 0 });
  t.equal(c.take('q', 101), undefined, 'gone once taken');
  c.put('q', 101, pos(2));
  c.put('q', 101, pos(3));
  t.equal(c.size, 1, 'stored again under the same key: replaced');
  t.match(c.take('q', 101), { afterId: 'id-3' });
});

t.test('a position older than TTL_MS is not used', async (t) => {
  let now = 1_000_000;
  const c = new ContinuationCache(() => now);
  c.put('q', 101, pos(1));
  c.put('q', 201, pos(2));
  now += TTL_MS - 1;
  t.match(c.take('q', 101), { afterId: 'id-1' }, 'just inside');
  now += 1;
  t.equal(c.take('q', 201), undefined, 'at TTL_MS: expired');
});

t.test('at most MAX_ENTRIES, the oldest dropped first', async (t) => {
  const c = new ContinuationCache(() => 0);
  for (let i = 0; i < MAX_ENTRIES; i++) c.put('q', i + 2, pos(i));
  t.equal(c.size, MAX_ENTRIES);
  c.put('q', MAX_ENTRIES + 2, pos(MAX_ENTRIES));
  t.equal(c.size, MAX_ENTRIES, 'one in, one out');
  t.equal(c.take('q', 2), undefined, 'the oldest is gone');
  t.match(c.take('q', 3), { afterId: 'id-1' }, 'the next oldest stays');
  t.match(c.take('q', MAX_ENTRIES + 2), { afterId: `id-${MAX_ENTRIES}` }, 'the newest is there');
});
