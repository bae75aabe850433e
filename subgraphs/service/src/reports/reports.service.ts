import mongoose from 'mongoose';
import { z } from 'zod';
import { actsOnlyAs, type Lean, type MoneyValue } from '@attunelogic/shared';
import { badInput, forbidden } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { requireAccess } from '../access';
import { type InvoiceStatus } from '../invoices/invoices.model';
import { type ServiceContext } from '../models';
import { bookingPolicyFor, hoursOf } from '../settings';
import { type TechnicianDocument } from '../technicians/technicians.model';
import { MINUTE_MS, mergeIntervals, subtractIntervals, workingIntervals, type Interval } from '../technicians/working-hours';
import { type WorkOrderStatusChange } from '../work-orders/work-orders.model';
import { WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;
export const DEFAULT_RETURN_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
/** One reply holds a whole period's rows, so the command count does not grow with the period. */
const BATCH = 100_000;
const BILLED: InvoiceStatus[] = ['issued', 'partially_paid', 'paid'];

export interface TechnicianUtilisationView {
  technician: Lean<TechnicianDocument>;
  availableHours: number;
  bookedHours: number;
  utilisation: number | null;
}

export interface ServiceReportView {
  from: Date;
  to: Date;
  jobsCompleted: number;
  firstTimeFix: { returnWindowDays: number; jobs: number; fixedFirstTime: number; rate: number | null };
  response: {
    jobsWithDueBy: number;
    onTime: number;
    onTimeRate: number | null;
    averageResponseMinutes: number | null;
    averageAllowedMinutes: number | null;
    averageMarginMinutes: number | null;
  };
  technicianUtilisation: TechnicianUtilisationView[];
  revenueByJobType: { jobType: string | null; invoices: number; revenue: MoneyValue }[];
}

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
// zod runs an object's refinements even when a field failed: never assume a Date there.
const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : NaN);
const args = z
  .object({ from: instant, to: instant, returnWindowDays: z.number().int().min(1).max(365).nullish() })
  .refine((r) => !(ms(r.to) <= ms(r.from)), { message: 'to is after from.', path: ['to'] })
  .refine((r) => !(ms(r.to) - ms(r.from) > MAX_REPORT_DAYS * DAY_MS), { message: `At most ${MAX_REPORT_DAYS} days.`, path: ['to'] });

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);
const average = (values: readonly number[]): number | null => (values.length > 0 ? round(values.reduce((a, b) => a + b, 0) / values.length, 1) : null);

interface CompletedRow {
  _id: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId | null;
  jobType?: string | null;
  dueBy?: Date | null;
  createdAt: Date;
  statusHistory: WorkOrderStatusChange[];
}

/**
 * The owner's report of [from, to). Six queries at most, whatever the period: the jobs completed in
 * it, the possible return visits of their locations, the active technicians, the work booked to them,
 * the period's invoices and their work orders' job types. Everything else is arithmetic here (the
 * embedded database's aggregation has no date arithmetic).
 */
export async function serviceReport(ctx: ServiceContext, raw: { from: unknown; to: unknown; returnWindowDays?: unknown }): Promise<ServiceReportView> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:read');
  if (actsOnlyAs(ctx.tenant, 'technician', 'workOrders:read')) throw forbidden('Reports are for the office (owner, admin, dispatcher, viewer).');
  const parsed = args.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues[0]?.message ?? 'Invalid period.', { field: String(parsed.error.issues[0]?.path[0] ?? 'from') });
  const { from, to } = parsed.data;
  const windowDays = parsed.data.returnWindowDays ?? DEFAULT_RETURN_WINDOW_DAYS;
  const scope = tenantScope(ctx.tenant);
  const { WorkOrder } = ctx.models;

  // The jobs completed in the period, and when. The embedded database has no $elemMatch on
  // sub-documents: the query takes the orders once completed with some step in the period, and the
  // completion's own time decides here.
  const completed = (
    await WorkOrder.find({
      ...scope,
      'statusHistory.status': 'completed',
      'statusHistory.at': mongoose.trusted({ $gte: from, $lt: to }),
    })
      .select({ locationId: 1, jobType: 1, dueBy: 1, createdAt: 1, statusHistory: 1 })
      .batchSize(BATCH)
      .lean<CompletedRow[]>()
  ).flatMap((row) => {
    const completedAt = row.statusHistory.findLast((step) => step.status === 'completed')?.at;
    if (!completedAt || completedAt < from || completedAt >= to) return [];
    const reachedAt = row.statusHistory.find((step) => step.status === 'in_progress')?.at ?? completedAt;
    return [{ ...row, completedAt, reachedAt }];
  });

  // Their possible return visits: work orders at the same locations created up to the window's end.
  const locations = [...new Map(completed.flatMap((row) => (row.locationId ? [[row.locationId.toHexString(), row.locationId]] : []))).values()];
  const later =
    locations.length === 0
      ? []
      : await WorkOrder.find({
          ...scope,
          locationId: mongoose.trusted({ $in: locations }),
          createdAt: mongoose.trusted({ $gt: from, $lt: new Date(to.getTime() + windowDays * DAY_MS) }),
          status: mongoose.trusted({ $ne: 'cancelled' }),
        })
          .select({ locationId: 1, jobType: 1, createdAt: 1 })
          .batchSize(BATCH)
          .lean<{ _id: mongoose.Types.ObjectId; locationId: mongoose.Types.ObjectId | null; jobType?: string | null; createdAt: Date }[]>();
  // The possible returns by location and job type, so each job looks only at its own.
  const kindOf = (row: { locationId: mongoose.Types.ObjectId | null; jobType?: string | null }) => `${row.locationId?.toHexString() ?? ''}\u0000${row.jobType ?? ''}`;
  const byKind = new Map<string, { id: string; created: number }[]>();
  for (const other of later) byKind.set(kindOf(other), [...(byKind.get(kindOf(other)) ?? []), { id: other._id.toHexString(), created: other.createdAt.getTime() }]);
  // A job is never its own return (its record may be written after the work it records).
  const fixed = completed.filter((job) => {
    const done = job.completedAt.getTime();
    const own = job._id.toHexString();
    return !job.locationId || !(byKind.get(kindOf(job)) ?? []).some((other) => other.id !== own && other.created > done && other.created <= done + windowDays * DAY_MS);
  }).length;

  const due = completed.filter((job) => job.dueBy);
  const minutes = (a: Date, b: Date) => (a.getTime() - b.getTime()) / MINUTE_MS;

  return {
    from,
    to,
    jobsCompleted: completed.length,
    firstTimeFix: { returnWindowDays: windowDays, jobs: completed.length, fixedFirstTime: fixed, rate: ratio(fixed, completed.length) },
    response: {
      jobsWithDueBy: due.length,
      onTime: due.filter((job) => job.reachedAt.getTime() <= job.dueBy!.getTime()).length,
      onTimeRate: ratio(due.filter((job) => job.reachedAt.getTime() <= job.dueBy!.getTime()).length, due.length),
      averageResponseMinutes: average(due.map((job) => minutes(job.reachedAt, job.createdAt))),
      averageAllowedMinutes: average(due.map((job) => minutes(job.dueBy!, job.createdAt))),
      averageMarginMinutes: average(due.map((job) => minutes(job.dueBy!, job.reachedAt))),
    },
    technicianUtilisation: await utilisation(ctx, from, to),
    revenueByJobType: await revenue(ctx, from, to),
  };
}

