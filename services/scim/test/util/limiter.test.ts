// The bound on concurrent password hashes (issue 14 finding 4), tested with tasks the test
// finishes itself: no timing involved.
import t from 'tap';
import { createLimiter, LimiterBusyError } from '../../src/util/limiter.js';
import { hashPassword, MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES, passwordHashing, verifyPassword } from '../../src/admin-accounts/password.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

t.test('at most `concurrency` tasks run; the queue is bounded and first-come', async (t) => {
  const limiter = createLimiter('tasks', 2, 3);
  const gates = Array.from({ length: 5 }, deferred);
  const started: number[] = [];
  let maxActive = 0;
  const runs = gates.map((g, i) => limiter.run(async () => {
    started.push(i);
    maxActive = Math.max(maxActive, limiter.active);
    await g.promise;
    return i;
  }));
  await new Promise((r) => setImmediate(r));
  t.same(started, [0, 1], 'two run, three wait');
  t.equal(limiter.waiting, 3);
  await t.rejects(limiter.run(async () => 'x'), LimiterBusyError, 'a sixth is refused at once, not queued');
  gates[1]!.resolve();
  await runs[1];
  await new Promise((r) => setImmediate(r));
  t.same(started, [0, 1, 2], 'a finished task hands its slot to the first waiter');
  for (const g of gates) g.resolve();
  t.same(await Promise.all(runs), [0, 1, 2, 3, 4]);
  t.equal(maxActive, 2, 'never more than two at once');
  t.equal(limiter.active, 0);
  t.equal(limiter.waiting, 0);
});

t.test('a failing task releases its slot', async (t) => {
  const limiter = createLimiter('tasks', 1, 0);
  await t.rejects(limiter.run(async () => {
    throw new Error('boom');
  }), /boom/);
  t.equal(await limiter.run(async () => 'next'), 'next');
});

t.test('password hashes go through such a limiter (scrypt holds 32 MiB per hash)', async (t) => {
  const hash = await hashPassword('correct horse');
  const extra = 5;
  const calls = Array.from({ length: MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES + extra }, () =>
    verifyPassword('wrong', hash).then(() => 'checked', (err) => (err instanceof LimiterBusyError ? 'busy' : 'error')));
  t.equal(passwordHashing.active, MAX_CONCURRENT_HASHES, `${MAX_CONCURRENT_HASHES} hashes run at once`);
  t.equal(passwordHashing.waiting, MAX_WAITING_HASHES, 'the queue is full');
  const outcome = await Promise.all(calls);
  t.equal(outcome.filter((o) => o === 'busy').length, extra, 'the calls past the queue were refused at once');
  t.equal(outcome.filter((o) => o === 'checked').length, MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES);
  t.equal(passwordHashing.active, 0);
});
