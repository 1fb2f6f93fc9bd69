/**
 * The Redis the rate-limit store tests use: TEST_REDIS_URL, set by the caller or by the test
 * harness (scripts/run-tests.ts starts a throwaway redis-server when one is on PATH). Without
 * one these tests are skipped with the reason, unless REQUIRE_REDIS=1 (CI) makes that a failure.
 */
export function testRedis(): { url: string; skip: false } | { url: undefined; skip: string } {
  const url = process.env.TEST_REDIS_URL;
  if (url) return { url, skip: false };
  if (process.env.REQUIRE_REDIS === '1') throw new Error('REQUIRE_REDIS=1 but TEST_REDIS_URL is unset and no redis-server is on PATH');
  return { url: undefined, skip: 'no Redis: set TEST_REDIS_URL or put redis-server on PATH' };
}
