import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { type GeoPoint } from '../geo/geo';

export interface CustomerAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  /** For US addresses the five-digit ZIP code, which service areas match on. */
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** A place where the customer wants work done. */
export interface CustomerLocation {
  _id: mongoose.Types.ObjectId;
  label: string | null;
  address: CustomerAddress;
  coordinates: GeoPoint | null;
  /** Set when retired: kept for the work orders that name it, refused for new ones. Absent in older data. */
  retiredAt?: Date | null;
}

export interface CustomerDocument extends TenantOwned {
  name: string;
  /** Lower-cased. */
  email: string | null;
  /** E.164. */
  phone: string | null;
  notes: string | null;
  locations: CustomerLocation[];
  /** Set when retired: hidden from lists by default, kept for history, refused for new work orders. */
  retiredAt?: Date | null;
  /**
   * Lower-case words of the name, the email and its parts, the phone's digits (international and
   * national): what `customers(filter: { search })` matches the beginning of.
   */
  searchTokens: string[];
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type CustomerModel = Model<CustomerDocument>;

const pointSchema = new mongoose.Schema<GeoPoint>(
  { lat: { type: Number, required: true, min: -90, max: 90 }, lng: { type: Number, required: true, min: -180, max: 180 } },
  { _id: false },
);

const addressSchema = new mongoose.Schema<CustomerAddress>(
  {
    line1: { type: String, required: true },
    line2: { type: String, default: null },
    city: { type: String, required: true },
    region: { type: String, default: null },
    postalCode: { type: String, required: true },
    country: { type: String, required: true },
  },
  { _id: false },
);

const locationSchema = new mongoose.Schema<CustomerLocation>({
  label: { type: String, default: null },
  address: { type: addressSchema, required: true },
  coordinates: { type: pointSchema, default: null },
  retiredAt: { type: Date, default: null },
});

const customerSchema = new mongoose.Schema<CustomerDocument>(
  {
    name: { type: String, required: true, trim: true },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    notes: { type: String, default: null },
    locations: { type: [locationSchema], default: [] },
    searchTokens: { type: [String], default: [] },
    retiredAt: { type: Date, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'customers', timestamps: true },
);
customerSchema.plugin(tenantPlugin);
customerSchema.index({ parentCompany: 1, searchTokens: 1 });

export const CUSTOMER_MODEL_NAME = 'Customer';

export function customerModel(connection: Connection): CustomerModel {
  return (connection.models[CUSTOMER_MODEL_NAME] as CustomerModel | undefined) ?? connection.model<CustomerDocument>(CUSTOMER_MODEL_NAME, customerSchema);
}

export { pointSchema };
