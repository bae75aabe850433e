import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { LINE_KINDS, type LineKind } from '../billing/money';
import { type TotalsView } from '@attunelogic/shared';

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** One line of a quote: labour (quantity in hours), a part of the inventory, or a fee. */
export interface QuoteLine {
  _id: mongoose.Types.ObjectId;
  kind: LineKind;
  description: string;
  /** At most two decimals. */
  quantity: number;
  /** In minor units of the quote's currency. */
  unitPriceCents: number;
  taxable: boolean;
  /** The inventory item of a part line; null otherwise. */
  itemId: mongoose.Types.ObjectId | null;
  /** The option the line belongs to (e.g. "Repair", "Replace"); null: part of every option. */
  option: string | null;
}

/** A quote (estimate) for a customer's location, before the job is booked. */
export interface QuoteDocument extends TenantOwned {
  number: number;
  customerId: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId;
  title: string;
  notes: string | null;
  status: QuoteStatus;
  /** ISO 4217, the tenant's when the quote was created. */
  currency: string;
  /** The tenant's tax rate when the quote was last edited as a draft. */
  taxRateBasisPoints: number;
  lines: QuoteLine[];
  /** Set when sent: after it, the customer can no longer accept (the quote reads as expired). */
  validUntil: Date | null;
  sentAt: Date | null;
  /** When and by whom it was accepted, declined or expired. */
  decidedAt: Date | null;
  decidedBy: mongoose.Types.ObjectId | null;
  acceptedOption: string | null;
  declineReason: string | null;
  /** The work order the accepted quote became. */
  workOrderId: mongoose.Types.ObjectId | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type QuoteModel = Model<QuoteDocument>;

const lineSchema = new mongoose.Schema<QuoteLine>({
  kind: { type: String, enum: LINE_KINDS, required: true },
  description: { type: String, required: true },
  quantity: { type: Number, required: true, min: 0 },
  unitPriceCents: { type: Number, required: true, min: 0 },
  taxable: { type: Boolean, required: true },
  itemId: { type: mongoose.Schema.Types.ObjectId, default: null },
  option: { type: String, default: null },
});

const quoteSchema = new mongoose.Schema<QuoteDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    customerId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    locationId: { type: mongoose.Schema.Types.ObjectId, required: true },
    title: { type: String, required: true, trim: true },
    notes: { type: String, default: null },
    status: { type: String, enum: QUOTE_STATUSES, required: true, default: 'draft' },
    currency: { type: String, required: true },
    taxRateBasisPoints: { type: Number, required: true, min: 0, max: 10_000 },
    lines: { type: [lineSchema], default: [] },
    validUntil: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: mongoose.Schema.Types.ObjectId, default: null },
    acceptedOption: { type: String, default: null },
    declineReason: { type: String, default: null },
    workOrderId: { type: mongoose.Schema.Types.ObjectId, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'quotes', timestamps: true },
);
quoteSchema.plugin(tenantPlugin);
quoteSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
quoteSchema.index({ parentCompany: 1, status: 1, _id: -1 });
quoteSchema.index({ parentCompany: 1, customerId: 1, _id: -1 });

export const QUOTE_MODEL_NAME = 'Quote';

/** The Quote model on `connection`; safe to call again on the same connection. */
export function quoteModel(connection: Connection): QuoteModel {
  return (connection.models[QUOTE_MODEL_NAME] as QuoteModel | undefined) ?? connection.model<QuoteDocument>(QUOTE_MODEL_NAME, quoteSchema);
}

/** A line as the API shows it: with the currency of its quote. */
export type QuoteLineView = QuoteLine & { currency: string };

/** One option of a quote with its totals. */
export interface QuoteOptionView {
  name: string;
  totals: TotalsView;
}
