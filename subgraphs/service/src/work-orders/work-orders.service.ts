import mongoose from 'mongoose';
import { z } from 'zod';
import {
  actsOnlyAs,
  multiLine,
  listProjection,
  paginate,
  singleLine,
  type Connection,
  type ConnectionArgs,
  type Lean,
  type Permission,
  type SelectionInfo,
} from '@attunelogic/shared';
import { badInput, conflict, forbidden } from '@attunelogic/shared/errors';
import { nextSequenceValue, parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { firstUsableLocation, loadCustomer, usableLocationOf } from '../customers/customers.service';
import { releaseBooking } from '../dispatch/schedule';
import { defaultJobMinutesFor, defaultPriorityFor, followUpDaysFor, responseHoursFor, warrantyDaysFor } from '../settings';
import { type ServiceContext } from '../models';
import { skillName, techniciansByUserId } from '../technicians/technicians.service';
import { MINUTE_MS } from '../technicians/working-hours';
import { workOrderAssignees } from './assignees';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_STATUSES, type WorkOrderDocument, type WorkOrderPriority, type WorkOrderStatus } from './work-orders.model';

/** The tenant flag that switches work orders on and off. */
export const WORK_ORDERS_FEATURE = 'workOrders';
/** The tenant sequence work order numbers are drawn from. */
export const WORK_ORDER_SEQUENCE = 'workOrder';

const requireWorkOrders = (ctx: ServiceContext, permission: Permission): void => requireAccess(ctx, WORK_ORDERS_FEATURE, permission);

/** Statuses dispatchWorkOrder starts from. */
export const DISPATCHABLE_STATUSES: readonly WorkOrderStatus[] = ['new', 'scheduled'];
/** The estimate of a work order created without one, when the tenant's context carries no `dispatch.defaultJobDurationMinutes`. */
export const DEFAULT_ESTIMATED_MINUTES = 60;
/** The longest requested window, so a dispatch's slot search stays small. */
export const MAX_WINDOW_DAYS = 14;

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

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
// zod runs an object's refinements even when a field failed: never assume a Date there.
const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : NaN);
const objectId = (field: string) => z.string().transform((value) => parseId(value, field));
const windowMs = (window: { start: unknown; end: unknown }): number => ms(window.end) - ms(window.start);

const requiredSkills = z
  .array(z.object({ name: skillName, minLevel: z.number().int().min(1).max(5).nullish() }))
  .max(20)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'Each skill once.');
const serviceWindow = z
  .object({ start: instant, end: instant })
  .refine((window) => !(ms(window.end) <= ms(window.start)), 'The window ends after it starts.')
  .refine((window) => !(windowMs(window) > MAX_WINDOW_DAYS * 24 * 60 * MINUTE_MS), `At most ${MAX_WINDOW_DAYS} days.`);
const estimatedMinutes = z
  .number()
  .int()
  .min(5)
  .max(24 * 60);

const createWorkOrderInput = z
  .object({
    title: singleLine(200),
    description: multiLine(5_000).nullish(),
    notes: multiLine(5_000).nullish(),
    priority: priority.nullish(),
    customerId: objectId('customerId'),
    locationId: objectId('locationId').nullish(),
    requiredSkills: requiredSkills.nullish(),
    requestedWindow: serviceWindow.nullish(),
    estimatedMinutes: estimatedMinutes.nullish(),
    jobType: singleLine(60).nullish(),
  })
  .refine((input) => !input.requestedWindow || !input.estimatedMinutes || !(windowMs(input.requestedWindow) < input.estimatedMinutes * MINUTE_MS), {
    message: 'The requested window is shorter than the estimated duration.',
    path: ['requestedWindow'],
  });

const workOrderFilter = z
  .object({
    status: status.nullish(),
    priority: priority.nullish(),
    customerId: objectId('customerId').nullish(),
    technicianId: objectId('technicianId').nullish(),
    overdue: z.boolean().nullish(),
    followUpPending: z.boolean().nullish(),
  })
  .nullish();

