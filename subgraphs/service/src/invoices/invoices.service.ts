import mongoose from 'mongoose';
import { z } from 'zod';
import { type Connection, type ConnectionArgs, type Lean, MAX_AMOUNT_CENTS, multiLine, paginate, singleLine, totalsOf } from '@attunelogic/shared';
import { badInput, conflict, notFound } from '@attunelogic/shared/errors';
import { buildEvents, publishEventsOf, withEvents, withoutMarker } from '@attunelogic/shared/events';
import { nextSequenceValue, parseId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { type ServiceContext } from '../models';
import { linesOf } from '../quotes/quotes.service';
import { currencyFor, labourRateFor, taxRateFor } from '../settings';
import { type WorkOrderDocument, type WorkOrderStatusChange } from '../work-orders/work-orders.model';
import { WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { INVOICE_STATUSES, PAYMENT_METHODS, type InvoiceDocument, type InvoiceLine, type InvoiceStatus } from './invoices.model';

type Invoice = Lean<InvoiceDocument>;
type WorkOrder = Lean<WorkOrderDocument>;

/** The tenant sequence invoice numbers are drawn from. */
export const INVOICE_SEQUENCE = 'invoice';
/** The hourly rate of recorded labour when the tenant's context carries no `billing.labourRateCents`. */
export const DEFAULT_LABOUR_RATE_CENTS = 9_500;
/** Enough for every payment of a burst to get its turn. */
export const MAX_PAYMENT_ATTEMPTS = 20;

// Invoices belong to work orders' feature and permissions, as quotes do.
const requireInvoices = (ctx: ServiceContext, write: boolean): void => requireAccess(ctx, WORK_ORDERS_FEATURE, write ? 'workOrders:write' : 'workOrders:read');

/** The technician's recorded time on the job: every period in progress, until the next step (ms). */
export function recordedWorkMs(history: readonly Pick<WorkOrderStatusChange, 'status' | 'at'>[]): number {
  let total = 0;
  let since: number | null = null;
  for (const step of history) {
    if (since !== null) total += step.at.getTime() - since;
    since = step.status === 'in_progress' ? step.at.getTime() : null;
  }
  return total;
}

/** Hours with two decimals, rounded to the nearest 36 seconds. */
const hoursOf = (ms: number): number => Math.round(ms / 36_000) / 100;

type NewLine = Omit<InvoiceLine, '_id'>;

/**
 * What a work order bills: an accepted quote's labour and fee lines (of the accepted option) when it
 * was converted from one, else the technician's recorded time at the tenant's labour rate; and every
 * part consumed on the job, at its item's sale price (at the cost it was taken at without one).
 */
export async function linesOfWorkOrder(ctx: ServiceContext, order: WorkOrder): Promise<NewLine[]> {
  const lines: NewLine[] = [];
  const quote = order.quoteId ? await ctx.loaders.byId(ctx.models.Quote).load(order.quoteId.toHexString()) : null;
  const quoted = quote && quote.status === 'accepted' ? linesOf(quote.lines, quote.acceptedOption).filter((l) => l.kind !== 'part') : [];
  for (const line of quoted) {
    lines.push({ kind: line.kind, description: line.description, quantity: line.quantity, unitPriceCents: line.unitPriceCents, taxable: line.taxable, itemId: null });
  }
  if (!quoted.some((l) => l.kind === 'labour')) {
    const hours = hoursOf(recordedWorkMs(order.statusHistory));
    if (hours > 0) {
      lines.push({
        kind: 'labour',
        description: `Labour on work order #${order.number} (${hours} h recorded)`,
        quantity: hours,
        unitPriceCents: labourRateFor(ctx.tenant, DEFAULT_LABOUR_RATE_CENTS),
        taxable: false,
        itemId: null,
      });
    }
  }
  const parts = order.parts ?? [];
  const items = await ctx.loaders.byId(ctx.models.InventoryItem).loadMany(parts.map((p) => p.itemId.toHexString()));
  for (const [i, part] of parts.entries()) {
    const item = items[i];
    const name = item && !(item instanceof Error) ? `${item.name} (${item.sku})` : `Part ${part.itemId.toHexString()}`;
    const price = item && !(item instanceof Error) ? (item.unitPriceCents ?? part.unitCostCents) : part.unitCostCents;
    lines.push({ kind: 'part', description: name, quantity: part.qty, unitPriceCents: price, taxable: true, itemId: part.itemId });
  }
  return lines;
}

/**
 * Makes the draft invoice of a completed work order (one that was marked invoiced without an invoice
 * too), priced as `linesOfWorkOrder` says with the tenant's tax rate and currency, and numbered from
 * the tenant's invoice sequence. A work order has at most one live invoice:
 *   1. the work order takes the new invoice's id (guarded: completed or invoiced, no invoice), and
 *      moves to invoiced;
 *   2. the invoice is written; refused, the work order lets go of the id again.
 */
export async function createInvoice(ctx: ServiceContext, workOrderId: unknown): Promise<Invoice> {
  requireInvoices(ctx, true);
  const _id = parseId(workOrderId, 'workOrderId');
  const order = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder', { field: 'workOrderId' });
  if ((order.status !== 'completed' && order.status !== 'invoiced') || order.invoiceId) {
    throw conflict(
      order.invoiceId
        ? `Work order #${order.number} already has an invoice; void it first.`
        : `Work order #${order.number} is ${order.status}; only a completed work order is invoiced.`,
      { status: order.status },
    );
  }
  if (!order.customerId || !order.locationId) throw conflict(`Work order #${order.number} has no customer to invoice.`);
  const lines = await linesOfWorkOrder(ctx, order);
  if (lines.length === 0) throw conflict(`Work order #${order.number} has nothing to invoice: no quote, no recorded time, no parts.`);
  const taxRateBasisPoints = taxRateFor(ctx.tenant);
  const totals = totalsOf(lines, taxRateBasisPoints);
  if (totals.totalCents > MAX_AMOUNT_CENTS) throw conflict(`The invoice of work order #${order.number} exceeds the largest amount of an invoice.`);

  const invoiceId = new mongoose.Types.ObjectId();
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  await updateOwned(
    ctx,
    ctx.models.WorkOrder,
    order,
    {
      $set: { status: 'invoiced', invoiceId },
      ...(order.status === 'completed' && { $push: { statusHistory: { status: 'invoiced', at, by } } }),
    },
    {
      what: 'WorkOrder',
      guard: { status: order.status, invoiceId: order.invoiceId ?? null },
      changed: `Work order #${order.number} changed meanwhile (another invoice?); reload it and try again.`,
    },
  );
  try {
    const number = await nextSequenceValue(ctx.models.Counter, ctx.tenant, INVOICE_SEQUENCE);
    const created = await ctx.models.Invoice.create({
      _id: invoiceId,
      ...tenantScope(ctx.tenant),
      number,
      workOrderId: order._id,
      customerId: order.customerId,
      locationId: order.locationId,
      status: 'draft',
      currency: currencyFor(ctx.tenant),
      taxRateBasisPoints,
      lines: lines.map((line) => ({ ...line, _id: new mongoose.Types.ObjectId() })),
      ...totals,
      paidCents: 0,
      payments: [],
      createdBy: by,
    });
    const invoice = created.toObject<Invoice>();
    ctx.loaders.byId(ctx.models.Invoice).prime(invoiceId.toHexString(), invoice);
    ctx.audit.record('Invoice', invoiceId.toHexString(), null, { ...invoice });
    return invoice;
  } catch (error) {
    await ctx.models.WorkOrder.updateOne({ _id: order._id, ...tenantScope(ctx.tenant), invoiceId }, { $set: { invoiceId: null } });
    throw error;
  }
}

const invoiceFilter = z
  .object({
    status: z.enum(INVOICE_STATUSES).nullish(),
    customerId: z
      .string()
      .transform((v) => parseId(v, 'customerId'))
      .nullish(),
    workOrderId: z
      .string()
      .transform((v) => parseId(v, 'workOrderId'))
      .nullish(),
  })
  .nullish();
export type InvoiceFilter = z.input<typeof invoiceFilter>;

/** The tenant's invoices, newest first, optionally of one status, customer or work order. */
export async function listInvoices(ctx: ServiceContext, args: ConnectionArgs & { filter?: InvoiceFilter }): Promise<Connection<Invoice>> {
  requireInvoices(ctx, false);
  const filter = invoiceFilter.parse(args.filter);
  return paginate(
    ctx.models.Invoice,
    ctx.tenant,
    {
      ...(filter?.status && { status: filter.status }),
      ...(filter?.customerId && { customerId: filter.customerId }),
      ...(filter?.workOrderId && { workOrderId: filter.workOrderId }),
    },
    args,
  );
}

/** One of the tenant's invoices; NOT_FOUND when missing or another tenant's. */
export async function getInvoice(ctx: ServiceContext, id: unknown): Promise<Invoice> {
  requireInvoices(ctx, false);
  return loadOwned(ctx, ctx.models.Invoice, id, 'Invoice');
}

/** What every invoice event says of the invoice. */
const invoiceAmount = (invoice: Invoice) => ({ number: invoice.number, currency: invoice.currency, totalCents: invoice.totalCents });

const changedMeanwhile = (invoice: Invoice) => `Invoice #${invoice.number} changed meanwhile; reload it and try again.`;

/** Issues a draft to the customer: from now on it takes payments. */
export async function issueInvoice(ctx: ServiceContext, id: unknown): Promise<Invoice> {
  requireInvoices(ctx, true);
  const before = await findOwned(ctx, ctx.models.Invoice, parseId(id), 'Invoice');
  if (before.status !== 'draft') throw conflict(`Invoice #${before.number} is ${before.status}; only a draft is issued.`, { status: before.status });
  const now = ctx.clock.now();
  const amount = invoiceAmount(before);
  return updateOwned(
    ctx,
    ctx.models.Invoice,
    before,
    { $set: { status: before.totalCents === 0 ? 'paid' : 'issued', issuedAt: now } },
    {
      what: 'Invoice',
      guard: { status: 'draft' },
      changed: changedMeanwhile(before),
      events: [
        { type: 'invoice.issued', payload: { ...amount, workOrderId: before.workOrderId.toHexString(), customerId: before.customerId.toHexString() } },
        ...(before.totalCents === 0 ? [{ type: 'invoice.paid' as const, payload: { ...amount, paidAt: now } }] : []),
      ],
    },
  );
}

const paymentInput = z
  .object({
    amountCents: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
    method: z.enum(PAYMENT_METHODS),
    reference: singleLine(100).nullish(),
    receivedAt: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .nullish(),
  })
  .strict();
export type RecordPaymentInput = z.input<typeof paymentInput>;

const PAYABLE: readonly InvoiceStatus[] = ['issued', 'partially_paid'];

/**
 * Records a payment against an issued invoice: partially paid until the balance is 0, then paid.
 * Never more than the balance (CONFLICT naming it). The write is guarded by the amount paid as read,
 * so of two concurrent payments each lands on the balance the other left, or is refused; a missed
 * guard reads again and retries.
 */
export async function recordPayment(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Invoice> {
  requireInvoices(ctx, true);
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
    const before = await ctx.models.Invoice.findOne({ _id, ...tenantScope(ctx.tenant) }).lean<Invoice>();
    if (!before) throw notFound('Invoice', _id.toHexString());
    if (!PAYABLE.includes(before.status)) {
      throw conflict(`Invoice #${before.number} is ${before.status}; only an issued invoice takes payments.`, { status: before.status });
    }
    const balance = before.totalCents - before.paidCents;
    if (input.amountCents > balance) {
      throw conflict(`A payment of ${input.amountCents} exceeds the balance of invoice #${before.number}: ${balance} (${before.currency} minor units).`, {
        balanceCents: balance,
      });
    }
    const paid = before.paidCents + input.amountCents;
    // The payment that settles the invoice carries its invoice.paid, in the same write.
    const events =
      paid === before.totalCents
        ? buildEvents(
            ctx.tenant.tenantId,
            { type: 'Invoice', id: _id.toHexString() },
            [{ type: 'invoice.paid', payload: { ...invoiceAmount(before), paidAt: now } }],
            now,
          )
        : [];
    const updated = await ctx.models.Invoice.findOneAndUpdate(
      { _id, ...tenantScope(ctx.tenant), status: before.status, paidCents: before.paidCents },
      withEvents({ $set: { paidCents: paid, status: paid === before.totalCents ? 'paid' : 'partially_paid' }, $push: { payments: payment } }, events),
      { returnDocument: 'after', runValidators: true },
    ).lean<Invoice>();
    if (!updated) continue;
    withoutMarker(updated);
    await publishEventsOf(ctx.models.Invoice, _id, events);
    ctx.loaders.byId(ctx.models.Invoice).clear(_id.toHexString()).prime(_id.toHexString(), updated);
    ctx.audit.record('Invoice', _id.toHexString(), { status: before.status, paidCents: before.paidCents }, { status: updated.status, paidCents: paid, payment });
    return updated;
  }
  throw conflict('The invoice is taking payments too fast; try again.');
}

const refundInput = z
  .object({
    amountCents: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
    method: z.enum(PAYMENT_METHODS),
    reason: multiLine(1_000),
    reference: singleLine(100).nullish(),
  })
  .strict();

const REFUNDABLE: readonly InvoiceStatus[] = ['partially_paid', 'paid'];

/**
 * Gives back part or all of what the customer paid, with the reason. Never more than paid net of
 * earlier refunds: the write is guarded by the status and net paid it was decided on, so of two
 * refunds at once that together exceed it, one is CONFLICT. Paid goes down, the balance up, and the
 * status follows (paid → partially_paid → issued once nothing is left paid).
 */
export async function recordRefund(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Invoice> {
  requireInvoices(ctx, true);
  const _id = parseId(id);
  const parsed = refundInput.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const input = parsed.data;
  if (!input.reason) throw badInput('Say why the money is refunded.', { field: 'reason' });
  const refund = {
    _id: new mongoose.Types.ObjectId(),
    amountCents: input.amountCents,
    method: input.method,
    reason: input.reason,
    reference: input.reference || null,
    refundedAt: ctx.clock.now(),
    recordedBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
  };
  for (let attempt = 0; attempt < MAX_PAYMENT_ATTEMPTS; attempt++) {
    const before = await ctx.models.Invoice.findOne({ _id, ...tenantScope(ctx.tenant) }).lean<Invoice>();
    if (!before) throw notFound('Invoice', _id.toHexString());
    if (!REFUNDABLE.includes(before.status)) {
      throw conflict(`Invoice #${before.number} is ${before.status}; only a paid or partly paid invoice takes refunds.`, { status: before.status });
    }
    if (input.amountCents > before.paidCents) {
      throw conflict(`A refund of ${input.amountCents} exceeds what was paid on invoice #${before.number}: ${before.paidCents} (${before.currency} minor units).`, {
        paidCents: before.paidCents,
      });
    }
    const paid = before.paidCents - input.amountCents;
    const refunded = (before.refundedCents ?? 0) + input.amountCents;
    const status: InvoiceStatus = paid === before.totalCents ? 'paid' : paid > 0 ? 'partially_paid' : 'issued';
    const updated = await ctx.models.Invoice.findOneAndUpdate(
      { _id, ...tenantScope(ctx.tenant), status: before.status, paidCents: before.paidCents },
      { $set: { paidCents: paid, refundedCents: refunded, status }, $push: { refunds: refund } },
      { returnDocument: 'after', runValidators: true },
    ).lean<Invoice>();
    if (!updated) continue;
    ctx.loaders.byId(ctx.models.Invoice).clear(_id.toHexString()).prime(_id.toHexString(), updated);
    ctx.audit.record(
      'Invoice',
      _id.toHexString(),
      { status: before.status, paidCents: before.paidCents, refundedCents: before.refundedCents ?? 0 },
      { status, paidCents: paid, refundedCents: refunded, refund },
    );
    return updated;
  }
  throw conflict('The invoice is changing too fast; try again.');
}

/**
 * Voids an invoice that has no payments (refund them first), with the reason; the work order lets go
 * of it and may be invoiced again.
 */
export async function voidInvoice(ctx: ServiceContext, id: unknown, rawReason: unknown): Promise<Invoice> {
  requireInvoices(ctx, true);
  const _id = parseId(id);
  const reason = multiLine(1_000).parse(rawReason);
  if (!reason) throw badInput('Say why the invoice is void.', { field: 'reason' });
  const before = await findOwned(ctx, ctx.models.Invoice, _id, 'Invoice');
  if (before.status === 'void') throw conflict(`Invoice #${before.number} is already void.`, { status: before.status });
  if (before.paidCents > 0) throw conflict(`Invoice #${before.number} has payments of ${before.paidCents}; refund them before voiding it.`, { status: before.status });
  const voided = await updateOwned(
    ctx,
    ctx.models.Invoice,
    before,
    { $set: { status: 'void', voidedAt: ctx.clock.now(), voidReason: reason } },
    { what: 'Invoice', guard: { status: before.status, paidCents: 0 }, changed: changedMeanwhile(before) },
  );
  await ctx.models.WorkOrder.updateOne({ _id: before.workOrderId, ...tenantScope(ctx.tenant), invoiceId: _id }, { $set: { invoiceId: null } });
  ctx.loaders.byId(ctx.models.WorkOrder).clear(before.workOrderId.toHexString());
  return voided;
}
