import { featureFlagsOf } from '@attunelogic/shared/tenancy';
import { type Resolvers } from '../generated/resolvers';
import { getTenantConfig, updateTenantConfig } from './config.service';

export const configResolvers = {
  Query: {
    tenantConfig: (_parent, _args, ctx) => getTenantConfig(ctx),
  },
  Mutation: {
    updateTenantConfig: (_parent, args, ctx) => updateTenantConfig(ctx, { set: args.set, clear: args.clear ?? null }),
  },
  TenantConfig: {
    flags: (view) => featureFlagsOf(view.appType, view.config),
  },
} satisfies Resolvers;
