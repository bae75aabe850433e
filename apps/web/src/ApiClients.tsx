import { useCallback, useState, type FormEvent } from 'react';
import {
  SpaApiClientsDocument,
  SpaCreateApiClientDocument,
  SpaRevokeApiClientDocument,
  SpaRotateApiClientSecretDocument,
  type SpaApiClientFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { useRefreshOnEvents } from './live';

/** The scopes a client may be given (core refuses the others); never above the caller's own role. */
const SCOPES = ['viewer', 'dispatcher', 'admin'] as const;

/** A secret just issued: shown once, until dismissed. */
interface Shown {
  clientId: string;
  name: string;
  secret: string;
}

/**
 * The tenant's API clients (owners and admins): a partner's credentials for client credentials at
 * /api/v1/auth/token. Creating or rotating shows the secret once; revoking ends the client.
 */
export function ApiClients({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { apiClients } = await client.request(SpaApiClientsDocument, { first: 20, after });
      return { ...apiClients, nodes: apiClients.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection<SpaApiClientFragment>(fetchPage);
  // Created, rotated or revoked elsewhere: read again.
  useRefreshOnEvents(['api_client.'], list.reload);
  const [shown, setShown] = useState<Shown | null>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<(typeof SCOPES)[number]>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { createApiClient } = await client.request(SpaCreateApiClientDocument, { input: { name, roles: [scope] } });
      setShown({ clientId: createApiClient.client.id, name: createApiClient.client.name, secret: createApiClient.secret });
      setName('');
      list.reload();
    });
  };
  const rotate = (id: string) =>
    run(async () => {
      const { rotateApiClientSecret } = await client.request(SpaRotateApiClientSecretDocument, { id });
      setShown({ clientId: id, name: rotateApiClientSecret.client.name, secret: rotateApiClientSecret.secret });
      list.replace(rotateApiClientSecret.client);
    });
  const revoke = (id: string) =>
    run(async () => {
      const { revokeApiClient } = await client.request(SpaRevokeApiClientDocument, { id });
      if (shown?.clientId === id) setShown(null);
      list.replace(revokeApiClient);
    });

  return (
    <section className="card" aria-label="API clients">
      <div className="card-header">
        <h2>API clients</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} in all`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      {shown && (
        <div role="status" className="secret" aria-label="New client secret">
          <p>
            The secret of <strong>{shown.name}</strong>, shown this once (it is stored hashed): copy it now.
          </p>
          <p>
            client_id <code data-field="client-id">{shown.clientId}</code>
          </p>
          <p>
            client_secret <code data-field="client-secret">{shown.secret}</code>
          </p>
          <button type="button" className="secondary" onClick={() => setShown(null)}>
            I have copied it
          </button>
        </div>
      )}
      <form className="assign" aria-label="New API client" onSubmit={create}>
        <label>
          Name
          <input type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value as (typeof SCOPES)[number])}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Scopes</th>
            <th>Created</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((c) => (
            <tr key={c.id} data-id={c.id}>
              <td className="strong">
                {c.name}
                <div className="muted">
                  <code>{c.id}</code>
                </div>
              </td>
              <td>{c.roles.join(', ')}</td>
              <td>
                {formatTime(c.createdAt)}
                {c.createdBy && <div className="muted">by {c.createdBy.name}</div>}
              </td>
              <td data-field="state">{c.active ? (c.rotatedAt ? `active, rotated ${formatTime(c.rotatedAt)}` : 'active') : `revoked ${formatTime(c.revokedAt)}`}</td>
              <td>
                {c.active && (
                  <>
                    <button type="button" className="secondary" disabled={busy} onClick={() => void rotate(c.id)}>
                      Rotate secret
                    </button>
                    <button type="button" className="secondary" disabled={busy} onClick={() => void revoke(c.id)}>
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No API clients yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
