import mongoose, { type Connection, type Model } from 'mongoose';
import { badInput, notFound } from '../errors/domain-error';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { tenantScope } from '../mongo/scope';
import { type TenantContext } from '../tenant';

/** What an industry subgraph may know of a core user: enough to link a profile to it. */
export interface CoreUserDocument extends TenantOwned {
  email: string;
  name: string;
  roles: string[];
  active: boolean;
}

const coreUserSchema = new mongoose.Schema<CoreUserDocument>(
  { email: { type: String, required: true }, name: { type: String, required: true }, roles: { type: [String], default: [] }, active: { type: Boolean, default: true } },
  // Core owns the collection and its indexes; this read-side model never builds any.
  { collection: 'users', autoIndex: false, autoCreate: false, versionKey: false },
);
coreUserSchema.plugin(tenantPlugin);

export type CoreUserModel = Model<CoreUserDocument>;

/**
 * A tenant-scoped, read-side model of core's `users` collection, on a connection to core's database
 * (the gateway reads it the same way for parent verification). Industry subgraphs use it to check
 * that a user they link a profile to is one of the tenant's users: no subgraph calls another.
 */
export const createCoreUserModel = (connection: Connection): CoreUserModel =>
  (connection.models['CoreUser'] as CoreUserModel | undefined) ?? connection.model<CoreUserDocument>('CoreUser', coreUserSchema);

/**
 * Refuses a user id that is not one of the tenant's users (`NOT_FOUND`, the same for another
 * tenant's user and a missing one), or one without the role the profile is for (`BAD_USER_INPUT`).
 */
export async function requireTenantUser(model: CoreUserModel, tenant: TenantContext, userId: mongoose.Types.ObjectId, role: string): Promise<void> {
  const user = await model
    .findOne({ ...tenantScope(tenant), _id: userId })
    .select({ roles: 1 })
    .lean();
  if (!user) throw notFound('User', userId.toHexString());
  if (!user.roles.includes(role)) throw badInput(`User ${userId.toHexString()} does not have the ${role} role.`, { field: 'userId' });
}
