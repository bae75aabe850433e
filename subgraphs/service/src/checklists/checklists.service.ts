import mongoose from 'mongoose';
import { z } from 'zod';
import { multiLine, paginate, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, conflict, notFound } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, setRetiredOwned, retiredByDate, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { type ServiceContext } from '../models';
import { type ChecklistAnswer, type WorkOrderDocument } from '../work-orders/work-orders.model';
import { requireOwnWorkOrderForTechnician, WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { type ChecklistTemplateDocument } from './checklists.model';

type Template = Lean<ChecklistTemplateDocument>;
type Order = Lean<WorkOrderDocument>;

/** How many times a checklist answer is tried again when another answer was written meanwhile. */
const MAX_ANSWER_ATTEMPTS = 10;

const items = z
  .array(z.object({ label: singleLine(200), required: z.boolean().nullish() }))
  .min(1)
  .max(50);
const createInput = z.object({ jobType: singleLine(60), name: singleLine(200), items });
const updateInput = z.object({ name: singleLine(200).nullish(), items: items.nullish() }).strict();
const storedItems = (input: z.output<typeof items>) => input.map((item) => ({ _id: new mongoose.Types.ObjectId(), label: item.label, required: item.required ?? false }));

/** The tenant's checklist templates, newest first. */
export async function listChecklistTemplates(ctx: ServiceContext, args: ConnectionArgs & { includeRetired?: boolean | null }): Promise<Connection<Template>> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:read');
  return paginate(ctx.models.ChecklistTemplate, ctx.tenant, args.includeRetired ? {} : { retiredAt: null }, args);
}

export async function createChecklistTemplate(ctx: ServiceContext, raw: unknown): Promise<Template> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:write');
  const input = createInput.parse(raw);
  return createOwned(
    ctx,
    ctx.models.ChecklistTemplate,
    { jobType: input.jobType, name: input.name, items: storedItems(input.items), retiredAt: null, createdBy: new mongoose.Types.ObjectId(ctx.tenant.userId) },
    { what: 'ChecklistTemplate', duplicate: () => conflict(`The job type ${input.jobType} has a checklist already.`, { field: 'jobType' }) },
  );
}

export async function updateChecklistTemplate(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Template> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:write');
  const _id = parseId(id);
  const input = updateInput.parse(raw ?? {});
  const before = await findOwned(ctx, ctx.models.ChecklistTemplate, _id, 'ChecklistTemplate');
  if (before.retiredAt) throw conflict(`The checklist of ${before.jobType} is retired.`);
  const $set: Record<string, unknown> = {};
  if (input.name) $set['name'] = input.name;
  if (input.items) $set['items'] = storedItems(input.items);
  return updateOwned(ctx, ctx.models.ChecklistTemplate, before, { $set }, { what: 'ChecklistTemplate', ...unchangedSince(before, 'The checklist') });
}

export async function retireChecklistTemplate(ctx: ServiceContext, id: unknown): Promise<Template> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:write');
  const before = await findOwned(ctx, ctx.models.ChecklistTemplate, parseId(id), 'ChecklistTemplate');
  return setRetiredOwned(ctx, ctx.models.ChecklistTemplate, before, true, {
    what: 'ChecklistTemplate',
    ...retiredByDate(before, ctx.clock.now(), `The checklist of ${before.jobType}`),
  });
}

/** The template in force for a job type, through the request's loader (one query per job type and request). */
export async function templateFor(ctx: ServiceContext, jobType: string | null | undefined): Promise<Template | null> {
  if (!jobType) return null;
  const loader = ctx.loaders.custom<string, Template | null>('checklistTemplateByJobType', async (tenant, jobTypes) => {
    const found = await ctx.models.ChecklistTemplate.find({
      ...tenantScope(tenant),
      jobType: mongoose.trusted({ $in: [...jobTypes] }),
      retiredAt: null,
    }).lean<Template[]>();
    return jobTypes.map((type) => found.find((t) => t.jobType === type) ?? null);
  });
  return loader.load(jobType);
}

/** The checklist of a work order: as filled, or its job type's template before the first answer. */
export async function checklistOf(ctx: ServiceContext, order: Pick<Order, 'checklist' | 'jobType'>): Promise<ChecklistAnswer[]> {
  if (order.checklist && order.checklist.length > 0) return order.checklist;
  const template = await templateFor(ctx, order.jobType);
  return (template?.items ?? []).map((item) => ({ itemId: item._id, label: item.label, required: item.required, done: false, note: null, at: null, by: null }));
}

/** Completion's check: CONFLICT naming the required items of the work order's checklist not done. */
export async function requireChecklistDone(ctx: ServiceContext, order: Pick<Order, 'checklist' | 'jobType' | 'number'>): Promise<void> {
  const missing = (await checklistOf(ctx, order)).filter((item) => item.required && !item.done).map((item) => item.label);
  if (missing.length > 0) {
    throw conflict(`Work order #${order.number} cannot be completed: its checklist still needs ${missing.map((m) => `"${m}"`).join(', ')}.`, { missing });
  }
}

const CLOSED: readonly string[] = ['completed', 'invoiced', 'cancelled'];

/**
 * Ticks or unticks one item. The checklist is one array on the work order: read, changed, written
 * only if the order is unchanged since (its updatedAt), else read again — so two technicians ticking
 * two items at once both land.
 */
export async function checkChecklistItem(ctx: ServiceContext, args: { workOrderId: unknown; itemId: unknown; done: unknown; note?: unknown }): Promise<Order> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:status');
  const _id = parseId(args.workOrderId, 'workOrderId');
  const itemId = parseId(args.itemId, 'itemId');
  const done = z.boolean().parse(args.done);
  const note = multiLine(1_000).nullish().parse(args.note) || null;
  for (let attempt = 0; attempt < MAX_ANSWER_ATTEMPTS; attempt++) {
    const order = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder', { field: 'workOrderId' });
    await requireOwnWorkOrderForTechnician(ctx, order);
    if (CLOSED.includes(order.status)) throw conflict(`Work order #${order.number} is ${order.status}; its checklist is closed.`, { status: order.status });
    const checklist = await checklistOf(ctx, order);
    if (checklist.length === 0) throw badInput(`Work order #${order.number} has no checklist (job type ${order.jobType ?? 'none'}).`, { field: 'workOrderId' });
    if (!checklist.some((item) => item.itemId.equals(itemId))) throw notFound('ChecklistItem', itemId.toHexString());
    const now = ctx.clock.now();
    const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
    const next = checklist.map((item) => (item.itemId.equals(itemId) ? { ...item, done, note, at: now, by } : item));
    const written = await ctx.models.WorkOrder.findOneAndUpdate(
      { ...tenantScope(ctx.tenant), _id, updatedAt: order.updatedAt, status: order.status },
      { $set: { checklist: next } },
      { returnDocument: 'after' },
    ).lean<Order>();
    if (written) {
      ctx.loaders.byId(ctx.models.WorkOrder).prime(_id.toHexString(), written);
      ctx.audit.record(
        'WorkOrder',
        _id.toHexString(),
        { checklist: checklist.find((i) => i.itemId.equals(itemId)) },
        { checklist: next.find((i) => i.itemId.equals(itemId)) },
      );
      return written;
    }
  }
  throw conflict('The work order is changing too fast; try again.');
}
