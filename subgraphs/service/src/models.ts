import { type Connection } from 'mongoose';
import { type SubgraphContext } from '@attunelogic/shared';
import { counterModel, type CounterModel } from './counters/counters.model';
import { workOrderModel, type WorkOrderModel } from './work-orders/work-orders.model';

export interface ServiceModels {
  readonly Counter: CounterModel;
  readonly WorkOrder: WorkOrderModel;
}

/** Every model of the service subgraph on one connection; safe to call again on the same connection. */
export function createServiceModels(connection: Connection): ServiceModels {
  return { Counter: counterModel(connection), WorkOrder: workOrderModel(connection) };
}

/** What the service subgraph's resolvers receive. */
export type ServiceContext = SubgraphContext<ServiceModels>;
