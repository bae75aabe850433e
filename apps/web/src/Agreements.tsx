import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaAgreementsDocument,
  SpaAgreementWorkOrdersDocument,
  SpaCreateAgreementDocument,
  SpaCustomersDocument,
  SpaRetireAgreementDocument,
  SpaUpdateAgreementDocument,
  type SpaAgreementFragment,
  type SpaAgreementWorkOrdersQuery,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';

/** The schedules an office picks from, as RRULE bodies. */
const RULES: readonly { rule: string; label: string }[] = [
  { rule: 'FREQ=MONTHLY;INTERVAL=3', label: 'Quarterly' },
  { rule: 'FREQ=MONTHLY', label: 'Monthly' },
  { rule: 'FREQ=MONTHLY;INTERVAL=6', label: 'Twice a year' },
  { rule: 'FREQ=YEARLY', label: 'Yearly' },
  { rule: 'FREQ=WEEKLY', label: 'Weekly' },
];
const ruleLabel = (rule: string): string => RULES.find((r) => r.rule === rule)?.label ?? rule;

/** A serviceRepair tenant's service agreements: each a schedule generating work orders ahead of time. */
export function Agreements({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { serviceAgreements } = await client.request(SpaAgreementsDocument, { after });
      return { ...serviceAgreements, nodes: serviceAgreements.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<SpaAgreementFragment[]>([]);
  const [error, setError] = useState<string | null>(null);

  const retire = async (agreement: SpaAgreementFragment) => {
    setError(null);
    try {
      const retired = (await client.request(SpaRetireAgreementDocument, { id: agreement.id })).retireServiceAgreement;
      list.replace(retired);
      setCreated((previous) => previous.map((a) => (a.id === retired.id ? retired : a)));
    } catch (e) {
      setError(`${agreement.name}: ${describeError(e)}`);
    }
  };

  const update = async (agreement: SpaAgreementFragment, input: { name: string; rrule: string }) => {
    setError(null);
    try {
      const changed = (await client.request(SpaUpdateAgreementDocument, { id: agreement.id, input })).updateServiceAgreement;
      list.replace(changed);
      setCreated((previous) => previous.map((a) => (a.id === changed.id ? changed : a)));
      setEditing(null);
    } catch (e) {
      setError(`${agreement.name}: ${describeError(e)}`);
    }
  };

  const agreements = [...created, ...list.nodes.filter((a) => !created.some((c) => c.id === a.id))];

  return (
    <section className="card" aria-label="Service agreements">
      <div className="card-header">
        <h2>Service agreements</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount + created.length} in force`}</span>
        <button type="button" onClick={() => setCreating(!creating)}>
          New agreement
        </button>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      {creating && (
        <NewAgreementForm
          client={client}
          onCancel={() => setCreating(false)}
          onCreated={(agreement) => {
            setCreated((previous) => [agreement, ...previous]);
            setCreating(false);
            setOpen(agreement.id);
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>Agreement</th>
            <th>Customer</th>
            <th>Schedule</th>
            <th>Next visits</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {agreements.map((agreement) => (
            <Fragment key={agreement.id}>
              <tr data-id={agreement.id}>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(open === agreement.id ? null : agreement.id)}>
                    {agreement.name}
                  </button>
                </td>
                <td>{agreement.customer.name}</td>
                <td>{ruleLabel(agreement.rrule)}</td>
                <td>{agreement.nextOccurrences.map((at) => formatTime(at)).join(', ') || '—'}</td>
                <td data-status={agreement.retiredAt ? 'retired' : 'active'}>{agreement.retiredAt ? 'Retired' : 'Active'}</td>
                <td>
                  {!agreement.retiredAt && (
                    <div className="actions">
                      <button type="button" className="secondary" onClick={() => setEditing(editing === agreement.id ? null : agreement.id)}>
                        Edit…
                      </button>
                      <button type="button" className="secondary" onClick={() => void retire(agreement)}>
                        Retire
                      </button>
                    </div>
                  )}
                </td>
              </tr>
              {editing === agreement.id && (
                <tr className="inline-form">
                  <td colSpan={6}>
                    <EditAgreementForm agreement={agreement} onCancel={() => setEditing(null)} onSave={(input) => void update(agreement, input)} />
                  </td>
                </tr>
              )}
              {open === agreement.id && (
                <tr className="inline-form">
                  <td colSpan={6}>
                    <GeneratedWorkOrders client={client} agreementId={agreement.id} version={agreement.retiredAt ?? ''} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          More
        </button>
      )}
    </section>
  );
}

/** The name and the schedule of an agreement; the API regenerates its visits from the next one on. */
function EditAgreementForm({ agreement, onSave, onCancel }: { agreement: SpaAgreementFragment; onSave(input: { name: string; rrule: string }): void; onCancel(): void }) {
  const [name, setName] = useState(agreement.name);
  const [rrule, setRrule] = useState(agreement.rrule);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ name: name.trim(), rrule });
  };
  return (
    <form className="assign" aria-label={`Edit ${agreement.name}`} onSubmit={submit}>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Schedule
        <select value={rrule} onChange={(e) => setRrule(e.target.value)}>
          {[...RULES, ...(RULES.some((r) => r.rule === agreement.rrule) ? [] : [{ rule: agreement.rrule, label: agreement.rrule }])].map((r) => (
            <option key={r.rule} value={r.rule}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!name.trim()}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

type Generated = NonNullable<SpaAgreementWorkOrdersQuery['serviceAgreement']>['workOrders'];

/** The work orders an agreement generated (read when opened, again when it changes). */
function GeneratedWorkOrders({ client, agreementId, version }: { client: Client; agreementId: string; version: string }) {
  const [orders, setOrders] = useState<Generated | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    client.request(SpaAgreementWorkOrdersDocument, { id: agreementId }).then(
      (data) => current && setOrders(data.serviceAgreement?.workOrders ?? null),
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client, agreementId, version]);
  if (error) return <p className="error">{error}</p>;
  if (!orders) return <p className="muted">loading…</p>;
  return (
    <table aria-label="Generated work orders">
      <thead>
        <tr>
          <th>#</th>
          <th>Visit</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {orders.edges.map(({ node }) => (
          <tr key={node.id} data-id={node.id}>
            <td className="strong">{node.number}</td>
            <td>{formatTime(node.occursAt)}</td>
            <td data-status={node.status}>{node.status}</td>
          </tr>
        ))}
        {orders.totalCount === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No visit within the next 60 days.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

interface FormProps {
  client: Client;
  onCreated: (agreement: SpaAgreementFragment) => void;
  onCancel: () => void;
}

function NewAgreementForm({ client, onCreated, onCancel }: FormProps) {
  const [customers, setCustomers] = useState<{ id: string; name: string }[]>([]);
  const [customerId, setCustomerId] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [rrule, setRrule] = useState(RULES[0]!.rule);
  const [startsAt, setStartsAt] = useState('');
  const [minutes, setMinutes] = useState('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.request(SpaCustomersDocument, { first: 100 }).then(
      (data) => current && setCustomers(data.customers.edges.map(({ node }) => ({ id: node.id, name: node.name }))),
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = {
        name,
        customerId,
        rrule,
        startsAt: new Date(startsAt).toISOString(),
        template: { title: title || name, estimatedMinutes: Number(minutes) },
      };
      onCreated((await client.request(SpaCreateAgreementDocument, { input })).createServiceAgreement);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="assign" aria-label="New agreement" onSubmit={(e) => void submit(e)}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Customer
        <select value={customerId} onChange={(e) => setCustomerId(e.target.value)} required>
          <option value="">Choose…</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Job title
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder="Defaults to the name" />
      </label>
      <label>
        Schedule
        <select value={rrule} onChange={(e) => setRrule(e.target.value)}>
          {RULES.map((r) => (
            <option key={r.rule} value={r.rule}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        First visit
        <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />
      </label>
      <label>
        Minutes
        <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} required />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create agreement
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
