import mongoose, { type Connection, type Model } from 'mongoose';
import { eventsPlugin } from '@attunelogic/shared/events';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { LINE_KINDS, type LineKind } from '../billing/money';

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_METHODS = ['cash', 'check', 'card', 'bank_transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One line of an invoice: labour (hours), a part consumed on the job, or a fee. */
export interface InvoiceLine {
  _id: mongoose.Types.ObjectId;
  kind: LineKind;
  description: string;
  quantity: number;
  unitPriceCents: number;
  taxable: boolean;
  itemId: mongoose.Types.ObjectId | null;
}

/** A payment received against an invoice. */
export interface InvoicePayment {
  _id: mongoose.Types.ObjectId;
  amountCents: number;
  method: PaymentMethod;
  reference: string | null;
  receivedAt: Date;
  recordedBy: mongoose.Types.ObjectId;
}

/** Money given back to the customer out of what they paid, with the reason. */
export interface InvoiceRefund {
  _id: mongoose.Types.ObjectId;
  amountCents: number;
  method: PaymentMethod;
  reason: string;
  reference: string | null;
  refundedAt: Date;
  recordedBy: mongoose.Types.ObjectId;
}

/** An invoice of a completed work order. */
export interface InvoiceDocument extends TenantOwned {
  number: number;
  workOrderId: mongoose.Types.ObjectId;
  customerId: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId;
  status: InvoiceStatus;
  currency: string;
  taxRateBasisPoints: number;
  lines: InvoiceLine[];
  /** Fixed when the invoice is made: its lines never change. */
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  /**
   * What the customer has paid net of refunds (the sum of `payments` less the sum of `refunds`), kept
   * beside them so a payment's or a refund's guard is one comparison.
   */
  paidCents: number;
  payments: InvoicePayment[];
  /** Absent in invoices older than refunds: none. */
  refunds?: InvoiceRefund[];
  /** The sum of `refunds`; absent: 0. */
  refundedCents?: number;
  issuedAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type InvoiceModel = Model<InvoiceDocument>;

const lineSchema = new mongoose.Schema<InvoiceLine>({
  kind: { type: String, enum: LINE_KINDS, required: true },
  description: { type: String, required: true },
  quantity: { type: Number, required: true, min: 0 },
  unitPriceCents: { type: Number, required: true, min: 0 },
  taxable: { type: Boolean, required: true },
  itemId: { type: mongoose.Schema.Types.ObjectId, default: null },
});

const paymentSchema = new mongoose.Schema<InvoicePayment>({
  amountCents: { type: Number, required: true, min: 1 },
  method: { type: String, enum: PAYMENT_METHODS, required: true },
  reference: { type: String, default: null },
  receivedAt: { type: Date, required: true },
  recordedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
});

const refundSchema = new mongoose.Schema<InvoiceRefund>({
  amountCents: { type: Number, required: true, min: 1 },
  method: { type: String, enum: PAYMENT_METHODS, required: true },
  reason: { type: String, required: true },
  reference: { type: String, default: null },
  refundedAt: { type: Date, required: true },
  recordedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
});

const invoiceSchema = new mongoose.Schema<InvoiceDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    workOrderId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    customerId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    locationId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    status: { type: String, enum: INVOICE_STATUSES, required: true, default: 'draft' },
    currency: { type: String, required: true, immutable: true },
    taxRateBasisPoints: { type: Number, required: true, min: 0, max: 10_000, immutable: true },
    lines: { type: [lineSchema], default: [] },
    subtotalCents: { type: Number, required: true, min: 0, immutable: true },
    taxCents: { type: Number, required: true, min: 0, immutable: true },
    totalCents: { type: Number, required: true, min: 0, immutable: true },
    paidCents: { type: Number, required: true, min: 0, default: 0 },
    payments: { type: [paymentSchema], default: [] },
    refunds: { type: [refundSchema], default: [] },
    refundedCents: { type: Number, min: 0, default: 0 },
    issuedAt: { type: Date, default: null },
    voidedAt: { type: Date, default: null },
    voidReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'invoices', timestamps: true },
);
invoiceSchema.plugin(tenantPlugin);
// invoice.issued / paid are written with the invoice.
invoiceSchema.plugin(eventsPlugin);
invoiceSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
invoiceSchema.index({ parentCompany: 1, status: 1, _id: -1 });
invoiceSchema.index({ parentCompany: 1, customerId: 1, _id: -1 });
invoiceSchema.index({ parentCompany: 1, workOrderId: 1, _id: -1 });

export const INVOICE_MODEL_NAME = 'Invoice';

/** The Invoice model on `connection`; safe to call again on the same connection. */
export function invoiceModel(connection: Connection): InvoiceModel {
  return (connection.models[INVOICE_MODEL_NAME] as InvoiceModel | undefined) ?? connection.model<InvoiceDocument>(INVOICE_MODEL_NAME, invoiceSchema);
}

/** A line as the API shows it: with the currency of its invoice. */
export type InvoiceLineView = InvoiceLine & { currency: string };
/** A payment as the API shows it: with the currency of its invoice. */
export type InvoicePaymentView = InvoicePayment & { currency: string };

export type InvoiceRefundView = InvoiceRefund & { currency: string };