/** Booked against available hours of every active technician, within their working hours. */
async function utilisation(ctx: ServiceContext, from: Date, to: Date): Promise<TechnicianUtilisationView[]> {
  const scope = tenantScope(ctx.tenant);
  const technicians = await ctx.models.Technician.find({ ...scope, active: true })
    .sort({ _id: 1 })
    .batchSize(BATCH)
    .lean<Lean<TechnicianDocument>[]>();
  if (technicians.length === 0) return [];
  const booked = await ctx.models.WorkOrder.find({
    ...scope,
    technicianId: mongoose.trusted({ $in: technicians.map((t) => t._id) }),
    'schedule.start': mongoose.trusted({ $lt: to }),
    'schedule.end': mongoose.trusted({ $gt: from }),
    status: mongoose.trusted({ $ne: 'cancelled' }),
  })
    .select({ technicianId: 1, schedule: 1 })
    .batchSize(BATCH)
    .lean<{ technicianId: mongoose.Types.ObjectId; schedule: { start: Date; end: Date } }[]>();
  const policy = bookingPolicyFor(ctx.tenant);
  const length = (intervals: readonly Interval[]) => intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
  return technicians.map((technician) => {
    ctx.loaders.byId(ctx.models.Technician).prime(technician._id.toHexString(), technician);
    const hours = hoursOf(technician, policy.defaultHours);
    const off = technician.timeOff.map((t) => ({ start: t.start.getTime(), end: t.end.getTime() }));
    const available = subtractIntervals(workingIntervals(hours.periods, hours.timeZone, from.getTime(), to.getTime()), off);
    const jobs = mergeIntervals(
      booked.filter((order) => order.technicianId.equals(technician._id)).map((order) => ({ start: order.schedule.start.getTime(), end: order.schedule.end.getTime() })),
    );
    const busy = length(available) - length(subtractIntervals(available, jobs));
    return {
      technician,
      availableHours: round(length(available) / HOUR_MS, 2),
      bookedHours: round(busy / HOUR_MS, 2),
      utilisation: ratio(busy, length(available)),
    };
  });
}

/** The period's issued invoices, before tax, by their work order's job type and currency. */
async function revenue(ctx: ServiceContext, from: Date, to: Date): Promise<ServiceReportView['revenueByJobType']> {
  const scope = tenantScope(ctx.tenant);
  const invoices = await ctx.models.Invoice.find({ ...scope, issuedAt: mongoose.trusted({ $gte: from, $lt: to }), status: mongoose.trusted({ $in: BILLED }) })
    .select({ workOrderId: 1, subtotalCents: 1, currency: 1 })
    .batchSize(BATCH)
    .lean<{ workOrderId: mongoose.Types.ObjectId; subtotalCents: number; currency: string }[]>();
  if (invoices.length === 0) return [];
  const orders = await ctx.models.WorkOrder.find({ ...scope, _id: mongoose.trusted({ $in: invoices.map((i) => i.workOrderId) }) })
    .select({ jobType: 1 })
    .batchSize(BATCH)
    .lean<{ _id: mongoose.Types.ObjectId; jobType?: string | null }[]>();
  const jobTypeOf = new Map(orders.map((order) => [order._id.toHexString(), order.jobType ?? null]));
  const rows = new Map<string, { jobType: string | null; invoices: number; revenue: MoneyValue }>();
  for (const invoice of invoices) {
    const jobType = jobTypeOf.get(invoice.workOrderId.toHexString()) ?? null;
    const key = `${jobType ?? ''}\u0000${invoice.currency}`;
    const row = rows.get(key) ?? { jobType, invoices: 0, revenue: { amountCents: 0, currency: invoice.currency } };
    row.invoices += 1;
    row.revenue.amountCents += invoice.subtotalCents;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.revenue.amountCents - a.revenue.amountCents || (a.jobType ?? '').localeCompare(b.jobType ?? ''));
}
