import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { beginTotp, confirmTotp, disableTotp, totpStatus, type PasswordSession, type TotpEnrolment, type TotpStatus } from './auth';

/** Two-step sign-in (TOTP): turned on with an authenticator app and a code, off with a current code. */
export function TwoStepSignIn({ password }: { password: PasswordSession }) {
  const [status, setStatus] = useState<TotpStatus | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await totpStatus(password));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [password]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setRecoveryCodes(await confirmTotp(password, code));
      setEnrolment(null);
      setCode('');
      await load();
    });
  };

  const turnOff = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await disableTotp(password, code);
      setCode('');
      await load();
    });
  };

  return (
    <section className="card" aria-label="Two-step sign-in">
      <h2>Two-step sign-in</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {recoveryCodes && (
        <div aria-label="Recovery codes">
          <p>Two-step sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without your phone. They are shown only now.</p>
          <ul className="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setRecoveryCodes(null)}>
            I have saved them
          </button>
        </div>
      )}
      {status && !status.enabled && !enrolment && (
        <>
          <p>Off: signing in takes your password only.</p>
          <button type="button" disabled={busy} onClick={() => void run(async () => setEnrolment(await beginTotp(password)))}>
            Turn on two-step sign-in
          </button>
        </>
      )}
      {enrolment && (
        <form aria-label="Confirm two-step sign-in" onSubmit={confirm}>
          <p>Scan this code with an authenticator app, or type the key into it, then enter the 6-digit code it shows.</p>
          <img alt="QR code for your authenticator app" width={180} height={180} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`} />
          <p>
            Key: <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <label>
            Code <input name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy}>
            Confirm
          </button>
        </form>
      )}
      {status?.enabled && !recoveryCodes && (
        <form aria-label="Turn off two-step sign-in" onSubmit={turnOff}>
          <p>On: signing in asks for a code of your authenticator app. {status.recoveryCodesLeft} recovery codes left.</p>
          <label>
            Current code <input name="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
          </label>
          <button type="submit" className="danger" disabled={busy}>
            Turn off
          </button>
        </form>
      )}
    </section>
  );
}