export type CreateWorkOrderInput = z.input<typeof createWorkOrderInput>;
export type WorkOrderFilter = z.input<typeof workOrderFilter>;

/** The tenant's work orders, newest first, optionally of one status and/or priority. */
/** The large stored fields of a work order, by the fields of `WorkOrder` that read them: left out of a list page that asks for none. */
const WORK_ORDER_LIST_HEAVY = { statusHistory: ['statusHistory', 'timestamps'], parts: ['parts', 'partsCostCents'] } as const;

/** Overdue: open and past its due-by; not overdue: everything else (done, or not yet due, or without a due-by). */
const overdueFilter = (overdue: boolean, now: Date): Record<string, unknown> =>
  overdue
    ? { dueBy: mongoose.trusted({ $lt: now }), status: mongoose.trusted({ $in: OPEN_STATUSES }) }
    : { $or: [{ dueBy: null }, { dueBy: mongoose.trusted({ $gte: now }) }, { status: mongoose.trusted({ $nin: OPEN_STATUSES }) }] };

/** A follow-up pending: one is due (followUpDueAt, set at completion) and none is scheduled yet. */
const followUpPendingFilter = (pending: boolean): Record<string, unknown> =>
  pending ? { followUpDueAt: mongoose.trusted({ $ne: null }), followUpId: null } : { $or: [{ followUpDueAt: null }, { followUpId: mongoose.trusted({ $ne: null }) }] };

export async function listWorkOrders(
  ctx: ServiceContext,
  args: ConnectionArgs & { filter?: WorkOrderFilter },
  info?: SelectionInfo,
): Promise<Connection<Lean<WorkOrderDocument>>> {
  requireWorkOrders(ctx, 'workOrders:read');
  const filter = workOrderFilter.parse(args.filter);
  return paginate(
    ctx.models.WorkOrder,
    ctx.tenant,
    {
      ...(filter?.status && { status: filter.status }),
      ...(filter?.priority && { priority: filter.priority }),
      ...(filter?.customerId && { customerId: filter.customerId }),
      ...(filter?.technicianId && { technicianId: filter.technicianId }),
      ...(filter?.overdue != null && overdueFilter(filter.overdue, ctx.clock.now())),
      ...(filter?.followUpPending != null && followUpPendingFilter(filter.followUpPending)),
    },
    args,
    { projection: listProjection(info, WORK_ORDER_LIST_HEAVY) },
  );
}

/** One of the tenant's work orders; `NOT_FOUND` when missing or another tenant's. */
export async function getWorkOrder(ctx: ServiceContext, id: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx, 'workOrders:read');
  return loadOwned(ctx, ctx.models.WorkOrder, id, 'WorkOrder');
}

/**
 * Opens a work order in status `new` with the tenant's next number: an atomic `$inc` on the tenant's
 * counter, with the unique index `{ parentCompany, number }` as the last word should the counter ever
 * be behind the data. Everything is checked before the number is drawn, so a refused input leaves no
 * gap in the numbering.
 */
export async function createWorkOrder(ctx: ServiceContext, raw: unknown, from: WorkOrderOrigin = {}): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx, 'workOrders:write');
  return openWorkOrder(ctx, raw, from);
}

/** Where a work order comes from besides the office: an accepted quote, an agreement's occurrence, a completed order's follow-up. */
export interface WorkOrderOrigin {
  quoteId?: mongoose.Types.ObjectId;
  agreement?: { agreementId: mongoose.Types.ObjectId; occursAt: Date };
  followUpOf?: mongoose.Types.ObjectId;
  /** The new order's id, when the caller has already recorded it elsewhere (a follow-up on its original). */
  id?: mongoose.Types.ObjectId;
}

