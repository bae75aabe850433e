// The directory's records as core stores them: tenants (collection `customers`) and their users
// (collection `users`). Core serves them over GraphQL; provisioning (the seed, `pnpm tenant`, the
// system tests) writes them through these models; the gateway reads the same collections with the
// raw driver (directory.ts), so the collection and field names are part of that agreement.
import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { eventsPlugin } from '../events/outbox';
import { ROLES, type Role } from '../permissions';
import { APP_TYPES, SLUG_PATTERN, type AppType } from '../tenant';
import { DEFAULT_PLAN, PLANS, type Plan } from './plans';
import { MOVE_PHASES, PLACEMENT_MODES, type Placement, type PlacementMove, type PlacementTarget } from './placement';

const placementTargetSchema = new mongoose.Schema<PlacementTarget>(
  { mode: { type: String, enum: PLACEMENT_MODES, required: true }, uri: { type: String } },
  { _id: false },
);

const placementSchema = new mongoose.Schema<Placement>(
  {
    mode: { type: String, enum: PLACEMENT_MODES, default: 'pooled' },
    uri: { type: String },
    version: { type: Number, default: 0 },
    moving: {
      type: new mongoose.Schema<PlacementMove>(
        {
          from: { type: placementTargetSchema, required: true },
          to: { type: placementTargetSchema, required: true },
          phase: { type: String, enum: MOVE_PHASES, required: true },
          hold: { type: Boolean, default: true },
          collectionsDone: { type: [String], default: [] },
          startedAt: { type: Date, required: true },
          actor: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { _id: false },
);

export const PAYMENT_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A tenant as stored (model `Tenant`, collection `customers`); the gateway reads it by slug. */
export interface TenantDocument {
  slug: string;
  name: string;
  appType: AppType;
  /** Free-form; `metadata.config` holds the configuration overrides, `metadata.configVersion` counts their writes. */
  metadata: Record<string, unknown>;
  active: boolean;
  paymentStatus: PaymentStatus;
  /** The budgets the gateway gives the tenant (plans.ts); `pnpm tenant set-plan` changes it. */
  plan: Plan;
  /** Held while a change that could remove the last owner counts and writes (core's users/owner-lease.ts). */
  ownerLease: OwnerLease | null;
  /** Where the tenant's data lives, and a move in progress (placement.ts); `pnpm tenant move` changes it. */
  placement: Placement;
  createdAt: Date;
  updatedAt: Date;
}

export interface OwnerLease {
  holder: string;
  until: Date;
}

export type TenantModel = Model<TenantDocument>;

// No tenantPlugin: this collection is the tenants themselves, not data owned by one.
const tenantSchema = new mongoose.Schema<TenantDocument>(
  {
    slug: { type: String, required: true, unique: true, match: SLUG_PATTERN },
    name: { type: String, required: true, trim: true },
    appType: { type: String, enum: APP_TYPES, required: true },
    metadata: { type: mongoose.Schema.Types.Mixed, default: () => ({}) },
    active: { type: Boolean, default: true },
    paymentStatus: { type: String, enum: PAYMENT_STATUSES, default: 'active' },
    plan: { type: String, enum: PLANS, default: DEFAULT_PLAN },
    ownerLease: {
      type: new mongoose.Schema<OwnerLease>({ holder: { type: String, required: true }, until: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    placement: { type: placementSchema, default: () => ({ mode: 'pooled', version: 0, moving: null }) },
  },
  // minimize off so an empty `metadata` is stored as `{}`: raw-driver readers should not meet a missing field.
  { collection: 'customers', timestamps: true, minimize: false },
);

export const TENANT_MODEL_NAME = 'Tenant';

export function tenantModel(connection: Connection): TenantModel {
  return (connection.models[TENANT_MODEL_NAME] as TenantModel | undefined) ?? connection.model<TenantDocument>(TENANT_MODEL_NAME, tenantSchema);
}

/** A user of one tenant as stored; the gateway reads it by `{ _id, parentCompany }`. */
export interface UserDocument extends TenantOwned {
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type UserModel = Model<UserDocument>;

const userSchema = new mongoose.Schema<UserDocument>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    active: { type: Boolean, default: true },
  },
  { collection: 'users', timestamps: true },
);
userSchema.plugin(tenantPlugin);
// Its writes carry domain events (the outbox's pending marker).
userSchema.plugin(eventsPlugin);
// The same address may belong to users of different tenants, never twice to one.
userSchema.index({ parentCompany: 1, email: 1 }, { unique: true });

export const USER_MODEL_NAME = 'User';

export function userModel(connection: Connection): UserModel {
  return (connection.models[USER_MODEL_NAME] as UserModel | undefined) ?? connection.model<UserDocument>(USER_MODEL_NAME, userSchema);
}
