import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { pointSchema } from '../customers/customers.model';
import { type GeoPoint } from '../geo/geo';
import { type WorkOrderPriority } from '../work-orders/work-orders.model';
import { WEEKDAYS, type WorkingPeriod } from './working-hours';

export interface TechnicianSkill {
  /** Lower-case, e.g. `hvac`, `plumbing`. */
  name: string;
  /** 1 (trainee) to 5 (expert). */
  level: number;
}

export interface TimeOff {
  _id: mongoose.Types.ObjectId;
  start: Date;
  end: Date;
  reason: string | null;
}

/**
 * One assignment on the technician's schedule. The technician document holds them all, so one guarded
 * write (compare-and-swap on `scheduleVersion`) decides whether a new booking overlaps another.
 */
export interface Booking {
  workOrderId: mongoose.Types.ObjectId;
  workOrderNumber: number;
  priority: WorkOrderPriority;
  start: Date;
  end: Date;
  /** Where the job is, for "distance from the last job". */
  point: GeoPoint | null;
  bookedAt: Date;
}

/** A technician: a core user (role technician) with the profile dispatch needs. */
export interface TechnicianDocument extends TenantOwned {
  /** The core user: one of the tenant's users with the technician role when the profile was created (createTechnician checks core's users). */
  userId: mongoose.Types.ObjectId;
  active: boolean;
  skills: TechnicianSkill[];
  serviceAreaIds: mongoose.Types.ObjectId[];
  workingHours: WorkingPeriod[];
  /** IANA zone of the working hours. */
  timeZone: string;
  timeOff: TimeOff[];
  homeBase: GeoPoint | null;
  bookings: Booking[];
  /** Incremented by every change of `bookings`; the compare-and-swap guard of the schedule. */
  scheduleVersion: number;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type TechnicianModel = Model<TechnicianDocument>;

const skillSchema = new mongoose.Schema<TechnicianSkill>(
  { name: { type: String, required: true }, level: { type: Number, required: true, min: 1, max: 5 } },
  { _id: false },
);

const periodSchema = new mongoose.Schema<WorkingPeriod>(
  {
    weekday: { type: String, enum: WEEKDAYS, required: true },
    start: { type: Number, required: true, min: 0, max: 1440 },
    end: { type: Number, required: true, min: 0, max: 1440 },
  },
  { _id: false },
);

const timeOffSchema = new mongoose.Schema<TimeOff>({
  start: { type: Date, required: true },
  end: { type: Date, required: true },
  reason: { type: String, default: null },
});

const bookingSchema = new mongoose.Schema<Booking>(
  {
    workOrderId: { type: mongoose.Schema.Types.ObjectId, required: true },
    workOrderNumber: { type: Number, required: true },
    priority: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    point: { type: pointSchema, default: null },
    bookedAt: { type: Date, required: true },
  },
  { _id: false },
);

const technicianSchema = new mongoose.Schema<TechnicianDocument>(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    active: { type: Boolean, required: true, default: true },
    skills: { type: [skillSchema], default: [] },
    serviceAreaIds: { type: [mongoose.Schema.Types.ObjectId], default: [] },
    workingHours: { type: [periodSchema], default: [] },
    timeZone: { type: String, required: true, default: 'UTC' },
    timeOff: { type: [timeOffSchema], default: [] },
    homeBase: { type: pointSchema, default: null },
    bookings: { type: [bookingSchema], default: [] },
    scheduleVersion: { type: Number, required: true, default: 0 },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'technicians', timestamps: true },
);
technicianSchema.plugin(tenantPlugin);
// One technician profile per core user and tenant.
technicianSchema.index({ parentCompany: 1, userId: 1 }, { unique: true });
technicianSchema.index({ parentCompany: 1, 'skills.name': 1 });
technicianSchema.index({ parentCompany: 1, serviceAreaIds: 1 });

export const TECHNICIAN_MODEL_NAME = 'Technician';

export function technicianModel(connection: Connection): TechnicianModel {
  return (connection.models[TECHNICIAN_MODEL_NAME] as TechnicianModel | undefined) ?? connection.model<TechnicianDocument>(TECHNICIAN_MODEL_NAME, technicianSchema);
}
