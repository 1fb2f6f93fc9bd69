// The console is served for its own routes only: deep links get index.html, every other
// unknown path (dotfiles, missing assets, unknown API paths) stays a 404.
import t from 'tap';
import { mkdir, writeFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { webRoutes } from '../../src/plugins/web.js';
import { tempDir } from '../../../../test/helpers/process.js';
import { buildTestApp } from '../../../../test/helpers/app.js';

const INDEX = '<!doctype html><title>console</title><div id="root"></div>';

async function builtSpa(t: Parameters<typeof tempDir>[0]) {
  const root = await tempDir(t, 'web-dist-');
  await mkdir(`${root}/assets`);
  await writeFile(`${root}/index.html`, INDEX);
  await writeFile(`${root}/assets/index-abc123.js`, 'console.log(1)');
  await writeFile(`${root}/console-routes.json`, JSON.stringify(['/', '/sign-in', '/scim', '/scim/:id', '/users', '/users/:id', '/audit']));
  return root;
}

t.test('index.html for console routes, 404 for everything else', async (t) => {
  const app = Fastify({ logger: false });
  await app.register(webRoutes, { root: await builtSpa(t) });
  t.teardown(() => app.close());

  for (const url of ['/', '/sign-in', '/scim', '/scim/5b9e4c1e-0000-4000-8000-000000000001', '/users/abc', '/users/', '/audit?source=scim&tokenId=x']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 200, `${url} → 200`);
    t.equal(res.body, INDEX, `${url} → index.html`);
    t.match(res.headers['content-type'], /text\/html/);
  }
  const head = await app.inject({ method: 'HEAD', url: '/users/abc' });
  t.equal(head.statusCode, 200, 'HEAD of a deep link');

  for (const url of ['/.env', '/.git/config', '/assets/missing.js', '/users/a/b', '/index.php', '/api/whatever', '/api/admin/nope', '/scim/v2/Users', '/favicon.ico', '/users/x.js']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 404, `${url} → 404`);
    t.same(res.json(), { statusCode: 404, code: 'not_found', message: `no route GET ${url}` });
  }
  const post = await app.inject({ method: 'POST', url: '/users' });
  t.equal(post.statusCode, 404, 'only GET and HEAD fall back');

  const asset = await app.inject({ url: '/assets/index-abc123.js' });
  t.equal(asset.statusCode, 200);
  t.match(asset.headers['cache-control'], /immutable/, 'hashed assets are cached for good');
  const index = await app.inject({ url: '/scim' });
  t.equal(index.headers['cache-control'], 'no-cache', 'index.html is revalidated (it names the current assets)');
});

t.test('not built: nothing is served, everything is 404', async (t) => {
  const app = Fastify({ logger: false });
  await app.register(webRoutes, { root: await tempDir(t, 'web-empty-') });
  t.teardown(() => app.close());
  t.equal((await app.inject({ url: '/scim' })).statusCode, 404);
});

t.test('in the real app: unknown /api/admin paths are the admin API’s 404, not the SPA', async (t) => {
  const { app } = await buildTestApp(t, { SERVE_WEB: 'true' });
  const res = await app.inject({ url: '/api/admin/does-not-exist' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'not_found');
  t.equal((await app.inject({ url: '/.env' })).statusCode, 404);
});
