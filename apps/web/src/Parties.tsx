import { useCallback, useState, type FormEvent } from 'react';
import {
  SpaCreatePartyDocument,
  SpaPartiesDocument,
  SpaReinstatePartyDocument,
  SpaRetirePartyDocument,
  SpaUpdatePartyDocument,
  type PartyKind,
  type SpaPartyFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { useConnection } from './connection';

const KINDS: readonly PartyKind[] = ['shipper', 'receiver', 'broker'];

/**
 * A trucking tenant's shippers, receivers and brokers: searched by name, added, corrected (name and
 * payment terms), retired from the pickers and brought back.
 */
export function Parties({ client }: { client: Client }) {
  const [search, setSearch] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const fetchPage = useCallback(
    async (after: string | null) => {
      const filter = { ...(search.trim().length >= 2 && { search: search.trim() }), includeRetired: showRetired };
      const { parties } = await client.request(SpaPartiesDocument, { first: 20, after, filter });
      return { ...parties, nodes: parties.edges.map((e) => e.node) };
    },
    [client, search, showRetired],
  );
  const list = useConnection(fetchPage);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (label: string, action: () => Promise<SpaPartyFragment>) => {
    setPending(label);
    setError(null);
    try {
      list.replace(await action());
      setEditing(null);
    } catch (e) {
      setError(`${label}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="card" aria-label="Parties">
      <div className="card-header">
        <h2>Shippers, receivers and brokers</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} in all`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      <div className="actions">
        <label>
          Search
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name" maxLength={100} />
        </label>
        <label>
          <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} /> Show retired
        </label>
        <button type="button" onClick={() => setAdding(!adding)}>
          Add party…
        </button>
      </div>
      {adding && (
        <PartyForm
          title="New party"
          busy={pending !== null}
          onCancel={() => setAdding(false)}
          onSave={async (input) => {
            setPending('new');
            setError(null);
            try {
              await client.request(SpaCreatePartyDocument, { input: { ...input, kinds: input.kinds } });
              setAdding(false);
              list.reload();
            } catch (e) {
              setError(`New party: ${describeError(e)}`);
            } finally {
              setPending(null);
            }
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kinds</th>
            <th>Locations</th>
            <th>Terms</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((party) => (
            <tr key={party.id} data-id={party.id}>
              <td className="strong">{party.name}</td>
              <td>{party.kinds.join(', ')}</td>
              <td>{party.locations.map((l) => `${l.name} (${l.address.city}, ${l.address.state})`).join('; ') || '—'}</td>
              <td>{party.paymentTermsDays} days</td>
              <td data-field="retired">{party.retiredAt ? 'Retired' : 'In use'}</td>
              <td>
                <div className="actions">
                  <button type="button" className="secondary" disabled={pending !== null} onClick={() => setEditing(editing === party.id ? null : party.id)}>
                    Edit…
                  </button>
                  {party.retiredAt ? (
                    <button
                      type="button"
                      disabled={pending !== null}
                      onClick={() => void run(party.name, async () => (await client.request(SpaReinstatePartyDocument, { id: party.id })).reinstateParty)}
                    >
                      Reinstate
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      disabled={pending !== null}
                      onClick={() => void run(party.name, async () => (await client.request(SpaRetirePartyDocument, { id: party.id })).retireParty)}
                    >
                      Retire
                    </button>
                  )}
                </div>
                {editing === party.id && (
                  <PartyForm
                    title={`Edit party ${party.name}`}
                    party={party}
                    busy={pending !== null}
                    onCancel={() => setEditing(null)}
                    onSave={(input) => run(party.name, async () => (await client.request(SpaUpdatePartyDocument, { id: party.id, input })).updateParty)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No parties yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

interface PartyInput {
  name: string;
  kinds: PartyKind[];
  email: string | null;
  paymentTermsDays: number;
}

function PartyForm({
  title,
  party,
  busy,
  onSave,
  onCancel,
}: {
  title: string;
  party?: SpaPartyFragment;
  busy: boolean;
  onSave(input: PartyInput): Promise<void> | void;
  onCancel(): void;
}) {
  const [name, setName] = useState(party?.name ?? '');
  const [kinds, setKinds] = useState<PartyKind[]>(party?.kinds ?? ['shipper']);
  const [email, setEmail] = useState(party?.email ?? '');
  const [terms, setTerms] = useState(String(party?.paymentTermsDays ?? 30));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSave({ name: name.trim(), kinds, email: email.trim() || null, paymentTermsDays: Number(terms) });
  };
  return (
    <form className="assign" aria-label={title} onSubmit={submit}>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      {KINDS.map((kind) => (
        <label key={kind}>
          <input type="checkbox" checked={kinds.includes(kind)} onChange={(e) => setKinds(e.target.checked ? [...kinds, kind] : kinds.filter((k) => k !== kind))} />{' '}
          {kind}
        </label>
      ))}
      <label>
        Email
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />
      </label>
      <label>
        Payment terms (days)
        <input value={terms} onChange={(e) => setTerms(e.target.value)} inputMode="numeric" pattern="\d{1,3}" required />
      </label>
      <button type="submit" disabled={busy || !name.trim() || kinds.length === 0}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
