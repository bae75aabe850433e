import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { type StopAddress } from '../loads/loads.model';

/** What a party is to the carrier: who ships, who receives, who brokers (one party may be all three). */
export const PARTY_KINDS = ['shipper', 'receiver', 'broker'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** Someone to call at a party's location (the dock, the receiving clerk, the broker's agent). */
export interface PartyContact {
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
}

/** A facility of a party: where a stop picks up or delivers. */
export interface PartyLocation {
  _id: mongoose.Types.ObjectId;
  name: string;
  address: StopAddress;
  latitude: number;
  longitude: number;
  contacts: PartyContact[];
  notes: string | null;
}

/** What a load created for the party starts from (each may be overridden on the load). */
export interface PartyLoadDefaults {
  commodity: string | null;
  weightLbs: number | null;
  rateCents: number | null;
}

/** A shipper, receiver or broker of the tenant: a load's bill-to and the parties of its stops. */
export interface PartyDocument extends TenantOwned {
  name: string;
  kinds: PartyKind[];
  email: string | null;
  phone: string | null;
  /** Days between an invoice being sent and due. */
  paymentTermsDays: number;
  defaults: PartyLoadDefaults;
  locations: PartyLocation[];
  notes: string | null;
  /** Lower-case, accent-free words of the name: what a search matches the beginning of. Never served. */
  searchTokens: string[];
  /** Set while retired: kept for the loads and invoices that name it, hidden from pickers. */
  retiredAt: Date | null;
  retirementReason: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type PartyModel = Model<PartyDocument>;

const contactSchema = new mongoose.Schema<PartyContact>(
  {
    name: { type: String, required: true },
    role: { type: String, default: null },
    phone: { type: String, default: null },
    email: { type: String, default: null },
  },
  { _id: false },
);

const locationSchema = new mongoose.Schema<PartyLocation>({
  name: { type: String, required: true },
  address: {
    line1: { type: String, required: true },
    line2: { type: String, default: null },
    city: { type: String, required: true },
    state: { type: String, required: true },
    postalCode: { type: String, required: true },
  },
  latitude: { type: Number, required: true, min: -90, max: 90 },
  longitude: { type: Number, required: true, min: -180, max: 180 },
  contacts: { type: [contactSchema], default: [] },
  notes: { type: String, default: null },
});

const partySchema = new mongoose.Schema<PartyDocument>(
  {
    name: { type: String, required: true, trim: true },
    kinds: { type: [{ type: String, enum: PARTY_KINDS }], required: true },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    paymentTermsDays: { type: Number, required: true, min: 0, max: 365, default: 30 },
    defaults: {
      commodity: { type: String, default: null },
      weightLbs: { type: Number, default: null, min: 1 },
      rateCents: { type: Number, default: null, min: 0 },
    },
    locations: { type: [locationSchema], default: [] },
    notes: { type: String, default: null },
    searchTokens: { type: [String], default: [] },
    retiredAt: { type: Date, default: null },
    retirementReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'parties', timestamps: true },
);
partySchema.plugin(tenantPlugin);
// The pickers (not retired, newest first) and the search's anchored prefixes.
partySchema.index({ parentCompany: 1, retiredAt: 1, _id: -1 });
partySchema.index({ parentCompany: 1, searchTokens: 1 });

export const PARTY_MODEL_NAME = 'Party';

/** The Party model on `connection`; safe to call again on the same connection. */
export function partyModel(connection: Connection): PartyModel {
  return (connection.models[PARTY_MODEL_NAME] as PartyModel | undefined) ?? connection.model<PartyDocument>(PARTY_MODEL_NAME, partySchema);
}
