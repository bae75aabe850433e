import mongoose from 'mongoose';
import { z } from 'zod';
import {
  type Connection,
  type ConnectionArgs,
  type Lean,
  lineAmountCents,
  MAX_AMOUNT_CENTS,
  multiLine,
  paginate,
  singleLine,
  type Totals,
  totalsOf,
} from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { nextSequenceValue, parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { LINE_KINDS } from '../billing/money';
import { firstUsableLocation, loadCustomer, usableLocationOf } from '../customers/customers.service';
import { type ServiceContext } from '../models';
import { currencyFor, quoteValidDaysFor, taxRateFor } from '../settings';
import { createWorkOrder, WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { type WorkOrderDocument } from '../work-orders/work-orders.model';
import { QUOTE_STATUSES, type QuoteDocument, type QuoteLine, type QuoteStatus } from './quotes.model';

type Quote = Lean<QuoteDocument>;

/** The tenant sequence quote numbers are drawn from. */
export const QUOTE_SEQUENCE = 'quote';
/** How long a sent quote stays open when the tenant's context carries no `billing.quoteValidDays`. */
export const DEFAULT_QUOTE_VALID_DAYS = 30;
export const MAX_LINES = 100;
export const MAX_OPTIONS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

// Quotes belong to work orders' feature and permissions: the office that books the job quotes it.
const requireQuotes = (ctx: ServiceContext, write: boolean): void => requireAccess(ctx, WORK_ORDERS_FEATURE, write ? 'workOrders:write' : 'workOrders:read');

/**
 * What a quote is now: a sent quote past its `validUntil` reads as expired even before anything
 * wrote that down (acceptQuote and declineQuote then do).
 */
export const effectiveStatus = (quote: Pick<QuoteDocument, 'status' | 'validUntil'>, now: Date): QuoteStatus =>
  quote.status === 'sent' && quote.validUntil && quote.validUntil <= now ? 'expired' : quote.status;

/** The options of a quote, in the order their first line appears. */
export const optionsOf = (lines: readonly Pick<QuoteLine, 'option'>[]): string[] => [...new Set(lines.map((l) => l.option).filter((o): o is string => o !== null))];

/** The lines a customer buys with `option`: the common ones and the option's own. */
export const linesOf = <L extends Pick<QuoteLine, 'option'>>(lines: readonly L[], option: string | null): L[] =>
  lines.filter((l) => l.option === null || l.option === option);

/** Totals of the quote: of every line without options; of the accepted option, or of the common lines before a choice. */
export function quoteTotals(quote: Pick<QuoteDocument, 'lines' | 'taxRateBasisPoints' | 'acceptedOption'>): Totals {
  const options = optionsOf(quote.lines);
  return totalsOf(options.length === 0 ? quote.lines : linesOf(quote.lines, quote.acceptedOption), quote.taxRateBasisPoints);
}

const objectId = (field: string) => z.string().transform((value) => parseId(value, field));
const quantity = z
  .number()
  .positive()
  .max(100_000)
  .refine((q) => Math.abs(q * 100 - Math.round(q * 100)) < 1e-9, 'At most two decimals.');
const lineInput = z
  .object({
    kind: z.enum(LINE_KINDS),
    description: singleLine(200).nullish(),
    quantity,
    unitPriceCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS).nullish(),
    taxable: z.boolean().nullish(),
    itemId: objectId('itemId').nullish(),
    option: singleLine(60).nullish(),
  })
  .refine((line) => (line.kind === 'part') === Boolean(line.itemId), { message: 'A part line names its inventory item; other lines none.', path: ['itemId'] })
  .refine((line) => line.kind === 'part' || (line.description && line.unitPriceCents !== undefined && line.unitPriceCents !== null), {
    message: 'Labour and fee lines need a description and a unit price.',
    path: ['description'],
  });
const lines = z.array(lineInput).max(MAX_LINES);
const validUntil = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .nullish();

const createQuoteInput = z.object({
  customerId: objectId('customerId'),
  locationId: objectId('locationId').nullish(),
  title: singleLine(200),
  notes: multiLine(5_000).nullish(),
  lines: lines.nullish(),
});
const updateQuoteInput = z
  .object({ locationId: objectId('locationId').nullish(), title: singleLine(200).nullish(), notes: multiLine(5_000).nullish(), lines: lines.nullish() })
  .strict();
const quoteFilter = z.object({ status: z.enum(QUOTE_STATUSES).nullish(), customerId: objectId('customerId').nullish() }).nullish();

export type QuoteFilter = z.input<typeof quoteFilter>;

/**
 * The lines as stored: a part takes its item's name and sale price (its cost without one) unless the line says otherwise;
 * items come through the request's loader, so another tenant's item is NOT_FOUND (`itemId`).
 */
async function linesFrom(ctx: ServiceContext, input: z.output<typeof lines>): Promise<QuoteLine[]> {
  const stored: QuoteLine[] = [];
  for (const line of input) {
    let description = line.description ?? null;
    let price = line.unitPriceCents ?? null;
    if (line.itemId) {
      const item = await loadOwned(ctx, ctx.models.InventoryItem, line.itemId, 'InventoryItem', 'itemId');
      if (item.retiredAt) throw badInput(`Inventory item ${item.sku} is retired and is no longer quoted.`, { field: 'itemId' });
      description ??= `${item.name} (${item.sku})`;
      price ??= item.unitPriceCents ?? item.unitCostCents;
    }
    const amount = lineAmountCents({ quantity: line.quantity, unitPriceCents: price! });
    if (amount > MAX_AMOUNT_CENTS) throw badInput(`The line "${description}" exceeds the largest amount of a line.`, { field: 'lines' });
    stored.push({
      _id: new mongoose.Types.ObjectId(),
      kind: line.kind,
      description: description!,
      quantity: line.quantity,
      unitPriceCents: price!,
      taxable: line.taxable ?? true,
      itemId: line.itemId ?? null,
      option: line.option ?? null,
    });
  }
  const options = optionsOf(stored);
  if (options.length > MAX_OPTIONS) throw badInput(`At most ${MAX_OPTIONS} options.`, { field: 'lines' });
  if (options.length === 1) throw badInput(`Options are alternatives: name at least two, or none (only "${options[0]}" given).`, { field: 'lines' });
  return stored;
}

/** The tenant's quotes, newest first, optionally of one status and/or customer (expired: also sent ones past their date). */
export async function listQuotes(ctx: ServiceContext, args: ConnectionArgs & { filter?: QuoteFilter }): Promise<Connection<Quote>> {
  requireQuotes(ctx, false);
  const filter = quoteFilter.parse(args.filter);
  const now = ctx.clock.now();
  const status =
    filter?.status === 'sent'
      ? { status: 'sent', validUntil: mongoose.trusted({ $gt: now }) }
      : filter?.status === 'expired'
        ? { $or: [{ status: 'expired' }, { status: 'sent', validUntil: mongoose.trusted({ $lte: now }) }] }
        : filter?.status
          ? { status: filter.status }
          : {};
  return paginate(ctx.models.Quote, ctx.tenant, { ...status, ...(filter?.customerId && { customerId: filter.customerId }) }, args);
}

/** One of the tenant's quotes; NOT_FOUND when missing or another tenant's. */
export async function getQuote(ctx: ServiceContext, id: unknown): Promise<Quote> {
  requireQuotes(ctx, false);
  return loadOwned(ctx, ctx.models.Quote, id, 'Quote');
}

/** A draft quote with the tenant's next quote number, currency and tax rate. */
export async function createQuote(ctx: ServiceContext, raw: unknown): Promise<Quote> {
  requireQuotes(ctx, true);
  const input = createQuoteInput.parse(raw);
  const customer = await loadCustomer(ctx, input.customerId);
  const location = input.locationId ? usableLocationOf(customer, input.locationId) : firstUsableLocation(customer);
  const stored = await linesFrom(ctx, input.lines ?? []);
  const number = await nextSequenceValue(ctx.models.Counter, ctx.tenant, QUOTE_SEQUENCE);
  return createOwned(
    ctx,
    ctx.models.Quote,
    {
      number,
      customerId: customer._id,
      locationId: location._id,
      title: input.title,
      notes: input.notes || null,
      status: 'draft',
      currency: currencyFor(ctx.tenant),
      taxRateBasisPoints: taxRateFor(ctx.tenant),
      lines: stored,
    },
    { what: 'Quote', duplicate: () => conflict('No quote number could be allocated; try again later.') },
  );
}

const notDraft = (quote: Quote, now: Date, doing: string) =>
  conflict(`Quote #${quote.number} is ${effectiveStatus(quote, now)}; only a draft is ${doing}.`, { status: effectiveStatus(quote, now) });

/** Edits a draft: title, notes, location, lines (replaced as a whole); the tenant's current tax rate applies. */
export async function updateQuote(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Quote> {
  requireQuotes(ctx, true);
  const _id = parseId(id);
  const input = updateQuoteInput.parse(raw ?? {});
  const before = await findOwned(ctx, ctx.models.Quote, _id, 'Quote');
  const now = ctx.clock.now();
  if (before.status !== 'draft') throw notDraft(before, now, 'edited');
  const $set: Record<string, unknown> = { taxRateBasisPoints: taxRateFor(ctx.tenant) };
  if (input.title) $set['title'] = input.title;
  if (input.notes !== undefined) $set['notes'] = input.notes || null;
  if (input.locationId) $set['locationId'] = usableLocationOf(await loadCustomer(ctx, before.customerId), input.locationId)._id;
  if (input.lines) $set['lines'] = await linesFrom(ctx, input.lines);
  return updateOwned(
    ctx,
    ctx.models.Quote,
    before,
    { $set },
    { what: 'Quote', guard: { status: 'draft', updatedAt: before.updatedAt }, changed: changedMeanwhile(before) },
  );
}

const changedMeanwhile = (quote: Quote) => `Quote #${quote.number} changed meanwhile; reload it and try again.`;

/** Sends a draft with at least one line: open until `validUntil`, by default the tenant's billing.quoteValidDays from now. */
export async function sendQuote(ctx: ServiceContext, id: unknown, rawValidUntil: unknown): Promise<Quote> {
  requireQuotes(ctx, true);
  const _id = parseId(id);
  const until = validUntil.parse(rawValidUntil);
  const before = await findOwned(ctx, ctx.models.Quote, _id, 'Quote');
  const now = ctx.clock.now();
  if (before.status !== 'draft') throw notDraft(before, now, 'sent');
  if (before.lines.length === 0) throw conflict(`Quote #${before.number} has no lines to send.`);
  if (until && until <= now) throw badInput('A quote is valid until a time in the future.', { field: 'validUntil' });
  const valid = until ?? new Date(now.getTime() + quoteValidDaysFor(ctx.tenant, DEFAULT_QUOTE_VALID_DAYS) * DAY_MS);
  return updateOwned(
    ctx,
    ctx.models.Quote,
    before,
    { $set: { status: 'sent', sentAt: now, validUntil: valid } },
    { what: 'Quote', guard: { status: 'draft', updatedAt: before.updatedAt }, changed: changedMeanwhile(before) },
  );
}

/**
 * A sent quote's decision can only be taken while it is open. One past its date is written down as
 * expired (guarded, so a concurrent decision wins) and the caller gets CONFLICT.
 */
async function requireOpen(ctx: ServiceContext, quote: Quote, now: Date): Promise<void> {
  const status = effectiveStatus(quote, now);
  if (status === 'sent') return;
  if (status === 'expired' && quote.status === 'sent') {
    await ctx.models.Quote.updateOne(
      { _id: quote._id, ...tenantScope(ctx.tenant), status: 'sent' },
      { $set: { status: 'expired', decidedAt: quote.validUntil, decidedBy: null } },
    );
    ctx.loaders.byId(ctx.models.Quote).clear(quote._id.toHexString());
  }
  throw conflict(
    status === 'expired'
      ? `Quote #${quote.number} expired on ${quote.validUntil!.toISOString()}.`
      : `Quote #${quote.number} is ${status}; only a sent quote is accepted or declined.`,
    { status },
  );
}

/**
 * Accepts a sent, unexpired quote (with the option the customer chose, when it has options) and
 * converts it into a new work order at the quote's location, estimated from its labour hours; the
 * work order keeps the quote (and so its accepted lines). With the tenant's dispatch.autoDispatch on,
 * the new order is dispatched as any other.
 *
 * Without transactions, in an order that never yields two work orders for one quote:
 *   1. the quote: sent → accepted, guarded by its status (of two concurrent accepts one wins);
 *   2. the work order, naming the quote; refused, the quote goes back to sent;
 *   3. the quote records its work order (the order's quoteId would find it should this write be lost).
 */
export async function acceptQuote(
  ctx: ServiceContext,
  id: unknown,
  rawOption: unknown,
  convert: (order: Lean<WorkOrderDocument>) => Promise<Lean<WorkOrderDocument>>,
): Promise<Quote> {
  requireQuotes(ctx, true);
  const _id = parseId(id);
  const option = singleLine(60).nullish().parse(rawOption) ?? null;
  const before = await findOwned(ctx, ctx.models.Quote, _id, 'Quote');
  const now = ctx.clock.now();
  await requireOpen(ctx, before, now);
  const options = optionsOf(before.lines);
  if (options.length > 0 && (!option || !options.includes(option))) {
    throw badInput(`Quote #${before.number} has options: accept one of ${options.map((o) => `"${o}"`).join(', ')}.`, { field: 'option' });
  }
  if (options.length === 0 && option) throw badInput(`Quote #${before.number} has no options.`, { field: 'option' });
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const accepted = await updateOwned(
    ctx,
    ctx.models.Quote,
    before,
    { $set: { status: 'accepted', acceptedOption: option, decidedAt: now, decidedBy: by } },
    { what: 'Quote', guard: { status: 'sent', validUntil: before.validUntil }, changed: changedMeanwhile(before) },
  );
  const labourHours = linesOf(before.lines, option)
    .filter((l) => l.kind === 'labour')
    .reduce((sum, l) => sum + l.quantity, 0);
  const minutes = Math.round(labourHours * 60);
  let order: Lean<WorkOrderDocument>;
  try {
    order = await createWorkOrder(
      ctx,
      {
        title: option ? `${before.title} — ${option}` : before.title,
        notes: before.notes,
        customerId: before.customerId.toHexString(),
        locationId: before.locationId.toHexString(),
        ...(minutes >= 5 && { estimatedMinutes: Math.min(minutes, 24 * 60) }),
      },
      { quoteId: before._id },
    );
  } catch (error) {
    await ctx.models.Quote.updateOne(
      { _id, ...tenantScope(ctx.tenant), status: 'accepted', workOrderId: null },
      { $set: { status: 'sent', acceptedOption: null, decidedAt: null, decidedBy: null } },
    );
    ctx.loaders.byId(ctx.models.Quote).clear(_id.toHexString());
    throw error;
  }
  await convert(order);
  return updateOwned(ctx, ctx.models.Quote, accepted, { $set: { workOrderId: order._id } }, { what: 'Quote', guard: { status: 'accepted', workOrderId: null } });
}

/** Declines a sent, unexpired quote, with the customer's reason when given. */
export async function declineQuote(ctx: ServiceContext, id: unknown, rawReason: unknown): Promise<Quote> {
  requireQuotes(ctx, true);
  const _id = parseId(id);
  const reason = multiLine(1_000).nullish().parse(rawReason) || null;
  const before = await findOwned(ctx, ctx.models.Quote, _id, 'Quote');
  const now = ctx.clock.now();
  await requireOpen(ctx, before, now);
  return updateOwned(
    ctx,
    ctx.models.Quote,
    before,
    { $set: { status: 'declined', declineReason: reason, decidedAt: now, decidedBy: new mongoose.Types.ObjectId(ctx.tenant.userId) } },
    { what: 'Quote', guard: { status: 'sent', validUntil: before.validUntil }, changed: changedMeanwhile(before) },
  );
}

/** The work order an accepted quote became (through the order's quoteId should the quote's own record be missing). */
export async function workOrderOfQuote(ctx: ServiceContext, quote: Quote): Promise<Lean<WorkOrderDocument> | null> {
  if (quote.workOrderId) return ctx.loaders.byId(ctx.models.WorkOrder).load(quote.workOrderId.toHexString());
  if (quote.status !== 'accepted') return null;
  return ctx.models.WorkOrder.findOne({ ...tenantScope(ctx.tenant), quoteId: quote._id }).lean<Lean<WorkOrderDocument>>();
}
