import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { PAGE_INFO_SDL } from '@attunelogic/shared';
import { driverResolvers } from './drivers/drivers.resolvers';
import { loadResolvers } from './loads/loads.resolvers';
import { maintenanceResolvers } from './maintenance/maintenance.resolvers';
import { type TruckingContext } from './models';
import { routeResolvers } from './routes/routes.resolvers';
import { trackingResolvers } from './tracking/tracking.resolvers';
import { trailerResolvers } from './trailers/trailers.resolvers';
import { vehicleResolvers } from './vehicles/vehicles.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

// `User` is not the shared resolvable:false reference here: trucking contributes `driverProfile` to
// core's entity (drivers/drivers.graphql), so it declares a resolvable key.
const typeDefs = gql(
  [
    sdl('./schema.graphql'),
    PAGE_INFO_SDL,
    sdl('./common/common.graphql'),
    sdl('./vehicles/vehicles.graphql'),
    sdl('./trailers/trailers.graphql'),
    sdl('./drivers/drivers.graphql'),
    sdl('./loads/loads.graphql'),
    sdl('./routes/routes.graphql'),
    sdl('./tracking/tracking.graphql'),
    sdl('./maintenance/maintenance.graphql'),
  ].join('\n'),
);

const features = [vehicleResolvers, trailerResolvers, driverResolvers, loadResolvers, routeResolvers, trackingResolvers, maintenanceResolvers];

const resolvers = {
  Query: Object.assign({}, ...features.map((f) => f.Query)),
  Mutation: Object.assign({}, ...features.map((f) => ('Mutation' in f ? f.Mutation : {}))),
  Vehicle: vehicleResolvers.Vehicle,
  Trailer: trailerResolvers.Trailer,
  Driver: driverResolvers.Driver,
  User: driverResolvers.User,
  Load: loadResolvers.Load,
  LoadStop: loadResolvers.LoadStop,
  LoadStatusChange: loadResolvers.LoadStatusChange,
  DriverPosition: trackingResolvers.DriverPosition,
  DriverLocation: trackingResolvers.DriverLocation,
  MaintenanceSchedule: maintenanceResolvers.MaintenanceSchedule,
  MaintenanceRecord: maintenanceResolvers.MaintenanceRecord,
  MaintenanceDue: maintenanceResolvers.MaintenanceDue,
} satisfies GraphQLResolverMap<TruckingContext>;

/** The trucking subgraph: fleet, drivers, loads, routes, tracking, maintenance. Composed by the gateway and by the schema checks. */
export const subgraph = { name: 'trucking', typeDefs, resolvers } as const;
