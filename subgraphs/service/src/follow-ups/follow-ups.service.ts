import mongoose from 'mongoose';
import { z } from 'zod';
import { type Lean } from '@attunelogic/shared';
import { conflict } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { type ServiceContext } from '../models';
import { MINUTE_MS } from '../technicians/working-hours';
import { type WorkOrderDocument } from '../work-orders/work-orders.model';
import { MAX_WINDOW_DAYS, openWorkOrder, WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';

const windowHours = z
  .number()
  .int()
  .min(1)
  .max(MAX_WINDOW_DAYS * 24)
  .nullish();

/**
 * The follow-up visit of a completed work order, once: the original first records the new order's id
 * (guarded by having none, so of two concurrent calls one wins), then the order is opened with that
 * id; refused, the original lets go of the id again.
 */
export async function scheduleFollowUp(ctx: ServiceContext, id: unknown, rawWindowHours: unknown): Promise<Lean<WorkOrderDocument>> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:write');
  const _id = parseId(id);
  const hours = windowHours.parse(rawWindowHours) ?? 8;
  const original = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder');
  const label = `Work order #${original.number}`;
  if (original.status !== 'completed' && original.status !== 'invoiced') throw conflict(`${label} is ${original.status}; only completed work is followed up.`);
  if (original.followUpId) throw conflict(`${label} already has its follow-up.`);
  if (!original.followUpDueAt) throw conflict(`${label} has no follow-up due (the tenant's maintenance.followUpDays was 0 when it was completed).`);
  const now = ctx.clock.now();
  const start = original.followUpDueAt > now ? original.followUpDueAt : now;
  const followUpId = new mongoose.Types.ObjectId();
  const scope = { ...tenantScope(ctx.tenant), _id };
  const claimed = await ctx.models.WorkOrder.updateOne({ ...scope, followUpId: null }, { $set: { followUpId } });
  if (claimed.modifiedCount === 0) throw conflict(`${label} already has its follow-up.`);
  ctx.loaders.byId(ctx.models.WorkOrder).clear(_id.toHexString());
  try {
    return await openWorkOrder(
      ctx,
      {
        title: `Follow-up: ${original.title}`.slice(0, 200),
        priority: original.priority,
        customerId: original.customerId?.toHexString(),
        locationId: original.locationId?.toHexString(),
        requiredSkills: original.requiredSkills,
        estimatedMinutes: Math.min(original.estimatedMinutes, hours * 60),
        requestedWindow: { start: start.toISOString(), end: new Date(start.getTime() + hours * 60 * MINUTE_MS).toISOString() },
      },
      { followUpOf: _id, id: followUpId },
    );
  } catch (error) {
    await ctx.models.WorkOrder.updateOne({ ...scope, followUpId }, { $set: { followUpId: null } });
    throw error;
  }
}
