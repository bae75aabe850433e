import mongoose from 'mongoose';
import { z } from 'zod';
import {
  conflict,
  isDuplicateKey,
  notFound,
  paginate,
  parseId,
  requireFeature,
  tenantScope,
  type Connection,
  type ConnectionArgs,
  type Lean,
} from '@attunelogic/shared';
import { nextSequenceValue } from '../counters/counters.service';
import { type ServiceContext } from '../models';
import {
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_STATUSES,
  type WorkOrderDocument,
  type WorkOrderStatus,
} from './work-orders.model';

/** The tenant flag that switches work orders on and off. */
export const WORK_ORDERS_FEATURE = 'workOrders';
/** The tenant sequence work order numbers are drawn from. */
export const WORK_ORDER_SEQUENCE = 'workOrder';

const requireWorkOrders = (ctx: ServiceContext): void => requireFeature(ctx.tenant, 'serviceRepair', WORK_ORDERS_FEATURE);

/**
 * The lifecycle, in one place: where a work order may go from each status. An order on hold may in
 * addition resume to the status it was held from (see `nextStatuses`); that one depends on the order.
 */
export const WORK_ORDER_TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  new: ['scheduled', 'cancelled'],
  scheduled: ['dispatched', 'on_hold', 'cancelled'],
  dispatched: ['en_route', 'on_hold', 'cancelled'],
  en_route: ['in_progress', 'on_hold', 'cancelled'],
  in_progress: ['completed', 'on_hold', 'cancelled'],
  completed: ['invoiced'],
  invoiced: [],
  on_hold: ['scheduled', 'cancelled'],
  cancelled: [],
};

/** The statuses an order may move to next. */
export function nextStatuses(order: Pick<WorkOrderDocument, 'status' | 'heldFrom'>): WorkOrderStatus[] {
  const next = [...WORK_ORDER_TRANSITIONS[order.status]];
  if (order.status === 'on_hold' && order.heldFrom && !next.includes(order.heldFrom)) next.push(order.heldFrom);
  return next;
}

const priority = z.enum(WORK_ORDER_PRIORITIES);
const status = z.enum(WORK_ORDER_STATUSES);

const createWorkOrderInput = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5_000).nullish(),
  priority: priority.nullish(),
});

const workOrderFilter = z.object({ status: status.nullish(), priority: priority.nullish() }).nullish();

export type CreateWorkOrderInput = z.input<typeof createWorkOrderInput>;
export type WorkOrderFilter = z.input<typeof workOrderFilter>;

/** The tenant's work orders, newest first, optionally of one status and/or priority. */
export async function listWorkOrders(
  ctx: ServiceContext,
  args: ConnectionArgs & { filter?: WorkOrderFilter },
): Promise<Connection<Lean<WorkOrderDocument>>> {
  requireWorkOrders(ctx);
  const filter = workOrderFilter.parse(args.filter);
  return paginate(
    ctx.models.WorkOrder,
    ctx.tenant,
    {
      ...(filter?.status && { status: filter.status }),
      ...(filter?.priority && { priority: filter.priority }),
    },
    args,
  );
}

/** One of the tenant's work orders; `NOT_FOUND` when missing or another tenant's. */
export async function getWorkOrder(ctx: ServiceContext, id: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx);
  const key = parseId(id).toHexString();
  const workOrder = await ctx.loaders.byId(ctx.models.WorkOrder).load(key);
  if (!workOrder) throw notFound('WorkOrder', key);
  return workOrder;
}

/**
 * Opens a work order in status `new` with the tenant's next number: an atomic `$inc` on the tenant's
 * counter, with the unique index `{ parentCompany, number }` as the last word should the counter ever
 * be behind the data.
 */
export async function createWorkOrder(ctx: ServiceContext, raw: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx);
  const input = createWorkOrderInput.parse(raw);
  const { WorkOrder, Counter } = ctx.models;
  const createdBy = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const number = await nextSequenceValue(Counter, ctx.tenant, WORK_ORDER_SEQUENCE);
  // One instant for both, so the first step of the history is exactly the creation.
  const openedAt = new Date();
  let workOrder: Lean<WorkOrderDocument>;
  try {
    const created = await WorkOrder.create({
      ...tenantScope(ctx.tenant),
      number,
      title: input.title,
      description: input.description ?? null,
      priority: input.priority ?? 'normal',
      status: 'new',
      heldFrom: null,
      statusHistory: [{ status: 'new', at: openedAt, by: createdBy }],
      createdBy,
      createdAt: openedAt,
    });
    workOrder = created.toObject<Lean<WorkOrderDocument>>();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    ctx.log.error({ number }, 'work order counter is behind the work orders');
    throw conflict('No work order number could be allocated; try again later.');
  }
  const key = workOrder._id.toHexString();
  ctx.loaders.byId(WorkOrder).prime(key, workOrder);
  ctx.audit.record('WorkOrder', key, null, { ...workOrder });
  return workOrder;
}

/**
 * Moves a work order one step. The move is judged against the stored status and written with that
 * status in the filter, so a concurrent change in between turns into `CONFLICT`, not a skipped step.
 * Every step is appended to `statusHistory` with its time and user.
 */
export async function updateWorkOrderStatus(ctx: ServiceContext, id: unknown, rawStatus: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx);
  const _id = parseId(id);
  const to = status.parse(rawStatus);
  const { WorkOrder } = ctx.models;
  const scope = { _id, ...tenantScope(ctx.tenant) };

  // Read from the database, not the request's loader: the move is judged on the current state.
  const current = await WorkOrder.findOne(scope).select({ status: 1, heldFrom: 1 }).lean();
  if (!current) throw notFound('WorkOrder', _id.toHexString());
  if (!nextStatuses(current).includes(to)) {
    throw conflict(`A work order cannot go from ${current.status} to ${to}.`, { from: current.status, to });
  }

  const updated = await WorkOrder.findOneAndUpdate(
    { ...scope, status: current.status, heldFrom: current.heldFrom },
    {
      $set: { status: to, heldFrom: to === 'on_hold' ? current.status : null },
      $push: { statusHistory: { status: to, at: new Date(), by: new mongoose.Types.ObjectId(ctx.tenant.userId) } },
    },
    { returnDocument: 'after', runValidators: true },
  ).lean<Lean<WorkOrderDocument>>();
  if (!updated) throw conflict('The work order changed status meanwhile; reload it and try again.', { from: current.status, to });

  const key = _id.toHexString();
  ctx.loaders.byId(WorkOrder).clear(key).prime(key, updated);
  ctx.audit.record('WorkOrder', key, { status: current.status }, { status: to });
  return updated;
}
