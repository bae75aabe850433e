import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { PAGE_INFO_SDL, USER_REFERENCE_SDL } from '@attunelogic/shared';
import { type ServiceContext } from './models';
import { workOrderResolvers } from './work-orders/work-orders.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

const typeDefs = gql([sdl('./schema.graphql'), PAGE_INFO_SDL, USER_REFERENCE_SDL, sdl('./work-orders/work-orders.graphql')].join('\n'));

const resolvers = {
  Query: { ...workOrderResolvers.Query },
  Mutation: { ...workOrderResolvers.Mutation },
  WorkOrder: workOrderResolvers.WorkOrder,
  WorkOrderStatusChange: workOrderResolvers.WorkOrderStatusChange,
} satisfies GraphQLResolverMap<ServiceContext>;

/** The service subgraph: work orders. Composed by the gateway and by the schema checks. */
export const subgraph = { name: 'service', typeDefs, resolvers } as const;
