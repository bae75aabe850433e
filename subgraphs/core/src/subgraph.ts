import { defineSubgraph, loadTypeDefs, mergeResolvers, PAGE_INFO_SDL, type SubgraphDeps } from '@attunelogic/shared';
import { auditResolvers } from './audit/audit.resolvers';
import { configResolvers } from './config/config.resolvers';
import { createCoreModels, type CoreModels } from './models';
import { JSONScalar } from './scalars';
import { tenantResolvers } from './tenants/tenants.resolvers';
import { userResolvers } from './users/users.resolvers';

export interface CoreServerDeps extends SubgraphDeps {
  /** How long an effective tenant configuration is cached (default 30 s). */
  configCacheTtlMs?: number;
}

/** The core subgraph: tenants, users and roles, configuration, audit log. Composed by the gateway and by the schema checks. */
export const subgraph = defineSubgraph<CoreModels, CoreServerDeps>({
  name: 'core',
  typeDefs: loadTypeDefs(
    import.meta.url,
    ['./schema.graphql', './tenants/tenants.graphql', './users/users.graphql', './config/config.graphql', './audit/audit.graphql'],
    [PAGE_INFO_SDL],
  ),
  resolvers: mergeResolvers({ JSON: JSONScalar }, tenantResolvers, userResolvers, configResolvers, auditResolvers),
  models: (deps) =>
    createCoreModels(deps.connection, {
      ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
      ...(deps.configCacheTtlMs !== undefined ? { configCacheTtlMs: deps.configCacheTtlMs } : {}),
    }),
});
