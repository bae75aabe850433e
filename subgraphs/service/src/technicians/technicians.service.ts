import mongoose from 'mongoose';
import { z } from 'zod';
import { optionalLine, paginate, requireTenantUser, type Connection, type ConnectionArgs, type Lean, type TenantContext } from '@attunelogic/shared';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { geoPointSchema } from '../geo/geo';
import { type ServiceContext } from '../models';
import { ASSIGNED_STATUSES } from '../work-orders/work-orders.model';
import { type TechnicianDocument } from './technicians.model';
import { isTimeZone, parseClock, WEEKDAYS, type WorkingPeriod } from './working-hours';

const FEATURE = 'technicianDispatch';

export const skillName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9 _-]{0,39}$/, '1 to 40 characters: letters, digits, space, _ and -.');
const skillLevel = z.number().int().min(1).max(5);

const skills = z
  .array(z.object({ name: skillName, level: skillLevel }))
  .max(50)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'Each skill once.');

const objectId = (field: string) => z.string().transform((value) => parseId(value, field));

const workingHours = z
  .array(
    z.object({ weekday: z.enum(WEEKDAYS), start: z.string(), end: z.string() }).transform((period, context): WorkingPeriod => {
      const start = parseClock(period.start);
      const end = parseClock(period.end, true);
      if (start === null || end === null || end <= start) {
        context.addIssue({ code: 'custom', message: 'A working period is HH:MM to a later HH:MM (24:00 at most).' });
        return z.NEVER;
      }
      return { weekday: period.weekday, start, end };
    }),
  )
  .max(28)
  .refine(
    (periods) => periods.every((a, i) => periods.every((b, j) => i === j || a.weekday !== b.weekday || a.end <= b.start || b.end <= a.start)),
    'Working periods of one weekday must not overlap.',
  );

const timeZone = z.string().refine(isTimeZone, 'Not an IANA time zone, e.g. America/Chicago.');

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const timeOff = z
  .array(z.object({ start: instant, end: instant, reason: optionalLine(200).nullish() }).refine((period) => period.end > period.start, 'Time off ends after it starts.'))
  .max(100);

const createTechnicianInput = z.object({
  userId: objectId('userId'),
  skills: skills.nullish(),
  serviceAreaIds: z.array(objectId('serviceAreaIds')).max(50).nullish(),
  workingHours: workingHours.nullish(),
  timeZone: timeZone.nullish(),
  timeOff: timeOff.nullish(),
  homeBase: geoPointSchema.nullish(),
});

