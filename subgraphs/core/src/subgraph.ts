import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { type CoreContext } from './models';
import { tenantResolvers } from './tenants/tenants.resolvers';
import { userResolvers } from './users/users.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

const typeDefs = gql([sdl('./schema.graphql'), sdl('./tenants/tenants.graphql'), sdl('./users/users.graphql')].join('\n'));

const resolvers = {
  Query: { ...tenantResolvers.Query, ...userResolvers.Query },
  Tenant: tenantResolvers.Tenant,
  User: userResolvers.User,
} satisfies GraphQLResolverMap<CoreContext>;

/** The core subgraph: tenants and users. Composed by the gateway and by the schema checks. */
export const subgraph = { name: 'core', typeDefs, resolvers } as const;
