// A partner's API client (OAuth client credentials) of one tenant, as core stores it (collection
// `apiClients` of core's database). Core creates, rotates and revokes it; the authorization server
// reads the same record for every token request (no copy that can drift), and the gateway reads it
// through the directory for every request of a token the client holds.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { eventsPlugin } from '../events/outbox';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { type Role } from '../permissions';

export const API_CLIENT_COLLECTION = 'apiClients';

/**
 * The roles an API client may be given: its scopes, mapped onto the permission matrix as a person's
 * roles are. The field roles (driver, technician) act as one person on their own work and owner
 * stays with people, so a client is an admin, a dispatcher or a viewer.
 */
export const API_CLIENT_ROLES = ['admin', 'dispatcher', 'viewer'] as const satisfies readonly Role[];

export interface ApiClientDocument extends TenantOwned {
  name: string;
  /** The client's scopes: roles of the permission matrix (API_CLIENT_ROLES), none above its creator's. */
  roles: Role[];
  /** SHA-256 (base64url) of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  active: boolean;
  createdBy: mongoose.Types.ObjectId;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ApiClientModel = Model<ApiClientDocument>;

const apiClientSchema = new mongoose.Schema<ApiClientDocument>(
  {
    name: { type: String, required: true, trim: true },
    roles: { type: [{ type: String, enum: API_CLIENT_ROLES }], default: [] },
    secretHash: { type: String, required: true },
    active: { type: Boolean, default: true },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true },
    rotatedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: API_CLIENT_COLLECTION, timestamps: true },
);
apiClientSchema.plugin(tenantPlugin);
// api_client.created / rotated / revoked are written with the client.
apiClientSchema.plugin(eventsPlugin);
apiClientSchema.index({ parentCompany: 1, createdAt: -1 });

export const API_CLIENT_MODEL_NAME = 'ApiClient';

export function apiClientModel(connection: Connection): ApiClientModel {
  return (connection.models[API_CLIENT_MODEL_NAME] as ApiClientModel | undefined) ?? connection.model<ApiClientDocument>(API_CLIENT_MODEL_NAME, apiClientSchema);
}

/** A new client secret: 256 random bits, base64url. */
export const newClientSecret = (): string => randomBytes(32).toString('base64url');

/**
 * The stored form of a client secret. SHA-256 rather than a password hash: the secret is 256
 * random bits, so there is nothing to guess and no need to slow every token request down.
 */
export const hashClientSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('base64url');

/** Whether `secret` is the one whose hash is stored (constant time). */
export function clientSecretMatches(secretHash: string, secret: string): boolean {
  const expected = Buffer.from(secretHash, 'utf8');
  const actual = Buffer.from(hashClientSecret(secret), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
