// The per-IdP setup steps: what goes in which field, rendered as the console shows them, and
// the same fields and values as the README's "Connect an IdP".
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { SetupSteps } from '../src/features/connections/components/setup-steps.js';
import { ENTRA_FLAG, fieldValue, needsHttps, setupGuide } from '../src/features/connections/lib/idp-setup.js';

const BASE = 'https://scim.example.com/scim/v2';
const KINDS = ['okta', 'entra', 'onelogin', 'other'] as const;

t.test('each IdP: the base URL and the token go in named fields', async (t) => {
  const where = Object.fromEntries(KINDS.map((k) => [k, setupGuide(k, BASE).fields]));
  t.match(where.okta, [{ label: 'SCIM connector base URL', value: BASE }, { label: 'Unique identifier field for users', value: 'userName' }, {}, { label: 'Authentication mode', value: 'HTTP Header' }, { label: 'Authorization', isToken: true }]);
  t.match(where.entra, [{ label: 'Tenant URL', value: `${BASE}?aadOptscim062020`, note: /optional.*RFC-compliant PATCH/ }, { label: 'Secret Token', isToken: true }]);
  t.match(where.onelogin, [{ label: 'SCIM Base URL', value: BASE }, { label: 'SCIM Bearer Token', isToken: true }]);
  t.match(where.other, [{ value: BASE }, { label: 'Authorization header', value: 'Bearer token', isToken: true }]);
  for (const k of KINDS) t.ok(setupGuide(k, BASE).mappings.some((m) => m.scim === 'userName'), `${k} maps userName`);
});

t.test('the token field: a placeholder, or the token just minted', async (t) => {
  const auth = setupGuide('other', BASE).fields[1]!;
  t.equal(fieldValue(auth), 'Bearer <the token you mint below>');
  t.equal(fieldValue(auth, 'scim_abc'), 'Bearer scim_abc');
  t.equal(fieldValue(setupGuide('okta', BASE).fields[0]!, 'scim_abc'), BASE, 'other fields ignore the token');
});

t.test('rendered: labels, values, the Entra note, the HTTPS warning only for http', async (t) => {
  const entra = renderToStaticMarkup(createElement(SetupSteps, { kind: 'entra', baseUrl: BASE, token: 'scim_secret' }));
  t.match(entra, '<th scope="row" class="setup-label">Tenant URL</th>');
  t.match(entra, `${BASE}${ENTRA_FLAG}`);
  t.match(entra, 'scim_secret', 'the minted token is filled in');
  t.notMatch(entra, /must reach this service over HTTPS/);
  const okta = renderToStaticMarkup(createElement(SetupSteps, { kind: 'okta', baseUrl: 'http://127.0.0.1:8080/scim/v2' }));
  t.match(okta, /Okta must reach this service over HTTPS/);
  t.match(okta, '&lt;the token you mint below&gt;');
  t.match(okta, 'Deactivate Users');
  t.ok(needsHttps('http://scim.example.com/scim/v2'));
  t.notOk(needsHttps(BASE));
});

t.test("the README's Connect an IdP says the same", async (t) => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('## Connect an IdP');
  // Markdown wraps lines: compare with whitespace runs as single spaces.
  const section = readme.slice(start, readme.indexOf('\n## ', start + 3)).replace(/\s+/g, ' ');
  t.ok(section.length > 100, 'the section exists');
  for (const k of ['okta', 'entra', 'onelogin'] as const) {
    const g = setupGuide(k, 'https://scim.example.com/scim/v2');
    for (const f of g.fields) {
      t.ok(section.includes(f.label), `README names the ${g.idp} field "${f.label}"`);
      if (!f.isToken) t.ok(section.includes(f.value.replace(ENTRA_FLAG, '')), `README gives "${f.value}" for ${f.label}`);
    }
  }
  t.ok(section.includes(ENTRA_FLAG), 'README has the Entra flag');
});
