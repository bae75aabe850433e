import { type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type TenantDocument } from './tenants.model';
import { currentTenant, renameTenant } from './tenants.service';

export const tenantResolvers = {
  Query: {
    tenant: (_parent: unknown, _args: unknown, ctx: CoreContext) => currentTenant(ctx),
  },
  Mutation: {
    renameTenant: (_parent: unknown, args: { name: string }, ctx: CoreContext) => renameTenant(ctx, args.name),
  },
  Tenant: {
    id: (tenant: Lean<TenantDocument>) => tenant._id.toHexString(),
  },
};
