import mongoose, { type Connection, type Model } from 'mongoose';
import { SETTLEMENT_PAY_BASES } from '@attunelogic/shared/tenancy';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

/** draft (computed, correctable by voiding) → approved → paid; void from draft or approved. */
export const SETTLEMENT_STATUSES = ['draft', 'approved', 'paid', 'void'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];
export type PayBasis = (typeof SETTLEMENT_PAY_BASES)[number];

/** What one delivered load pays the driver. */
export interface SettlementLine {
  _id: mongoose.Types.ObjectId;
  loadId: mongoose.Types.ObjectId;
  referenceNumber: string;
  deliveredAt: Date;
  /** Great-circle length of the load's stops in order, in the tenant's distance unit, two decimals. */
  distance: number;
  /** The load's rate. */
  lineHaulCents: number;
  amountCents: number;
}

/** A driver's pay for the loads they delivered in a pay period, by the tenant's settlement configuration. */
export interface DriverSettlementDocument extends TenantOwned {
  number: number;
  driver: mongoose.Types.ObjectId;
  /** The pay period: deliveries from `periodStart` (inclusive) to `periodEnd` (exclusive). */
  periodStart: Date;
  periodEnd: Date;
  /** `settlement.*` of the tenant when the settlement was made. */
  payBasis: PayBasis;
  ratePerMileCents: number;
  ratePerLoadCents: number;
  lineHaulShareBasisPoints: number;
  distanceUnit: 'mi' | 'km';
  currency: string;
  lines: SettlementLine[];
  totalCents: number;
  status: SettlementStatus;
  approvedAt: Date | null;
  approvedBy: mongoose.Types.ObjectId | null;
  paidAt: Date | null;
  paymentReference: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type DriverSettlementModel = Model<DriverSettlementDocument>;

const lineSchema = new mongoose.Schema<SettlementLine>({
  loadId: { type: mongoose.Schema.Types.ObjectId, required: true },
  referenceNumber: { type: String, required: true },
  deliveredAt: { type: Date, required: true },
  distance: { type: Number, required: true, min: 0 },
  lineHaulCents: { type: Number, required: true, min: 0 },
  amountCents: { type: Number, required: true, min: 0 },
});

const settlementSchema = new mongoose.Schema<DriverSettlementDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    driver: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    periodStart: { type: Date, required: true, immutable: true },
    periodEnd: { type: Date, required: true, immutable: true },
    payBasis: { type: String, enum: SETTLEMENT_PAY_BASES, required: true, immutable: true },
    ratePerMileCents: { type: Number, required: true, min: 0, immutable: true },
    ratePerLoadCents: { type: Number, required: true, min: 0, immutable: true },
    lineHaulShareBasisPoints: { type: Number, required: true, min: 0, max: 10_000, immutable: true },
    distanceUnit: { type: String, enum: ['mi', 'km'], required: true, immutable: true },
    currency: { type: String, required: true, immutable: true },
    lines: { type: [lineSchema], default: [] },
    totalCents: { type: Number, required: true, min: 0, immutable: true },
    status: { type: String, enum: SETTLEMENT_STATUSES, required: true, default: 'draft' },
    approvedAt: { type: Date, default: null },
    approvedBy: { type: mongoose.Schema.Types.ObjectId, default: null },
    paidAt: { type: Date, default: null },
    paymentReference: { type: String, default: null },
    voidedAt: { type: Date, default: null },
    voidReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'driver_settlements', timestamps: true },
);
settlementSchema.plugin(tenantPlugin);
settlementSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
settlementSchema.index({ parentCompany: 1, driver: 1, _id: -1 });
settlementSchema.index({ parentCompany: 1, status: 1, _id: -1 });

export const DRIVER_SETTLEMENT_MODEL_NAME = 'DriverSettlement';

/** The DriverSettlement model on `connection`; safe to call again on the same connection. */
export function driverSettlementModel(connection: Connection): DriverSettlementModel {
  return (
    (connection.models[DRIVER_SETTLEMENT_MODEL_NAME] as DriverSettlementModel | undefined) ??
    connection.model<DriverSettlementDocument>(DRIVER_SETTLEMENT_MODEL_NAME, settlementSchema)
  );
}
