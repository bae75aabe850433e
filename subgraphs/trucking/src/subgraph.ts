import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { PAGE_INFO_SDL, USER_REFERENCE_SDL } from '@attunelogic/shared';
import { type TruckingContext } from './models';
import { vehicleResolvers } from './vehicles/vehicles.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

const typeDefs = gql([sdl('./schema.graphql'), PAGE_INFO_SDL, USER_REFERENCE_SDL, sdl('./vehicles/vehicles.graphql')].join('\n'));

const resolvers = {
  Query: { ...vehicleResolvers.Query },
  Mutation: { ...vehicleResolvers.Mutation },
  Vehicle: vehicleResolvers.Vehicle,
} satisfies GraphQLResolverMap<TruckingContext>;

/** The trucking subgraph: the fleet. Composed by the gateway and by the schema checks. */
export const subgraph = { name: 'trucking', typeDefs, resolvers } as const;
