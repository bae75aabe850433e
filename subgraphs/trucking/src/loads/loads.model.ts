import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { eventsPlugin } from '@attunelogic/shared/events';

export const LOAD_STATUSES = ['draft', 'tendered', 'assigned', 'in_transit', 'delivered', 'invoiced', 'cancelled'] as const;
export type LoadStatus = (typeof LOAD_STATUSES)[number];
/** The statuses in which a load holds its driver, vehicle and trailer. */
export const ACTIVE_LOAD_STATUSES = ['assigned', 'in_transit'] as const satisfies readonly LoadStatus[];
export const STOP_TYPES = ['pickup', 'delivery'] as const;
/** Why a load was cancelled: the vocabulary a dispatcher picks from (with free text beside it). */
export const CANCELLATION_REASONS = [
  'customer_cancelled',
  'shipper_not_ready',
  'rate_dispute',
  'equipment_failure',
  'driver_unavailable',
  'weather',
  'duplicate',
  'other',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];
export type StopType = (typeof STOP_TYPES)[number];

export interface StopAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
}

/** A stop of a load, in the planned order. */
export interface LoadStop {
  _id: mongoose.Types.ObjectId;
  type: StopType;
  /** For a delivery: the pickup whose freight it delivers; null = after every pickup of the load. */
  pickupStop: mongoose.Types.ObjectId | null;
  name: string | null;
  address: StopAddress;
  latitude: number;
  longitude: number;
  windowStart: Date;
  windowEnd: Date;
  arrivedAt: Date | null;
  departedAt: Date | null;
  notes: string | null;
  /** The party whose location the stop is at (parties/); null for a stop entered as free text. */
  party?: mongoose.Types.ObjectId | null;
  partyLocation?: mongoose.Types.ObjectId | null;
}

/** Why, when and by whom a load was cancelled. */
export interface LoadCancellation {
  /** Null for a load cancelled through updateLoadStatus, which records no reason. */
  reason: CancellationReason | null;
  note: string | null;
  at: Date;
  by: mongoose.Types.ObjectId;
}

export interface LoadStatusChange {
  status: LoadStatus;
  at: Date;
  by: mongoose.Types.ObjectId;
}

/** What an accessorial charge of a load is for. */
export const ACCESSORIAL_KINDS = ['detention', 'lumper', 'fuel_surcharge', 'other'] as const;
export type AccessorialKind = (typeof ACCESSORIAL_KINDS)[number];

/** A charge billed with a load besides its rate (billing/): minor units of the tenant's currency. */
export interface Accessorial {
  _id: mongoose.Types.ObjectId;
  kind: AccessorialKind;
  description: string | null;
  amountCents: number;
  addedAt: Date;
  addedBy: mongoose.Types.ObjectId;
}

