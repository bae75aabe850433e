import { useCallback, useState, type FormEvent } from 'react';
import {
  SpaCreateWebhookEndpointDocument,
  SpaDisableWebhookEndpointDocument,
  SpaEnableWebhookEndpointDocument,
  SpaReplayWebhookDeliveryDocument,
  SpaWebhookDeliveriesDocument,
  SpaWebhookEndpointsDocument,
  type SpaWebhookDeliveryFragment,
  type SpaWebhookEndpointFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';

/** A secret just issued: shown once, until dismissed. */
interface Shown {
  endpointId: string;
  url: string;
  secret: string;
}

/**
 * The tenant's webhook endpoints (owners and admins): a partner's URL receiving signed events of
 * the chosen types. Creating shows the signing secret once; an endpoint is disabled and enabled
 * here; its delivery log shows each event's status and last response, and replays one.
 */
export function Webhooks({ client }: { client: Client }) {
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { webhookEndpoints, webhookEventTypes } = await client.request(SpaWebhookEndpointsDocument, { first: 20, after });
      setEventTypes(webhookEventTypes);
      return { ...webhookEndpoints, nodes: webhookEndpoints.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection<SpaWebhookEndpointFragment>(fetchPage);
  const [shown, setShown] = useState<Shown | null>(null);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
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
      const { createWebhookEndpoint } = await client.request(SpaCreateWebhookEndpointDocument, { input: { url, eventTypes: types } });
      setShown({ endpointId: createWebhookEndpoint.endpoint.id, url: createWebhookEndpoint.endpoint.url, secret: createWebhookEndpoint.secret });
      setUrl('');
      setTypes([]);
      list.reload();
    });
  };
  const setActive = (id: string, active: boolean) =>
    run(async () => {
      const updated = active
        ? (await client.request(SpaEnableWebhookEndpointDocument, { id })).enableWebhookEndpoint
        : (await client.request(SpaDisableWebhookEndpointDocument, { id })).disableWebhookEndpoint;
      list.replace(updated);
    });

  return (
    <section className="card" aria-label="Webhooks">
      <div className="card-header">
        <h2>Webhooks</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} endpoints`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      {shown && (
        <div role="status" className="secret" aria-label="New signing secret">
          <p>
            The signing secret of <strong>{shown.url}</strong>, shown this once: your receiver verifies each request with it (Standard Webhooks).
          </p>
          <p>
            <code data-field="signing-secret">{shown.secret}</code>
          </p>
          <button type="button" className="secondary" onClick={() => setShown(null)}>
            I have copied it
          </button>
        </div>
      )}
      <form className="assign" aria-label="New webhook endpoint" onSubmit={create}>
        <label>
          URL
          <input type="url" required maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Events
          <select multiple required value={types} onChange={(e) => setTypes([...e.target.selectedOptions].map((o) => o.value))}>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
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
            <th>URL</th>
            <th>Events</th>
            <th>Created</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((endpoint) => (
            <tr key={endpoint.id} data-id={endpoint.id}>
              <td className="strong">
                {endpoint.url}
                {endpoint.description && <div className="muted">{endpoint.description}</div>}
              </td>
              <td>{endpoint.eventTypes.join(', ')}</td>
              <td>{formatTime(endpoint.createdAt)}</td>
              <td data-field="state">{endpoint.active ? 'active' : `disabled: ${endpoint.disabledReason ?? ''}`}</td>
              <td>
                <button type="button" className="secondary" disabled={busy} onClick={() => void setActive(endpoint.id, !endpoint.active)}>
                  {endpoint.active ? 'Disable' : 'Enable'}
                </button>
                <button type="button" className="secondary" onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}>
                  {open === endpoint.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No webhook endpoints yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
      {open && <DeliveryLog key={open} client={client} endpointId={open} />}
    </section>
  );
}

/** One endpoint's deliveries, newest first; a delivery is replayed from its first attempt, with the same webhook-id. */
function DeliveryLog({ client, endpointId }: { client: Client; endpointId: string }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { webhookDeliveries } = await client.request(SpaWebhookDeliveriesDocument, { endpointId, first: 20, after });
      return { ...webhookDeliveries, nodes: webhookDeliveries.edges.map((e) => e.node) };
    },
    [client, endpointId],
  );
  const log = useConnection<SpaWebhookDeliveryFragment>(fetchPage);
  const [error, setError] = useState<string | null>(null);

  const replay = async (id: string) => {
    setError(null);
    try {
      log.replace((await client.request(SpaReplayWebhookDeliveryDocument, { id })).replayWebhookDelivery);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div role="region" aria-label="Delivery log">
      <h3>Deliveries {log.totalCount !== null && <span className="muted">({log.totalCount})</span>}</h3>
      {(error ?? log.error) && (
        <p role="alert" className="error">
          {error ?? log.error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Event</th>
            <th>Occurred</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last response</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {log.nodes.map((d) => (
            <tr key={d.id} data-id={d.id}>
              <td>
                {d.eventType}
                <div className="muted">
                  <code>{d.eventId}</code>
                </div>
              </td>
              <td>{formatTime(d.occurredAt)}</td>
              <td data-field="status">
                {d.status}
                {d.status === 'failed' && <div className="muted">next {formatTime(d.nextAttemptAt)}</div>}
              </td>
              <td>
                {d.attempts}
                {d.replays > 0 && <div className="muted">replayed {d.replays}×</div>}
              </td>
              <td>{d.lastResponseCode ?? d.lastError ?? '—'}</td>
              <td>
                <button type="button" className="secondary" onClick={() => void replay(d.id)}>
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.nodes.length === 0 && log.totalCount === 0 && <p className="muted">No deliveries yet.</p>}
      {log.hasNextPage && (
        <button type="button" className="secondary" onClick={log.loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
