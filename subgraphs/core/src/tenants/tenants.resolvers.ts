import { planOf } from '@attunelogic/shared/tenancy';
import { type Resolvers } from '../generated/resolvers';
import { currentTenant, renameTenant } from './tenants.service';

export const tenantResolvers = {
  Query: {
    tenant: (_parent, _args, ctx) => currentTenant(ctx),
  },
  Mutation: {
    renameTenant: (_parent, args, ctx) => renameTenant(ctx, args.name),
  },
  Tenant: {
    id: (tenant) => tenant._id.toHexString(),
    // Tenants provisioned before plans existed have none stored: they are on the default.
    plan: (tenant) => planOf(tenant.plan),
  },
} satisfies Resolvers;
