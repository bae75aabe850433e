import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { retirementPaths } from '../common/retirement.model';

export const VEHICLE_STATUSES = ['active', 'in_shop', 'out_of_service', 'retired'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];
/** Power units: a tractor pulls trailers; a (straight) truck carries its own body. */
export const VEHICLE_TYPES = ['tractor', 'truck'] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

/** A vehicle as stored. */
export interface VehicleDocument extends TenantOwned {
  unitNumber: string;
  vin: string;
  type: VehicleType;
  make: string;
  model: string;
  year: number;
  plate: string | null;
  status: VehicleStatus;
  odometer: number;
  engineHours: number;
  /**
   * The load the vehicle is on (assigned or in transit), null when free. Claimed and released with
   * guarded single-document updates: this field is what makes "one active load per vehicle" hold
   * under concurrent assignments without a transaction (see loads/assignment.ts).
   */
  activeLoad: mongoose.Types.ObjectId | null;
  /** When activeLoad was claimed: tells an assignment in progress from a claim left behind. */
  activeLoadClaimedAt?: Date | null;
  /** The core user who created it (ids live in the core database; no join across databases). */
  /** When the record was retired (status retired); null otherwise. */
  retiredAt?: Date | null;
  retirementReason?: string | null;
  /** Counts the changes that move its maintenance due points (readings, type, status); see maintenance/due-index.ts. */
  dueSeq?: number;
  /** Set with every such change, cleared by the due builder once its due points are recomputed. */
  dueStale?: boolean;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type VehicleModel = Model<VehicleDocument>;

const vehicleSchema = new mongoose.Schema<VehicleDocument>(
  {
    unitNumber: { type: String, required: true, trim: true },
    vin: { type: String, required: true, uppercase: true, immutable: true },
    // Vehicles created before types existed are tractors (the resolver says so too).
    type: { type: String, enum: VEHICLE_TYPES, default: 'tractor', required: true },
    make: { type: String, required: true, trim: true },
    model: { type: String, required: true, trim: true },
    year: { type: Number, required: true },
    plate: { type: String, default: null, trim: true },
    status: { type: String, enum: VEHICLE_STATUSES, default: 'active', required: true },
    odometer: { type: Number, default: 0, min: 0 },
    engineHours: { type: Number, default: 0, min: 0 },
    activeLoad: { type: mongoose.Schema.Types.ObjectId, default: null },
    activeLoadClaimedAt: { type: Date, default: null },
    ...retirementPaths,
    dueSeq: { type: Number, default: 0 },
    dueStale: { type: Boolean, default: true },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'vehicles', timestamps: true },
);
vehicleSchema.plugin(tenantPlugin);
// Two tenants may both have a unit "101"; one tenant may not have it twice.
vehicleSchema.index({ parentCompany: 1, unitNumber: 1 }, { unique: true });
// The list's status filter, newest first.
vehicleSchema.index({ parentCompany: 1, status: 1, _id: -1 });
// The vehicles whose maintenance due points wait for the due builder (maintenance/due-index.ts).
vehicleSchema.index({ parentCompany: 1, dueStale: 1 });

export const VEHICLE_MODEL_NAME = 'Vehicle';

/** The Vehicle model on `connection`; safe to call again on the same connection. */
export function vehicleModel(connection: Connection): VehicleModel {
  return (connection.models[VEHICLE_MODEL_NAME] as VehicleModel | undefined) ?? connection.model<VehicleDocument>(VEHICLE_MODEL_NAME, vehicleSchema);
}
