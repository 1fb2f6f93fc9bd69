import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button.js';
import { TextField } from '../../../components/field.js';
import { FormError } from '../../../components/states.js';
import { navigate, useSearchParams } from '../../../lib/router.js';
import { useSignIn } from '../api/session.js';

const REASONS: Record<string, string> = {
  expired: 'Your session has expired. Sign in again to continue.',
  'signed-out': 'You have signed out.',
};

/** Only a path inside the console: an open redirect through ?next= must not exist. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/api/') && !next.startsWith('/sign-in') ? next : '/scim';
}

export function SignInPage() {
  const params = useSearchParams();
  const reason = REASONS[params.get('reason') ?? ''];
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }) });
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          SCIM provisioning
        </div>
        <h1 id="sign-in-title">Sign in to the admin console</h1>
        {reason ? (
          <p className="notice notice-info" role="status" data-testid="sign-in-reason">
            {reason}
          </p>
        ) : null}
        <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <FormError error={signIn.error} />
        <Button variant="primary" type="submit" loading={signIn.isPending}>
          Sign in
        </Button>
        <p className="muted small">
          No account yet? An operator creates the first admin with <code>pnpm scim admin create --email you@example.com</code>.
        </p>
      </form>
    </main>
  );
}
