import { type Lean } from '@attunelogic/shared';
import { notFound } from '@attunelogic/shared/errors';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso } from '../access';
import { type ServiceContext } from '../models';
import { type Resolvers, type WorkOrderTimestamps } from '../generated/resolvers';
import { autoDispatchNew } from '../dispatch/dispatch.service';
import { requireChecklistDone } from '../checklists/checklists.service';
import { required } from '../references';
import { type WorkOrderDocument, type WorkOrderStatus } from './work-orders.model';
import { cancelWorkOrder, createWorkOrder, DEFAULT_ESTIMATED_MINUTES, getWorkOrder, listWorkOrders, updateWorkOrder, updateWorkOrderStatus } from './work-orders.service';

type WorkOrder = Lean<WorkOrderDocument>;

/** The field of `WorkOrderTimestamps` for each step. */
const TIMESTAMP_FIELDS: Record<WorkOrderStatus, Exclude<keyof WorkOrderTimestamps, '__typename'>> = {
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
    workOrders: (_parent, args, ctx, info) => listWorkOrders(ctx, args, info),
    workOrder: (_parent, args, ctx) => getWorkOrder(ctx, args.id),
  },
  Mutation: {
    createWorkOrder: async (_parent, args, ctx) => autoDispatchNew(ctx, await createWorkOrder(ctx, args.input)),
    updateWorkOrderStatus: (_parent, args, ctx) => updateWorkOrderStatus(ctx, args.id, args.status, (order) => requireChecklistDone(ctx, order)),
    updateWorkOrder: (_parent, args, ctx) => updateWorkOrder(ctx, args.id, args.input),
    cancelWorkOrder: (_parent, args, ctx) => cancelWorkOrder(ctx, args.id, args.reason),
  },
  WorkOrder: {
    id: (workOrder) => workOrder._id.toHexString(),
    customer: (workOrder, _args, ctx) => customerOf(workOrder, ctx),
    location: async (workOrder, _args, ctx) => {
      const location = (await customerOf(workOrder, ctx)).locations.find((l) => workOrder.locationId?.equals(l._id));
      if (!location) throw notFound('CustomerLocation');
      return location;
    },
    technician: (workOrder, _args, ctx) => (workOrder.technicianId ? ctx.loaders.byId(ctx.models.Technician).load(workOrder.technicianId.toHexString()) : null),
    // Work orders older than these fields have none of them: lean reads get no schema defaults.
    notes: (workOrder) => workOrder.notes ?? null,
    cancellation: (workOrder) => workOrder.cancellation ?? null,
    requiredSkills: (workOrder) => workOrder.requiredSkills ?? [],
    estimatedMinutes: (workOrder) => workOrder.estimatedMinutes ?? DEFAULT_ESTIMATED_MINUTES,
    requestedWindow: (workOrder) => workOrder.requestedWindow ?? null,
    schedule: (workOrder) => workOrder.schedule ?? null,
    parts: (workOrder) => workOrder.parts ?? [],
    partsCostCents: (workOrder) => (workOrder.parts ?? []).reduce((sum, part) => sum + part.qty * part.unitCostCents, 0),
    timestamps: (workOrder) => {
      const times: WorkOrderTimestamps = { created: iso(workOrder.createdAt) };
      for (const step of workOrder.statusHistory) times[TIMESTAMP_FIELDS[step.status]] = iso(step.at);
      return times;
    },
    createdBy: (workOrder) => userReference(workOrder.createdBy),
    createdAt: (workOrder) => iso(workOrder.createdAt),
    updatedAt: (workOrder) => iso(workOrder.updatedAt),
  },
  WorkOrderStatusChange: {
    at: (change) => iso(change.at),
    changedBy: (change) => userReference(change.by),
  },
  WorkOrderCancellation: {
    at: (cancellation) => iso(cancellation.at),
    by: (cancellation) => userReference(cancellation.by),
  },
  WorkOrderPart: {
    id: (part) => part._id.toHexString(),
    item: (part, _args, ctx) => required(ctx, ctx.models.InventoryItem, part.itemId, 'InventoryItem'),
    location: (part, _args, ctx) => required(ctx, ctx.models.InventoryLocation, part.locationId, 'InventoryLocation'),
    totalCostCents: (part) => part.qty * part.unitCostCents,
    consumedAt: (part) => iso(part.consumedAt),
    consumedBy: (part) => userReference(part.consumedBy),
  },
  ServiceWindow: {
    start: (window) => iso(window.start),
    end: (window) => iso(window.end),
  },
} satisfies Resolvers;
