import mongoose, { type Connection, type Model } from 'mongoose';
import { ROLES, tenantPlugin, type Role, type TenantOwned } from '@attunelogic/shared';

// The roles are the permission matrix's (shared/src/permissions.ts): one list for every subgraph.
export { ROLES, type Role } from '@attunelogic/shared';

/** A user of one tenant as stored. The gateway reads `users` by `{ _id, parentCompany }` with the raw driver. */
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
// The same address may belong to users of different tenants, never twice to one.
userSchema.index({ parentCompany: 1, email: 1 }, { unique: true });

export const USER_MODEL_NAME = 'User';

export function userModel(connection: Connection): UserModel {
  return (connection.models[USER_MODEL_NAME] as UserModel | undefined) ?? connection.model<UserDocument>(USER_MODEL_NAME, userSchema);
}
