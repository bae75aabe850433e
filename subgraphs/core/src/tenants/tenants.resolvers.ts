import { type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type TenantDocument } from './tenants.model';
import { currentTenant } from './tenants.service';

export const tenantResolvers = {
  Query: {
    tenant: (_parent: unknown, _args: unknown, ctx: CoreContext) => currentTenant(ctx),
  },
  Tenant: {
    id: (tenant: Lean<TenantDocument>) => tenant._id.toHexString(),
  },
};
