import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaCreateInvoiceDocument,
  SpaInvoicesDocument,
  SpaIssueInvoiceDocument,
  SpaRecordPaymentDocument,
  SpaRecordRefundDocument,
  SpaVoidInvoiceDocument,
  SpaWorkOrdersDocument,
  type InvoiceStatus,
  type PaymentMethod,
  type SpaInvoiceFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { StatusBadge } from './StatusBadge';
import { useRefreshOnEvents } from './live';

const STATUS_LABEL: Record<InvoiceStatus, string> = { draft: 'Draft', issued: 'Issued', partially_paid: 'Partially paid', paid: 'Paid', void: 'Void' };
const METHODS: readonly PaymentMethod[] = ['card', 'cash', 'check', 'bank_transfer', 'other'];

type FormKind = 'pay' | 'refund' | 'void';

/** Dollars as typed ("95", "12.50") in cents; null when not an amount. */
const cents = (value: string): number | null => (/^\d+(\.\d{1,2})?$/.test(value.trim()) ? Math.round(Number(value) * 100) : null);

/** A serviceRepair tenant's invoices: made from completed work orders, issued, paid, voided, printed. */
export function Invoices({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { invoices } = await client.request(SpaInvoicesDocument, { after });
      return { ...invoices, nodes: invoices.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  // Paid, issued or voided elsewhere (another tab, a colleague, a payment recorded by API): read again.
  useRefreshOnEvents(['invoice.'], list.reload);
  const [added, setAdded] = useState<SpaInvoiceFragment[]>([]);
  const [open, setOpen] = useState<{ id: string; form: FormKind } | null>(null);
  const [printing, setPrinting] = useState<SpaInvoiceFragment | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (invoice: SpaInvoiceFragment, action: () => Promise<SpaInvoiceFragment>) => {
    setPending(invoice.id);
    setError(null);
    try {
      const changed = await action();
      list.replace(changed);
      setAdded((previous) => previous.map((i) => (i.id === changed.id ? changed : i)));
      setOpen(null);
    } catch (e) {
      setError(`Invoice #${invoice.number}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  if (printing) return <PrintableInvoice invoice={printing} onClose={() => setPrinting(null)} />;

  const invoices = [...added, ...list.nodes.filter((i) => !added.some((a) => a.id === i.id))];

  return (
    <section className="card" aria-label="Invoices">
      <div className="card-header">
        <h2>Invoices</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount + added.length} in all`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      <InvoiceWorkOrderForm client={client} onInvoiced={(invoice) => setAdded((previous) => [invoice, ...previous])} />
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Work order</th>
            <th>Customer</th>
            <th>Total</th>
            <th>Balance</th>
            <th>Status</th>
            <th>Next</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <Fragment key={invoice.id}>
              <tr data-id={invoice.id} aria-busy={pending === invoice.id}>
                <td className="strong">{invoice.number}</td>
                <td>
                  #{invoice.workOrder.number} {invoice.workOrder.title}
                </td>
                <td>{invoice.customer.name}</td>
                <td>{invoice.totals.total.formatted}</td>
                <td>{invoice.balance.formatted}</td>
                <td>
                  <StatusBadge status={invoice.status} label={STATUS_LABEL[invoice.status]} />
                </td>
                <td>
                  <div className="actions">
                    {invoice.status === 'draft' && (
                      <button
                        type="button"
                        disabled={pending !== null}
                        onClick={() => void run(invoice, async () => (await client.request(SpaIssueInvoiceDocument, { id: invoice.id })).issueInvoice)}
                      >
                        Issue
                      </button>
                    )}
                    {(invoice.status === 'issued' || invoice.status === 'partially_paid') && (
                      <button type="button" disabled={pending !== null} onClick={() => setOpen({ id: invoice.id, form: 'pay' })}>
                        Record payment…
                      </button>
                    )}
                    {(invoice.status === 'paid' || invoice.status === 'partially_paid') && (
                      <button type="button" className="secondary" disabled={pending !== null} onClick={() => setOpen({ id: invoice.id, form: 'refund' })}>
                        Refund…
                      </button>
                    )}
                    {invoice.status !== 'void' && invoice.paid.amountCents === 0 && (
                      <button type="button" className="danger" disabled={pending !== null} onClick={() => setOpen({ id: invoice.id, form: 'void' })}>
                        Void…
                      </button>
                    )}
                    <button type="button" className="secondary" onClick={() => setPrinting(invoice)}>
                      Print
                    </button>
                  </div>
                </td>
              </tr>
              {open?.id === invoice.id && (
                <tr className="inline-form">
                  <td colSpan={7}>
                    {open.form === 'pay' ? (
                      <PaymentForm
                        invoice={invoice}
                        busy={pending === invoice.id}
                        onCancel={() => setOpen(null)}
                        onPay={(input) => void run(invoice, async () => (await client.request(SpaRecordPaymentDocument, { id: invoice.id, input })).recordPayment)}
                      />
                    ) : open.form === 'refund' ? (
                      <RefundForm
                        invoice={invoice}
                        busy={pending === invoice.id}
                        onCancel={() => setOpen(null)}
                        onRefund={(input) => void run(invoice, async () => (await client.request(SpaRecordRefundDocument, { id: invoice.id, input })).recordRefund)}
                      />
                    ) : (
                      <VoidForm
                        invoice={invoice}
                        busy={pending === invoice.id}
                        onCancel={() => setOpen(null)}
                        onVoid={(reason) => void run(invoice, async () => (await client.request(SpaVoidInvoiceDocument, { id: invoice.id, reason })).voidInvoice)}
                      />
                    )}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {invoices.length === 0 && list.totalCount === 0 && <p className="muted">No invoices yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/** Makes the invoice of one of the completed work orders. */
function InvoiceWorkOrderForm({ client, onInvoiced }: { client: Client; onInvoiced(invoice: SpaInvoiceFragment): void }) {
  const [orders, setOrders] = useState<{ id: string; label: string }[]>([]);
  const [workOrderId, setWorkOrderId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.request(SpaWorkOrdersDocument, { first: 100, filter: { status: 'completed' } }).then(
      (result) => current && setOrders(result.workOrders.edges.map(({ node }) => ({ id: node.id, label: `#${node.number} ${node.title}` }))),
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
      onInvoiced((await client.request(SpaCreateInvoiceDocument, { workOrderId })).createInvoice);
      setOrders((previous) => previous.filter((o) => o.id !== workOrderId));
      setWorkOrderId('');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="assign" aria-label="Invoice a work order" onSubmit={(e) => void submit(e)}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Completed work order
        <select value={workOrderId} onChange={(e) => setWorkOrderId(e.target.value)} required>
          <option value="">{orders.length === 0 ? 'None to invoice' : 'Choose…'}</option>
          {orders.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !workOrderId}>
        Make invoice
      </button>
    </form>
  );
}

interface PaymentFormProps {
  invoice: SpaInvoiceFragment;
  busy: boolean;
  onPay(input: { amountCents: number; method: PaymentMethod; reference: string | null }): void;
  onCancel(): void;
}

/** An amount (the balance by default), how it was paid and a reference. */
function PaymentForm({ invoice, busy, onPay, onCancel }: PaymentFormProps) {
  const [amount, setAmount] = useState((invoice.balance.amountCents / 100).toFixed(2));
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [reference, setReference] = useState('');
  const amountCents = cents(amount);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (amountCents !== null) onPay({ amountCents, method, reference: reference.trim() || null });
  };

  return (
    <form className="assign" aria-label={`Payment of invoice ${invoice.number}`} onSubmit={submit}>
      <label>
        Amount ({invoice.currency})
        <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
      </label>
      <label>
        Method
        <select value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m.replace('_', ' ')}
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

interface RefundFormProps {
  invoice: SpaInvoiceFragment;
  busy: boolean;
  onRefund(input: { amountCents: number; method: PaymentMethod; reason: string }): void;
  onCancel(): void;
}

/** Money given back out of what was paid (at most that, which the API checks again), how, and why. */
function RefundForm({ invoice, busy, onRefund, onCancel }: RefundFormProps) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [reason, setReason] = useState('');
  const amountCents = cents(amount);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (amountCents !== null && reason.trim()) onRefund({ amountCents, method, reason: reason.trim() });
  };

  return (
    <form className="assign" aria-label={`Refund of invoice ${invoice.number}`} onSubmit={submit}>
      <label>
        Amount ({invoice.currency}, at most {invoice.paid.formatted})
        <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
      </label>
      <label>
        Method
        <select value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m.replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
      </label>
      <button type="submit" disabled={busy || amountCents === null || amountCents < 1 || !reason.trim()}>
        Refund
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function VoidForm({ invoice, busy, onVoid, onCancel }: { invoice: SpaInvoiceFragment; busy: boolean; onVoid(reason: string): void; onCancel(): void }) {
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

/** The invoice as the customer gets it on paper: the page prints without the app around it. */
function PrintableInvoice({ invoice, onClose }: { invoice: SpaInvoiceFragment; onClose(): void }) {
  const address = invoice.location.address;
  return (
    <article className="invoice-page" aria-label={`Invoice ${invoice.number}`}>
      <div className="no-print actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Back
        </button>
      </div>
      <header>
        <h2>Invoice #{invoice.number}</h2>
        <p>
          {STATUS_LABEL[invoice.status]}
          {invoice.issuedAt ? `, issued ${formatTime(invoice.issuedAt)}` : ''}
          {invoice.voidReason ? ` — void: ${invoice.voidReason}` : ''}
        </p>
      </header>
      <section>
        <h3>Bill to</h3>
        <p>
          {invoice.customer.name}
          <br />
          {address.line1}
          <br />
          {address.city}
          {address.region ? `, ${address.region}` : ''} {address.postalCode}
          {invoice.customer.email && (
            <>
              <br />
              {invoice.customer.email}
            </>
          )}
        </p>
        <p>
          For work order #{invoice.workOrder.number}: {invoice.workOrder.title}
        </p>
      </section>
      <table>
        <thead>
          <tr>
            <th>Description</th>
            <th>Qty</th>
            <th>Unit price</th>
            <th>Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.description}</td>
              <td>{line.quantity}</td>
              <td>{line.unitPrice.formatted}</td>
              <td>{line.amount.formatted}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>Subtotal</td>
            <td>{invoice.totals.subtotal.formatted}</td>
          </tr>
          <tr>
            <td colSpan={3}>Tax ({invoice.taxRateBasisPoints / 100} %)</td>
            <td>{invoice.totals.tax.formatted}</td>
          </tr>
          <tr className="strong">
            <td colSpan={3}>Total</td>
            <td>{invoice.totals.total.formatted}</td>
          </tr>
          {invoice.payments.map((payment) => (
            <tr key={payment.id}>
              <td colSpan={3}>
                Paid {formatTime(payment.receivedAt)} by {payment.method.replace('_', ' ')}
                {payment.reference ? ` (${payment.reference})` : ''}
              </td>
              <td>−{payment.amount.formatted}</td>
            </tr>
          ))}
          {invoice.refunds.map((refund) => (
            <tr key={refund.id}>
              <td colSpan={3}>
                Refunded {formatTime(refund.refundedAt)} by {refund.method.replace('_', ' ')}: {refund.reason}
              </td>
              <td>+{refund.amount.formatted}</td>
            </tr>
          ))}
          <tr className="strong">
            <td colSpan={3}>Balance due</td>
            <td>{invoice.balance.formatted}</td>
          </tr>
        </tfoot>
      </table>
    </article>
  );
}
