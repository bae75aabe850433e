import { defineSubgraph, loadTypeDefs, mergeResolvers, PAGE_INFO_SDL, type SubgraphDeps } from '@attunelogic/shared';
import { customerResolvers } from './customers/customers.resolvers';
import { dispatchResolvers } from './dispatch/dispatch.resolvers';
import { inventoryResolvers } from './inventory/inventory.resolvers';
import { createServiceModels, type ServiceModels } from './models';
import { serviceAreaResolvers } from './service-areas/service-areas.resolvers';
import { technicianResolvers } from './technicians/technicians.resolvers';
import { workOrderResolvers } from './work-orders/work-orders.resolvers';

/** The service subgraph: service areas, customers, technicians, work orders, dispatch, inventory. Composed by the gateway and by the schema checks. */
export const subgraph = defineSubgraph<ServiceModels, SubgraphDeps>({
  name: 'service',
  // The service subgraph defines `User` itself (technicianProfile), so not shared's USER_REFERENCE_SDL.
  typeDefs: loadTypeDefs(
    import.meta.url,
    [
      './schema.graphql',
      './service-areas/service-areas.graphql',
      './customers/customers.graphql',
      './technicians/technicians.graphql',
      './work-orders/work-orders.graphql',
      './dispatch/dispatch.graphql',
      './inventory/inventory.graphql',
    ],
    [PAGE_INFO_SDL],
  ),
  resolvers: mergeResolvers(serviceAreaResolvers, customerResolvers, technicianResolvers, workOrderResolvers, dispatchResolvers, inventoryResolvers),
  models: (deps) => createServiceModels(deps.connection, deps.coreConnection),
});
