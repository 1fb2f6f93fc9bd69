import t from 'tap';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { DiffView } from '../src/features/audit/components/diff-view.js';
import { diffRows } from '../src/features/audit/lib/diff-rows.js';

t.test('diffRows: the shapes the server writes', async (t) => {
  const cases: [string, unknown, unknown][] = [
    ['no diff', null, []],
    ['not an object', 'x', []],
    ['a changed leaf', { 'name.givenName': { before: 'Ada', after: 'Augusta' } }, [{ field: 'name.givenName', kind: 'changed', before: 'Ada', after: 'Augusta' }]],
    ['an added field', { displayName: { after: 'Ada L.' } }, [{ field: 'displayName', kind: 'added', after: 'Ada L.' }]],
    ['a removed field', { title: { before: 'Countess' } }, [{ field: 'title', kind: 'removed', before: 'Countess' }]],
    ['a boolean and an array as JSON', { active: { before: true, after: false }, emails: { after: [{ value: 'a@x' }] } }, [
      { field: 'active', kind: 'changed', before: 'true', after: 'false' },
      { field: 'emails', kind: 'added', after: '[{"value":"a@x"}]' },
    ]],
    ['a redacted secret', { password: { after: '[redacted]' } }, [{ field: 'password', kind: 'added', after: '[redacted]' }]],
    ['membership changes', { members: { added: ['u1', 'u2'], removed: ['u3'] } }, [
      { field: 'members +', kind: 'added', after: 'u1' },
      { field: 'members +', kind: 'added', after: 'u2' },
      { field: 'members −', kind: 'removed', before: 'u3' },
    ]],
  ];
  for (const [name, diff, want] of cases) t.same(diffRows(diff), want, name);
});

t.test('DiffView renders before and after per field', async (t) => {
  const html = renderToStaticMarkup(createElement(DiffView, { diff: { 'name.givenName': { before: 'Ada', after: 'Augusta' }, password: { after: '[redacted]' }, title: { before: 'Countess' } } }));
  t.match(html, /<tr data-kind="changed"><th scope="row" class="field-name">name.givenName<\/th><td class="before">Ada<\/td><td class="after">Augusta<\/td><\/tr>/);
  t.match(html, /password<\/th><td class="before"><span class="none">not set<\/span><\/td><td class="after"><span class="none">changed \(value not recorded\)<\/span>/);
  t.match(html, /title<\/th><td class="before">Countess<\/td><td class="after"><span class="none">not set<\/span>/);
  t.match(renderToStaticMarkup(createElement(DiffView, { diff: null })), /No field-level changes/);
});
