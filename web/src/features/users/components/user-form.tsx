import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button.js';
import { CheckboxField, TextField } from '../../../components/field.js';
import { FormError } from '../../../components/states.js';
import { MIN_PASSWORD, validateUserForm, type FormErrors, type UserFormValues } from '../lib/user-form.js';

/** Create or edit a local user; the parent turns the values into the API body. */
export function UserForm({
  mode,
  initial,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  pending: boolean;
  error: unknown;
  onSubmit: (v: UserFormValues) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const set = (k: keyof UserFormValues) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateUserForm(v, mode);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(v);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="form-grid">
        <TextField className="span-2" label="User name" required value={v.userName} onChange={set('userName')} error={errors.userName} hint="Unique; usually the email address the IdP would use." autoComplete="off" />
        <TextField label="First name" value={v.givenName} onChange={set('givenName')} />
        <TextField label="Last name" value={v.familyName} onChange={set('familyName')} />
        <TextField label="Display name" value={v.displayName} onChange={set('displayName')} />
        <TextField label="Email" type="email" value={v.email} onChange={set('email')} error={errors.email} />
        {mode === 'create' ? (
          <TextField className="span-2" label="Password (optional)" type="password" autoComplete="new-password" value={v.password} onChange={set('password')} error={errors.password} hint={`At least ${MIN_PASSWORD} characters. Leave empty for a user who signs in through your app's SSO.`} />
        ) : null}
        <div className="span-2">
          <CheckboxField label="Active" checked={v.active} onChange={(e) => setV({ ...v, active: e.target.checked })} />
        </div>
      </div>
      <FormError error={error} />
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" type="submit" loading={pending}>
          {mode === 'create' ? 'Create user' : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}
