import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaAcceptQuoteDocument,
  SpaCreateQuoteDocument,
  SpaCustomersDocument,
  SpaDeclineQuoteDocument,
  SpaInventoryItemsDocument,
  SpaQuotesDocument,
  SpaSendQuoteDocument,
  SpaUpdateQuoteDocument,
  type LineKind,
  type QuoteLineInput,
  type QuoteStatus,
  type SpaQuoteFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { StatusBadge } from './StatusBadge';

const STATUS_LABEL: Record<QuoteStatus, string> = { draft: 'Draft', sent: 'Sent', accepted: 'Accepted', declined: 'Declined', expired: 'Expired' };

interface Choice {
  id: string;
  label: string;
}

/** A serviceRepair tenant's quotes: written as drafts, sent, accepted (into a work order) or declined. */
export function Quotes({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { quotes } = await client.request(SpaQuotesDocument, { after });
      return { ...quotes, nodes: quotes.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<SpaQuoteFragment[]>([]);

  const run = async (quote: SpaQuoteFragment, action: () => Promise<SpaQuoteFragment>) => {
    setPending(quote.id);
    setError(null);
    try {
      const changed = await action();
      list.replace(changed);
      setCreated((previous) => previous.map((q) => (q.id === changed.id ? changed : q)));
    } catch (e) {
      setError(`Quote #${quote.number}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  const quotes = [...created, ...list.nodes.filter((q) => !created.some((c) => c.id === q.id))];

  return (
    <section className="card" aria-label="Quotes">
      <div className="card-header">
        <h2>Quotes</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount + created.length} in all`}</span>
        <button type="button" onClick={() => setCreating(!creating)}>
          New quote
        </button>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      {creating && (
        <NewQuoteForm
          client={client}
          onCancel={() => setCreating(false)}
          onCreated={(quote) => {
            setCreated((previous) => [quote, ...previous]);
            setCreating(false);
            setOpen(quote.id);
          }}
        />
      )}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Title</th>
            <th>Customer</th>
            <th>Total</th>
            <th>Valid until</th>
            <th>Status</th>
            <th>Next</th>
          </tr>
        </thead>
        <tbody>
          {quotes.map((quote) => (
            <Fragment key={quote.id}>
              <tr data-id={quote.id} aria-busy={pending === quote.id}>
                <td className="strong">{quote.number}</td>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(open === quote.id ? null : quote.id)}>
                    {quote.title}
                  </button>
                </td>
                <td>{quote.customer.name}</td>
                <td>
                  {quote.options.length > 0 && !quote.acceptedOption
                    ? quote.options.map((o) => `${o.name} ${o.totals.total.formatted}`).join(' / ')
                    : quote.totals.total.formatted}
                </td>
                <td>{formatTime(quote.validUntil)}</td>
                <td>
                  <StatusBadge status={quote.status} label={STATUS_LABEL[quote.status]} />
                </td>
                <td>
                  <div className="actions">
                    {quote.status === 'draft' && (
                      <button type="button" className="secondary" disabled={pending !== null} onClick={() => setEditing(editing === quote.id ? null : quote.id)}>
                        Edit…
                      </button>
                    )}
                    {quote.status === 'draft' && (
                      <button
                        type="button"
                        disabled={pending !== null}
                        onClick={() => void run(quote, async () => (await client.request(SpaSendQuoteDocument, { id: quote.id })).sendQuote)}
                      >
                        Send
                      </button>
                    )}
                    {quote.status === 'sent' &&
                      (quote.options.length > 0 ? quote.options.map((o) => o.name) : [null]).map((option) => (
                        <button
                          key={option ?? 'accept'}
                          type="button"
                          disabled={pending !== null}
                          onClick={() => void run(quote, async () => (await client.request(SpaAcceptQuoteDocument, { id: quote.id, option })).acceptQuote)}
                        >
                          {option ? `Accept ${option}` : 'Accept'}
                        </button>
                      ))}
                    {quote.status === 'sent' && (
                      <button
                        type="button"
                        className="danger"
                        disabled={pending !== null}
                        onClick={() => void run(quote, async () => (await client.request(SpaDeclineQuoteDocument, { id: quote.id, reason: null })).declineQuote)}
                      >
                        Decline
                      </button>
                    )}
                    {quote.workOrder && <span className="muted">Work order #{quote.workOrder.number}</span>}
                  </div>
                </td>
              </tr>
              {editing === quote.id && (
                <tr className="inline-form">
                  <td colSpan={7}>
                    <NewQuoteForm
                      client={client}
                      quote={quote}
                      onCancel={() => setEditing(null)}
                      onCreated={(changed) => {
                        list.replace(changed);
                        setCreated((previous) => previous.map((q) => (q.id === changed.id ? changed : q)));
                        setEditing(null);
                      }}
                    />
                  </td>
                </tr>
              )}
              {open === quote.id && (
                <tr className="inline-form">
                  <td colSpan={7}>
                    <QuoteLines quote={quote} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {quotes.length === 0 && list.totalCount === 0 && <p className="muted">No quotes yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/** The lines of a quote, by option, with its totals. */
function QuoteLines({ quote }: { quote: SpaQuoteFragment }) {
  return (
    <table aria-label={`Lines of quote ${quote.number}`}>
      <thead>
        <tr>
          <th>Option</th>
          <th>Kind</th>
          <th>Description</th>
          <th>Qty</th>
          <th>Unit price</th>
          <th>Amount</th>
        </tr>
      </thead>
      <tbody>
        {quote.lines.map((line) => (
          <tr key={line.id}>
            <td>{line.option ?? 'all'}</td>
            <td>{line.kind}</td>
            <td>
              {line.description}
              {line.taxable ? '' : ' (no tax)'}
            </td>
            <td>{line.quantity}</td>
            <td>{line.unitPrice.formatted}</td>
            <td>{line.amount.formatted}</td>
          </tr>
        ))}
        {quote.options.map((option) => (
          <tr key={option.name}>
            <td colSpan={5} className="strong">
              {option.name}, with tax{quote.acceptedOption === option.name ? ' (accepted)' : ''}
            </td>
            <td className="strong">{option.totals.total.formatted}</td>
          </tr>
        ))}
        <tr>
          <td colSpan={5}>Subtotal / tax ({quote.taxRateBasisPoints / 100} %)</td>
          <td>
            {quote.totals.subtotal.formatted} / {quote.totals.tax.formatted}
          </td>
        </tr>
        <tr>
          <td colSpan={5} className="strong">
            Total
          </td>
          <td className="strong">{quote.totals.total.formatted}</td>
        </tr>
      </tbody>
    </table>
  );
}

interface LineDraft {
  kind: LineKind;
  description: string;
  quantity: string;
  price: string;
  itemId: string;
  option: string;
}

const EMPTY_LINE: LineDraft = { kind: 'labour', description: '', quantity: '1', price: '', itemId: '', option: '' };

/** Dollars as typed ("95", "12.50") in cents; null when not a price. */
const cents = (value: string): number | null => (/^\d+(\.\d{1,2})?$/.test(value.trim()) ? Math.round(Number(value) * 100) : null);

const draftOf = (line: SpaQuoteFragment['lines'][number]): LineDraft => ({
  kind: line.kind,
  description: line.description,
  quantity: String(line.quantity),
  price: (line.unitPrice.amountCents / 100).toFixed(2),
  itemId: line.item?.id ?? '',
  option: line.option ?? '',
});

interface QuoteFormProps {
  client: Client;
  /** The draft being corrected; a new draft when absent. */
  quote?: SpaQuoteFragment;
  onCreated(quote: SpaQuoteFragment): void;
  onCancel(): void;
}

/** A draft quote, new or corrected: a customer, a title and its lines (a part from the inventory at its cost unless priced). */
function NewQuoteForm({ client, quote, onCreated, onCancel }: QuoteFormProps) {
  const [customers, setCustomers] = useState<Choice[]>([]);
  const [items, setItems] = useState<Choice[]>([]);
  const [customerId, setCustomerId] = useState(quote?.customer.id ?? '');
  const [title, setTitle] = useState(quote?.title ?? '');
  const [lines, setLines] = useState<LineDraft[]>(quote ? quote.lines.map(draftOf) : [{ ...EMPTY_LINE }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    Promise.all([client.request(SpaCustomersDocument, { first: 100 }), client.request(SpaInventoryItemsDocument, { first: 100 })]).then(
      ([c, i]) => {
        if (!current) return;
        setCustomers(c.customers.edges.map(({ node }) => ({ id: node.id, label: node.name })));
        setItems(i.inventoryItems.edges.map(({ node }) => ({ id: node.id, label: `${node.sku} ${node.name}` })));
      },
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const change = (index: number, patch: Partial<LineDraft>) => setLines((previous) => previous.map((line, i) => (i === index ? { ...line, ...patch } : line)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: QuoteLineInput[] = lines.map((line) => ({
      kind: line.kind,
      quantity: Number(line.quantity),
      ...(line.description.trim() && { description: line.description.trim() }),
      ...(cents(line.price) !== null && { unitPriceCents: cents(line.price) }),
      ...(line.kind === 'part' && line.itemId && { itemId: line.itemId }),
      ...(line.option.trim() && { option: line.option.trim() }),
    }));
    setBusy(true);
    setError(null);
    try {
      onCreated(
        quote
          ? (await client.request(SpaUpdateQuoteDocument, { id: quote.id, input: { title, lines: input } })).updateQuote
          : (await client.request(SpaCreateQuoteDocument, { input: { customerId, title, lines: input } })).createQuote,
      );
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="assign" aria-label={quote ? `Edit quote ${quote.number}` : 'New quote'} onSubmit={(e) => void submit(e)}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Customer
        <select value={customerId} onChange={(e) => setCustomerId(e.target.value)} required disabled={quote !== undefined}>
          <option value="">Choose…</option>
          {quote && !customers.some((c) => c.id === quote.customer.id) && <option value={quote.customer.id}>{quote.customer.name}</option>}
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      {lines.map((line, index) => (
        <fieldset key={index} aria-label={`Line ${index + 1}`}>
          <select aria-label="Kind" value={line.kind} onChange={(e) => change(index, { kind: e.target.value as LineKind })}>
            <option value="labour">Labour (hours)</option>
            <option value="part">Part</option>
            <option value="fee">Fee</option>
          </select>
          {line.kind === 'part' && (
            <select aria-label="Item" value={line.itemId} onChange={(e) => change(index, { itemId: e.target.value })} required>
              <option value="">Item…</option>
              {items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.label}
                </option>
              ))}
            </select>
          )}
          <input aria-label="Description" placeholder="Description" value={line.description} onChange={(e) => change(index, { description: e.target.value })} />
          <input aria-label="Quantity" inputMode="decimal" value={line.quantity} onChange={(e) => change(index, { quantity: e.target.value })} required />
          <input
            aria-label="Unit price"
            placeholder="Unit price, e.g. 95.00"
            inputMode="decimal"
            value={line.price}
            onChange={(e) => change(index, { price: e.target.value })}
          />
          <input aria-label="Option" placeholder="Option (optional)" value={line.option} onChange={(e) => change(index, { option: e.target.value })} />
          <button type="button" className="secondary" onClick={() => setLines(lines.filter((_, i) => i !== index))} disabled={lines.length === 1}>
            Remove
          </button>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setLines([...lines, { ...EMPTY_LINE }])}>
          Add line
        </button>
        <button type="submit" disabled={busy}>
          {quote ? 'Save draft' : 'Create draft'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
