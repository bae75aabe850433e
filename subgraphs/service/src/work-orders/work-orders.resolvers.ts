import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { type ServiceContext } from '../models';
import { type WorkOrderDocument, type WorkOrderStatusChange } from './work-orders.model';
import { createWorkOrder, getWorkOrder, listWorkOrders, updateWorkOrderStatus, type WorkOrderFilter } from './work-orders.service';

type WorkOrder = Lean<WorkOrderDocument>;

export const workOrderResolvers = {
  Query: {
    workOrders: (_parent: unknown, args: ConnectionArgs & { filter?: WorkOrderFilter }, ctx: ServiceContext) => listWorkOrders(ctx, args),
    workOrder: (_parent: unknown, args: { id: string }, ctx: ServiceContext) => getWorkOrder(ctx, args.id),
  },
  Mutation: {
    createWorkOrder: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createWorkOrder(ctx, args.input),
    updateWorkOrderStatus: (_parent: unknown, args: { id: string; status: string }, ctx: ServiceContext) =>
      updateWorkOrderStatus(ctx, args.id, args.status),
  },
  WorkOrder: {
    id: (workOrder: WorkOrder) => workOrder._id.toHexString(),
    createdBy: (workOrder: WorkOrder) => userReference(workOrder.createdBy),
    createdAt: (workOrder: WorkOrder) => workOrder.createdAt.toISOString(),
    updatedAt: (workOrder: WorkOrder) => workOrder.updatedAt.toISOString(),
  },
  WorkOrderStatusChange: {
    at: (change: WorkOrderStatusChange) => change.at.toISOString(),
    changedBy: (change: WorkOrderStatusChange) => userReference(change.by),
  },
};
