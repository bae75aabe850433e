import { notFound } from '@attunelogic/shared/errors';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { formatMoney, lineAmountCents, totalsOf, type TotalsView } from '@attunelogic/shared';
import { autoDispatchNew } from '../dispatch/dispatch.service';
import { type Resolvers } from '../generated/resolvers';
import { required } from '../references';
import {
  acceptQuote,
  createQuote,
  declineQuote,
  effectiveStatus,
  getQuote,
  linesOf,
  listQuotes,
  optionsOf,
  quoteTotals,
  sendQuote,
  updateQuote,
  workOrderOfQuote,
} from './quotes.service';

const withCurrency = <T extends object>(value: T, currency: string): T & { currency: string } => ({ ...value, currency });

export const quoteResolvers = {
  Query: {
    quotes: (_parent, args, ctx) => listQuotes(ctx, args),
    quote: (_parent, args, ctx) => getQuote(ctx, args.id),
  },
  Mutation: {
    createQuote: (_parent, args, ctx) => createQuote(ctx, args.input),
    updateQuote: (_parent, args, ctx) => updateQuote(ctx, args.id, args.input),
    sendQuote: (_parent, args, ctx) => sendQuote(ctx, args.id, args.validUntil),
    acceptQuote: (_parent, args, ctx) => acceptQuote(ctx, args.id, args.option, (order) => autoDispatchNew(ctx, order)),
    declineQuote: (_parent, args, ctx) => declineQuote(ctx, args.id, args.reason),
  },
  Quote: {
    id: (quote) => quote._id.toHexString(),
    status: (quote, _args, ctx) => effectiveStatus(quote, ctx.clock.now()),
    customer: (quote, _args, ctx) => required(ctx, ctx.models.Customer, quote.customerId, 'Customer'),
    location: async (quote, _args, ctx) => {
      const customer = await required(ctx, ctx.models.Customer, quote.customerId, 'Customer');
      const location = customer.locations.find((l) => l._id.equals(quote.locationId));
      if (!location) throw notFound('CustomerLocation');
      return location;
    },
    lines: (quote) => quote.lines.map((line) => withCurrency(line, quote.currency)),
    options: (quote) =>
      optionsOf(quote.lines).map((name) => ({ name, totals: withCurrency(totalsOf(linesOf(quote.lines, name), quote.taxRateBasisPoints), quote.currency) })),
    totals: (quote) => withCurrency(quoteTotals(quote), quote.currency),
    validUntil: (quote) => isoOrNull(quote.validUntil),
    sentAt: (quote) => isoOrNull(quote.sentAt),
    decidedAt: (quote) => isoOrNull(quote.decidedAt),
    workOrder: (quote, _args, ctx) => workOrderOfQuote(ctx, quote),
    createdBy: (quote) => userReference(quote.createdBy),
    createdAt: (quote) => iso(quote.createdAt),
    updatedAt: (quote) => iso(quote.updatedAt),
  },
  QuoteLine: {
    id: (line) => line._id.toHexString(),
    unitPrice: (line) => ({ amountCents: line.unitPriceCents, currency: line.currency }),
    amount: (line) => ({ amountCents: lineAmountCents(line), currency: line.currency }),
    item: (line, _args, ctx) => (line.itemId ? ctx.loaders.byId(ctx.models.InventoryItem).load(line.itemId.toHexString()) : null),
  },
  MoneyTotals: {
    subtotal: (totals: TotalsView) => ({ amountCents: totals.subtotalCents, currency: totals.currency }),
    tax: (totals: TotalsView) => ({ amountCents: totals.taxCents, currency: totals.currency }),
    total: (totals: TotalsView) => ({ amountCents: totals.totalCents, currency: totals.currency }),
  },
  Money: {
    formatted: (money) => formatMoney(money.amountCents, money.currency),
  },
  WorkOrder: {
    quote: (workOrder, _args, ctx) => (workOrder.quoteId ? ctx.loaders.byId(ctx.models.Quote).load(workOrder.quoteId.toHexString()) : null),
  },
} satisfies Resolvers;
