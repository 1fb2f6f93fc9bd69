// Found by the HTTP fuzzing of issue 14: a path whose percent-encoding does not decode (here an
// unpaired surrogate's bytes, %ED%A0%80) got Fastify's default error body on every surface.
import t from 'tap';
import { setup, assertScimError } from '../conformance.js';

t.test('a path that does not decode: 400 in the surface\'s error shape', async (t) => {
  const { app, c } = await setup(t);
  for (const url of ['/Users/x%ED%A0%80', '/Groups/%ED%BF%BF', '/Users/%E0%A4%A']) {
    assertScimError(t, await c.get(url), 400, undefined, `GET ${url}`);
  }
  const admin = await app.inject({ method: 'GET', url: '/api/admin/users/x%ED%A0%80' });
  t.equal(admin.statusCode, 400);
  t.match(admin.json(), { statusCode: 400, code: 'bad_url', message: /not a valid url/ });
});
