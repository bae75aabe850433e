import { placementOf, planOf } from '@attunelogic/shared/tenancy';
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
    // The mode and the hold only: a dedicated server's URI may carry credentials.
    placement: (tenant) => {
      const placement = placementOf(tenant.placement);
      return { mode: placement.mode, writesHeld: placement.moving?.hold === true };
    },
  },
} satisfies Resolvers;
