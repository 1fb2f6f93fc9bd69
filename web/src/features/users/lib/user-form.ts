import type { CreateUserBody, UpdateUserBody, User } from '../../../lib/api-types.js';

/** The user form in progress: every field a string (or the checkbox), as the inputs hold them. */
export interface UserFormValues {
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  active: boolean;
  password: string;
}

export const MIN_PASSWORD = 12;

export function formValuesOf(u?: User): UserFormValues {
  return {
    userName: u?.userName ?? '',
    givenName: u?.name?.givenName ?? '',
    familyName: u?.name?.familyName ?? '',
    displayName: u?.displayName ?? '',
    email: u?.emails?.find((e) => e.primary)?.value ?? u?.emails?.[0]?.value ?? '',
    active: u?.active ?? true,
    password: '',
  };
}

export type FormErrors = Partial<Record<keyof UserFormValues, string>>;

/** What the server would refuse, said before the round trip (the server checks again). */
export function validateUserForm(v: UserFormValues, mode: 'create' | 'edit'): FormErrors {
  const errors: FormErrors = {};
  if (!v.userName.trim()) errors.userName = 'A user name is required.';
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(v.email.trim())) errors.email = 'Not an email address.';
  if (mode === 'create' && v.password && v.password.length < MIN_PASSWORD) errors.password = `At least ${MIN_PASSWORD} characters.`;
  return errors;
}

const clean = (s: string) => (s.trim() ? s.trim() : null);

export function createPayload(v: UserFormValues): CreateUserBody {
  const body: CreateUserBody = { userName: v.userName.trim(), active: v.active };
  for (const k of ['givenName', 'familyName', 'displayName', 'email'] as const) {
    const c = clean(v[k]);
    if (c) body[k] = c;
  }
  if (v.password) body.password = v.password;
  return body;
}

/** Only the fields that changed; an emptied field is sent as null (removes the attribute). */
export function updatePayload(before: UserFormValues, v: UserFormValues): UpdateUserBody {
  const body: UpdateUserBody = {};
  if (v.userName.trim() !== before.userName) body.userName = v.userName.trim();
  for (const k of ['givenName', 'familyName', 'displayName', 'email'] as const) {
    if (clean(v[k]) !== clean(before[k])) body[k] = clean(v[k]);
  }
  if (v.active !== before.active) body.active = v.active;
  return body;
}

/** "Ada Lovelace", else the display name, else the user name. */
export function userLabel(u: Pick<User, 'userName' | 'displayName' | 'name'>): string {
  const full = [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ');
  return u.displayName || full || u.userName;
}
