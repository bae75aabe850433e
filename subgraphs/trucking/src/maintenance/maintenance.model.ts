import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { VEHICLE_TYPES, type VehicleType } from '../vehicles/vehicles.model';

/** A maintenance schedule: for one vehicle, or for every vehicle of a type. */
export interface MaintenanceScheduleDocument extends TenantOwned {
  name: string;
  description: string | null;
  vehicle: mongoose.Types.ObjectId | null;
  vehicleType: VehicleType | null;
  /** `vehicle:<id>` or `type:<type>`: what the schedule applies to, as one always-present key. */
  appliesTo: string;
  intervalMiles: number | null;
  intervalEngineHours: number | null;
  intervalDays: number | null;
  /** Overdue critical maintenance blocks assignments (per the tenant's settings). */
  critical: boolean;
  active: boolean;
  /** Counts the changes that move due points (intervals, criticality, active); see due-index.ts. */
  dueSeq?: number;
  /** Set with every such change, cleared by the due builder once every pair of the schedule is recomputed. */
  dueStale?: boolean;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A service performed: the maintenance log. */
export interface MaintenanceRecordDocument extends TenantOwned {
  vehicle: mongoose.Types.ObjectId;
  /** The schedule the service fulfils; null for unscheduled work. */
  schedule: mongoose.Types.ObjectId | null;
  performedAt: Date;
  odometer: number;
  engineHours: number;
  notes: string | null;
  costCents: number | null;
  /** `<vehicle>:<schedule or none>:<performedAt>`: the same service recorded twice is one record. */
  dedupeKey: string;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The last service of a schedule on a vehicle, where its intervals restart. Kept apart from the log
 * so "what is due" reads one document per pair rather than the whole history (FerretDB has no
 * $group/$first to find the newest record per pair).
 */
export interface MaintenanceStateDocument extends TenantOwned {
  /** `<vehicle>:<schedule>`. */
  key: string;
  vehicle: mongoose.Types.ObjectId;
  schedule: mongoose.Types.ObjectId;
  record: mongoose.Types.ObjectId;
  performedAt: Date;
  odometer: number;
  engineHours: number;
  /** Counts the moves of the restart point; see due-index.ts. */
  dueSeq?: number;
  /** Set with every move, cleared by the due builder once the pair is recomputed. */
  dueStale?: boolean;
}

/**
 * The due points of a (vehicle, schedule) pair: the index `maintenanceDue` pages on (due-index.ts).
 * `dueAt` / `overdueAt` are the points from which the pair is due / overdue: an instant (epoch ms)
 * for a days interval; for miles and hours, which move with readings rather than with time, a
 * negative rank `-(1 + fraction over)` once the readings are in the margin / past the point, so the
 * furthest over sorts first and "is it due at `now`" stays one range condition. NEVER otherwise.
 * The `*Seq` fields are the versions of the vehicle, schedule and restart point it was computed from.
 */
export interface MaintenanceDuePointDocument extends TenantOwned {
  /** `<vehicle>:<schedule>`: also the last key of the page order. */
  key: string;
  vehicle: mongoose.Types.ObjectId;
  schedule: mongoose.Types.ObjectId;
  /** The restart point (MaintenanceState) it was computed from; null when no service is recorded. */
  state: mongoose.Types.ObjectId | null;
  critical: boolean;
  /** The vehicle is retired: left out of the fleet's list, kept for the list of that vehicle. */
  retired: boolean;
  dueAt: number;
  overdueAt: number;
  /**
   * `dueAt` is at most the builder's time plus SOON_AHEAD_MS when it wrote the pair (due-index.ts): an
   * equality FerretDB pushes down to PostgreSQL, so a read decodes the pairs near due, not the fleet's.
   */
  soon: boolean;
  vehicleSeq: number;
  scheduleSeq: number;
  stateSeq: number;
}

/** That a tenant's older documents were marked for the due builder: after it, the index may be read. */
export interface MaintenanceDueBuildDocument extends TenantOwned {
  version: number;
  /** Until this time (epoch ms) every pair due by then is marked `soon`: reads at a later time compute in memory. */
  horizon: number;
}

export type MaintenanceScheduleModel = Model<MaintenanceScheduleDocument>;
export type MaintenanceRecordModel = Model<MaintenanceRecordDocument>;
export type MaintenanceStateModel = Model<MaintenanceStateDocument>;
export type MaintenanceDuePointModel = Model<MaintenanceDuePointDocument>;
export type MaintenanceDueBuildModel = Model<MaintenanceDueBuildDocument>;

// New documents start stale: the due builder computes their pairs.
const dueMarkers = { dueSeq: { type: Number, default: 0 }, dueStale: { type: Boolean, default: true } };

const scheduleSchema = new mongoose.Schema<MaintenanceScheduleDocument>(
  {
    name: { type: String, required: true, trim: true },
    description: { type: String, default: null },
    vehicle: { type: mongoose.Schema.Types.ObjectId, default: null, immutable: true },
    vehicleType: { type: String, enum: VEHICLE_TYPES, default: null, immutable: true },
    appliesTo: { type: String, required: true, immutable: true },
    intervalMiles: { type: Number, default: null },
    intervalEngineHours: { type: Number, default: null },
    intervalDays: { type: Number, default: null },
    critical: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    ...dueMarkers,
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'maintenance_schedules', timestamps: true },
);
scheduleSchema.plugin(tenantPlugin);
scheduleSchema.index({ parentCompany: 1, appliesTo: 1, name: 1 }, { unique: true });
scheduleSchema.index({ parentCompany: 1, dueStale: 1 });

const recordSchema = new mongoose.Schema<MaintenanceRecordDocument>(
  {
    vehicle: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    schedule: { type: mongoose.Schema.Types.ObjectId, default: null, immutable: true },
    performedAt: { type: Date, required: true },
    odometer: { type: Number, required: true, min: 0 },
    engineHours: { type: Number, required: true, min: 0 },
    notes: { type: String, default: null },
    costCents: { type: Number, default: null },
    dedupeKey: { type: String, required: true, immutable: true },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'maintenance_records', timestamps: true },
);
recordSchema.plugin(tenantPlugin);
recordSchema.index({ parentCompany: 1, dedupeKey: 1 }, { unique: true });
recordSchema.index({ parentCompany: 1, vehicle: 1, _id: -1 });

const stateSchema = new mongoose.Schema<MaintenanceStateDocument>(
  {
    key: { type: String, required: true, immutable: true },
    vehicle: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    schedule: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    record: { type: mongoose.Schema.Types.ObjectId, required: true },
    performedAt: { type: Date, required: true },
    odometer: { type: Number, required: true },
    engineHours: { type: Number, required: true },
    ...dueMarkers,
  },
  { collection: 'maintenance_states' },
);
stateSchema.plugin(tenantPlugin);
stateSchema.index({ parentCompany: 1, key: 1 }, { unique: true });
stateSchema.index({ parentCompany: 1, vehicle: 1 });
stateSchema.index({ parentCompany: 1, dueStale: 1 });

const duePointSchema = new mongoose.Schema<MaintenanceDuePointDocument>(
  {
    key: { type: String, required: true, immutable: true },
    vehicle: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    schedule: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    state: { type: mongoose.Schema.Types.ObjectId, default: null },
    critical: { type: Boolean, required: true },
    retired: { type: Boolean, required: true },
    dueAt: { type: Number, required: true },
    overdueAt: { type: Number, required: true },
    soon: { type: Boolean, required: true },
    vehicleSeq: { type: Number, required: true },
    scheduleSeq: { type: Number, required: true },
    stateSeq: { type: Number, required: true },
  },
  { collection: 'maintenance_due' },
);
duePointSchema.plugin(tenantPlugin);
duePointSchema.index({ parentCompany: 1, key: 1 }, { unique: true });
// The two phases of maintenanceDue, each in its page order (critical first, earliest point, pair),
// among the pairs near due.
duePointSchema.index({ parentCompany: 1, retired: 1, soon: 1, critical: -1, overdueAt: 1, key: 1 });
duePointSchema.index({ parentCompany: 1, retired: 1, soon: 1, critical: -1, dueAt: 1, key: 1 });
duePointSchema.index({ parentCompany: 1, vehicle: 1, critical: -1, overdueAt: 1, key: 1 });
duePointSchema.index({ parentCompany: 1, schedule: 1 });

const dueBuildSchema = new mongoose.Schema<MaintenanceDueBuildDocument>(
  { version: { type: Number, required: true }, horizon: { type: Number, default: 0 } },
  { collection: 'maintenance_due_builds' },
);
dueBuildSchema.plugin(tenantPlugin);
dueBuildSchema.index({ parentCompany: 1, version: 1 }, { unique: true });

const model = <T>(connection: Connection, name: string, schema: mongoose.Schema<T>): Model<T> =>
  (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);

/** The maintenance models on `connection`; safe to call again on the same connection. */
export const maintenanceModels = (connection: Connection) => ({
  MaintenanceSchedule: model(connection, 'MaintenanceSchedule', scheduleSchema),
  MaintenanceRecord: model(connection, 'MaintenanceRecord', recordSchema),
  MaintenanceState: model(connection, 'MaintenanceState', stateSchema),
  MaintenanceDuePoint: model(connection, 'MaintenanceDuePoint', duePointSchema),
  MaintenanceDueBuild: model(connection, 'MaintenanceDueBuild', dueBuildSchema),
});

export const appliesToVehicle = (id: mongoose.Types.ObjectId): string => `vehicle:${id.toHexString()}`;
export const appliesToType = (type: VehicleType): string => `type:${type}`;
export const stateKey = (vehicle: mongoose.Types.ObjectId, schedule: mongoose.Types.ObjectId): string => `${vehicle.toHexString()}:${schedule.toHexString()}`;