/** A load as stored. */
export interface LoadDocument extends TenantOwned {
  /** The tenant's load number (on the rate confirmation and the bill of lading), unique within the tenant. */
  referenceNumber: string;
  /** Who the load is for, as the tenant bills them: trucking keeps no customer records of its own. */
  customerReference: string;
  commodity: string | null;
  weightLbs: number;
  rateCents: number;
  status: LoadStatus;
  stops: LoadStop[];
  driver: mongoose.Types.ObjectId | null;
  vehicle: mongoose.Types.ObjectId | null;
  trailer: mongoose.Types.ObjectId | null;
  /** Earliest window start of any stop: the date-range filter's start. */
  pickupAt: Date;
  /** Latest window end of any stop: the date-range filter's end. */
  deliverBy: Date;
  statusHistory: LoadStatusChange[];
  /** The dispatcher's notes on the load. */
  notes?: string | null;
  /** Set when the load is cancelled. */
  cancellation?: LoadCancellation | null;
  /** The party billed for the load (parties/); null for a load billed by `customerReference` alone. */
  billTo?: mongoose.Types.ObjectId | null;
  /** Charges besides the rate (billing/), changed only while the load has no invoice. */
  accessorials?: Accessorial[];
  /** The live freight invoice that bills the load (billing/); null again when it is voided. */
  invoiceId?: mongoose.Types.ObjectId | null;
  /** The live driver settlement that pays for the load (settlements/); null again when it is voided. */
  settlementId?: mongoose.Types.ObjectId | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type LoadModel = Model<LoadDocument>;

const stopSchema = new mongoose.Schema<LoadStop>({
  type: { type: String, enum: STOP_TYPES, required: true },
  pickupStop: { type: mongoose.Schema.Types.ObjectId, default: null },
  name: { type: String, default: null },
  address: {
    line1: { type: String, required: true },
    line2: { type: String, default: null },
    city: { type: String, required: true },
    state: { type: String, required: true },
    postalCode: { type: String, required: true },
  },
  latitude: { type: Number, required: true },
  longitude: { type: Number, required: true },
  windowStart: { type: Date, required: true },
  windowEnd: { type: Date, required: true },
  arrivedAt: { type: Date, default: null },
  departedAt: { type: Date, default: null },
  notes: { type: String, default: null },
  party: { type: mongoose.Schema.Types.ObjectId, default: null },
  partyLocation: { type: mongoose.Schema.Types.ObjectId, default: null },
});

const loadSchema = new mongoose.Schema<LoadDocument>(
  {
    referenceNumber: { type: String, required: true, trim: true },
    customerReference: { type: String, required: true, trim: true },
    commodity: { type: String, default: null },
    weightLbs: { type: Number, required: true, min: 0 },
    rateCents: { type: Number, required: true, min: 0 },
    status: { type: String, enum: LOAD_STATUSES, required: true },
    stops: { type: [stopSchema], required: true },
    driver: { type: mongoose.Schema.Types.ObjectId, default: null },
    vehicle: { type: mongoose.Schema.Types.ObjectId, default: null },
    trailer: { type: mongoose.Schema.Types.ObjectId, default: null },
    pickupAt: { type: Date, required: true },
    deliverBy: { type: Date, required: true },
    statusHistory: {
      type: [
        {
          _id: false,
          status: { type: String, enum: LOAD_STATUSES, required: true },
          at: { type: Date, required: true },
          by: { type: mongoose.Schema.Types.ObjectId, required: true },
        },
      ],
      default: [],
    },
    notes: { type: String, default: null },
    cancellation: {
      type: new mongoose.Schema<LoadCancellation>(
        {
          reason: { type: String, enum: [...CANCELLATION_REASONS, null], default: null },
          note: { type: String, default: null },
          at: { type: Date, required: true },
          by: { type: mongoose.Schema.Types.ObjectId, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    billTo: { type: mongoose.Schema.Types.ObjectId, default: null },
    accessorials: {
      type: [
        {
          kind: { type: String, enum: ACCESSORIAL_KINDS, required: true },
          description: { type: String, default: null },
          amountCents: { type: Number, required: true, min: 1 },
          addedAt: { type: Date, required: true },
          addedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
        },
      ],
      default: [],
    },
    invoiceId: { type: mongoose.Schema.Types.ObjectId, default: null },
    settlementId: { type: mongoose.Schema.Types.ObjectId, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'loads', timestamps: true },
);
loadSchema.plugin(tenantPlugin);
// Its writes carry domain events (the outbox's pending marker).
loadSchema.plugin(eventsPlugin);
loadSchema.index({ parentCompany: 1, referenceNumber: 1 }, { unique: true });
// The list's filters, newest first.
loadSchema.index({ parentCompany: 1, status: 1, _id: -1 });
loadSchema.index({ parentCompany: 1, driver: 1, _id: -1 });
loadSchema.index({ parentCompany: 1, vehicle: 1, _id: -1 });
loadSchema.index({ parentCompany: 1, pickupAt: 1 });

export const LOAD_MODEL_NAME = 'Load';

/** The Load model on `connection`; safe to call again on the same connection. */
export function loadModel(connection: Connection): LoadModel {
  return (connection.models[LOAD_MODEL_NAME] as LoadModel | undefined) ?? connection.model<LoadDocument>(LOAD_MODEL_NAME, loadSchema);
}