/** `createWorkOrder` without the caller's permission check: for orders the system opens (an agreement's generator). */
export async function openWorkOrder(ctx: ServiceContext, raw: unknown, from: WorkOrderOrigin = {}): Promise<Lean<WorkOrderDocument>> {
  const input = createWorkOrderInput.parse(raw);
  const { WorkOrder, Counter } = ctx.models;
  // One instant for both, so the first step of the history is exactly the creation.
  const openedAt = ctx.clock.now();
  if (input.requestedWindow && input.requestedWindow.end <= openedAt) {
    throw badInput('The requested window is over.', { field: 'requestedWindow' });
  }
  // Without an estimate a job lasts the tenant's configured default (dispatch.defaultJobDurationMinutes).
  const minutes = input.estimatedMinutes ?? defaultJobMinutesFor(ctx.tenant, DEFAULT_ESTIMATED_MINUTES);
  if (input.requestedWindow && windowMs(input.requestedWindow) < minutes * MINUTE_MS) {
    throw badInput(`The requested window is shorter than the estimated duration of ${minutes} minutes.`, { field: 'requestedWindow' });
  }
  const customer = await loadCustomer(ctx, input.customerId);
  // A retired customer or location takes no new work (CONFLICT); the default is the first location in use.
  const location = input.locationId ? usableLocationOf(customer, input.locationId) : firstUsableLocation(customer);
  const createdBy = new mongoose.Types.ObjectId(ctx.tenant.userId);
  // Without a priority of its own, the tenant's workOrders.defaultPriority.
  const openedPriority = input.priority ?? defaultPriorityFor(ctx.tenant);
  const number = await nextSequenceValue(Counter, ctx.tenant, WORK_ORDER_SEQUENCE);
  return createOwned(
    ctx,
    WorkOrder,
    {
      ...(from.id && { _id: from.id }),
      number,
      title: input.title,
      description: input.description ?? null,
      notes: input.notes || null,
      priority: openedPriority,
      status: 'new',
      heldFrom: null,
      customerId: customer._id,
      locationId: location._id,
      requiredSkills: (input.requiredSkills ?? []).map((skill) => ({ name: skill.name, minLevel: skill.minLevel ?? 1 })),
      requestedWindow: input.requestedWindow ?? null,
      jobType: input.jobType || null,
      dueBy: dueByOf(ctx, { priority: openedPriority, createdAt: openedAt, requestedWindow: input.requestedWindow ?? null }),
      estimatedMinutes: minutes,
      technicianId: null,
      schedule: null,
      parts: [],
      quoteId: from.quoteId ?? null,
      agreementId: from.agreement?.agreementId ?? null,
      occursAt: from.agreement?.occursAt ?? null,
      followUpOf: from.followUpOf ?? null,
      statusHistory: [{ status: 'new', at: openedAt, by: createdBy }],
      createdBy,
      createdAt: openedAt,
    },
    {
      what: 'WorkOrder',
      events: [{ type: 'work_order.created', payload: { number, title: input.title, priority: openedPriority, customerId: customer._id.toHexString() } }],
      duplicate: () => {
        ctx.log.error({ number }, 'work order counter is behind the work orders');
        return conflict('No work order number could be allocated; try again later.');
      },
    },
  );
}

/** The statuses in which a work order past its due-by is overdue: not yet done. */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'on_hold'];

/**
 * When a work order is due: its response time (the tenant's `workOrders.responseHours` of its
 * priority) from when the customer asked — its creation, or the start of its requested window when
 * that is later (work booked ahead, an agreement's visit). Null without the tenant's key.
 */
export function dueByOf(ctx: ServiceContext, order: { priority: WorkOrderPriority; createdAt: Date; requestedWindow: { start: Date } | null }): Date | null {
  const hours = responseHoursFor(ctx.tenant, order.priority);
  if (hours === null) return null;
  const from = order.requestedWindow && order.requestedWindow.start > order.createdAt ? order.requestedWindow.start : order.createdAt;
  return new Date(from.getTime() + hours * 60 * MINUTE_MS);
}

/**
 * What completion fixes from the tenant's configuration: the end of the work's warranty
 * (`maintenance.warrantyDays`) and when a follow-up visit is due (`maintenance.followUpDays`); a key
 * of 0, or absent, sets none.
 */
