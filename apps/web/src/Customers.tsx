import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaAddCustomerLocationDocument,
  SpaCustomerLocationsDocument,
  SpaCustomersDocument,
  SpaRetireCustomerLocationDocument,
  SpaUpdateCustomerLocationDocument,
  type SpaCustomerLocationsFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { useConnection } from './connection';

type Location = SpaCustomerLocationsFragment['locations'][number];

/** A serviceRepair tenant's customers; one at a time opened to add, correct and retire its locations. */
export function Customers({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { customers } = await client.request(SpaCustomersDocument, { first: 20, after });
      return { ...customers, nodes: customers.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section className="card" aria-label="Customers">
      <div className="card-header">
        <h2>Customers</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} in all`}</span>
      </div>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Locations</th>
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((customer) => (
            <Fragment key={customer.id}>
              <tr data-id={customer.id}>
                <td className="strong">{customer.name}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => setOpen(open === customer.id ? null : customer.id)}>
                    {open === customer.id ? 'Close' : 'Locations…'}
                  </button>
                </td>
              </tr>
              {open === customer.id && (
                <tr className="inline-form">
                  <td colSpan={2}>
                    <CustomerLocations client={client} customerId={customer.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No customers yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/** The customer's locations in use: each can be relabelled, moved to a corrected street or retired; a new one added. */
function CustomerLocations({ client, customerId }: { client: Client; customerId: string }) {
  const [customer, setCustomer] = useState<SpaCustomerLocationsFragment | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.request(SpaCustomerLocationsDocument, { id: customerId }).then(
      (result) => current && setCustomer(result.customer ?? null),
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client, customerId]);

  const run = async (action: () => Promise<SpaCustomerLocationsFragment>) => {
    setBusy(true);
    setError(null);
    try {
      setCustomer(await action());
      setEditing(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!customer) return <p className="muted">{error ?? 'loading…'}</p>;
  return (
    <div aria-label={`Locations of ${customer.name}`} role="group">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="locations">
        {customer.locations.map((location) => (
          <li key={location.id} data-location={location.id}>
            {editing === location.id ? (
              <LocationForm
                title={`Edit location ${location.label ?? location.address.line1}`}
                initial={location}
                busy={busy}
                submitLabel="Save"
                onCancel={() => setEditing(null)}
                onSubmit={(input) =>
                  void run(async () => (await client.request(SpaUpdateCustomerLocationDocument, { customerId, locationId: location.id, input })).updateCustomerLocation)
                }
              />
            ) : (
              <>
                <span className="strong">{location.label ?? 'Location'}</span> {location.address.line1}, {location.address.city} {location.address.postalCode}{' '}
                <button type="button" className="secondary" disabled={busy} onClick={() => setEditing(location.id)}>
                  Edit
                </button>{' '}
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => (await client.request(SpaRetireCustomerLocationDocument, { customerId, locationId: location.id })).retireCustomerLocation)
                  }
                >
                  Retire
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <LocationForm
        title={`Add a location to ${customer.name}`}
        busy={busy}
        submitLabel="Add location"
        onSubmit={(input) => void run(async () => (await client.request(SpaAddCustomerLocationDocument, { customerId, input })).addCustomerLocation)}
      />
    </div>
  );
}

interface LocationInput {
  label: string | null;
  address: { line1: string; city: string; postalCode: string };
}

interface LocationFormProps {
  title: string;
  initial?: Location;
  busy: boolean;
  submitLabel: string;
  onSubmit(input: LocationInput): void;
  onCancel?(): void;
}

/** Label and street address; the API validates and normalises (ZIP+4 cut to five digits). */
function LocationForm({ title, initial, busy, submitLabel, onSubmit, onCancel }: LocationFormProps) {
  const [label, setLabel] = useState(initial?.label ?? '');
  const [line1, setLine1] = useState(initial?.address.line1 ?? '');
  const [city, setCity] = useState(initial?.address.city ?? '');
  const [postalCode, setPostalCode] = useState(initial?.address.postalCode ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ label: label.trim() || null, address: { line1, city, postalCode } });
  };

  return (
    <form className="assign" aria-label={title} onSubmit={submit}>
      <label>
        Label
        <input type="text" value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
      </label>
      <label>
        Street
        <input type="text" required value={line1} onChange={(e) => setLine1(e.target.value)} />
      </label>
      <label>
        City
        <input type="text" required value={city} onChange={(e) => setCity(e.target.value)} />
      </label>
      <label>
        ZIP
        <input type="text" required value={postalCode} onChange={(e) => setPostalCode(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}
