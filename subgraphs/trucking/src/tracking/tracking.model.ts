import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

/** One position ping of a driver, as stored. */
export interface DriverLocationDocument extends TenantOwned {
  driver: mongoose.Types.ObjectId;
  latitude: number;
  longitude: number;
  /** When the device took the reading (the client's clock); pings may arrive out of this order. */
  recordedAt: Date;
  /** When the server received it. */
  receivedAt: Date;
  speedKmh: number | null;
  headingDegrees: number | null;
  accuracyMeters: number | null;
}

export type DriverLocationModel = Model<DriverLocationDocument>;

const driverLocationSchema = new mongoose.Schema<DriverLocationDocument>(
  {
    driver: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    latitude: { type: Number, required: true },
    longitude: { type: Number, required: true },
    recordedAt: { type: Date, required: true, immutable: true },
    receivedAt: { type: Date, required: true },
    speedKmh: { type: Number, default: null },
    headingDegrees: { type: Number, default: null },
    accuracyMeters: { type: Number, default: null },
  },
  { collection: 'driver_locations' },
);
driverLocationSchema.plugin(tenantPlugin);
// A driver is in one place at one instant: the same reading sent twice (a device retrying) is one
// ping. The index also serves a driver's track, in time order.
driverLocationSchema.index({ parentCompany: 1, driver: 1, recordedAt: 1 }, { unique: true });

export const DRIVER_LOCATION_MODEL_NAME = 'DriverLocation';

/** The DriverLocation model on `connection`; safe to call again on the same connection. */
export function driverLocationModel(connection: Connection): DriverLocationModel {
  return (
    (connection.models[DRIVER_LOCATION_MODEL_NAME] as DriverLocationModel | undefined) ??
    connection.model<DriverLocationDocument>(DRIVER_LOCATION_MODEL_NAME, driverLocationSchema)
  );
}
