import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { PAGE_INFO_SDL } from '@attunelogic/shared';
import { auditResolvers } from './audit/audit.resolvers';
import { configResolvers } from './config/config.resolvers';
import { type CoreContext } from './models';
import { JSONScalar } from './scalars';
import { tenantResolvers } from './tenants/tenants.resolvers';
import { userResolvers } from './users/users.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

const typeDefs = gql(
  [
    sdl('./schema.graphql'),
    PAGE_INFO_SDL,
    sdl('./tenants/tenants.graphql'),
    sdl('./users/users.graphql'),
    sdl('./config/config.graphql'),
    sdl('./audit/audit.graphql'),
  ].join('\n'),
);

const resolvers = {
  JSON: JSONScalar,
  Query: { ...tenantResolvers.Query, ...userResolvers.Query, ...configResolvers.Query, ...auditResolvers.Query },
  Mutation: { ...tenantResolvers.Mutation, ...userResolvers.Mutation, ...configResolvers.Mutation },
  Tenant: tenantResolvers.Tenant,
  User: userResolvers.User,
  TenantConfig: configResolvers.TenantConfig,
  AuditEvent: auditResolvers.AuditEvent,
} satisfies GraphQLResolverMap<CoreContext>;

/** The core subgraph: tenants, users and roles, configuration, audit log. Composed by the gateway and by the schema checks. */
export const subgraph = { name: 'core', typeDefs, resolvers } as const;