export function completionTerms(ctx: ServiceContext, completedAt: Date): { warrantyUntil: Date | null; followUpDueAt: Date | null } {
  const after = (days: number) => (days > 0 ? new Date(completedAt.getTime() + days * 24 * 60 * MINUTE_MS) : null);
  return { warrantyUntil: after(warrantyDaysFor(ctx.tenant)), followUpDueAt: after(followUpDaysFor(ctx.tenant)) };
}

/**
 * Moves a work order one step. The move is judged against the stored status and written with that
 * status in the filter, so a concurrent change in between turns into `CONFLICT`, not a skipped step.
 * Every step is appended to `statusHistory` with its time and user.
 *
 * Assignment follows the status: only `dispatchWorkOrder` assigns (here `dispatched` is reachable
 * only by resuming an order held from it, technician still assigned); completing or cancelling frees
 * the technician's slot; `on_hold → scheduled` also unassigns, so the order can be dispatched again.
 * The slot is freed after the order's write; should that second write fail, the booking no longer
 * matches an assigned order and the next schedule change of the technician drops it.
 */
export async function updateWorkOrderStatus(
  ctx: ServiceContext,
  id: unknown,
  rawStatus: unknown,
  beforeCompleting: (order: Pick<Lean<WorkOrderDocument>, 'number' | 'jobType' | 'checklist'>) => Promise<void> = async () => {},
): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx, 'workOrders:status');
  const _id = parseId(id);
  const to = status.parse(rawStatus);
  // Read from the database, not the request's loader: the move is judged on the current state.
  const current = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder', {
    select: ['number', 'status', 'heldFrom', 'technicianId', 'jobType', 'checklist', 'updatedAt'],
  });
  await requireOwnWorkOrderForTechnician(ctx, current);
  if (!nextStatuses(current).includes(to)) {
    throw conflict(`A work order cannot go from ${current.status} to ${to}.`, { from: current.status, to });
  }
  if (to === 'dispatched' && !(current.status === 'on_hold' && current.technicianId)) {
    throw conflict('Dispatch a work order with dispatchWorkOrder, which assigns the technician.', { from: current.status, to });
  }
  // Required checklist items must be done first (the checklist is read with the status it is judged on).
  if (to === 'completed') await beforeCompleting(current);
  const unassign = to === 'scheduled' && current.status === 'on_hold';
  const releases = current.technicianId !== null && current.technicianId !== undefined && (unassign || to === 'completed' || to === 'cancelled');

  const assignees = await workOrderAssignees(ctx, current.technicianId);
  const updated = await updateOwned(
    ctx,
    ctx.models.WorkOrder,
    current,
    {
      $set: {
        status: to,
        heldFrom: to === 'on_hold' ? current.status : null,
        ...(unassign && { technicianId: null, schedule: null }),
        ...(to === 'completed' && completionTerms(ctx, ctx.clock.now())),
      },
      $push: { statusHistory: { status: to, at: ctx.clock.now(), by: new mongoose.Types.ObjectId(ctx.tenant.userId) } },
    },
    {
      what: 'WorkOrder',
      // Completing is judged on the checklist as read: an answer written meanwhile makes it miss.
      guard: { status: current.status, heldFrom: current.heldFrom, ...(to === 'completed' && { updatedAt: current.updatedAt }) },
      changed: () => conflict('The work order changed status meanwhile; reload it and try again.', { from: current.status, to }),
      // The event records the move, not the whole order.
      audit: false,
      events: [
        { type: 'work_order.status_changed', payload: { from: current.status, to }, assignees },
        ...(to === 'completed' ? [{ type: 'work_order.completed' as const, payload: { completedAt: ctx.clock.now() }, assignees }] : []),
      ],
    },
  );

  if (releases) {
    await releaseBooking(ctx.models, ctx.tenant, current.technicianId!, _id).catch((error: unknown) =>
      ctx.log.warn({ err: error, workOrderId: _id.toHexString() }, 'booking not released; the next schedule change drops it'),
    );
  }
  ctx.audit.record(
    'WorkOrder',
    _id.toHexString(),
    { status: current.status, ...(unassign && { technicianId: current.technicianId }) },
    { status: to, ...(unassign && { technicianId: null }) },
  );
  return updated;
}

