// A technician's schedule is the `bookings` array of the technician document, versioned by
// `scheduleVersion`. Without transactions, "no two bookings overlap" is kept by compare-and-swap on
// that one document: read it, decide in TypeScript, write the new array only if the version is still
// the one read. FerretDB 1.24 has neither `$elemMatch` nor a working conditional `$pull`, so the
// decision cannot live in the update's filter; the version can (docs/DATABASE.md: the launcher runs
// one write at a time, so a guarded findOneAndUpdate is atomic).
import mongoose from 'mongoose';
import { type Lean, type TenantContext } from '@attunelogic/shared';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ServiceModels } from '../models';
import { type Booking, type TechnicianDocument } from '../technicians/technicians.model';
import { ASSIGNED_STATUSES, type WorkOrderDocument } from '../work-orders/work-orders.model';

type Tenant = Pick<TenantContext, 'tenantId'>;
type Technician = Lean<TechnicianDocument>;

/** Enough for every contender of a burst to get its turn: each failed round means another request won one. */
export const MAX_SCHEDULE_ATTEMPTS = 50;

/** What a schedule change decides on the technician as read: new bookings, or not to write at all. */
export type ScheduleDecision<R> = { write: Booking[]; result: R } | { skip: R };

/**
 * Reads the technician, lets `decide` compute the new bookings, and writes them only if nobody changed
 * the schedule in between (`scheduleVersion` unchanged); otherwise reads and decides again.
 * Returns the decision's result and the technician as written (or as read, when skipped).
 */
export async function changeSchedule<R>(
  models: Pick<ServiceModels, 'Technician'>,
  tenant: Tenant,
  technicianId: mongoose.Types.ObjectId,
  decide: (technician: Technician) => ScheduleDecision<R> | Promise<ScheduleDecision<R>>,
): Promise<{ result: R; technician: Technician; written: boolean }> {
  const scope = { _id: technicianId, ...tenantScope(tenant) };
  for (let attempt = 0; attempt < MAX_SCHEDULE_ATTEMPTS; attempt++) {
    const technician = await models.Technician.findOne(scope).lean<Technician>();
    if (!technician) throw notFound('Technician', technicianId.toHexString());
    const decision = await decide(technician);
    if ('skip' in decision) return { result: decision.skip, technician, written: false };
    const written = await models.Technician.findOneAndUpdate(
      { ...scope, scheduleVersion: technician.scheduleVersion },
      { $set: { bookings: decision.write }, $inc: { scheduleVersion: 1 } },
      { returnDocument: 'after', runValidators: true },
    ).lean<Technician>();
    if (written) return { result: decision.result, technician: written, written: true };
  }
  throw conflict("The technician's schedule is changing too fast; try again.");
}

/** Removes the booking of a work order from a technician's schedule, if it is there. */
export async function releaseBooking(
  models: Pick<ServiceModels, 'Technician'>,
  tenant: Tenant,
  technicianId: mongoose.Types.ObjectId,
  workOrderId: mongoose.Types.ObjectId,
): Promise<boolean> {
  const { result } = await changeSchedule<boolean>(models, tenant, technicianId, (technician) => {
    const rest = technician.bookings.filter((booking) => !booking.workOrderId.equals(workOrderId));
    return rest.length === technician.bookings.length ? { skip: false } : { write: rest, result: true };
  });
  return result;
}

/** What a booking's work order says about it. */
export type BookedOrder = Pick<Lean<WorkOrderDocument>, '_id' | 'number' | 'status' | 'priority' | 'technicianId'>;

/** The work orders of the technicians' bookings, in one query, by id. */
export async function bookedOrders(
  models: Pick<ServiceModels, 'WorkOrder'>,
  tenant: Tenant,
  technicians: readonly Pick<Technician, 'bookings'>[],
): Promise<Map<string, BookedOrder>> {
  const ids = [...new Set(technicians.flatMap((t) => t.bookings.map((b) => b.workOrderId.toHexString())))];
  if (ids.length === 0) return new Map();
  const orders = await models.WorkOrder.find({
    ...tenantScope(tenant),
    _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }),
  })
    .select({ number: 1, status: 1, priority: 1, technicianId: 1 })
    .lean<BookedOrder[]>();
  return new Map(orders.map((order) => [order._id.toHexString(), order]));
}

/**
 * Whether a booking still holds its slot: its work order is assigned to this technician in a status
 * that keeps the slot, or the booking is younger than the grace period (a dispatch between its two
 * writes). A booking whose work order is unknown to `orders` counts as live: when in doubt, the slot
 * stays taken.
 */
export function isLiveBooking(booking: Booking, technicianId: mongoose.Types.ObjectId, orders: ReadonlyMap<string, BookedOrder>, now: Date, graceMs: number): boolean {
  if (now.getTime() - booking.bookedAt.getTime() < graceMs) return true;
  const order = orders.get(booking.workOrderId.toHexString());
  if (!order) return true;
  return ASSIGNED_STATUSES.includes(order.status) && order.technicianId?.equals(technicianId) === true;
}
