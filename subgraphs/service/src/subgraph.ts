import { readFileSync } from 'node:fs';
import { type GraphQLResolverMap } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { PAGE_INFO_SDL } from '@attunelogic/shared';
import { customerResolvers } from './customers/customers.resolvers';
import { dispatchResolvers } from './dispatch/dispatch.resolvers';
import { inventoryResolvers } from './inventory/inventory.resolvers';
import { type ServiceContext } from './models';
import { serviceAreaResolvers } from './service-areas/service-areas.resolvers';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from './settings';
import { technicianResolvers } from './technicians/technicians.resolvers';
import { workOrderResolvers } from './work-orders/work-orders.resolvers';

const sdl = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

// The service subgraph defines `User` itself (technicianProfile), so not shared's USER_REFERENCE_SDL.
const typeDefs = gql(
  [
    sdl('./schema.graphql'),
    PAGE_INFO_SDL,
    sdl('./service-areas/service-areas.graphql'),
    sdl('./customers/customers.graphql'),
    sdl('./technicians/technicians.graphql'),
    sdl('./work-orders/work-orders.graphql'),
    sdl('./dispatch/dispatch.graphql'),
    sdl('./inventory/inventory.graphql'),
  ].join('\n'),
);

/** The resolvers of every feature, with the clock and dispatch policy they run under. */
export function createServiceResolvers(settings: ServiceSettings = DEFAULT_SERVICE_SETTINGS) {
  const workOrders = workOrderResolvers(settings);
  const dispatch = dispatchResolvers(settings);
  const inventory = inventoryResolvers(settings);
  const { User, ...technicians } = technicianResolvers;
  return {
    Query: { ...serviceAreaResolvers.Query, ...customerResolvers.Query, ...technicians.Query, ...workOrders.Query, ...inventory.Query },
    Mutation: {
      ...serviceAreaResolvers.Mutation,
      ...customerResolvers.Mutation,
      ...technicians.Mutation,
      ...workOrders.Mutation,
      ...dispatch.Mutation,
      ...inventory.Mutation,
    },
    User,
    ServiceArea: serviceAreaResolvers.ServiceArea,
    Customer: customerResolvers.Customer,
    CustomerLocation: customerResolvers.CustomerLocation,
    Technician: technicians.Technician,
    WorkingHours: technicians.WorkingHours,
    TimeOff: technicians.TimeOff,
    TechnicianBooking: technicians.TechnicianBooking,
    WorkOrder: workOrders.WorkOrder,
    WorkOrderStatusChange: workOrders.WorkOrderStatusChange,
    WorkOrderPart: workOrders.WorkOrderPart,
    ServiceWindow: workOrders.ServiceWindow,
    DispatchCandidate: dispatch.DispatchCandidate,
    InventoryItem: inventory.InventoryItem,
    InventoryLocation: inventory.InventoryLocation,
    StockLevel: inventory.StockLevel,
  } satisfies GraphQLResolverMap<ServiceContext>;
}

/**
 * The service subgraph: service areas, customers, technicians, work orders, dispatch, inventory.
 * Composed by the gateway and by the schema checks; the server builds its resolvers from its settings.
 */
export const subgraph = { name: 'service', typeDefs, resolvers: createServiceResolvers() } as const;
