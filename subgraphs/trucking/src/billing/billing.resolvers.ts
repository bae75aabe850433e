import { formatMoney } from '@attunelogic/shared';
import { userReference } from '@attunelogic/shared/subgraph';
import { actsOnlyAsDriver } from '../common/access';
import { referenced, required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { currencyFor } from '../settings';
import { addAccessorial, loadTotalCents, removeAccessorial } from './accessorials.service';
import { createFreightInvoice, getFreightInvoice, listFreightInvoices, recordFreightPayment, sendFreightInvoice, voidFreightInvoice } from './freight-invoices.service';

export const billingResolvers = {
  Query: {
    freightInvoices: (_parent, args, ctx) => listFreightInvoices(ctx, args),
    freightInvoice: (_parent, args, ctx) => getFreightInvoice(ctx, args.id),
  },
  Mutation: {
    addAccessorial: (_parent, args, ctx) => addAccessorial(ctx, args.loadId, args.input),
    removeAccessorial: (_parent, args, ctx) => removeAccessorial(ctx, args.loadId, args.accessorialId),
    createFreightInvoice: (_parent, args, ctx) => createFreightInvoice(ctx, args.loadIds),
    sendFreightInvoice: (_parent, args, ctx) => sendFreightInvoice(ctx, args.id),
    recordFreightPayment: (_parent, args, ctx) => recordFreightPayment(ctx, args.id, args.input),
    voidFreightInvoice: (_parent, args, ctx) => voidFreightInvoice(ctx, args.id, args.reason),
  },
  Load: {
    accessorials: (load) => load.accessorials ?? [],
    totalCents: (load) => loadTotalCents(load),
    currency: (_load, _args, ctx) => currencyFor(ctx.tenant),
    invoice: (load, _args, ctx) => (actsOnlyAsDriver(ctx.tenant, 'loads:read') ? null : referenced(ctx, ctx.models.FreightInvoice, load.invoiceId)),
  },
  Accessorial: {
    id: (accessorial) => accessorial._id.toHexString(),
    description: (accessorial) => accessorial.description ?? null,
    addedAt: (accessorial) => accessorial.addedAt.toISOString(),
    addedBy: (accessorial) => userReference(accessorial.addedBy),
  },
  FreightInvoice: {
    id: (invoice) => invoice._id.toHexString(),
    billTo: (invoice, _args, ctx) => required(ctx, ctx.models.Party, invoice.billTo, 'Party'),
    loads: (invoice, _args, ctx) => Promise.all(invoice.loadIds.map((id) => required(ctx, ctx.models.Load, id, 'Load'))),
    balanceCents: (invoice) => invoice.totalCents - invoice.paidCents,
    totalFormatted: (invoice) => formatMoney(invoice.totalCents, invoice.currency),
    balanceFormatted: (invoice) => formatMoney(invoice.totalCents - invoice.paidCents, invoice.currency),
    sentAt: (invoice) => invoice.sentAt?.toISOString() ?? null,
    dueAt: (invoice) => invoice.dueAt?.toISOString() ?? null,
    paidAt: (invoice) => invoice.paidAt?.toISOString() ?? null,
    voidedAt: (invoice) => invoice.voidedAt?.toISOString() ?? null,
    voidReason: (invoice) => invoice.voidReason ?? null,
    createdBy: (invoice) => userReference(invoice.createdBy),
    createdAt: (invoice) => invoice.createdAt.toISOString(),
    updatedAt: (invoice) => invoice.updatedAt.toISOString(),
  },
  FreightInvoiceLine: {
    id: (line) => line._id.toHexString(),
    load: (line, _args, ctx) => required(ctx, ctx.models.Load, line.loadId, 'Load'),
  },
  FreightPayment: {
    id: (payment) => payment._id.toHexString(),
    reference: (payment) => payment.reference ?? null,
    receivedAt: (payment) => payment.receivedAt.toISOString(),
    recordedBy: (payment) => userReference(payment.recordedBy),
  },
} satisfies Resolvers;
