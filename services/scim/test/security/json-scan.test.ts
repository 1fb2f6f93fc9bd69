// The linear pre-scan of every JSON body (plugins/json-body.ts): depth, value count and the
// strings PostgreSQL cannot store, found without building anything and without backtracking.
import t from 'tap';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, scanJson } from '../../src/plugins/json-body.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

t.test('the pre-scan stops at the first level past the limit, whatever the body length', async (t) => {
  const bomb = nested(3_500_000); // the 7 MB body of the review
  const err = (() => {
    try {
      scanJson(bomb);
    } catch (e) {
      return e as { code: string; offset: number };
    }
  })();
  t.equal(err?.code, 'json_too_deep');
  t.equal(err?.offset, MAX_JSON_DEPTH, 'the scan stopped at the first bracket too deep, not at the end of 7 MB');

  const wide = `[${'{},'.repeat(MAX_JSON_VALUES)}{}]`;
  t.throws(() => scanJson(wide), { code: 'json_too_many_values' }, 'a flat array of millions of tiny values is refused too');
  t.doesNotThrow(() => scanJson(JSON.stringify({ a: [{ b: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' }] })), 'brackets inside strings do not count');
  t.doesNotThrow(() => scanJson(nested(MAX_JSON_DEPTH)), 'exactly the limit is accepted');
  t.throws(() => scanJson(nested(MAX_JSON_DEPTH + 1)), { code: 'json_too_deep' });
  t.throws(() => scanJson('{"a":"\\u0000"}'), { code: 'invalid_string' }, 'an escaped NUL is refused (PostgreSQL text cannot hold it)');
  t.throws(() => scanJson('{"a":"\\ud800x"}'), { code: 'invalid_string' }, 'a lone high surrogate is refused');
  t.throws(() => scanJson('{"\\udc00":1}'), { code: 'invalid_string' }, 'a lone low surrogate is refused, in keys too');
  t.doesNotThrow(() => scanJson('{"a":"\\ud83d\\ude00 \\\\u0000"}'), 'a surrogate pair and an escaped backslash before u0000 are fine');
});

