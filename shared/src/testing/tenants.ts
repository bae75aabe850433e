import { randomBytes, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { freezeTenant, type AppType, type TenantContext } from '../tenant';

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
