import { type CoreContext } from '../models';
import { getTenantConfig, updateTenantConfig, type TenantConfigView } from './config.service';
import { featureFlagsOf } from '@attunelogic/shared/tenancy';

export const configResolvers = {
  Query: {
    tenantConfig: (_parent: unknown, _args: unknown, ctx: CoreContext) => getTenantConfig(ctx),
  },
  Mutation: {
    updateTenantConfig: (_parent: unknown, args: { set?: unknown; clear?: string[] | null }, ctx: CoreContext) =>
      updateTenantConfig(ctx, { set: args.set, clear: args.clear ?? null }),
  },
  TenantConfig: {
    flags: (view: TenantConfigView) => featureFlagsOf(view.appType, view.config),
  },
};
