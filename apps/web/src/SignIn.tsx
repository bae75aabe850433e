import { useState, type FormEvent } from 'react';
import { type Credentials } from './api';

interface Props {
  busy: boolean;
  error: string | null;
  /** Sends the browser to the authorization server's sign-in page. */
  onPasswordSignIn(): void;
  onSignIn(credentials: Credentials): void;
}

/**
 * Sign in with an email and password at the authorization server; or, for development, by pasting
 * a token (`pnpm --silent run token`, or one obtained elsewhere).
 */
export function SignIn({ busy, error, onPasswordSignIn, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [tenant, setTenant] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim().replace(/^Bearer\s+/i, '');
    if (trimmed) onSignIn({ token: trimmed, ...(tenant.trim() ? { tenant: tenant.trim() } : {}) });
  };

  return (
    <>
      <section className="card sign-in" aria-label="Password sign-in">
        <h2>Sign in</h2>
        <p className="hint">With your organization, email and password, on the AttuneLogic sign-in page.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="button" disabled={busy} onClick={onPasswordSignIn}>
          Continue with email and password
        </button>
      </section>
      <form className="card sign-in" onSubmit={submit} aria-label="Sign in">
        <h2>Development: paste a token</h2>
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
        <button type="submit" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </>
  );
}
