import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CONSOLE_PATHS, pathTo, paths } from '../src/app/paths.js';
import { matchPath, withSearch } from '../src/lib/router.js';
import { isConsolePath, loadConsoleRoutes } from '../../services/scim/src/plugins/web.js';
import { ROUTES } from '../src/app/routes.js';

t.test('matchPath', async (t) => {
  const cases: [string, string, Record<string, string> | null][] = [
    ['/', '/', {}],
    ['/', '/users', null],
    ['/users', '/users', {}],
    ['/users', '/users/', {}],
    ['/users', '/users/x', null],
    ['/users/:id', '/users/8f3c', { id: '8f3c' }],
    ['/users/:id', '/users/a%20b', { id: 'a b' }],
    ['/users/:id', '/users/a/b', null],
    ['/scim/:id', '/scim', null],
  ];
  for (const [pattern, path, want] of cases) t.same(matchPath(pattern, path), want, `${pattern} ~ ${path}`);
});

t.test('pathTo and withSearch', async (t) => {
  t.equal(pathTo(paths.user, { id: 'a/b' }), '/users/a%2Fb');
  t.throws(() => pathTo(paths.user), /missing route parameter id/);
  t.equal(withSearch({ pathname: '/audit', search: '?source=scim' }, { tokenId: 't1' }), '/audit?source=scim&tokenId=t1');
  t.equal(withSearch({ pathname: '/audit', search: '?source=scim' }, { source: '' }), '/audit');
});

t.test('every client route is a deep link the server answers with index.html', async (t) => {
  // The server reads the patterns the build writes; here from the same list.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'routes-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(`${dir}/console-routes.json`, JSON.stringify(CONSOLE_PATHS));
  const routes = loadConsoleRoutes(dir);
  for (const pattern of [paths.signIn, ...ROUTES.map((r) => r.pattern)]) {
    const sample = pattern.replace(/:([A-Za-z]+)/g, '5b9e4c1e-0000-4000-8000-000000000001');
    t.ok(isConsolePath(routes, sample), `${sample} is served`);
  }
  t.notOk(isConsolePath(routes, '/.env'));
  t.notOk(isConsolePath(routes, '/assets/missing.js'));
});
