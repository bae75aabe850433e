import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { conflict, DomainError, badInput } from '@attunelogic/shared/errors';
import { parseId, parseOptionalId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { loadCustomer, locationOf } from '../customers/customers.service';
import { type ServiceContext } from '../models';
import { areasCovering } from '../service-areas/service-areas.service';
import { autoDispatchFor, BOOKING_GRACE_MS, bookingPolicyFor, emergencyPreemptionFor } from '../settings';
import { type Booking, type TechnicianDocument } from '../technicians/technicians.model';
import { MINUTE_MS, type Interval } from '../technicians/working-hours';
import { type WorkOrderDocument, type WorkOrderStatus } from '../work-orders/work-orders.model';
import { DEFAULT_ESTIMATED_MINUTES, DISPATCHABLE_STATUSES } from '../work-orders/work-orders.service';
import { evaluate, isoMinute, rank, type DispatchJob, type Evaluation } from './dispatch.score';
import { bookedOrders, changeSchedule, isLiveBooking, releaseBooking, type BookedOrder } from './schedule';
import { z } from 'zod';

type Technician = Lean<TechnicianDocument>;
type WorkOrder = Lean<WorkOrderDocument>;

/** At most this many technicians are ranked (active ones, oldest first). */
export const MAX_CANDIDATES = 200;
/** Without a requested window, the slot is the earliest in this many days from now. */
export const ASAP_DAYS = 7;

export interface DispatchOutcome {
  workOrder: WorkOrder;
  technician: Technician;
  ranking: Evaluation[];
  preempted: WorkOrder[];
}

/**
 * Assigns a technician to a new or scheduled work order and books the earliest slot of its estimated
 * duration in the requested window.
 *
 * Two writes without a transaction, in an order that keeps the invariant "no technician has two
 * overlapping bookings" at every moment:
 *   1. the booking, by compare-and-swap on the technician's schedule (./schedule.ts), the slot judged
 *      again on the schedule as written;
 *   2. the work order: status, technician and slot, guarded by the status read at the start.
 * If 2 is refused (the order changed meanwhile) or fails, the booking is released again. If the
 * process dies between 1 and 2, the booking outlives its grace period without an assigned work order
 * and the technician's next schedule change drops it (isLiveBooking).
 */
export async function dispatchWorkOrder(ctx: ServiceContext, id: unknown, technicianId: unknown): Promise<DispatchOutcome> {
  requireAccess(ctx, ['workOrders', 'technicianDispatch'], 'workOrders:dispatch');
  return dispatchOrder(ctx, parseId(id), parseOptionalId(technicianId, 'technicianId'));
}

/**
 * The tenant's `dispatch.autoDispatch`: a new work order with a location goes to the best-ranked
 * eligible technician as it is created, as `dispatchWorkOrder` without a technician would send it.
 * The tenant's setting acts for whoever creates the order, so the creator needs no dispatch
 * permission. When nobody is eligible (or the dispatch feature is off) the order stays new, to be
 * dispatched by hand; the reasons are logged.
 */
export async function autoDispatchNew(ctx: ServiceContext, order: WorkOrder): Promise<WorkOrder> {
  if (!autoDispatchFor(ctx.tenant) || ctx.tenant.flags['technicianDispatch'] === false) return order;
  if (order.status !== 'new' || !order.customerId || !order.locationId) return order;
  try {
    return (await dispatchOrder(ctx, order._id, undefined)).workOrder;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
    ctx.log.info({ workOrderId: order._id.toHexString(), reason: error.message }, 'new work order not auto-dispatched; it stays new');
    return order;
  }
}

async function dispatchOrder(ctx: ServiceContext, _id: mongoose.Types.ObjectId, chosenId: mongoose.Types.ObjectId | undefined): Promise<DispatchOutcome> {
  const { WorkOrder, Technician } = ctx.models;
  const scope = tenantScope(ctx.tenant);

  const order = await findOwned(ctx, WorkOrder, _id, 'WorkOrder');
  let candidates: Technician[];
  if (chosenId) {
    candidates = [await findOwned(ctx, Technician, chosenId, 'Technician')];
  } else {
    candidates = await Technician.find({ ...scope, active: true })
      .sort({ _id: 1 })
      .limit(MAX_CANDIDATES)
      .lean<Technician[]>();
  }
  if (!DISPATCHABLE_STATUSES.includes(order.status)) {
    throw conflict(`Work order #${order.number} is ${order.status}; only new and scheduled work orders are dispatched.`, { status: order.status });
  }
  if (!order.customerId || !order.locationId) throw conflict(`Work order #${order.number} has no customer location to dispatch to.`);

  const now = ctx.clock.now();
  const job = await jobOf(ctx, order, now);
  const policy = bookingPolicyFor(ctx.tenant);
  const orders = await bookedOrders(ctx.models, ctx.tenant, candidates);
  const liveOf = (technician: Technician): Booking[] => technician.bookings.filter((booking) => isLiveBooking(booking, technician._id, orders, now, BOOKING_GRACE_MS));

  // Preemption only when nobody is free: an emergency takes a slot only if it must.
  let preemptible: ReadonlySet<string> = new Set();
  let ranking = rank(candidates.map((technician) => evaluate(technician, job, liveOf(technician), new Set(), policy)));
  if (!ranking.some((e) => e.eligible) && order.priority === 'emergency' && emergencyPreemptionFor(ctx.tenant)) {
    preemptible = preemptibleOrders(orders);
    ranking = rank(candidates.map((technician) => evaluate(technician, job, liveOf(technician), preemptible, policy)));
  }
  if (!ranking.some((e) => e.eligible)) throw noEligibleTechnician(order, ranking, chosenId !== undefined);

  for (const candidate of ranking.filter((e) => e.eligible)) {
    const booking = await changeSchedule<Evaluation>(ctx.models, ctx.tenant, candidate.technician._id, (fresh) => {
      const live = fresh.bookings.filter((b) => isLiveBooking(b, fresh._id, orders, now, BOOKING_GRACE_MS));
      const judged = evaluate(fresh, job, live, candidate.preempts.length > 0 ? preemptible : new Set(), policy);
      if (!judged.eligible || !judged.slot) return { skip: judged };
      const taken = new Set(judged.preempts.map((b) => b.workOrderId.toHexString()));
      const added: Booking = {
        workOrderId: order._id,
        workOrderNumber: order.number,
        priority: order.priority,
        start: new Date(judged.slot.start),
        end: new Date(judged.slot.end),
        point: job.point,
        bookedAt: now,
      };
      // Only live bookings are written back: leftovers of interrupted dispatches go here.
      const bookings = [...live.filter((b) => !taken.has(b.workOrderId.toHexString())), added].sort((a, b) => a.start.getTime() - b.start.getTime());
      return { write: bookings, result: judged };
    });
    if (!booking.written) {
      // Booked by someone else meanwhile: with a chosen technician that is the answer; otherwise try the next.
      if (chosenId) throw noEligibleTechnician(order, [booking.result], true);
      continue;
    }
    const judged = booking.result;
    const assigned = await assign(ctx, order, booking.technician, judged);
    const preempted = await preempt(ctx, booking.technician, judged.preempts);
    const finalRanking = ranking.map((e) => (e.technician._id.equals(judged.technician._id) ? { ...judged, technician: booking.technician } : e));
    return { workOrder: assigned, technician: booking.technician, ranking: finalRanking, preempted };
  }
  throw conflict(`Every eligible technician for work order #${order.number} was booked by another dispatch meanwhile; try again.`);
}

/**
 * The work order as dispatch sees it: its window (from now on), duration, skills, place and the areas
 * there. With `exact`, the job is that slot and nothing else (a reschedule to a chosen time).
 */
export async function jobOf(ctx: ServiceContext, order: WorkOrder, now: Date, exact?: Interval): Promise<DispatchJob> {
  const customer = await loadCustomer(ctx, order.customerId!);
  const location = locationOf(customer, order.locationId!);
  const estimatedMinutes = exact ? (exact.end - exact.start) / MINUTE_MS : (order.estimatedMinutes ?? DEFAULT_ESTIMATED_MINUTES);
  const durationMs = estimatedMinutes * MINUTE_MS;
  const requested = exact
    ? exact
    : order.requestedWindow
      ? { start: order.requestedWindow.start.getTime(), end: order.requestedWindow.end.getTime() }
      : { start: now.getTime(), end: now.getTime() + ASAP_DAYS * 24 * 60 * MINUTE_MS };
  const window = { start: Math.max(requested.start, now.getTime()), end: requested.end };
  if (window.end - window.start < durationMs) {
    throw exact
      ? badInput(`The new slot of work order #${order.number} starts in the past.`, { field: 'start' })
      : conflict(`The requested window of work order #${order.number} is over or too short for its ${estimatedMinutes} minutes.`);
  }
  const zip = location.address.country === 'US' ? location.address.postalCode : null;
  const { byZip, byPolygon } = await areasCovering(ctx.models, ctx.tenant, { point: location.coordinates, zip });
  const how = new Map<string, string>();
  for (const areaId of byPolygon) how.set(areaId.toHexString(), 'polygon');
  for (const areaId of byZip) how.set(areaId.toHexString(), `ZIP ${zip}`);
  const areas = await ctx.loaders.byId(ctx.models.ServiceArea).loadMany([...how.keys()]);
  const coveringAreas = new Map(
    [...how.entries()].map(([areaId, by], i) => {
      const area = areas[i];
      return [areaId, `${area && !(area instanceof Error) ? area.name : areaId} (${by})`] as const;
    }),
  );
  return {
    number: order.number,
    priority: order.priority,
    requiredSkills: order.requiredSkills ?? [],
    window,
    durationMs,
    point: location.coordinates ?? null,
    coveringAreas,
  };
}

/** Work orders whose slot an emergency may take: not started (dispatched) and not emergencies themselves. */
const preemptibleOrders = (orders: ReadonlyMap<string, BookedOrder>): ReadonlySet<string> =>
  new Set([...orders.values()].filter((o) => o.status === 'dispatched' && o.priority !== 'emergency').map((o) => o._id.toHexString()));

/**
 * The second write: the order takes the booked slot and technician, guarded by the status read at the
 * start. From `new` the history records `scheduled` and `dispatched`, each a step the lifecycle allows.
 */
async function assign(ctx: ServiceContext, order: WorkOrder, technician: Technician, judged: Evaluation): Promise<WorkOrder> {
  const { WorkOrder } = ctx.models;
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const steps: WorkOrderStatus[] = order.status === 'new' ? ['scheduled', 'dispatched'] : ['dispatched'];
  const schedule = { start: new Date(judged.slot!.start), end: new Date(judged.slot!.end) };
  const release = () =>
    releaseBooking(ctx.models, ctx.tenant, technician._id, order._id).catch((error: unknown) =>
      ctx.log.error({ err: error, workOrderId: order._id.toHexString() }, 'booking of a failed dispatch not released; the next schedule change drops it'),
    );
  let updated: WorkOrder;
  try {
    updated = await updateOwned(
      ctx,
      WorkOrder,
      order,
      {
        $set: { status: 'dispatched', heldFrom: null, technicianId: technician._id, schedule },
        $push: { statusHistory: { $each: steps.map((status) => ({ status, at, by })) } },
      },
      {
        what: 'WorkOrder',
        guard: { status: order.status, technicianId: null },
        changed: () => conflict(`Work order #${order.number} changed meanwhile; reload it and try again.`),
        // The event records the dispatch, not the whole order.
        audit: false,
        events: [
          {
            type: 'work_order.dispatched',
            payload: { number: order.number, technicianId: technician._id.toHexString(), schedule },
            assignees: [technician.userId.toHexString()],
          },
          { type: 'work_order.status_changed', payload: { number: order.number, from: order.status, to: 'dispatched' }, assignees: [technician.userId.toHexString()] },
        ],
      },
    );
  } catch (error) {
    await release();
    throw error;
  }
  const key = order._id.toHexString();
  ctx.loaders.byId(ctx.models.Technician).clear(technician._id.toHexString()).prime(technician._id.toHexString(), technician);
  ctx.audit.record('WorkOrder', key, { status: order.status, technicianId: null, schedule: null }, { status: 'dispatched', technicianId: technician._id, schedule });
  return updated;
}

/**
 * Sends the orders an emergency took the slot from back to `scheduled`, unassigned (history:
 * on_hold, then scheduled). Their bookings are already gone from the schedule. One that moved on
 * meanwhile (en route) is left as it is and logged: the technician then has two jobs at once.
 */
async function preempt(ctx: ServiceContext, technician: Technician, bookings: readonly Booking[]): Promise<WorkOrder[]> {
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const preempted: WorkOrder[] = [];
  for (const booking of bookings) {
    const updated = await ctx.models.WorkOrder.findOneAndUpdate(
      { _id: booking.workOrderId, ...tenantScope(ctx.tenant), status: 'dispatched', technicianId: technician._id },
      {
        $set: { status: 'scheduled', heldFrom: null, technicianId: null, schedule: null },
        $push: { statusHistory: { $each: (['on_hold', 'scheduled'] as const).map((status) => ({ status, at, by })) } },
      },
      { returnDocument: 'after', runValidators: true },
    ).lean<WorkOrder>();
    if (updated) preempted.push(updated);
    else ctx.log.warn({ workOrderId: booking.workOrderId.toHexString() }, 'preempted work order moved on meanwhile; left as it is');
  }
  return preempted;
}

/** CONFLICT naming why nobody (or the chosen technician) can take the order. */
function noEligibleTechnician(order: WorkOrder, ranking: readonly Evaluation[], chosen: boolean): DomainError {
  const candidates = ranking.map((e) => ({ technicianId: e.technician._id.toHexString(), ineligibleBecause: e.ineligibleBecause }));
  if (chosen) {
    const [only] = candidates;
    return conflict(`Technician ${only?.technicianId} cannot take work order #${order.number}: ${only?.ineligibleBecause.join('; ')}.`, {
      reasons: only?.ineligibleBecause ?? [],
    });
  }
  if (candidates.length === 0) return conflict(`No eligible technician for work order #${order.number}: the tenant has no active technicians.`, { candidates });
  const summary = candidates
    .slice(0, 5)
    .map((c) => `technician ${c.technicianId}: ${c.ineligibleBecause.join('; ')}`)
    .join(' | ');
  return conflict(`No eligible technician for work order #${order.number}. ${summary}${candidates.length > 5 ? ' | …' : ''}`, { candidates });
}

/** Statuses whose booking may be moved or handed to another technician: booked, not under way. */
export const RESCHEDULABLE_STATUSES: readonly WorkOrderStatus[] = ['dispatched', 'on_hold'];
/** The longest slot a reschedule books. */
export const MAX_SLOT_MINUTES = 24 * 60;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const rescheduleInput = z
  .object({
    start: instant,
    end: instant.nullish(),
    technicianId: z
      .string()
      .transform((value) => parseId(value, 'technicianId'))
      .nullish(),
  })
  .strict();

export type RescheduleWorkOrderInput = z.input<typeof rescheduleInput>;

/**
 * Moves a dispatched (or held) work order to a new slot and/or another technician. The slot is
 * `start` to `end`, or `start` plus the order's estimate; the technician (the current one unless
 * `technicianId` names another) is judged as dispatch judges them, on exactly that slot: active,
 * skills, an area covering the location, working hours, no time off, no other live booking within
 * the tenant's travel buffer, and under the tenant's daily limit. Any failure is CONFLICT with the
 * reasons; the order's own current booking never stands in its way.
 *
 * The same order of writes as dispatch, so no technician ever holds two overlapping bookings:
 *   1. the new booking, by compare-and-swap on the (new) technician's schedule — on the same
 *      technician this replaces the old booking in the same write;
 *   2. the order: technician and slot, guarded by the state it was judged on (status, technician,
 *      last update); refused, the new booking is undone (released, or the old slot put back);
 *   3. on another technician, the old technician's booking is released.
 */
export async function rescheduleWorkOrder(ctx: ServiceContext, id: unknown, raw: unknown): Promise<WorkOrder> {
  requireAccess(ctx, ['workOrders', 'technicianDispatch'], 'workOrders:dispatch');
  const _id = parseId(id);
  const input = rescheduleInput.parse(raw ?? {});
  const { WorkOrder, Technician } = ctx.models;
  const order = await findOwned(ctx, WorkOrder, _id, 'WorkOrder');
  const target = input.technicianId ? await findOwned(ctx, Technician, input.technicianId, 'Technician', { field: 'technicianId' }) : null;
  const fromId = order.technicianId;
  if (!RESCHEDULABLE_STATUSES.includes(order.status) || !fromId) {
    throw conflict(
      `Work order #${order.number} is ${order.status}${fromId ? '' : ' without a technician'}; only dispatched or held work orders with a booking are rescheduled (dispatch it first).`,
      { status: order.status },
    );
  }
  if (!order.customerId || !order.locationId) throw conflict(`Work order #${order.number} has no customer location to book at.`);
  const toId = target?._id ?? fromId;
  const start = input.start;
  const end = input.end ?? new Date(start.getTime() + (order.estimatedMinutes ?? DEFAULT_ESTIMATED_MINUTES) * MINUTE_MS);
  if (end <= start) throw badInput('The new slot ends after it starts.', { field: 'end' });
  if (end.getTime() - start.getTime() > MAX_SLOT_MINUTES * MINUTE_MS) throw badInput(`A slot lasts at most ${MAX_SLOT_MINUTES} minutes.`, { field: 'end' });
  const now = ctx.clock.now();
  if (start < now) throw badInput(`The new slot of work order #${order.number} starts in the past.`, { field: 'start' });
  const slot = { start: start.getTime(), end: end.getTime() };
  const job = await jobOf(ctx, order, now, slot);
  const policy = bookingPolicyFor(ctx.tenant);
  const technician = target ?? (await findOwned(ctx, Technician, toId, 'Technician', { field: 'technicianId' }));
  const orders = await bookedOrders(ctx.models, ctx.tenant, [technician]);

  const booking = await changeSchedule<Evaluation>(ctx.models, ctx.tenant, toId, (fresh) => {
    // Every live booking but this order's own: its old slot is the one being given up.
    const live = fresh.bookings.filter((b) => !b.workOrderId.equals(order._id) && isLiveBooking(b, fresh._id, orders, now, BOOKING_GRACE_MS));
    const judged = evaluate(fresh, job, live, new Set(), policy);
    if (!judged.eligible || !judged.slot) return { skip: judged };
    const added: Booking = { workOrderId: order._id, workOrderNumber: order.number, priority: order.priority, start, end, point: job.point, bookedAt: now };
    return { write: [...live, added].sort((a, b) => a.start.getTime() - b.start.getTime()), result: judged };
  });
  if (!booking.written) {
    const reasons = booking.result.ineligibleBecause;
    throw conflict(
      `Technician ${toId.toHexString()} cannot take work order #${order.number} at ${isoMinute(slot.start)}–${isoMinute(slot.end)}: ${reasons.join('; ')}.`,
      {
        reasons,
      },
    );
  }

  const schedule = { start, end };
  let updated: WorkOrder;
  try {
    updated = await updateOwned(
      ctx,
      WorkOrder,
      order,
      { $set: { technicianId: toId, schedule } },
      {
        what: 'WorkOrder',
        guard: { status: order.status, technicianId: fromId, updatedAt: order.updatedAt },
        changed: () => conflict(`Work order #${order.number} changed meanwhile; reload it and try again.`),
        audit: false,
      },
    );
  } catch (error) {
    await undoReschedule(ctx, order, toId).catch((undoError: unknown) =>
      ctx.log.error({ err: undoError, workOrderId: order._id.toHexString() }, 'booking of a failed reschedule not undone; the next schedule change drops it'),
    );
    throw error;
  }
  if (!toId.equals(fromId)) {
    await releaseBooking(ctx.models, ctx.tenant, fromId, _id).catch((error: unknown) =>
      ctx.log.warn({ err: error, workOrderId: _id.toHexString() }, "previous technician's booking not released; the next schedule change drops it"),
    );
  }
  const key = toId.toHexString();
  ctx.loaders.byId(Technician).clear(key).prime(key, booking.technician);
  ctx.audit.record('WorkOrder', _id.toHexString(), { technicianId: fromId, schedule: order.schedule }, { technicianId: toId, schedule });
  return updated;
}

/** After a refused order write: another technician's new booking goes; the same technician gets the old slot back. */
async function undoReschedule(ctx: ServiceContext, order: WorkOrder, technicianId: mongoose.Types.ObjectId): Promise<void> {
  if (!order.technicianId?.equals(technicianId) || !order.schedule) {
    await releaseBooking(ctx.models, ctx.tenant, technicianId, order._id);
    return;
  }
  const old = order.schedule;
  await changeSchedule(ctx.models, ctx.tenant, technicianId, (fresh) => {
    const rest = fresh.bookings.filter((b) => !b.workOrderId.equals(order._id));
    const restored: Booking = {
      workOrderId: order._id,
      workOrderNumber: order.number,
      priority: order.priority,
      start: old.start,
      end: old.end,
      point: null,
      bookedAt: ctx.clock.now(),
    };
    return { write: [...rest, restored].sort((a, b) => a.start.getTime() - b.start.getTime()), result: null };
  });
}
