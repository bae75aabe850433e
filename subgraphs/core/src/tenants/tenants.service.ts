import mongoose from 'mongoose';
import { notFound, type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type TenantDocument } from './tenants.model';

/**
 * The tenant the request is for. Tenants are not tenant-owned data, so there is no `byId` loader:
 * this per-request loader can only ever return the caller's own tenant, whatever key it is asked for.
 */
export async function currentTenant(ctx: CoreContext): Promise<Lean<TenantDocument>> {
  const { Customer } = ctx.models;
  const loader = ctx.loaders.custom<string, Lean<TenantDocument> | null>('Customer.current', async (tenant, keys) => {
    const own = mongoose.isObjectIdOrHexString(tenant.tenantId)
      ? await Customer.findById(tenant.tenantId).lean<Lean<TenantDocument>>()
      : null;
    return keys.map((key) => (key === tenant.tenantId ? own : null));
  });
  const tenant = await loader.load(ctx.tenant.tenantId);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
