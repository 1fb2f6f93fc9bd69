// The test command's closing list of failures (scripts/tap-failures.ts): what CI's tail shows when
// a run goes red, so it must name the file, the subtest path and the diagnostics.
// services/d.test.ts stands for a file that failed on its own (it crashed after its assertions
// passed): its diagnostics are the only detail, so they stay.
import t from 'tap';
import { failureCollector } from '../scripts/tap-failures.js';

const OUTPUT = `TAP version 14
# Subtest: services/a.test.ts
    # Subtest: outer
        # Subtest: inner
            ok 1 - fine
            not ok 2 - should be equal
              ---
              found: 1
              wanted: 2
              ...
            ok 3 - fine too
            1..3
        not ok 1 - inner
        1..1
    not ok 1 - outer
    1..1
not ok 1 - services/a.test.ts
# Subtest: services/b.test.ts
    ok 1 - passes
    not ok 2 - timeout!
    1..2
not ok 2 - services/b.test.ts
  ---
  exitCode: 1
  ...
# Subtest: services/c.test.ts
    ok 1 - fine
ok 3 - services/c.test.ts
# Subtest: services/d.test.ts
    ok 1 - fine
    1..1
not ok 4 - services/d.test.ts
  ---
  exitCode: 1
  ...
`;

t.test('each not ok with its subtest path; diagnostics where the failure is its own', async (t) => {
  const c = failureCollector();
  for (const line of OUTPUT.split('\n')) c.line(line);
  t.same(c.failures, [
    ['services/a.test.ts > outer > inner > not ok 2 - should be equal', '              ---', '              found: 1', '              wanted: 2', '              ...'],
    ['services/a.test.ts > outer > not ok 1 - inner'],
    ['services/a.test.ts > not ok 1 - outer'],
    ['not ok 1 - services/a.test.ts'],
    ['services/b.test.ts > not ok 2 - timeout!'],
    ['not ok 2 - services/b.test.ts'],
    ['not ok 4 - services/d.test.ts', '  ---', '  exitCode: 1', '  ...'],
  ]);
});

t.test('a long diagnostic block is cut', async (t) => {
  const c = failureCollector();
  const lines = ['# Subtest: f', '    not ok 1 - big', '      ---', ...Array.from({ length: 100 }, (_, i) => `      line ${i}`), '      ...', '    ok 2 - after'];
  for (const line of lines) c.line(line);
  t.equal(c.failures.length, 1);
  t.equal(c.failures[0]!.length, 41);
  t.equal(c.failures[0]!.at(-1), '      (cut)');
});