/** Statuses in which everything about a work order may still change: nothing is booked yet. */
export const PLANNING_STATUSES: readonly WorkOrderStatus[] = ['new', 'scheduled'];
/** Statuses in which a work order's booking stands: only its wording, priority and notes change. */
export const BOOKED_STATUSES: readonly WorkOrderStatus[] = ['dispatched', 'en_route', 'in_progress', 'on_hold'];
/** Fields whose change would invalidate a booking: changed only in the planning statuses. */
const BOOKING_FIELDS = ['locationId', 'requiredSkills', 'requestedWindow', 'estimatedMinutes'] as const;

const updateWorkOrderInput = z
  .object({
    title: singleLine(200).optional(),
    description: multiLine(5_000).nullish(),
    notes: multiLine(5_000).nullish(),
    priority: priority.optional(),
    locationId: objectId('locationId').optional(),
    requiredSkills: requiredSkills.optional(),
    requestedWindow: serviceWindow.nullish(),
    estimatedMinutes: estimatedMinutes.optional(),
  })
  .strict();

export type UpdateWorkOrderInput = z.input<typeof updateWorkOrderInput>;

/**
 * Edits a work order, with the rules an office expects of each status:
 *   new, scheduled                      everything (title, description, notes, priority, location,
 *                                       skills, requested window, estimate)
 *   dispatched, en_route, in_progress,  title, description, notes and priority; what the booking was
 *   on_hold                             judged on (location, skills, window, estimate) is CONFLICT —
 *                                       reschedule it, or put it back to scheduled first
 *   completed                           notes only (what was found on site, for the invoice)
 *   invoiced, cancelled                 nothing
 * Omitted fields stay; null clears description, notes or the requested window. The write is guarded
 * by the status it was judged on; the audit event carries the field diff.
 */
export async function updateWorkOrder(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx, 'workOrders:write');
  const _id = parseId(id);
  const input = updateWorkOrderInput.parse(raw ?? {});
  const given = (Object.keys(input) as (keyof typeof input)[]).filter((key) => input[key] !== undefined);
  if (given.length === 0) throw badInput('Nothing to change: name at least one field.');
  const before = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder');
  const label = `Work order #${before.number} is ${before.status}`;
  if (before.status === 'invoiced' || before.status === 'cancelled') throw conflict(`${label}; it can no longer be edited.`, { status: before.status });
  if (before.status === 'completed' && given.some((key) => key !== 'notes')) {
    throw conflict(`${label}; only its notes can still change.`, { status: before.status, fields: given });
  }
  const booking = given.filter((key): key is (typeof BOOKING_FIELDS)[number] => (BOOKING_FIELDS as readonly string[]).includes(key));
  if (BOOKED_STATUSES.includes(before.status) && booking.length > 0) {
    throw conflict(`${label}: ${booking.join(', ')} change only before dispatch; reschedule it, or put it back to scheduled first.`, {
      status: before.status,
      fields: booking,
    });
  }

  const set: Record<string, unknown> = {};
  if (input.title !== undefined) set['title'] = input.title;
  if (input.description !== undefined) set['description'] = input.description || null;
  if (input.notes !== undefined) set['notes'] = input.notes || null;
  if (input.priority !== undefined) set['priority'] = input.priority;
  if (input.requiredSkills !== undefined) set['requiredSkills'] = input.requiredSkills.map((skill) => ({ name: skill.name, minLevel: skill.minLevel ?? 1 }));
  if (input.estimatedMinutes !== undefined) set['estimatedMinutes'] = input.estimatedMinutes;
  if (input.locationId !== undefined) {
    if (!before.customerId) throw conflict(`Work order #${before.number} has no customer whose location it could take.`);
    set['locationId'] = usableLocationOf(await loadCustomer(ctx, before.customerId), input.locationId)._id;
  }
  if (input.requestedWindow !== undefined) {
    const window = input.requestedWindow;
    if (window && window.end <= ctx.clock.now()) throw badInput('The requested window is over.', { field: 'requestedWindow' });
    set['requestedWindow'] = window;
  }
  const window = input.requestedWindow === undefined ? before.requestedWindow : input.requestedWindow;
  if (input.priority !== undefined || input.requestedWindow !== undefined) {
    set['dueBy'] = dueByOf(ctx, { priority: input.priority ?? before.priority, createdAt: before.createdAt, requestedWindow: window ?? null });
  }
  const minutes = input.estimatedMinutes ?? before.estimatedMinutes ?? DEFAULT_ESTIMATED_MINUTES;
  if (window && windowMs(window) < minutes * MINUTE_MS) {
    throw badInput(`The requested window is shorter than the estimated duration of ${minutes} minutes.`, { field: 'requestedWindow' });
  }

  return updateOwned(
    ctx,
    ctx.models.WorkOrder,
    before,
    { $set: set },
    {
      what: 'WorkOrder',
      guard: { status: before.status },
      changed: (current) => conflict(`Work order #${before.number} changed meanwhile (now ${current.status}); reload it and try again.`),
    },
  );
}

