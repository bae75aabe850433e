import { useState, type FormEvent } from 'react';
import { type Credentials } from './api';

interface Props {
  busy: boolean;
  error: string | null;
  onSignIn(credentials: Credentials): void;
}

/** Sign in by pasting a token: a development token from `pnpm --silent run token`, or a real one. */
export function SignIn({ busy, error, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [tenant, setTenant] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim().replace(/^Bearer\s+/i, '');
    if (trimmed) onSignIn({ token: trimmed, ...(tenant.trim() ? { tenant: tenant.trim() } : {}) });
  };

  return (
    <form className="card sign-in" onSubmit={submit} aria-label="Sign in">
      <h2>Sign in</h2>
      <p className="hint">
        Paste a token. For a demo user, in the repository:
        <code>pnpm --silent run token --tenant acme-trucking --email dispatcher@acme-trucking.test</code>
      </p>
      <label>
        Token
        <textarea name="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} placeholder="eyJhbGciOi…" required spellCheck={false} />
      </label>
      <label>
        Tenant slug <span className="optional">(optional; the token's tenant when empty)</span>
        <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} placeholder="acme-trucking" spellCheck={false} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !token.trim()}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
