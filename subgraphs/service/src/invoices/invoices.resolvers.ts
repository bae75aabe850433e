import { notFound } from '@attunelogic/shared/errors';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { lineAmountCents } from '@attunelogic/shared';
import { type Resolvers } from '../generated/resolvers';
import { required } from '../references';
import { createInvoice, getInvoice, issueInvoice, listInvoices, recordPayment, recordRefund, voidInvoice } from './invoices.service';

export const invoiceResolvers = {
  Query: {
    invoices: (_parent, args, ctx) => listInvoices(ctx, args),
    invoice: (_parent, args, ctx) => getInvoice(ctx, args.id),
  },
  Mutation: {
    createInvoice: (_parent, args, ctx) => createInvoice(ctx, args.workOrderId),
    issueInvoice: (_parent, args, ctx) => issueInvoice(ctx, args.id),
    recordPayment: (_parent, args, ctx) => recordPayment(ctx, args.id, args.input),
    recordRefund: (_parent, args, ctx) => recordRefund(ctx, args.id, args.input),
    voidInvoice: (_parent, args, ctx) => voidInvoice(ctx, args.id, args.reason),
  },
  Invoice: {
    id: (invoice) => invoice._id.toHexString(),
    workOrder: (invoice, _args, ctx) => required(ctx, ctx.models.WorkOrder, invoice.workOrderId, 'WorkOrder'),
    customer: (invoice, _args, ctx) => required(ctx, ctx.models.Customer, invoice.customerId, 'Customer'),
    location: async (invoice, _args, ctx) => {
      const customer = await required(ctx, ctx.models.Customer, invoice.customerId, 'Customer');
      const location = customer.locations.find((l) => l._id.equals(invoice.locationId));
      if (!location) throw notFound('CustomerLocation');
      return location;
    },
    lines: (invoice) => invoice.lines.map((line) => ({ ...line, currency: invoice.currency })),
    totals: (invoice) => ({ subtotalCents: invoice.subtotalCents, taxCents: invoice.taxCents, totalCents: invoice.totalCents, currency: invoice.currency }),
    paid: (invoice) => ({ amountCents: invoice.paidCents, currency: invoice.currency }),
    balance: (invoice) => ({ amountCents: invoice.status === 'void' ? 0 : invoice.totalCents - invoice.paidCents, currency: invoice.currency }),
    payments: (invoice) => invoice.payments.map((payment) => ({ ...payment, currency: invoice.currency })),
    refunded: (invoice) => ({ amountCents: invoice.refundedCents ?? 0, currency: invoice.currency }),
    refunds: (invoice) => (invoice.refunds ?? []).map((refund) => ({ ...refund, currency: invoice.currency })),
    issuedAt: (invoice) => isoOrNull(invoice.issuedAt),
    voidedAt: (invoice) => isoOrNull(invoice.voidedAt),
    createdBy: (invoice) => userReference(invoice.createdBy),
    createdAt: (invoice) => iso(invoice.createdAt),
    updatedAt: (invoice) => iso(invoice.updatedAt),
  },
  InvoiceLine: {
    id: (line) => line._id.toHexString(),
    unitPrice: (line) => ({ amountCents: line.unitPriceCents, currency: line.currency }),
    amount: (line) => ({ amountCents: lineAmountCents(line), currency: line.currency }),
    item: (line, _args, ctx) => (line.itemId ? ctx.loaders.byId(ctx.models.InventoryItem).load(line.itemId.toHexString()) : null),
  },
  InvoicePayment: {
    id: (payment) => payment._id.toHexString(),
    amount: (payment) => ({ amountCents: payment.amountCents, currency: payment.currency }),
    receivedAt: (payment) => iso(payment.receivedAt),
    recordedBy: (payment) => userReference(payment.recordedBy),
  },
  InvoiceRefund: {
    id: (refund) => refund._id.toHexString(),
    amount: (refund) => ({ amountCents: refund.amountCents, currency: refund.currency }),
    refundedAt: (refund) => iso(refund.refundedAt),
    recordedBy: (refund) => userReference(refund.recordedBy),
  },
  WorkOrder: {
    invoice: (workOrder, _args, ctx) => (workOrder.invoiceId ? ctx.loaders.byId(ctx.models.Invoice).load(workOrder.invoiceId.toHexString()) : null),
  },
} satisfies Resolvers;
