import { useCallback, useEffect, useRef, useState } from 'react';
import { SessionDocument, type SessionQuery } from '@attunelogic/schema/client';
import { clientFor, describeError, loadCredentials, saveCredentials, type Auth, type Client, type Credentials, type TokenSource } from './api';
import { beginSignIn, isCallback, PasswordSession, wasSignedIn } from './auth';
import { SignIn } from './SignIn';
import { SessionPanel } from './SessionPanel';
import { Customers } from './Customers';
import { Loads } from './Loads';
import { DriverHours } from './DriverHours';
import { DispatchBoard } from './DispatchBoard';
import { LoadPaper } from './LoadPaper';
import { WorkOrders } from './WorkOrders';
import { ApiClients } from './ApiClients';
import { MySessions } from './MySessions';
import { TwoStepSignIn } from './TwoStepSignIn';
import { TenantExport } from './TenantExport';
import { Webhooks } from './Webhooks';
import { Quotes } from './Quotes';
import { Agreements } from './Agreements';
import { TechnicianWeek } from './TechnicianWeek';
import { Invoices } from './Invoices';
import { JobSheet } from './JobSheet';
import { FollowUps } from './FollowUps';
import { Reports } from './Reports';
import { DriverMap } from './DriverMap';
import { LiveIndicator, LiveProvider } from './live';
import { Parties } from './Parties';
import { FreightInvoices } from './FreightInvoices';
import { ServiceReports } from './ServiceReports';

interface SignedIn {
  client: Client;
  /** The token (a pasted one, or the password session's current one) and tenant: for the stream and uploads. */
  auth: Auth;
  session: SessionQuery;
  /** Set when signed in with a password (else a pasted token). */
  password?: PasswordSession;
}

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = useCallback(async (token: TokenSource, tenant: string | undefined, password?: PasswordSession) => {
    const auth: Auth = { token, ...(tenant ? { tenant } : {}) };
    const client = clientFor(auth);
    const session = await client.request(SessionDocument);
    setSignedIn({ client, auth, session, ...(password ? { password } : {}) });
  }, []);

  const signIn = useCallback(
    async (credentials: Credentials) => {
      setBusy(true);
      setError(null);
      try {
        await open(credentials.token, credentials.tenant);
        saveCredentials(credentials);
      } catch (e) {
        saveCredentials(null);
        setError(describeError(e));
      } finally {
        setBusy(false);
      }
    },
    [open],
  );

  const passwordSignIn = useCallback(() => {
    setBusy(true);
    beginSignIn().catch((e: unknown) => {
      setBusy(false);
      setError(describeError(e));
    });
  }, []);

  // Back from the sign-in page with a code; or a reload, which keeps the session of this tab (a
  // password sign-in is resumed at the server, without a form while its session lasts).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (isCallback()) {
      setBusy(true);
      const ended = (reason: string) => {
        setSignedIn(null);
        setError(reason);
      };
      PasswordSession.complete(ended)
        .then((password) => open(password.accessToken, undefined, password))
        .catch((e: unknown) => setError(describeError(e)))
        .finally(() => setBusy(false));
      return;
    }
    if (wasSignedIn()) return passwordSignIn();
    const stored = loadCredentials();
    if (stored) void signIn(stored);
  }, [open, signIn, passwordSignIn]);

  const signOut = () => {
    saveCredentials(null);
    setSignedIn(null);
    // A password session ends at the server too: the browser goes to its sign-out page.
    signedIn?.password?.signOut().catch((e: unknown) => setError(describeError(e)));
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>AttuneLogic</h1>
        <span className="subtitle">reference app</span>
      </header>
      <main>
        {signedIn ? (
          <LiveProvider auth={signedIn.auth}>
            <SessionPanel session={signedIn.session} onSignOut={signOut} live={<LiveIndicator />} />
            {signedIn.password && (
              <MySessions
                password={signedIn.password}
                onAllEnded={() => {
                  setSignedIn(null);
                  setError('Signed out everywhere.');
                }}
              />
            )}
            {signedIn.password && <TwoStepSignIn password={signedIn.password} />}
            {signedIn.session.tenant.appType === 'trucking' ? (
              <>
                <Loads client={signedIn.client} />
                <DriverMap client={signedIn.client} />
                <DriverHours client={signedIn.client} />
                <Parties client={signedIn.client} />
                {!signedIn.session.me.roles.every((role) => role === 'driver') && <FreightInvoices client={signedIn.client} />}
                {!signedIn.session.me.roles.every((role) => role === 'driver') && <DispatchBoard client={signedIn.client} />}
                {!signedIn.session.me.roles.every((role) => role === 'driver') && <Reports client={signedIn.client} />}
                <LoadPaper client={signedIn.client} />
              </>
            ) : (
              <>
                <WorkOrders client={signedIn.client} />
                <JobSheet client={signedIn.client} />
                {!signedIn.session.me.roles.every((role) => role === 'technician') && <FollowUps client={signedIn.client} />}
                <Quotes client={signedIn.client} />
                <Invoices client={signedIn.client} />
                <Agreements client={signedIn.client} />
                <TechnicianWeek client={signedIn.client} />
                <Customers client={signedIn.client} />
                {!signedIn.session.me.roles.every((role) => role === 'technician') && <ServiceReports client={signedIn.client} />}
              </>
            )}
            {signedIn.session.me.roles.some((role) => role === 'owner' || role === 'admin') && <ApiClients client={signedIn.client} />}
            {signedIn.session.me.roles.some((role) => role === 'owner' || role === 'admin') && <Webhooks client={signedIn.client} />}
            {signedIn.session.me.roles.includes('owner') && <TenantExport client={signedIn.client} />}
          </LiveProvider>
        ) : (
          <SignIn busy={busy} error={error} onPasswordSignIn={passwordSignIn} onSignIn={(c) => void signIn(c)} />
        )}
      </main>
    </div>
  );
}
