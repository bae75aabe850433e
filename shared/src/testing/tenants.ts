import { randomBytes, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { freezeTenant, type AppType, type TenantContext } from '../tenant';
import { type CoreUserModel } from '../tenancy/core-users';
import { tenantScope } from '../mongo/scope';

/** A unique, valid slug for a test tenant. */
export const uniqueSlug = (prefix = 't'): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/**
 * A fresh tenant context with new ids, so tests run concurrently without resets: no two tests
 * ever share a tenant.
 */
export function makeTenantContext(overrides: Partial<TenantContext> & { appType?: AppType } = {}): TenantContext {
  return freezeTenant({
    tenantId: new mongoose.Types.ObjectId().toHexString(),
    slug: uniqueSlug(),
    appType: 'trucking',
    userId: new mongoose.Types.ObjectId().toHexString(),
    roles: ['owner'],
    flags: {},
    requestId: randomUUID(),
    ...overrides,
  });
}

/**
 * Adds one of the tenant's users to core's `users` collection (through the industry subgraph's
 * read-side model), as core would have created it; returns its id. Profiles (driver, technician)
 * can only be created for such users.
 */
export async function addCoreUser(model: CoreUserModel, tenant: TenantContext, roles: readonly string[], id?: string): Promise<string> {
  const _id = id ? new mongoose.Types.ObjectId(id) : new mongoose.Types.ObjectId();
  const suffix = _id.toHexString().slice(-8);
  await model.create({ _id, ...tenantScope(tenant), email: `user-${suffix}@${tenant.slug}.example.test`, name: `User ${suffix}`, roles: [...roles], active: true });
  return _id.toHexString();
}
