// The API client against a stand-in for the browser's fetch (the one boundary it has).
import t from 'tap';
import { ApiError, api, setSignedOutHandler } from '../src/lib/api-client.js';
import { safeNext } from '../src/features/auth/components/sign-in-page.js';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(t: { teardown(fn: () => void): void }, respond: (c: Call) => Response): Call[] {
  const calls: Call[] = [];
  const real = globalThis.fetch;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const c = { url, init };
    calls.push(c);
    return respond(c);
  }) as typeof fetch;
  t.teardown(() => {
    globalThis.fetch = real;
  });
  return calls;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

t.test('requests: same-origin, JSON bodies with their content type, {} for a POST without input', async (t) => {
  const calls = fakeFetch(t, () => json(200, { ok: true }));
  await api.get('/users', { q: 'ada', source: undefined, active: false, cursor: '' });
  await api.post('/tokens/t1/revoke');
  await api.patch('/users/u1', { displayName: null });
  const [get, post, patch] = calls;
  t.equal(get!.url, '/api/admin/users?q=ada&active=false', 'empty and undefined query values are left out');
  t.equal(get!.init.method, 'GET');
  t.equal(get!.init.body, undefined);
  t.notOk((get!.init.headers as Record<string, string>)['content-type'], 'no content type without a body');
  t.equal(get!.init.credentials, 'same-origin');
  t.equal(get!.init.mode, 'same-origin');
  t.equal(post!.init.body, '{}', 'a POST that takes nothing sends {}');
  t.equal((post!.init.headers as Record<string, string>)['content-type'], 'application/json');
  t.equal(patch!.init.body, '{"displayName":null}');
  t.equal((patch!.init.headers as Record<string, string>)['content-type'], 'application/json');
});

t.test('204 resolves to undefined; errors carry the API code and message', async (t) => {
  let next: Response = new Response(null, { status: 204 });
  fakeFetch(t, () => next);
  t.equal(await api.delete('/users/u1'), undefined);
  next = json(409, { statusCode: 409, code: 'scim_managed', message: 'user u1 is managed by IdP connection "Okta"' });
  const err = await api.delete('/users/u1').catch((e: unknown) => e);
  t.ok(err instanceof ApiError);
  t.match(err, { status: 409, code: 'scim_managed', message: /managed by IdP connection/ });
  next = new Response('<html>bad gateway</html>', { status: 502 });
  t.match(await api.get('/users').catch((e: unknown) => e), { status: 502, code: 'http_error', message: 'The server answered HTTP 502.' });
});

t.test('a lost session calls the signed-out handler; a wrong password does not', async (t) => {
  const seen: string[] = [];
  setSignedOutHandler((r) => seen.push(r));
  t.teardown(() => setSignedOutHandler(() => {}));
  let next = json(401, { statusCode: 401, code: 'session_expired', message: 'the session has expired' });
  fakeFetch(t, () => next);
  await t.rejects(api.get('/users'), { code: 'session_expired' });
  next = json(401, { statusCode: 401, code: 'unauthenticated', message: 'sign in first' });
  await t.rejects(api.get('/session'), { code: 'unauthenticated' });
  next = json(401, { statusCode: 401, code: 'invalid_credentials', message: 'email or password is wrong' });
  await t.rejects(api.post('/session', { email: 'a', password: 'b' }), { code: 'invalid_credentials' });
  t.same(seen, ['session_expired', 'unauthenticated']);
});

t.test('network failure is an ApiError with a readable message', async (t) => {
  fakeFetch(t, () => {
    throw new TypeError('fetch failed');
  });
  await t.rejects(api.get('/users'), { status: 0, code: 'network_error', message: /could not be reached/ });
});

t.test('sign-in ?next= stays inside the console', async (t) => {
  t.equal(safeNext('/users/1?x=2'), '/users/1?x=2');
  for (const bad of [null, '', 'https://evil.example', '//evil.example', '/api/admin/session', '/sign-in?next=/x']) t.equal(safeNext(bad), '/scim', String(bad));
});
