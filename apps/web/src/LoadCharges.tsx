import { useCallback, useEffect, useState } from 'react';
import {
  SpaAddAccessorialDocument,
  SpaCreateFreightInvoiceDocument,
  SpaLoadChargesDocument,
  SpaPartiesDocument,
  SpaRemoveAccessorialDocument,
  SpaSetLoadBillToDocument,
  type AccessorialKind,
  type SpaLoadChargesFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';

const KIND_LABEL: Record<AccessorialKind, string> = { detention: 'Detention', lumper: 'Lumper', fuel_surcharge: 'Fuel surcharge', other: 'Other' };

/** Dollars as typed ("95", "12.50") in cents; null when not an amount. */
const cents = (value: string): number | null => (/^\d+(\.\d{1,2})?$/.test(value.trim()) ? Math.round(Number(value) * 100) : null);
const money = (amountCents: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountCents / 100);

/**
 * A load's money under its row: the bill-to party, the rate and accessorial charges (added and
 * removed while it has no invoice), and "Invoice" for a delivered load.
 */
export function LoadCharges({ client, loadId, onChanged }: { client: Client; loadId: string; onChanged(): void }) {
  const [load, setLoad] = useState<SpaLoadChargesFragment | null>(null);
  const [parties, setParties] = useState<{ id: string; name: string }[]>([]);
  const [kind, setKind] = useState<AccessorialKind>('detention');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(async () => {
    try {
      const [{ load: read }, { parties: list }] = await Promise.all([
        client.request(SpaLoadChargesDocument, { id: loadId }),
        client.request(SpaPartiesDocument, { first: 100, filter: { includeRetired: false } }),
      ]);
      setLoad(read ?? null);
      setParties(list.edges.map((e) => ({ id: e.node.id, name: e.node.name })));
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, loadId]);
  useEffect(() => {
    void read();
  }, [read]);

  const act = async (action: () => Promise<SpaLoadChargesFragment | null>) => {
    setBusy(true);
    setError(null);
    try {
      const changed = await action();
      if (changed) setLoad(changed);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!load) return <p className="muted">{error ?? 'loading…'}</p>;
  const open = !load.invoice && load.status !== 'cancelled';
  const amountCents = cents(amount);
  return (
    <div className="charges" aria-label={`Charges of load ${load.referenceNumber}`} role="group">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Bill-to party
        <select
          value={load.billTo?.id ?? ''}
          disabled={busy || load.status === 'invoiced' || load.status === 'cancelled'}
          onChange={(e) => void act(async () => (await client.request(SpaSetLoadBillToDocument, { id: load.id, billToId: e.target.value || null })).setLoadBillTo)}
        >
          <option value="">— none —</option>
          {load.billTo && !parties.some((p) => p.id === load.billTo!.id) && <option value={load.billTo.id}>{load.billTo.name}</option>}
          {parties.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <table>
        <tbody>
          <tr>
            <td>Line haul</td>
            <td>{money(load.rateCents, load.currency)}</td>
            <td />
          </tr>
          {load.accessorials.map((a) => (
            <tr key={a.id} data-accessorial={a.kind}>
              <td>
                {KIND_LABEL[a.kind]}
                {a.description ? ` (${a.description})` : ''}
              </td>
              <td>{money(a.amountCents, load.currency)}</td>
              <td>
                {open && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    onClick={() => void act(async () => (await client.request(SpaRemoveAccessorialDocument, { loadId: load.id, accessorialId: a.id })).removeAccessorial)}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
          <tr className="strong">
            <td>Total</td>
            <td data-field="total">{money(load.totalCents, load.currency)}</td>
            <td>{load.invoice ? `Invoice #${load.invoice.number} (${load.invoice.status})` : ''}</td>
          </tr>
        </tbody>
      </table>
      {open && (
        <form
          className="assign"
          aria-label={`Add a charge to load ${load.referenceNumber}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (amountCents === null) return;
            void act(async () => {
              const changed = (
                await client.request(SpaAddAccessorialDocument, { loadId: load.id, input: { kind, amountCents, description: description.trim() || null } })
              ).addAccessorial;
              setAmount('');
              setDescription('');
              return changed;
            });
          }}
        >
          <label>
            Charge
            <select value={kind} onChange={(e) => setKind(e.target.value as AccessorialKind)}>
              {(Object.keys(KIND_LABEL) as AccessorialKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Amount ({load.currency})
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
          </label>
          <label>
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
          </label>
          <button type="submit" disabled={busy || amountCents === null || amountCents < 1}>
            Add charge
          </button>
        </form>
      )}
      {open && (load.status === 'delivered' || load.status === 'invoiced') && (
        <button
          type="button"
          disabled={busy || !load.billTo}
          title={load.billTo ? undefined : 'Choose the bill-to party first'}
          onClick={() =>
            void act(async () => {
              await client.request(SpaCreateFreightInvoiceDocument, { loadIds: [load.id] });
              return (await client.request(SpaLoadChargesDocument, { id: load.id })).load ?? null;
            })
          }
        >
          Invoice
        </button>
      )}
    </div>
  );
}
