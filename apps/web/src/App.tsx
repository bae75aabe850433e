import { useCallback, useEffect, useState } from 'react';
import { SessionDocument, type SessionQuery } from '@attunelogic/schema/client';
import { clientFor, describeError, loadCredentials, saveCredentials, type Client, type Credentials } from './api';
import { SignIn } from './SignIn';
import { SessionPanel } from './SessionPanel';
import { Customers } from './Customers';
import { Loads } from './Loads';
import { DriverHours } from './DriverHours';
import { DispatchBoard } from './DispatchBoard';
import { LoadPaper } from './LoadPaper';
import { WorkOrders } from './WorkOrders';
import { ApiClients } from './ApiClients';
import { Webhooks } from './Webhooks';
import { Quotes } from './Quotes';
import { Agreements } from './Agreements';
import { TechnicianWeek } from './TechnicianWeek';
import { Invoices } from './Invoices';
import { DriverMap } from './DriverMap';
import { LiveIndicator, LiveProvider } from './live';
import { Parties } from './Parties';
import { FreightInvoices } from './FreightInvoices';

interface SignedIn {
  client: Client;
  credentials: Credentials;
  session: SessionQuery;
}

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = useCallback(async (credentials: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const client = clientFor(credentials);
      const session = await client.request(SessionDocument);
      saveCredentials(credentials);
      setSignedIn({ client, credentials, session });
    } catch (e) {
      saveCredentials(null);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  // A reload keeps the session of this tab.
  useEffect(() => {
    const stored = loadCredentials();
    if (stored) void signIn(stored);
  }, [signIn]);

  const signOut = () => {
    saveCredentials(null);
    setSignedIn(null);
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>AttuneLogic</h1>
        <span className="subtitle">reference app</span>
      </header>
      <main>
        {signedIn ? (
          <LiveProvider credentials={signedIn.credentials}>
            <SessionPanel session={signedIn.session} onSignOut={signOut} live={<LiveIndicator />} />
            {signedIn.session.tenant.appType === 'trucking' ? (
              <>
                <Loads client={signedIn.client} />
                <DriverMap client={signedIn.client} />
                <DriverHours client={signedIn.client} />
                <Parties client={signedIn.client} />
                {!signedIn.session.me.roles.every((role) => role === 'driver') && <FreightInvoices client={signedIn.client} />}
                {!signedIn.session.me.roles.every((role) => role === 'driver') && <DispatchBoard client={signedIn.client} />}
                <LoadPaper client={signedIn.client} />
              </>
            ) : (
              <>
                <WorkOrders client={signedIn.client} />
                <Quotes client={signedIn.client} />
                <Invoices client={signedIn.client} />
                <Agreements client={signedIn.client} />
                <TechnicianWeek client={signedIn.client} />
                <Customers client={signedIn.client} />
              </>
            )}
            {signedIn.session.me.roles.some((role) => role === 'owner' || role === 'admin') && <ApiClients client={signedIn.client} />}
            {signedIn.session.me.roles.some((role) => role === 'owner' || role === 'admin') && <Webhooks client={signedIn.client} />}
          </LiveProvider>
        ) : (
          <SignIn busy={busy} error={error} onSignIn={(c) => void signIn(c)} />
        )}
      </main>
    </div>
  );
}
