import mongoose, { type Connection, type Model } from 'mongoose';
import { eventsPlugin } from '@attunelogic/shared/events';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { ACCESSORIAL_KINDS } from '../loads/loads.model';

/** draft (made, not yet with the bill-to) → sent (takes payments; partially paid shows as a balance) → paid; void from draft or sent without payments. */
export const FREIGHT_INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export type FreightInvoiceStatus = (typeof FREIGHT_INVOICE_STATUSES)[number];

/** A line bills a load's rate (line haul) or one of its accessorials. */
export const FREIGHT_LINE_KINDS = ['line_haul', ...ACCESSORIAL_KINDS] as const;
export type FreightLineKind = (typeof FREIGHT_LINE_KINDS)[number];

export const FREIGHT_PAYMENT_METHODS = ['ach', 'check', 'wire', 'card', 'factoring', 'other'] as const;
export type FreightPaymentMethod = (typeof FREIGHT_PAYMENT_METHODS)[number];

/** One line of a freight invoice: fixed when the invoice is made. */
export interface FreightInvoiceLine {
  _id: mongoose.Types.ObjectId;
  loadId: mongoose.Types.ObjectId;
  kind: FreightLineKind;
  description: string;
  amountCents: number;
}

/** A payment received against a freight invoice. */
export interface FreightPayment {
  _id: mongoose.Types.ObjectId;
  amountCents: number;
  method: FreightPaymentMethod;
  reference: string | null;
  receivedAt: Date;
  recordedBy: mongoose.Types.ObjectId;
}

/** The invoice of one or more delivered loads to their bill-to party. */
export interface FreightInvoiceDocument extends TenantOwned {
  /** The tenant's freight invoice number: 1, 2, 3, ... */
  number: number;
  billTo: mongoose.Types.ObjectId;
  /** The bill-to's name when the invoice was made (the party may be renamed or retired later). */
  billToName: string;
  loadIds: mongoose.Types.ObjectId[];
  status: FreightInvoiceStatus;
  currency: string;
  lines: FreightInvoiceLine[];
  totalCents: number;
  /** The sum of `payments`, kept beside them so a payment's guard is one comparison. */
  paidCents: number;
  payments: FreightPayment[];
  /** The bill-to's payment terms when the invoice was made: due this many days after it is sent. */
  paymentTermsDays: number;
  sentAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type FreightInvoiceModel = Model<FreightInvoiceDocument>;

const lineSchema = new mongoose.Schema<FreightInvoiceLine>({
  loadId: { type: mongoose.Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: FREIGHT_LINE_KINDS, required: true },
  description: { type: String, required: true },
  amountCents: { type: Number, required: true, min: 0 },
});

const paymentSchema = new mongoose.Schema<FreightPayment>({
  amountCents: { type: Number, required: true, min: 1 },
  method: { type: String, enum: FREIGHT_PAYMENT_METHODS, required: true },
  reference: { type: String, default: null },
  receivedAt: { type: Date, required: true },
  recordedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
});

const freightInvoiceSchema = new mongoose.Schema<FreightInvoiceDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    billTo: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    billToName: { type: String, required: true, immutable: true },
    loadIds: { type: [mongoose.Schema.Types.ObjectId], required: true, immutable: true },
    status: { type: String, enum: FREIGHT_INVOICE_STATUSES, required: true, default: 'draft' },
    currency: { type: String, required: true, immutable: true },
    lines: { type: [lineSchema], default: [] },
    totalCents: { type: Number, required: true, min: 0, immutable: true },
    paidCents: { type: Number, required: true, min: 0, default: 0 },
    payments: { type: [paymentSchema], default: [] },
    paymentTermsDays: { type: Number, required: true, min: 0, immutable: true },
    sentAt: { type: Date, default: null },
    dueAt: { type: Date, default: null },
    paidAt: { type: Date, default: null },
    voidedAt: { type: Date, default: null },
    voidReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'freight_invoices', timestamps: true },
);
freightInvoiceSchema.plugin(tenantPlugin);
// freight_invoice.issued / paid / voided are written with the invoice.
freightInvoiceSchema.plugin(eventsPlugin);
freightInvoiceSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
// The list's filters, newest first.
freightInvoiceSchema.index({ parentCompany: 1, status: 1, _id: -1 });
freightInvoiceSchema.index({ parentCompany: 1, billTo: 1, _id: -1 });
freightInvoiceSchema.index({ parentCompany: 1, loadIds: 1, _id: -1 });

export const FREIGHT_INVOICE_MODEL_NAME = 'FreightInvoice';

/** The FreightInvoice model on `connection`; safe to call again on the same connection. */
export function freightInvoiceModel(connection: Connection): FreightInvoiceModel {
  return (
    (connection.models[FREIGHT_INVOICE_MODEL_NAME] as FreightInvoiceModel | undefined) ??
    connection.model<FreightInvoiceDocument>(FREIGHT_INVOICE_MODEL_NAME, freightInvoiceSchema)
  );
}
