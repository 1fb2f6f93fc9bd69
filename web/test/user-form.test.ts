import t from 'tap';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { UserForm } from '../src/features/users/components/user-form.js';
import { createPayload, formValuesOf, updatePayload, userLabel, validateUserForm } from '../src/features/users/lib/user-form.js';
import type { User } from '../src/lib/api-types.js';

const ada = {
  id: '5b9e4c1e-0000-4000-8000-000000000001',
  schemas: [],
  userName: 'ada@example.com',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'old@example.com' }, { value: 'ada@example.com', primary: true }],
  active: true,
  meta: { resourceType: 'User', created: '', lastModified: '', location: '', version: '' },
  source: 'local',
  connection: null,
  managedByScim: false,
  hasPassword: false,
  deletedAt: null,
} as User;

t.test('form values from a user (the primary email wins)', async (t) => {
  t.same(formValuesOf(ada), { userName: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace', displayName: '', email: 'ada@example.com', active: true, password: '' });
  t.same(formValuesOf(), { userName: '', givenName: '', familyName: '', displayName: '', email: '', active: true, password: '' });
  t.equal(userLabel(ada), 'Ada Lovelace');
  t.equal(userLabel({ ...ada, displayName: 'Countess' }), 'Countess');
  t.equal(userLabel({ ...ada, name: undefined }), 'ada@example.com');
});

t.test('validation', async (t) => {
  const v = formValuesOf();
  t.same(validateUserForm(v, 'create'), { userName: 'A user name is required.' });
  t.same(validateUserForm({ ...v, userName: 'x', email: 'nope' }, 'create'), { email: 'Not an email address.' });
  t.same(validateUserForm({ ...v, userName: 'x', password: 'short' }, 'create'), { password: 'At least 12 characters.' });
  t.same(validateUserForm({ ...v, userName: 'x', password: 'short' }, 'edit'), {}, 'edit has no password field');
  t.same(validateUserForm({ ...v, userName: 'x', email: ' a@b.co ', password: 'long-enough-pw' }, 'create'), {});
});

t.test('create: trimmed, empty fields left out', async (t) => {
  t.same(createPayload({ userName: ' ada@example.com ', givenName: ' Ada ', familyName: '', displayName: '  ', email: 'ada@example.com', active: false, password: '' }), {
    userName: 'ada@example.com',
    active: false,
    givenName: 'Ada',
    email: 'ada@example.com',
  });
  t.match(createPayload({ ...formValuesOf(), userName: 'a', password: 'correct horse battery' }), { password: 'correct horse battery' });
});

t.test('update: only what changed; an emptied field is null', async (t) => {
  const before = formValuesOf(ada);
  t.same(updatePayload(before, before), {});
  t.same(updatePayload(before, { ...before, givenName: 'Augusta', familyName: '', active: false }), { givenName: 'Augusta', familyName: null, active: false });
  t.same(updatePayload(before, { ...before, userName: ' ada@example.com ' }), {}, 'whitespace is not a change');
  t.same(updatePayload(before, { ...before, displayName: 'Countess' }), { displayName: 'Countess' });
});

t.test('rendered form: labelled inputs, the password field only on create', async (t) => {
  const props = { initial: formValuesOf(ada), pending: false, error: null, onSubmit: () => {}, onCancel: () => {} };
  const create = renderToStaticMarkup(createElement(UserForm, { ...props, mode: 'create' }));
  for (const label of ['User name', 'First name', 'Last name', 'Display name', 'Email', 'Password (optional)', 'Active']) {
    const m = new RegExp(`<label for="([^"]+)">${label.replace(/[()]/g, '\\$&')}</label>`).exec(create);
    t.ok(m, `${label} has a label`);
    if (m) t.match(create, `id="${m[1]}"`, `${label}'s label points at its input`);
  }
  t.match(create, 'value="ada@example.com"');
  const edit = renderToStaticMarkup(createElement(UserForm, { ...props, mode: 'edit' }));
  t.notMatch(edit, /Password/);
  t.match(edit, 'Save changes');
});
