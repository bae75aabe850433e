import { type Resolvers } from '../generated/resolvers';
import { exportTenantData } from './portability.service';

export const portabilityResolvers = {
  Mutation: {
    exportTenantData: (_parent, _args, ctx) => exportTenantData(ctx),
  },
} satisfies Resolvers;
