import { Fragment, useCallback, useEffect, useState } from 'react';
import {
  SpaCreateFreightInvoiceDocument,
  SpaFreightInvoicesDocument,
  SpaLoadsDocument,
  SpaRecordFreightPaymentDocument,
  SpaSendFreightInvoiceDocument,
  SpaVoidFreightInvoiceDocument,
  type FreightInvoiceStatus,
  type FreightPaymentMethod,
  type SpaFreightInvoiceFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { StatusBadge } from './StatusBadge';
import { useRefreshOnEvents } from './live';

const STATUS_LABEL: Record<FreightInvoiceStatus, string> = { draft: 'Draft', sent: 'Sent', paid: 'Paid', void: 'Void' };
const METHODS: readonly FreightPaymentMethod[] = ['ach', 'check', 'wire', 'card', 'factoring', 'other'];

/** Dollars as typed ("95", "12.50") in cents; null when not an amount. */
const cents = (value: string): number | null => (/^\d+(\.\d{1,2})?$/.test(value.trim()) ? Math.round(Number(value) * 100) : null);

/**
 * A trucking tenant's freight invoices: made from delivered loads of one bill-to (one or a batch),
 * sent, paid in part or in full (the balance shows what is left), voided with a reason.
 */
export function FreightInvoices({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { freightInvoices } = await client.request(SpaFreightInvoicesDocument, { first: 20, after });
      return { ...freightInvoices, nodes: freightInvoices.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  // Paid, issued or voided elsewhere (another tab, a colleague, a payment recorded by API): read again.
  useRefreshOnEvents(['freight_invoice.'], list.reload);
  const [open, setOpen] = useState<{ id: string; form: 'pay' | 'void' } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (invoice: SpaFreightInvoiceFragment, action: () => Promise<SpaFreightInvoiceFragment>) => {
    setPending(invoice.id);
    setError(null);
    try {
      list.replace(await action());
      setOpen(null);
    } catch (e) {
      setError(`Invoice #${invoice.number}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="card" aria-label="Freight invoices">
      <div className="card-header">
        <h2>Freight invoices</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} in all`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      <BatchForm client={client} onInvoiced={list.reload} />
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Bill to</th>
            <th>Loads</th>
            <th>Total</th>
            <th>Balance</th>
            <th>Due</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((invoice) => (
            <Fragment key={invoice.id}>
              <tr data-id={invoice.id} aria-busy={pending === invoice.id}>
                <td className="strong">{invoice.number}</td>
                <td>{invoice.billToName}</td>
                <td>{invoice.loads.map((l) => l.referenceNumber).join(', ')}</td>
                <td>{invoice.totalFormatted}</td>
                <td data-field="balance">{invoice.balanceFormatted}</td>
                <td>{formatTime(invoice.dueAt)}</td>
                <td>
                  <StatusBadge status={invoice.status} label={invoice.status === 'sent' && invoice.paidCents > 0 ? 'Partially paid' : STATUS_LABEL[invoice.status]} />
                  {invoice.voidReason && <span className="muted"> {invoice.voidReason}</span>}
                </td>
                <td>
                  <div className="actions">
                    {invoice.status === 'draft' && (
                      <button
                        type="button"
                        disabled={pending !== null}
                        onClick={() => void run(invoice, async () => (await client.request(SpaSendFreightInvoiceDocument, { id: invoice.id })).sendFreightInvoice)}
                      >
                        Send
                      </button>
                    )}
                    {invoice.status === 'sent' && (
                      <button type="button" disabled={pending !== null} onClick={() => setOpen({ id: invoice.id, form: 'pay' })}>
                        Record payment…
                      </button>
                    )}
                    {(invoice.status === 'draft' || invoice.status === 'sent') && invoice.paidCents === 0 && (
                      <button type="button" className="danger" disabled={pending !== null} onClick={() => setOpen({ id: invoice.id, form: 'void' })}>
                        Void…
                      </button>
                    )}
                  </div>
                </td>
              </tr>
              {invoice.payments.length > 0 && (
                <tr className="muted">
                  <td />
                  <td colSpan={7}>
                    Payments:{' '}
                    {invoice.payments
                      .map(
                        (p) =>
                          `${new Intl.NumberFormat('en-US', { style: 'currency', currency: invoice.currency }).format(p.amountCents / 100)} ${p.method}${p.reference ? ` ${p.reference}` : ''}`,
                      )
                      .join('; ')}
                  </td>
                </tr>
              )}
              {open?.id === invoice.id && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    {open.form === 'pay' ? (
                      <PaymentForm
                        invoice={invoice}
                        busy={pending === invoice.id}
                        onCancel={() => setOpen(null)}
                        onPay={(input) =>
                          void run(invoice, async () => (await client.request(SpaRecordFreightPaymentDocument, { id: invoice.id, input })).recordFreightPayment)
                        }
                      />
                    ) : (
                      <VoidForm
                        invoice={invoice}
                        busy={pending === invoice.id}
                        onCancel={() => setOpen(null)}
                        onVoid={(reason) =>
                          void run(invoice, async () => (await client.request(SpaVoidFreightInvoiceDocument, { id: invoice.id, reason })).voidFreightInvoice)
                        }
                      />
                    )}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No freight invoices yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/** Delivered loads to pick for one invoice (the API keeps a batch to one bill-to). */
function BatchForm({ client, onInvoiced }: { client: Client; onInvoiced(): void }) {
  const [loads, setLoads] = useState<{ id: string; referenceNumber: string; customerReference: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const read = useCallback(async () => {
    try {
      const { loads: page } = await client.request(SpaLoadsDocument, { first: 100, filter: { status: ['delivered'] } });
      setLoads(page.edges.map((e) => e.node));
    } catch (e) {
      setError(describeError(e));
    }
  }, [client]);
  useEffect(() => {
    void read();
  }, [read]);
  if (loads.length === 0) return null;
  return (
    <form
      className="assign"
      aria-label="Invoice delivered loads"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await client.request(SpaCreateFreightInvoiceDocument, { loadIds: chosen });
          setChosen([]);
          onInvoiced();
          await read();
        } catch (err) {
          setError(describeError(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <span>Delivered, not invoiced:</span>
      {loads.map((load) => (
        <label key={load.id}>
          <input
            type="checkbox"
            checked={chosen.includes(load.id)}
            onChange={(e) => setChosen(e.target.checked ? [...chosen, load.id] : chosen.filter((id) => id !== load.id))}
          />{' '}
          {load.referenceNumber} ({load.customerReference})
        </label>
      ))}
      <button type="submit" disabled={busy || chosen.length === 0}>
        Invoice selected
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function PaymentForm({
  invoice,
  busy,
  onPay,
  onCancel,
}: {
  invoice: SpaFreightInvoiceFragment;
  busy: boolean;
  onPay(input: { amountCents: number; method: FreightPaymentMethod; reference: string | null }): void;
  onCancel(): void;
}) {
  const [amount, setAmount] = useState((invoice.balanceCents / 100).toFixed(2));
  const [method, setMethod] = useState<FreightPaymentMethod>('ach');
  const [reference, setReference] = useState('');
  const amountCents = cents(amount);
  return (
    <form
      className="assign"
      aria-label={`Payment of invoice ${invoice.number}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (amountCents !== null) onPay({ amountCents, method, reference: reference.trim() || null });
      }}
    >
      <label>
        Amount ({invoice.currency})
        <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
      </label>
      <label>
        Method
        <select value={method} onChange={(e) => setMethod(e.target.value as FreightPaymentMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reference
        <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={100} />
      </label>
      <button type="submit" disabled={busy || amountCents === null || amountCents < 1}>
        Record payment
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function VoidForm({ invoice, busy, onVoid, onCancel }: { invoice: SpaFreightInvoiceFragment; busy: boolean; onVoid(reason: string): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="assign"
      aria-label={`Void invoice ${invoice.number}`}
      onSubmit={(e) => {
        e.preventDefault();
        onVoid(reason.trim());
      }}
    >
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
      </label>
      <button type="submit" className="danger" disabled={busy || !reason.trim()}>
        Void invoice
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
