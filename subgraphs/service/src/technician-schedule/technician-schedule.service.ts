import { z } from 'zod';
import { type Lean } from '@attunelogic/shared';
import { badInput } from '@attunelogic/shared/errors';
import { loadOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { bookedOrders, isLiveBooking } from '../dispatch/schedule';
import { type ServiceContext } from '../models';
import { BOOKING_GRACE_MS, bookingPolicyFor, hoursOf } from '../settings';
import { type TechnicianDocument } from '../technicians/technicians.model';
import { localDayOf, mergeIntervals, MINUTE_MS, subtractIntervals, workingIntervals, type Interval } from '../technicians/working-hours';

/** The longest range one schedule covers: two weeks. */
export const MAX_SCHEDULE_DAYS = 14;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface ScheduledJobView {
  start: Date;
  end: Date;
  workOrderId: string;
}

export interface WindowView {
  start: Date;
  end: Date;
}

export interface ScheduleDayView {
  date: string;
  workingHours: WindowView[];
  jobs: ScheduledJobView[];
  travel: WindowView[];
  timeOff: WindowView[];
  freeSlots: WindowView[];
  jobCount: number;
  atDailyLimit: boolean;
}

export interface TechnicianScheduleView {
  technician: Lean<TechnicianDocument>;
  timeZone: string;
  ownHours: boolean;
  from: Date;
  to: Date;
  travelBufferMinutes: number;
  maxJobsPerDay: number | null;
  days: ScheduleDayView[];
}

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
// zod runs an object's refinements even when a field failed: never assume a Date there.
const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : NaN);
const range = z
  .object({ from: instant, to: instant })
  .refine((r) => !(ms(r.to) <= ms(r.from)), { message: 'to is after from.', path: ['to'] })
  .refine((r) => !(ms(r.to) - ms(r.from) > MAX_SCHEDULE_DAYS * DAY_MS), { message: `At most ${MAX_SCHEDULE_DAYS} days.`, path: ['to'] });

const clip = (intervals: readonly Interval[], within: Interval): Interval[] =>
  intervals.flatMap((i) => {
    const start = Math.max(i.start, within.start);
    const end = Math.min(i.end, within.end);
    return end > start ? [{ start, end }] : [];
  });
const toWindows = (intervals: readonly Interval[]): WindowView[] => intervals.map((i) => ({ start: new Date(i.start), end: new Date(i.end) }));

/**
 * A technician's schedule by local day: working time (their hours, else the tenant's workingHours),
 * the live bookings (stale ones of a dispatch that died are left out, as dispatch does), the tenant's
 * travel buffer around each, time off, and what remains free — nothing on a day at the tenant's daily
 * job limit. The booked work orders are read in one query, whatever the number of jobs.
 */
export async function technicianSchedule(ctx: ServiceContext, technicianId: unknown, rawFrom: unknown, rawTo: unknown): Promise<TechnicianScheduleView> {
  requireAccess(ctx, 'technicianDispatch', 'technicians:read');
  const parsed = range.safeParse({ from: rawFrom, to: rawTo });
  if (!parsed.success) throw badInput(parsed.error.issues[0]?.message ?? 'Invalid range.', { field: String(parsed.error.issues[0]?.path[0] ?? 'from') });
  const { from, to } = parsed.data;
  const technician = await loadOwned(ctx, ctx.models.Technician, technicianId, 'Technician', 'technicianId');
  const policy = bookingPolicyFor(ctx.tenant);
  const hours = hoursOf(technician, policy.defaultHours);
  const whole = { start: from.getTime(), end: to.getTime() };
  const orders = await bookedOrders(ctx.models, ctx.tenant, [technician]);
  const now = ctx.clock.now();
  const bookings = technician.bookings
    .filter((b) => b.start.getTime() < whole.end && b.end.getTime() > whole.start && isLiveBooking(b, technician._id, orders, now, BOOKING_GRACE_MS))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const buffer = policy.travelBufferMs;
  const days: ScheduleDayView[] = [];
  for (let cursor = whole.start; cursor < whole.end;) {
    const local = localDayOf(cursor, hours.timeZone);
    const day = { start: Math.max(local.start, whole.start), end: Math.min(local.end, whole.end) };
    const working = workingIntervals(hours.periods, hours.timeZone, day.start, day.end);
    // Jobs count on the day they start, as the daily limit counts them.
    const jobs = bookings.filter((b) => b.start.getTime() >= local.start && b.start.getTime() < local.end);
    const busy = bookings.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() }));
    const travel =
      buffer > 0
        ? clip(
            subtractIntervals(
              busy.flatMap((b) => [
                { start: b.start - buffer, end: b.start },
                { start: b.end, end: b.end + buffer },
              ]),
              busy,
            ),
            day,
          )
        : [];
    const timeOff = clip(
      technician.timeOff.map((t) => ({ start: t.start.getTime(), end: t.end.getTime() })),
      day,
    );
    const atDailyLimit = policy.maxJobsPerDay !== null && jobs.length >= policy.maxJobsPerDay;
    const free = atDailyLimit ? [] : subtractIntervals(working, [...busy, ...travel, ...timeOff]);
    days.push({
      date: local.date,
      workingHours: toWindows(working),
      jobs: jobs.map((b) => ({ start: b.start, end: b.end, workOrderId: b.workOrderId.toHexString() })),
      travel: toWindows(mergeIntervals(clip(travel, day)).filter((t) => working.some((w) => t.start < w.end && w.start < t.end))),
      timeOff: toWindows(timeOff),
      freeSlots: toWindows(free),
      jobCount: jobs.length,
      atDailyLimit,
    });
    cursor = local.end;
  }
  return {
    technician,
    timeZone: hours.timeZone,
    ownHours: hours.own,
    from,
    to,
    travelBufferMinutes: buffer / MINUTE_MS,
    maxJobsPerDay: policy.maxJobsPerDay,
    days,
  };
}
