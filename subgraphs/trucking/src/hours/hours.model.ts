import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { DUTY_STATUSES, type DutyStatus } from './rules';

/**
 * A driver's duty-status change, as recorded: from `at` on, the driver is `status`. Never edited:
 * a correction is a new event that names the one it replaces (`supersedes`), and the replaced one is
 * marked `supersededBy`, so the log keeps what was first recorded beside what stands.
 */
export interface DutyStatusEventDocument extends TenantOwned {
  driver: mongoose.Types.ObjectId;
  status: DutyStatus;
  at: Date;
  latitude: number | null;
  longitude: number | null;
  note: string | null;
  /** The event this one corrects. */
  supersedes: mongoose.Types.ObjectId | null;
  /** The correction that replaced this event; null while it stands. */
  supersededBy: mongoose.Types.ObjectId | null;
  /** Why a correction was made (required on corrections). */
  reason: string | null;
  /** Whether the driver recorded it (rather than a dispatcher). */
  byDriver: boolean;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type DutyStatusEventModel = Model<DutyStatusEventDocument>;

const dutyStatusEventSchema = new mongoose.Schema<DutyStatusEventDocument>(
  {
    driver: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    status: { type: String, enum: DUTY_STATUSES, required: true, immutable: true },
    at: { type: Date, required: true, immutable: true },
    latitude: { type: Number, default: null, immutable: true },
    longitude: { type: Number, default: null, immutable: true },
    note: { type: String, default: null, immutable: true },
    supersedes: { type: mongoose.Schema.Types.ObjectId, default: null, immutable: true },
    supersededBy: { type: mongoose.Schema.Types.ObjectId, default: null },
    reason: { type: String, default: null, immutable: true },
    byDriver: { type: Boolean, required: true, immutable: true },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'duty_status_events', timestamps: true },
);
dutyStatusEventSchema.plugin(tenantPlugin);
// A driver's log in time order. Unique: one standing event (supersededBy null) per driver and
// instant, so the order of a log is never ambiguous; a correction supersedes before it is inserted.
dutyStatusEventSchema.index({ parentCompany: 1, driver: 1, at: 1, supersededBy: 1 }, { unique: true });
// The tenant's events in a period (violations).
dutyStatusEventSchema.index({ parentCompany: 1, at: 1 });

export const DUTY_STATUS_EVENT_MODEL_NAME = 'DutyStatusEvent';

/** The DutyStatusEvent model on `connection`; safe to call again on the same connection. */
export function dutyStatusEventModel(connection: Connection): DutyStatusEventModel {
  return (
    (connection.models[DUTY_STATUS_EVENT_MODEL_NAME] as DutyStatusEventModel | undefined) ??
    connection.model<DutyStatusEventDocument>(DUTY_STATUS_EVENT_MODEL_NAME, dutyStatusEventSchema)
  );
}