const cancelReason = singleLine(500);

/**
 * Cancels a work order with the reason the office gives (kept on the order with who and when), from
 * any status before completed. Its technician's slot is freed; the order keeps the technician it had,
 * for the record. A technician cannot cancel: that is the office's call.
 */
export async function cancelWorkOrder(ctx: ServiceContext, id: unknown, rawReason: unknown): Promise<Lean<WorkOrderDocument>> {
  requireWorkOrders(ctx, 'workOrders:write');
  const _id = parseId(id);
  const reason = cancelReason.safeParse(rawReason);
  if (!reason.success) throw badInput('A reason of 1 to 500 characters on one line is required.', { field: 'reason' });
  const current = await findOwned(ctx, ctx.models.WorkOrder, _id, 'WorkOrder', { select: ['number', 'status', 'heldFrom', 'technicianId'] });
  if (!nextStatuses(current).includes('cancelled')) {
    throw conflict(`Work order #${current.number} is ${current.status}; only work orders not yet completed can be cancelled.`, { status: current.status });
  }
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const cancellation = { reason: reason.data, at, by };
  const updated = await updateOwned(
    ctx,
    ctx.models.WorkOrder,
    current,
    { $set: { status: 'cancelled', heldFrom: null, cancellation }, $push: { statusHistory: { status: 'cancelled', at, by } } },
    {
      what: 'WorkOrder',
      guard: { status: current.status, heldFrom: current.heldFrom },
      changed: () => conflict(`Work order #${current.number} changed status meanwhile; reload it and try again.`),
      audit: false,
      events: [
        {
          type: 'work_order.status_changed',
          payload: { number: current.number, from: current.status, to: 'cancelled', reason: reason.data },
          assignees: await workOrderAssignees(ctx, current.technicianId),
        },
      ],
    },
  );
  if (current.technicianId) {
    await releaseBooking(ctx.models, ctx.tenant, current.technicianId, _id).catch((error: unknown) =>
      ctx.log.warn({ err: error, workOrderId: _id.toHexString() }, 'booking not released; the next schedule change drops it'),
    );
  }
  ctx.audit.record('WorkOrder', _id.toHexString(), { status: current.status, cancellation: null }, { status: 'cancelled', cancellation });
  return updated;
}

/**
 * A caller acting only as a technician works only on work orders assigned to their own technician
 * profile, as a driver does on their own loads; an office role may move any of the tenant's (or,
 * with `permission`, use it on any: a role that grants it besides technician acts as the office).
 */
export async function requireOwnWorkOrderForTechnician(
  ctx: ServiceContext,
  order: Pick<Lean<WorkOrderDocument>, 'technicianId'>,
  permission: Permission = 'workOrders:status',
  doing = 'update work orders',
): Promise<void> {
  if (!actsOnlyAs(ctx.tenant, 'technician', permission)) return;
  const own = (await techniciansByUserId(ctx.models.Technician, ctx.tenant, [ctx.tenant.userId]))[0];
  if (!own || !order.technicianId?.equals(own._id)) throw forbidden(`A technician may only ${doing} assigned to them.`);
}
