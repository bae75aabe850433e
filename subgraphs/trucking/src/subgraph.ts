import { defineSubgraph, loadTypeDefs, mergeResolvers, PAGE_INFO_SDL, type SubgraphDeps } from '@attunelogic/shared';
import { driverResolvers } from './drivers/drivers.resolvers';
import { loadResolvers } from './loads/loads.resolvers';
import { maintenanceResolvers } from './maintenance/maintenance.resolvers';
import { createTruckingModels, type TruckingModels } from './models';
import { routeResolvers } from './routes/routes.resolvers';
import { trackingResolvers } from './tracking/tracking.resolvers';
import { trailerResolvers } from './trailers/trailers.resolvers';
import { vehicleResolvers } from './vehicles/vehicles.resolvers';

/** The trucking subgraph: fleet, drivers, loads, routes, tracking, maintenance. Composed by the gateway and by the schema checks. */
export const subgraph = defineSubgraph<TruckingModels, SubgraphDeps>({
  name: 'trucking',
  // `User` is not the shared resolvable:false reference here: trucking contributes `driverProfile` to
  // core's entity (drivers/drivers.graphql), so it declares a resolvable key.
  typeDefs: loadTypeDefs(
    import.meta.url,
    [
      './schema.graphql',
      './common/common.graphql',
      './vehicles/vehicles.graphql',
      './trailers/trailers.graphql',
      './drivers/drivers.graphql',
      './loads/loads.graphql',
      './routes/routes.graphql',
      './tracking/tracking.graphql',
      './maintenance/maintenance.graphql',
    ],
    [PAGE_INFO_SDL],
  ),
  resolvers: mergeResolvers(vehicleResolvers, trailerResolvers, driverResolvers, loadResolvers, routeResolvers, trackingResolvers, maintenanceResolvers),
  models: (deps) => createTruckingModels(deps.connection, deps.coreConnection),
});
