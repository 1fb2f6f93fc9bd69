// Issue 14 finding 6 (headers half): every response carries the browser security headers,
// with a Content-Security-Policy that fits the built Vite SPA (its only script is an external
// module from /assets; React sets styles through the CSSOM, which CSP does not govern).
import t from 'tap';
import { buildTestApp } from '../../../../test/helpers/app.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name!, values]));
}

t.test('security headers on every surface', async (t) => {
  const { app } = await buildTestApp(t);
  for (const url of ['/healthz', '/scim/v2/ServiceProviderConfig', '/api/admin/session', '/nope']) {
    const res = await app.inject(url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url}: referrer policy`);
    t.equal(res.headers['x-frame-options'], 'DENY', `${url}: X-Frame-Options for browsers without frame-ancestors`);
    t.equal(res.headers['strict-transport-security'], 'max-age=31536000', `${url}: HSTS on an https deployment`);
    const csp = directives(String(res.headers['content-security-policy']));
    t.same(csp.get('frame-ancestors'), ["'none'"], `${url}: frame-ancestors 'none'`);
    t.same(csp.get('default-src'), ["'self'"]);
    t.same(csp.get('script-src'), ["'self'"], 'scripts from the origin only: no inline script, no eval');
    t.same(csp.get('style-src'), ["'self'"], 'stylesheets from the origin only');
    t.same(csp.get('object-src'), ["'none'"]);
    t.same(csp.get('base-uri'), ["'none'"]);
    t.same(csp.get('form-action'), ["'self'"]);
    t.ok(csp.has('upgrade-insecure-requests'));
  }
});

t.test('plain-http deployments get no HSTS and no upgrade of requests', async (t) => {
  const { app } = await buildTestApp(t, { PUBLIC_BASE_URL: 'http://127.0.0.1:8080' });
  const res = await app.inject('/healthz');
  t.notOk(res.headers['strict-transport-security'], 'HSTS would pin a plain-http host');
  t.notOk(directives(String(res.headers['content-security-policy'])).has('upgrade-insecure-requests'), 'the console must load its /assets over http');
  t.equal(res.headers['x-content-type-options'], 'nosniff');
});
