import { notFound, userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { iso } from '../access';
import { type ServiceContext } from '../models';
import { type TimeWindow, type WorkOrderDocument, type WorkOrderPart, type WorkOrderStatus, type WorkOrderStatusChange } from './work-orders.model';
import { createWorkOrder, DEFAULT_ESTIMATED_MINUTES, getWorkOrder, listWorkOrders, updateWorkOrderStatus, type WorkOrderFilter } from './work-orders.service';

type WorkOrder = Lean<WorkOrderDocument>;

/** The field of `WorkOrderTimestamps` for each step. */
const TIMESTAMP_FIELDS: Record<WorkOrderStatus, string> = {
  new: 'created',
  scheduled: 'scheduled',
  dispatched: 'dispatched',
  en_route: 'enRoute',
  in_progress: 'started',
  completed: 'completed',
  invoiced: 'invoiced',
  on_hold: 'onHold',
  cancelled: 'cancelled',
};

async function customerOf(workOrder: WorkOrder, ctx: ServiceContext) {
  const customer = workOrder.customerId ? await ctx.loaders.byId(ctx.models.Customer).load(workOrder.customerId.toHexString()) : null;
  if (!customer) throw notFound('Customer');
  return customer;
}

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
    customer: (workOrder: WorkOrder, _args: unknown, ctx: ServiceContext) => customerOf(workOrder, ctx),
    location: async (workOrder: WorkOrder, _args: unknown, ctx: ServiceContext) => {
      const location = (await customerOf(workOrder, ctx)).locations.find((l) => workOrder.locationId?.equals(l._id));
      if (!location) throw notFound('CustomerLocation');
      return location;
    },
    technician: (workOrder: WorkOrder, _args: unknown, ctx: ServiceContext) =>
      workOrder.technicianId ? ctx.loaders.byId(ctx.models.Technician).load(workOrder.technicianId.toHexString()) : null,
    // Work orders older than these fields have none of them: lean reads get no schema defaults.
    requiredSkills: (workOrder: WorkOrder) => workOrder.requiredSkills ?? [],
    estimatedMinutes: (workOrder: WorkOrder) => workOrder.estimatedMinutes ?? DEFAULT_ESTIMATED_MINUTES,
    requestedWindow: (workOrder: WorkOrder) => workOrder.requestedWindow ?? null,
    schedule: (workOrder: WorkOrder) => workOrder.schedule ?? null,
    parts: (workOrder: WorkOrder) => workOrder.parts ?? [],
    partsCostCents: (workOrder: WorkOrder) => (workOrder.parts ?? []).reduce((sum, part) => sum + part.qty * part.unitCostCents, 0),
    timestamps: (workOrder: WorkOrder) => {
      const times: Record<string, string> = { created: iso(workOrder.createdAt) };
      for (const step of workOrder.statusHistory) times[TIMESTAMP_FIELDS[step.status]] = iso(step.at);
      return times;
    },
    createdBy: (workOrder: WorkOrder) => userReference(workOrder.createdBy),
    createdAt: (workOrder: WorkOrder) => iso(workOrder.createdAt),
    updatedAt: (workOrder: WorkOrder) => iso(workOrder.updatedAt),
  },
  WorkOrderStatusChange: {
    at: (change: WorkOrderStatusChange) => iso(change.at),
    changedBy: (change: WorkOrderStatusChange) => userReference(change.by),
  },
  WorkOrderPart: {
    id: (part: WorkOrderPart) => part._id.toHexString(),
    item: (part: WorkOrderPart, _args: unknown, ctx: ServiceContext) => ctx.loaders.byId(ctx.models.InventoryItem).load(part.itemId.toHexString()),
    location: (part: WorkOrderPart, _args: unknown, ctx: ServiceContext) =>
      ctx.loaders.byId(ctx.models.InventoryLocation).load(part.locationId.toHexString()),
    totalCostCents: (part: WorkOrderPart) => part.qty * part.unitCostCents,
    consumedAt: (part: WorkOrderPart) => iso(part.consumedAt),
    consumedBy: (part: WorkOrderPart) => userReference(part.consumedBy),
  },
  ServiceWindow: {
    start: (window: TimeWindow) => iso(window.start),
    end: (window: TimeWindow) => iso(window.end),
  },
};
