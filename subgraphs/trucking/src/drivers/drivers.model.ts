import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { eventsPlugin } from '@attunelogic/shared/events';
import { retirementPaths } from '../common/retirement.model';

/** `retired`: left the company; kept for history, hidden from pickers (see common/retirement.ts). */
export const DRIVER_STATUSES = ['active', 'on_leave', 'inactive', 'retired'] as const;
export type DriverStatus = (typeof DRIVER_STATUSES)[number];
/** Commercial driver's license classes (49 CFR 383.91). */
export const LICENSE_CLASSES = ['A', 'B', 'C'] as const;
export type LicenseClass = (typeof LICENSE_CLASSES)[number];

/** The newest ping of a driver, kept on the driver so "latest position per driver" is one list query. */
export interface LastLocation {
  /** The ping in driver_locations this copies. */
  location: mongoose.Types.ObjectId;
  latitude: number;
  longitude: number;
  recordedAt: Date;
  receivedAt: Date;
  speedKmh: number | null;
  headingDegrees: number | null;
  accuracyMeters: number | null;
}

/** A driver as stored: the trucking profile of a core user. */
export interface DriverDocument extends TenantOwned {
  /**
   * The core user this profile belongs to: one of the tenant's users with the driver role when the
   * profile was created (createDriver checks core's users through a read-only view, see
   * shared/src/tenancy/core-users.ts).
   */
  userId: mongoose.Types.ObjectId;
  licenseNumber: string;
  licenseClass: LicenseClass;
  /** Two-letter code of the issuing state. */
  licenseState: string;
  /** Midnight UTC of the last day the license is valid. */
  licenseExpiresOn: Date;
  status: DriverStatus;
  phone: string | null;
  /** The vehicle the driver usually drives; informative, not a claim. */
  currentVehicle: mongoose.Types.ObjectId | null;
  /** The load the driver was last assigned (assigned or in transit), null when free (see loads/assignment.ts). */
  activeLoad: mongoose.Types.ObjectId | null;
  /**
   * Every active load holding the driver, oldest first: the claim, at most the tenant's
   * `dispatch.maxLoadsPerDriver` long. Missing on drivers stored before it (`activeLoad` is then the one).
   */
  activeLoads?: mongoose.Types.ObjectId[];
  /** When activeLoad was claimed: tells an assignment in progress from a claim left behind. */
  activeLoadClaimedAt?: Date | null;
  lastLocation: LastLocation | null;
  /** When the record was retired (status retired); null otherwise. */
  retiredAt?: Date | null;
  retirementReason?: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type DriverModel = Model<DriverDocument>;

const lastLocationSchema = new mongoose.Schema<LastLocation>(
  {
    location: { type: mongoose.Schema.Types.ObjectId, required: true },
    latitude: { type: Number, required: true },
    longitude: { type: Number, required: true },
    recordedAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    speedKmh: { type: Number, default: null },
    headingDegrees: { type: Number, default: null },
    accuracyMeters: { type: Number, default: null },
  },
  { _id: false },
);

const driverSchema = new mongoose.Schema<DriverDocument>(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    licenseNumber: { type: String, required: true, trim: true, uppercase: true },
    licenseClass: { type: String, enum: LICENSE_CLASSES, required: true },
    licenseState: { type: String, required: true, uppercase: true },
    licenseExpiresOn: { type: Date, required: true },
    status: { type: String, enum: DRIVER_STATUSES, default: 'active', required: true },
    phone: { type: String, default: null },
    currentVehicle: { type: mongoose.Schema.Types.ObjectId, default: null },
    activeLoad: { type: mongoose.Schema.Types.ObjectId, default: null },
    activeLoads: { type: [mongoose.Schema.Types.ObjectId], default: [] },
    activeLoadClaimedAt: { type: Date, default: null },
    lastLocation: { type: lastLocationSchema, default: null },
    ...retirementPaths,
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'drivers', timestamps: true },
);
driverSchema.plugin(tenantPlugin);
// A newer position carries its driver.position event in the same write (see tracking.service.ts).
driverSchema.plugin(eventsPlugin);
// One driver profile per user, and one per license, within a tenant.
driverSchema.index({ parentCompany: 1, userId: 1 }, { unique: true });
driverSchema.index({ parentCompany: 1, licenseState: 1, licenseNumber: 1 }, { unique: true });
driverSchema.index({ parentCompany: 1, status: 1, _id: -1 });

export const DRIVER_MODEL_NAME = 'Driver';

/** The Driver model on `connection`; safe to call again on the same connection. */
export function driverModel(connection: Connection): DriverModel {
  return (connection.models[DRIVER_MODEL_NAME] as DriverModel | undefined) ?? connection.model<DriverDocument>(DRIVER_MODEL_NAME, driverSchema);
}