const updateTechnicianInput = z
  .object({
    active: z.boolean().optional(),
    skills: skills.optional(),
    serviceAreaIds: z.array(objectId('serviceAreaIds')).max(50).optional(),
    workingHours: workingHours.optional(),
    timeZone: timeZone.optional(),
    timeOff: timeOff.optional(),
    homeBase: geoPointSchema.nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const technicianFilter = z.object({ skill: skillName.nullish(), serviceAreaId: objectId('serviceAreaId').nullish(), active: z.boolean().nullish() }).nullish();

export type TechnicianFilter = z.input<typeof technicianFilter>;

/** The tenant's technicians, newest first, optionally by skill, area and active state. */
export async function listTechnicians(ctx: ServiceContext, args: ConnectionArgs & { filter?: TechnicianFilter }): Promise<Connection<Lean<TechnicianDocument>>> {
  requireAccess(ctx, FEATURE, 'technicians:read');
  const filter = technicianFilter.parse(args.filter);
  return paginate(
    ctx.models.Technician,
    ctx.tenant,
    {
      ...(filter?.skill && { 'skills.name': filter.skill }),
      ...(filter?.serviceAreaId && { serviceAreaIds: filter.serviceAreaId }),
      ...(filter?.active != null && { active: filter.active }),
    },
    args,
  );
}

/** One of the tenant's technicians; `NOT_FOUND` when missing or another tenant's. */
export async function getTechnician(ctx: ServiceContext, id: unknown): Promise<Lean<TechnicianDocument>> {
  requireAccess(ctx, FEATURE, 'technicians:read');
  return loadTechnician(ctx, parseId(id));
}

/** A technician through the request's loader, `NOT_FOUND` when missing; for the other features' checks. */
export const loadTechnician = (ctx: ServiceContext, id: mongoose.Types.ObjectId): Promise<Lean<TechnicianDocument>> =>
  loadOwned(ctx, ctx.models.Technician, id, 'Technician');

/** Every id must be an area of the tenant: another tenant's is `NOT_FOUND`, like a missing one; a retired one not in `kept` is `CONFLICT`. */
async function requireAreas(
  ctx: ServiceContext,
  ids: readonly mongoose.Types.ObjectId[],
  kept: readonly mongoose.Types.ObjectId[] = [],
): Promise<mongoose.Types.ObjectId[]> {
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  const areas = await ctx.loaders.byId(ctx.models.ServiceArea).loadMany(unique.map((id) => id.toHexString()));
  const missing = unique.find((_, i) => !areas[i] || areas[i] instanceof Error);
  if (missing) throw notFound('ServiceArea', missing.toHexString());
  // A retired area the technician already had may stay; it is only refused as a new one.
  const retired = areas.find((area) => area && !(area instanceof Error) && area.retiredAt && !kept.some((id) => id.equals(area._id)));
  if (retired && !(retired instanceof Error)) throw conflict(`The service area "${retired.name}" is retired.`, { field: 'serviceAreaIds' });
  return unique;
}

/**
 * Creates the technician profile of a core user: one of this tenant's users with the technician role
 * (checked on core's users, read-only; another tenant's user is NOT_FOUND). The unique index
 * `{ parentCompany, userId }` keeps one profile per user.
 */
export async function createTechnician(ctx: ServiceContext, raw: unknown): Promise<Lean<TechnicianDocument>> {
  requireAccess(ctx, FEATURE, 'technicians:write');
  const input = createTechnicianInput.parse(raw);
  const serviceAreaIds = await requireAreas(ctx, input.serviceAreaIds ?? []);
  await requireTenantUser(ctx.models.CoreUser, ctx.tenant, input.userId, 'technician');
  return createOwned(
    ctx,
    ctx.models.Technician,
    {
      userId: input.userId,
      active: true,
      skills: input.skills ?? [],
      serviceAreaIds,
      workingHours: input.workingHours ?? [],
      timeZone: input.timeZone ?? 'UTC',
      timeOff: (input.timeOff ?? []).map((period) => ({ _id: new mongoose.Types.ObjectId(), ...period, reason: period.reason || null })),
      homeBase: input.homeBase ?? null,
      bookings: [],
      scheduleVersion: 0,
    },
    { what: 'Technician', duplicate: () => conflict('This user already has a technician profile.', { field: 'userId' }), audit: profileOf },
  );
}

/**
 * Changes a profile. Everything here bears on dispatch, so the write also moves `scheduleVersion`:
 * a dispatch that judged the technician on the old profile fails its compare-and-swap and judges again.
 */
export async function updateTechnician(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Lean<TechnicianDocument>> {
  requireAccess(ctx, FEATURE, 'technicians:write');
  const _id = parseId(id);
  const input = updateTechnicianInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Technician, _id, 'Technician');
  if (input.active === false && before.active) await requireNoAssignedWork(ctx, before);
  const { serviceAreaIds, timeOff: periods, ...rest } = input;
  const changes = {
    ...rest,
    ...(serviceAreaIds && { serviceAreaIds: await requireAreas(ctx, serviceAreaIds, before.serviceAreaIds) }),
    ...(periods && { timeOff: periods.map((period) => ({ _id: new mongoose.Types.ObjectId(), ...period, reason: period.reason || null })) }),
  };
  return updateOwned(ctx, ctx.models.Technician, before, { $set: changes, $inc: { scheduleVersion: 1 } }, { what: 'Technician', audit: profileOf });
}

/** At most this many work order numbers are named when a deactivation is refused. */
const NAMED_ORDERS = 10;

/**
 * A technician is deactivated only without assigned work (dispatched, en route, in progress or on
 * hold): the office first hands those work orders to someone else (rescheduleWorkOrder with another
 * technician) or puts them back to scheduled, so no customer waits for someone who no longer comes.
 * Completed and cancelled work stays theirs, for the record. CONFLICT names the work orders.
 */
async function requireNoAssignedWork(ctx: ServiceContext, technician: Lean<TechnicianDocument>): Promise<void> {
  const assigned = await ctx.models.WorkOrder.find({
    ...tenantScope(ctx.tenant),
    technicianId: technician._id,
    status: mongoose.trusted({ $in: [...ASSIGNED_STATUSES] }),
  })
    .select({ number: 1 })
    .sort({ number: 1 })
    .limit(NAMED_ORDERS + 1)
    .lean<{ number: number }[]>();
  if (assigned.length === 0) return;
  const numbers = assigned.slice(0, NAMED_ORDERS).map((order) => `#${order.number}`);
  throw conflict(
    `The technician still has assigned work orders (${numbers.join(', ')}${assigned.length > NAMED_ORDERS ? ', …' : ''}); reassign them or put them back to scheduled first.`,
    { workOrders: assigned.slice(0, NAMED_ORDERS).map((order) => order.number) },
  );
}

/** The profile without the schedule, for audit diffs (bookings change with every dispatch). */
const profileOf = ({ bookings: _bookings, scheduleVersion: _version, ...profile }: Lean<TechnicianDocument>) => ({ ...profile });

/** Technicians by core user id, one query per batch, `null` for a user without a profile in the tenant. */
export async function techniciansByUserId(
  Technician: ServiceContext['models']['Technician'],
  tenant: TenantContext,
  userIds: readonly string[],
): Promise<(Lean<TechnicianDocument> | null)[]> {
  const valid = userIds.filter((id) => mongoose.isObjectIdOrHexString(id)).map((id) => new mongoose.Types.ObjectId(id));
  const found = valid.length ? await Technician.find({ ...tenantScope(tenant), userId: mongoose.trusted({ $in: valid }) }).lean<Lean<TechnicianDocument>[]>() : [];
  const byUser = new Map(found.map((technician) => [technician.userId.toHexString(), technician]));
  return userIds.map((id) => byUser.get(id) ?? null);
}
