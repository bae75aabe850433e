import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { VEHICLE_STATUSES, type VehicleStatus } from '../vehicles/vehicles.model';
import { retirementPaths } from '../common/retirement.model';

export const TRAILER_TYPES = ['dry_van', 'reefer', 'flatbed', 'step_deck', 'tanker', 'other'] as const;
export type TrailerType = (typeof TRAILER_TYPES)[number];

/** A trailer as stored: no engine, so no odometer or engine hours. */
export interface TrailerDocument extends TenantOwned {
  unitNumber: string;
  vin: string;
  type: TrailerType;
  make: string;
  model: string;
  year: number;
  plate: string | null;
  /** Length in feet (a 53' dry van is 53). */
  lengthFeet: number | null;
  status: VehicleStatus;
  /** The load the trailer is on, null when free; claimed like a vehicle's (see loads/assignment.ts). */
  activeLoad: mongoose.Types.ObjectId | null;
  /** When activeLoad was claimed: tells an assignment in progress from a claim left behind. */
  activeLoadClaimedAt?: Date | null;
  /** When the record was retired (status retired); null otherwise. */
  retiredAt?: Date | null;
  retirementReason?: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type TrailerModel = Model<TrailerDocument>;

const trailerSchema = new mongoose.Schema<TrailerDocument>(
  {
    unitNumber: { type: String, required: true, trim: true },
    vin: { type: String, required: true, uppercase: true, immutable: true },
    type: { type: String, enum: TRAILER_TYPES, required: true },
    make: { type: String, required: true, trim: true },
    model: { type: String, required: true, trim: true },
    year: { type: Number, required: true },
    plate: { type: String, default: null, trim: true },
    lengthFeet: { type: Number, default: null },
    status: { type: String, enum: VEHICLE_STATUSES, default: 'active', required: true },
    activeLoad: { type: mongoose.Schema.Types.ObjectId, default: null },
    activeLoadClaimedAt: { type: Date, default: null },
    ...retirementPaths,
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'trailers', timestamps: true },
);
trailerSchema.plugin(tenantPlugin);
// Trailers are numbered apart from power units (a "101" tractor and a "101" trailer may coexist).
trailerSchema.index({ parentCompany: 1, unitNumber: 1 }, { unique: true });
trailerSchema.index({ parentCompany: 1, status: 1, _id: -1 });

export const TRAILER_MODEL_NAME = 'Trailer';

/** The Trailer model on `connection`; safe to call again on the same connection. */
export function trailerModel(connection: Connection): TrailerModel {
  return (connection.models[TRAILER_MODEL_NAME] as TrailerModel | undefined) ?? connection.model<TrailerDocument>(TRAILER_MODEL_NAME, trailerSchema);
}
