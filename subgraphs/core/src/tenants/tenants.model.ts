import mongoose, { type Connection, type Model } from 'mongoose';
import { APP_TYPES, SLUG_PATTERN, type AppType } from '@attunelogic/shared';

export const PAYMENT_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A tenant as stored (model `Tenant`, collection `customers`). The gateway
 * reads this collection by slug with the raw driver: the collection and field names are part of that agreement.
 */
export interface TenantDocument {
  slug: string;
  name: string;
  appType: AppType;
  /** Free-form; `metadata.config` holds the configuration overrides, `metadata.configVersion` counts their writes. */
  metadata: Record<string, unknown>;
  active: boolean;
  paymentStatus: PaymentStatus;
  /** Held while a change that could remove the last owner counts and writes (users/owner-lease.ts). */
  ownerLease: OwnerLease | null;
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
    ownerLease: {
      type: new mongoose.Schema<OwnerLease>({ holder: { type: String, required: true }, until: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
  },
  // minimize off so an empty `metadata` is stored as `{}`: raw-driver readers should not meet a missing field.
  { collection: 'customers', timestamps: true, minimize: false },
);

export const TENANT_MODEL_NAME = 'Tenant';

export function tenantModel(connection: Connection): TenantModel {
  return (connection.models[TENANT_MODEL_NAME] as TenantModel | undefined) ?? connection.model<TenantDocument>(TENANT_MODEL_NAME, tenantSchema);
}
