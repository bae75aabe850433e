import mongoose from 'mongoose';
import { type TenantContext } from '../tenant';

/**
 * The tenant part of every filter and insert of tenant-owned data, so no call site builds its own.
 * @example Vehicle.findOne({ _id, ...tenantScope(ctx.tenant) })
 */
export const tenantScope = (tenant: Pick<TenantContext, 'tenantId'>): { parentCompany: mongoose.Types.ObjectId } => ({
  parentCompany: new mongoose.Types.ObjectId(tenant.tenantId),
});
