import { useCallback, useEffect, useState } from 'react';
import { endAllSessions, endSession, listSessions, type PasswordSession, type SignInSession } from './auth';
import { formatTime } from './connection';

interface Props {
  password: PasswordSession;
  /** Every session ended, this one too: the tab is signed out. */
  onAllEnded(): void;
}

/** The person's sign-in sessions (one per browser), each of which can be ended, or all at once. */
export function MySessions({ password, onAllEnded }: Props) {
  const [sessions, setSessions] = useState<SignInSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSessions(await listSessions(password));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [password]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<void>, after: () => void | Promise<void>) => {
    setBusy(true);
    try {
      await action();
      await after();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-label="Where you are signed in">
      <h2>Where you are signed in</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {sessions && (
        <table>
          <thead>
            <tr>
              <th>Device</th>
              <th>Signed in</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-session-id={s.id} data-current={s.current}>
                <td>
                  {s.userAgent || 'unknown device'} {s.current && <strong>(this browser)</strong>}
                </td>
                <td>{formatTime(s.createdAt)}</td>
                <td>{formatTime(s.lastUsedAt)}</td>
                <td>
                  {!s.current && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => endSession(password, s.id), load)}>
                      End session
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={() =>
          void run(
            () => endAllSessions(password),
            () => {
              password.forget();
              onAllEnded();
            },
          )
        }
      >
        Sign out everywhere
      </button>
    </section>
  );
}
