import mongoose from 'mongoose';
import { z } from 'zod';
import { MAX_AMOUNT_CENTS, multiLine, paginate, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, conflict, forbidden, notFound } from '@attunelogic/shared/errors';
import { buildEvents, publishEventsOf, withEvents, withoutMarker } from '@attunelogic/shared/events';
import { nextSequenceValue, parseId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { objectId } from '../common/inputs';
import { type LoadStatus } from '../loads/loads.model';
import { LOADS_FEATURE, type Load } from '../loads/loads.service';
import { type TruckingContext } from '../models';
import { currencyFor } from '../settings';
import { loadTotalCents } from './accessorials.service';
import { FREIGHT_INVOICE_STATUSES, FREIGHT_PAYMENT_METHODS, type FreightInvoiceDocument, type FreightInvoiceLine } from './freight-invoices.model';

export type FreightInvoice = Lean<FreightInvoiceDocument>;

/** The tenant sequence freight invoice numbers are drawn from. */
export const FREIGHT_INVOICE_SEQUENCE = 'freight-invoice';
/** One invoice bills at most this many loads. */
export const MAX_LOADS_PER_INVOICE = 50;
/** Enough for every payment of a burst to get its turn. */
export const MAX_PAYMENT_ATTEMPTS = 20;
const DAY_MS = 86_400_000;

/**
 * Freight invoices are the office's: reading them needs loads:read without acting only as a driver
 * (a driver sees their loads, not what the customer pays); writing needs loads:write.
 */
export function requireBilling(ctx: TruckingContext, write: boolean): void {
  requireAccess(ctx.tenant, LOADS_FEATURE, write ? 'loads:write' : 'loads:read');
  if (!write && actsOnlyAsDriver(ctx.tenant, 'loads:read')) throw forbidden('Drivers do not see freight invoices.');
}

const ACCESSORIAL_LABELS = { detention: 'Detention', lumper: 'Lumper', fuel_surcharge: 'Fuel surcharge', other: 'Other' } as const;

/** The lines of a load: its line haul, then each accessorial. */
export function linesOfLoad(load: Load): Omit<FreightInvoiceLine, '_id'>[] {
  const route = `${load.stops[0]?.address.city ?? ''} → ${load.stops.at(-1)?.address.city ?? ''}`;
  return [
    { loadId: load._id, kind: 'line_haul', description: `Load ${load.referenceNumber}: line haul ${route}`, amountCents: load.rateCents },
    ...(load.accessorials ?? []).map((a) => ({
      loadId: load._id,
      kind: a.kind,
      description: `Load ${load.referenceNumber}: ${ACCESSORIAL_LABELS[a.kind]}${a.description ? ` (${a.description})` : ''}`,
      amountCents: a.amountCents,
    })),
  ];
}

const loadIdsInput = z
  .array(objectId)
  .min(1, 'Name at least one load.')
  .max(MAX_LOADS_PER_INVOICE, `At most ${MAX_LOADS_PER_INVOICE} loads on one invoice.`)
  .refine((ids) => new Set(ids.map((id) => id.toHexString())).size === ids.length, 'A load is listed twice.');

/** A load may be invoiced: delivered (or marked invoiced by hand without an invoice), with no live invoice. */
const INVOICEABLE: readonly LoadStatus[] = ['delivered', 'invoiced'];

/** Lets go of the loads `claimed` for invoice `invoiceId`: each back to the status it had. */
async function releaseLoads(ctx: TruckingContext, invoiceId: mongoose.Types.ObjectId, claimed: readonly Load[]): Promise<void> {
  for (const load of claimed) {
    await ctx.models.Load.updateOne(
      { _id: load._id, ...tenantScope(ctx.tenant), invoiceId },
      { $set: { invoiceId: null, status: load.status }, ...(load.status === 'delivered' && { $pop: { statusHistory: 1 } }) },
    );
    ctx.loaders.byId(ctx.models.Load).clear(load._id.toHexString());
  }
}

/**
 * Invoices delivered loads of one bill-to party: a draft with a line haul line per load and a line per
 * accessorial, in the tenant's currency, numbered from the tenant's freight invoice sequence. With no
 * transaction across documents, a load cannot be invoiced twice because:
 *   1. each load takes the new invoice's id in one guarded write (still as read: delivered or
 *      invoiced, no invoice, unchanged) and moves to invoiced; a miss lets go of the loads taken;
 *   2. the invoice is written; refused, the loads are let go of again.
 * Its writes grow with the loads (one per load, the number and the invoice): a batch the request's time
 * left cannot cover is refused with DEADLINE_EXCEEDED before the first of them, and a deadline that
 * passes while the loads are taken stops before the next one and lets go of those taken (the same
 * undo as a miss), so the invoice is all there or not at all. Once the invoice is written it is
 * returned, late or not.
 */
export async function createFreightInvoice(ctx: TruckingContext, rawLoadIds: unknown): Promise<FreightInvoice> {
  requireBilling(ctx, true);
  const ids = loadIdsInput.parse(rawLoadIds);
  // One read for the batch; a load missing or another tenant's is NOT_FOUND, as findOwned says it.
  const found = await ctx.models.Load.find({ ...tenantScope(ctx.tenant), _id: mongoose.trusted({ $in: ids }) }).lean<Load[]>();
  const byId = new Map(found.map((load) => [load._id.toHexString(), withoutMarker(load)]));
  const loads = ids.map((id) => {
    const load = byId.get(id.toHexString());
    if (!load) throw notFound('Load', id.toHexString());
    return load;
  });
  for (const load of loads) {
    if (!INVOICEABLE.includes(load.status) || load.invoiceId) {
      throw conflict(
        load.invoiceId
          ? `Load ${load.referenceNumber} is already invoiced; void that invoice first.`
          : `Load ${load.referenceNumber} is ${load.status}; only a delivered load is invoiced.`,
        { reason: load.invoiceId ? 'LOAD_INVOICED' : 'LOAD_NOT_DELIVERED', loadId: load._id.toHexString() },
      );
    }
    if (!load.billTo) throw conflict(`Load ${load.referenceNumber} has no bill-to party; set one first.`, { reason: 'NO_BILL_TO', loadId: load._id.toHexString() });
  }
  const billToId = loads[0]!.billTo!;
  const other = loads.find((load) => !load.billTo!.equals(billToId));
  if (other) throw conflict(`Load ${other.referenceNumber} is billed to another party; one invoice bills one party.`, { reason: 'MIXED_BILL_TO' });
  const billTo = await loadOwned(ctx, ctx.models.Party, billToId, 'Party', 'billTo');
  const lines = loads.flatMap(linesOfLoad);
  const totalCents = loads.reduce((sum, load) => sum + loadTotalCents(load), 0);
  if (totalCents > MAX_AMOUNT_CENTS) throw conflict('The invoice exceeds the largest amount of an invoice; invoice fewer loads at once.');

  const deadline = ctx.work.deadline;
  deadline.cover(`Invoicing ${loads.length} loads`, loads.length + 2);

  const invoiceId = new mongoose.Types.ObjectId();
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const claimed: Load[] = [];
  try {
    for (const load of loads) {
      deadline.check();
      await updateOwned(
        ctx,
        ctx.models.Load,
        load,
        {
          $set: { status: 'invoiced', invoiceId },
          ...(load.status === 'delivered' && { $push: { statusHistory: { status: 'invoiced', at, by } } }),
        },
        {
          what: 'Load',
          guard: { status: load.status, invoiceId: null, updatedAt: load.updatedAt },
          changed: `Load ${load.referenceNumber} changed meanwhile (invoiced by another request?); reload it and try again.`,
          events:
            load.status === 'delivered' ? [{ type: 'load.status_changed', payload: { referenceNumber: load.referenceNumber, from: load.status, to: 'invoiced' } }] : [],
        },
      );
      claimed.push(load);
    }
    const number = await nextSequenceValue(ctx.models.Counter, ctx.tenant, FREIGHT_INVOICE_SEQUENCE);
    const created = await ctx.models.FreightInvoice.create({
      _id: invoiceId,
      ...tenantScope(ctx.tenant),
      number,
      billTo: billTo._id,
      billToName: billTo.name,
      loadIds: loads.map((load) => load._id),
      status: 'draft',
      currency: currencyFor(ctx.tenant),
      lines: lines.map((line) => ({ ...line, _id: new mongoose.Types.ObjectId() })),
      totalCents,
      paidCents: 0,
      payments: [],
      paymentTermsDays: billTo.paymentTermsDays,
      createdBy: by,
    });
    const invoice = created.toObject<FreightInvoice>();
    ctx.loaders.byId(ctx.models.FreightInvoice).prime(invoiceId.toHexString(), invoice);
    ctx.audit.record('FreightInvoice', invoiceId.toHexString(), null, { ...invoice });
    return invoice;
  } catch (error) {
    await releaseLoads(ctx, invoiceId, claimed);
    throw error;
  }
}

const invoiceFilter = z
  .object({
    status: z.enum(FREIGHT_INVOICE_STATUSES).nullish(),
    billToId: objectId.nullish(),
    loadId: objectId.nullish(),
  })
  .nullish();
export type FreightInvoiceFilter = z.input<typeof invoiceFilter>;

/** The tenant's freight invoices, newest first: of a status, a bill-to party or a load. */
export async function listFreightInvoices(ctx: TruckingContext, args: ConnectionArgs & { filter?: FreightInvoiceFilter }): Promise<Connection<FreightInvoice>> {
  requireBilling(ctx, false);
  const filter = invoiceFilter.parse(args.filter);
  return paginate(
    ctx.models.FreightInvoice,
    ctx.tenant,
    {
      ...(filter?.status && { status: filter.status }),
      ...(filter?.billToId && { billTo: filter.billToId }),
      ...(filter?.loadId && { loadIds: filter.loadId }),
    },
    args,
  );
}

/** One of the tenant's freight invoices; NOT_FOUND when missing or another tenant's. */
export async function getFreightInvoice(ctx: TruckingContext, id: unknown): Promise<FreightInvoice> {
  requireBilling(ctx, false);
  return loadOwned(ctx, ctx.models.FreightInvoice, id, 'FreightInvoice');
}

/** What every freight invoice event says of the invoice. */
const invoiceAmount = (invoice: FreightInvoice) => ({ number: invoice.number, currency: invoice.currency, totalCents: invoice.totalCents });

const changedMeanwhile = (invoice: FreightInvoice) => `Freight invoice #${invoice.number} changed meanwhile; reload it and try again.`;

/** Sends a draft to its bill-to: due after the party's payment terms; from now on it takes payments (a zero invoice is paid at once). */
export async function sendFreightInvoice(ctx: TruckingContext, id: unknown): Promise<FreightInvoice> {
  requireBilling(ctx, true);
  const before = await findOwned(ctx, ctx.models.FreightInvoice, parseId(id), 'FreightInvoice');
  if (before.status !== 'draft') throw conflict(`Freight invoice #${before.number} is ${before.status}; only a draft is sent.`, { status: before.status });
  const now = ctx.clock.now();
  const dueAt = new Date(now.getTime() + before.paymentTermsDays * DAY_MS);
  const amount = invoiceAmount(before);
  return updateOwned(
    ctx,
    ctx.models.FreightInvoice,
    before,
    {
      $set: {
        status: before.totalCents === 0 ? 'paid' : 'sent',
        sentAt: now,
        dueAt,
        ...(before.totalCents === 0 && { paidAt: now }),
      },
    },
    {
      what: 'FreightInvoice',
      guard: { status: 'draft' },
      changed: changedMeanwhile(before),
      events: [
        { type: 'freight_invoice.issued', payload: { ...amount, billToId: before.billTo.toHexString(), loadIds: before.loadIds.map((id) => id.toHexString()), dueAt } },
        ...(before.totalCents === 0 ? [{ type: 'freight_invoice.paid' as const, payload: { ...amount, paidAt: now } }] : []),
      ],
    },
  );
}

const paymentInput = z
  .object({
    amountCents: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
    method: z.enum(FREIGHT_PAYMENT_METHODS),
    reference: singleLine(100).nullish(),
    receivedAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .nullish(),
  })
  .strict();

/**
 * Records a payment against a sent invoice (paid once the balance is 0). Never more than the balance
 * (CONFLICT naming it): the write is guarded by the amount paid as read, so of two concurrent
 * payments each lands on the balance the other left, or is refused; a missed guard reads again.
 */
export async function recordFreightPayment(ctx: TruckingContext, id: unknown, raw: unknown): Promise<FreightInvoice> {
  requireBilling(ctx, true);
  const _id = parseId(id);
  const input = paymentInput.parse(raw);
  const now = ctx.clock.now();
  if (input.receivedAt && input.receivedAt > now) throw badInput('A payment is received now or in the past.', { field: 'receivedAt' });
  const payment = {
    _id: new mongoose.Types.ObjectId(),
    amountCents: input.amountCents,
    method: input.method,
    reference: input.reference || null,
    receivedAt: input.receivedAt ?? now,
    recordedBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
  };
  for (let attempt = 0; attempt < MAX_PAYMENT_ATTEMPTS; attempt++) {
    const before = await ctx.models.FreightInvoice.findOne({ _id, ...tenantScope(ctx.tenant) }).lean<FreightInvoice>();
    if (!before) throw notFound('FreightInvoice', _id.toHexString());
    if (before.status !== 'sent') {
      throw conflict(`Freight invoice #${before.number} is ${before.status}; only a sent invoice takes payments.`, { status: before.status });
    }
    const balance = before.totalCents - before.paidCents;
    if (input.amountCents > balance) {
      throw conflict(`A payment of ${input.amountCents} exceeds the balance of freight invoice #${before.number}: ${balance} (${before.currency} minor units).`, {
        balanceCents: balance,
      });
    }
    const paid = before.paidCents + input.amountCents;
    const settled = paid === before.totalCents;
    // The payment that settles the invoice carries its freight_invoice.paid, in the same write.
    const events = settled
      ? buildEvents(
          ctx.tenant.tenantId,
          { type: 'FreightInvoice', id: _id.toHexString() },
          [{ type: 'freight_invoice.paid', payload: { ...invoiceAmount(before), paidAt: now } }],
          now,
        )
      : [];
    const updated = await ctx.models.FreightInvoice.findOneAndUpdate(
      { _id, ...tenantScope(ctx.tenant), status: 'sent', paidCents: before.paidCents },
      withEvents({ $set: { paidCents: paid, ...(settled && { status: 'paid', paidAt: now }) }, $push: { payments: payment } }, events),
      { returnDocument: 'after', runValidators: true },
    ).lean<FreightInvoice>();
    if (!updated) continue;
    withoutMarker(updated);
    await publishEventsOf(ctx.models.FreightInvoice, _id, events);
    ctx.loaders.byId(ctx.models.FreightInvoice).clear(_id.toHexString()).prime(_id.toHexString(), updated);
    ctx.audit.record('FreightInvoice', _id.toHexString(), { status: before.status, paidCents: before.paidCents }, { status: updated.status, paidCents: paid, payment });
    return updated;
  }
  throw conflict('The invoice is taking payments too fast; try again.');
}

/**
 * Voids an invoice without payments, with the reason; its loads let go of it (still invoiced, their
 * charges correctable) and may be invoiced again.
 */
export async function voidFreightInvoice(ctx: TruckingContext, id: unknown, rawReason: unknown): Promise<FreightInvoice> {
  requireBilling(ctx, true);
  const _id = parseId(id);
  const reason = multiLine(1_000).parse(rawReason);
  if (!reason) throw badInput('Say why the invoice is void.', { field: 'reason' });
  const before = await findOwned(ctx, ctx.models.FreightInvoice, _id, 'FreightInvoice');
  if (before.status === 'void') throw conflict(`Freight invoice #${before.number} is already void.`, { status: before.status });
  if (before.paidCents > 0)
    throw conflict(`Freight invoice #${before.number} has payments of ${before.paidCents}; refund them before voiding it.`, { status: before.status });
  const voided = await updateOwned(
    ctx,
    ctx.models.FreightInvoice,
    before,
    { $set: { status: 'void', voidedAt: ctx.clock.now(), voidReason: reason } },
    {
      what: 'FreightInvoice',
      guard: { status: before.status, paidCents: 0 },
      changed: changedMeanwhile(before),
      events: [{ type: 'freight_invoice.voided', payload: { ...invoiceAmount(before), reason, loadIds: before.loadIds.map((loadId) => loadId.toHexString()) } }],
    },
  );
  await ctx.models.Load.updateMany({ _id: mongoose.trusted({ $in: before.loadIds }), ...tenantScope(ctx.tenant), invoiceId: _id }, { $set: { invoiceId: null } });
  for (const loadId of before.loadIds) ctx.loaders.byId(ctx.models.Load).clear(loadId.toHexString());
  return voided;
}
