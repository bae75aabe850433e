// Hours of service: the duty-status log of each driver (recorded by the driver for themself or by a
// dispatcher, corrected by new events that supersede, never edited) and what the pure rules in
// rules.ts make of it: what a driver has left, their violations, whether a load fits in their day.
import mongoose from 'mongoose';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Connection, type ConnectionArgs, type Lean, type Permission } from '@attunelogic/shared';
import { DomainError, badInput, conflict, forbidden } from '@attunelogic/shared/errors';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { coordinates, instant, objectId } from '../common/inputs';
import { type DriverDocument } from '../drivers/drivers.model';
import { DRIVERS_FEATURE, driversByUser } from '../drivers/drivers.service';
import { type Load } from '../loads/loads.service';
import { type TruckingContext } from '../models';
import { greatCircleKm } from '../routes/optimizer';
import { type DutyStatusEventDocument } from './hours.model';
import { hoursSettingsFor } from './hours.settings';
import { DUTY_STATUSES, plannedDriving, remainingAt, startOfDay, totalsBetween, violationsOf, type DutyStatus, type HoursRule, type Remaining } from './rules';

export type DutyStatusEvent = Lean<DutyStatusEventDocument>;
type Driver = Lean<DriverDocument>;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A device or a person may record an event a little ahead of the server's clock, not more. */
const FUTURE_TOLERANCE_MS = 5 * MINUTE;
/** How far back an event may be recorded or corrected: the longest cycle and the restart before it. */
export const EDITABLE_DAYS = 14;
/** How far back the rules look: the 8-day cycle and the 34-hour restart that may precede it. */
const LOOKBACK_MS = 10 * DAY;
/** The longest period hoursViolations covers in one query. */
export const MAX_VIOLATION_DAYS = 31;

const note = z.string().trim().max(500).nullish();
const recordInput = z.object({
  driverId: objectId,
  status: z.enum(DUTY_STATUSES),
  at: instant.nullish(),
  location: coordinates.nullish(),
  note,
});
const correctInput = z.object({
  status: z.enum(DUTY_STATUSES),
  at: instant,
  location: coordinates.nullish(),
  note,
  reason: z.string().trim().min(3).max(500),
});

/**
 * A driver of the tenant the caller may see the hours of: NOT_FOUND for another tenant's (or no)
 * driver; FORBIDDEN when the caller acts only as a driver and it is not their own profile.
 */
async function driverFor(ctx: TruckingContext, id: unknown, permission: Permission, field = 'driverId'): Promise<Driver> {
  const driver = await loadOwned(ctx, ctx.models.Driver, id, 'Driver', field);
  await requireOwnDriver(ctx, driver, permission);
  return driver;
}

async function requireOwnDriver(ctx: TruckingContext, driver: Pick<Driver, '_id'>, permission: Permission): Promise<void> {
  if (!actsOnlyAsDriver(ctx.tenant, permission)) return;
  const own = await driversByUser(ctx).load(ctx.tenant.userId);
  if (!own || !own._id.equals(driver._id)) throw forbidden('A driver may only see and record their own hours.');
}

function checkWhen(ctx: TruckingContext, at: Date): void {
  const now = ctx.clock.now().getTime();
  if (at.getTime() > now + FUTURE_TOLERANCE_MS) throw badInput('"at" is in the future.', { field: 'at' });
  if (at.getTime() < now - EDITABLE_DAYS * DAY) throw badInput(`"at" is more than ${EDITABLE_DAYS} days ago.`, { field: 'at' });
}

const atTaken = (at: Date) => () => conflict(`The driver already has a duty status at ${at.toISOString()}; correct that event instead.`, { field: 'at' });

/** Records a duty-status change of a driver (their own, for a driver), at `at` or now. */
export async function recordDutyStatus(ctx: TruckingContext, raw: unknown): Promise<DutyStatusEvent> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:write');
  const input = recordInput.parse(raw);
  const at = input.at ?? ctx.clock.now();
  checkWhen(ctx, at);
  const driver = await driverFor(ctx, input.driverId, 'hours:write');
  const created = await createOwned(
    ctx,
    ctx.models.DutyStatusEvent,
    {
      driver: driver._id,
      status: input.status,
      at,
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
      note: input.note ?? null,
      supersedes: null,
      supersededBy: null,
      reason: null,
      byDriver: actsOnlyAsDriver(ctx.tenant, 'hours:write'),
    },
    { what: 'DutyStatusEvent', duplicate: atTaken(at) },
  );
  forgetEvents(ctx, driver._id);
  return created;
}

const auditView = (event: Pick<DutyStatusEvent, 'status' | 'at' | 'latitude' | 'longitude' | 'note' | 'supersededBy'>) => ({
  status: event.status,
  at: event.at.toISOString(),
  latitude: event.latitude,
  longitude: event.longitude,
  note: event.note,
  supersededBy: event.supersededBy?.toHexString() ?? null,
});

/**
 * Corrects an event: a new event with the corrected status, time, place and note replaces it, and
 * it is kept, marked as superseded (one guarded update: of two concurrent corrections one wins, the
 * other is CONFLICT). The audit event carries the field diff from the old to the new values.
 */
export async function correctDutyStatus(ctx: TruckingContext, id: unknown, raw: unknown): Promise<DutyStatusEvent> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:write');
  const _id = parseId(id);
  const input = correctInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.DutyStatusEvent, _id, 'DutyStatusEvent');
  await requireOwnDriver(ctx, { _id: before.driver }, 'hours:write');
  if (before.supersededBy) throw conflict('This event was already corrected; correct the event that replaced it.', { supersededBy: before.supersededBy.toHexString() });
  checkWhen(ctx, before.at);
  checkWhen(ctx, input.at);

  const replacement = new mongoose.Types.ObjectId();
  const superseded = await updateOwned(
    ctx,
    ctx.models.DutyStatusEvent,
    before,
    { $set: { supersededBy: replacement } },
    { what: 'DutyStatusEvent', guard: { supersededBy: null }, changed: 'This event was corrected by another request meanwhile; read the log again.', audit: false },
  );
  // The mutation's audit event is the superseded event with the field diff to its replacement
  // (the first record wins, so it goes before the insert, which records its own; a failed insert
  // leaves the event marked failed, with the diff it attempted).
  const corrected = {
    status: input.status,
    at: input.at,
    latitude: input.location?.latitude ?? null,
    longitude: input.location?.longitude ?? null,
    note: input.note ?? null,
  };
  ctx.audit.record('DutyStatusEvent', before._id.toHexString(), auditView(before), {
    ...auditView({ ...corrected, supersededBy: replacement }),
    reason: input.reason,
  });
  let created: DutyStatusEvent;
  try {
    created = await createOwned(
      ctx,
      ctx.models.DutyStatusEvent,
      {
        _id: replacement,
        driver: before.driver,
        ...corrected,
        supersedes: before._id,
        supersededBy: null,
        reason: input.reason,
        byDriver: actsOnlyAsDriver(ctx.tenant, 'hours:write'),
      },
      { what: 'DutyStatusEvent', duplicate: atTaken(input.at) },
    );
  } catch (error) {
    // Nothing replaces it after all: the event stands again.
    await ctx.models.DutyStatusEvent.updateOne({ _id: before._id, ...tenantScope(ctx.tenant), supersededBy: replacement }, { $set: { supersededBy: null } });
    ctx.loaders.byId(ctx.models.DutyStatusEvent).clear(before._id.toHexString());
    throw error;
  }
  ctx.loaders.byId(ctx.models.DutyStatusEvent).clear(before._id.toHexString()).prime(before._id.toHexString(), superseded);
  forgetEvents(ctx, before.driver);
  return created;
}

/** The standing events of drivers within the look-back of now, one query per batch of drivers. */
function recentEvents(ctx: TruckingContext) {
  return ctx.loaders.custom<string, DutyStatusEvent[]>('RecentDutyStatusEvents', async (tenant, driverIds) => {
    const since = new Date(ctx.clock.now().getTime() - LOOKBACK_MS);
    const events = await ctx.models.DutyStatusEvent.find({
      ...tenantScope(tenant),
      driver: mongoose.trusted({ $in: driverIds.map((id) => new mongoose.Types.ObjectId(id)) }),
      supersededBy: null,
      at: mongoose.trusted({ $gte: since }),
    })
      .sort({ at: 1 })
      .lean<DutyStatusEvent[]>();
    return driverIds.map((id) => events.filter((event) => event.driver.toHexString() === id));
  });
}

function forgetEvents(ctx: TruckingContext, driver: mongoose.Types.ObjectId): void {
  recentEvents(ctx).clear(driver.toHexString());
}

/** What a driver has left now, and the figures it comes from. */
export interface DriverHoursView extends Remaining {
  readonly driver: Driver;
  readonly asOf: Date;
  /** The configured cycle, 60/7 or 70/8. */
  readonly cycleName: string;
}

/** `driverHours`: what a driver has left now under the tenant's limits. */
export async function driverHours(ctx: TruckingContext, driverId: unknown): Promise<DriverHoursView> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:read');
  const driver = await driverFor(ctx, driverId, 'hours:read');
  return hoursOf(ctx, driver);
}

/** `Driver.hours`: null for a driver other than the caller when the caller acts only as a driver. */
export async function hoursOfListed(ctx: TruckingContext, driver: Driver): Promise<DriverHoursView | null> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:read');
  if (actsOnlyAsDriver(ctx.tenant, 'hours:read')) {
    const own = await driversByUser(ctx).load(ctx.tenant.userId);
    if (!own?._id.equals(driver._id)) return null;
  }
  return hoursOf(ctx, driver);
}

async function hoursOf(ctx: TruckingContext, driver: Driver): Promise<DriverHoursView> {
  const settings = hoursSettingsFor(ctx.tenant);
  const now = ctx.clock.now();
  const events = await recentEvents(ctx).load(driver._id.toHexString());
  return { ...remainingAt(events, now, settings.limits), driver, asOf: now, cycleName: settings.cycle };
}

/** A calendar day of a driver's log in the tenant's time zone. */
export interface DriverLogDay {
  readonly driver: Driver;
  readonly date: string;
  readonly timeZone: string;
  readonly start: Date;
  readonly end: Date;
  readonly statusAtStart: DutyStatus;
  /** The events that stand, in time order. */
  readonly events: DutyStatusEvent[];
  /** The events of the day replaced by corrections. */
  readonly superseded: DutyStatusEvent[];
  readonly totals: Record<DutyStatus, number>;
}

const calendarDay = z.iso.date();

/** `driverLog`: one day of a driver's duty statuses (YYYY-MM-DD in the tenant's time zone), totals up to now. */
export async function driverLog(ctx: TruckingContext, driverId: unknown, rawDate: unknown): Promise<DriverLogDay> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:read');
  const date = calendarDay.parse(rawDate);
  const driver = await driverFor(ctx, driverId, 'hours:read');
  const { timeZone } = hoursSettingsFor(ctx.tenant);
  const start = startOfDay(date, timeZone);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  const end = startOfDay(next, timeZone);
  const all = await ctx.models.DutyStatusEvent.find({
    ...tenantScope(ctx.tenant),
    driver: driver._id,
    at: mongoose.trusted({ $gte: new Date(start.getTime() - LOOKBACK_MS), $lt: end }),
  })
    .sort({ at: 1 })
    .lean<DutyStatusEvent[]>();
  const standing = all.filter((event) => !event.supersededBy);
  const within = (event: DutyStatusEvent) => event.at >= start && event.at < end;
  const now = ctx.clock.now();
  const until = new Date(Math.max(start.getTime(), Math.min(end.getTime(), now.getTime())));
  return {
    driver,
    date,
    timeZone,
    start,
    end,
    statusAtStart: standing.findLast((event) => event.at < start)?.status ?? 'off_duty',
    events: standing.filter(within),
    superseded: all.filter((event) => event.supersededBy && within(event)),
    totals: totalsBetween(standing, start, until),
  };
}

/** One stretch of driving past a limit. */
export interface HoursViolationView {
  readonly driver: mongoose.Types.ObjectId;
  readonly rule: HoursRule;
  readonly start: Date;
  readonly end: Date;
}

/** The range's length in ms; null while an end is itself invalid (zod still runs an object's refinements then). */
const rangeMs = (range: { from: unknown; to: unknown }): number | null =>
  range.from instanceof Date && range.to instanceof Date ? range.to.getTime() - range.from.getTime() : null;

const violationArgs = z
  .object({ from: instant, to: instant })
  .refine((range) => (rangeMs(range) ?? 1) > 0, { message: '"to" must be after "from".', path: ['to'] })
  .refine((range) => (rangeMs(range) ?? 0) <= MAX_VIOLATION_DAYS * DAY, {
    message: `At most ${MAX_VIOLATION_DAYS} days at a time.`,
    path: ['to'],
  });

const encodeOffset = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!/^o:\d{1,7}$/.test(raw)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return Number(raw.slice(2)) + 1;
}

/**
 * `hoursViolations`: the tenant's drivers' driving past a limit that overlaps [from, to], oldest
 * first (a caller acting only as a driver sees their own). One query for every driver's events;
 * computed, not stored, so the cursor is a position in that order.
 */
export async function hoursViolations(ctx: TruckingContext, args: ConnectionArgs & { from: unknown; to: unknown }): Promise<Connection<HoursViolationView>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:read');
  const { from, to } = violationArgs.parse({ from: args.from, to: args.to });
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  const start = args.after ? decodeOffset(args.after) : 0;
  let only: mongoose.Types.ObjectId | null = null;
  if (actsOnlyAsDriver(ctx.tenant, 'hours:read')) {
    const own = await driversByUser(ctx).load(ctx.tenant.userId);
    if (!own) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    only = own._id;
  }

  const until = new Date(Math.min(to.getTime(), ctx.clock.now().getTime()));
  const events = await ctx.models.DutyStatusEvent.find({
    ...tenantScope(ctx.tenant),
    ...(only && { driver: only }),
    supersededBy: null,
    at: mongoose.trusted({ $gte: new Date(from.getTime() - LOOKBACK_MS), $lt: until }),
  })
    .sort({ at: 1 })
    .lean<DutyStatusEvent[]>();
  const byDriver = new Map<string, DutyStatusEvent[]>();
  for (const event of events) {
    const key = event.driver.toHexString();
    byDriver.set(key, [...(byDriver.get(key) ?? []), event]);
  }
  const { limits } = hoursSettingsFor(ctx.tenant);
  const items: HoursViolationView[] = [];
  for (const [key, driverEvents] of byDriver) {
    const driver = new mongoose.Types.ObjectId(key);
    for (const violation of violationsOf(driverEvents, until, limits)) {
      if (violation.end > from && violation.start < to) items.push({ driver, ...violation });
    }
  }
  items.sort((a, b) => a.start.getTime() - b.start.getTime() || a.driver.toHexString().localeCompare(b.driver.toHexString()) || a.rule.localeCompare(b.rule));
  const page = items.slice(start, start + first);
  const edges = page.map((node, i) => ({ cursor: encodeOffset(start + i), node }));
  return { edges, pageInfo: { hasNextPage: start + first < items.length, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: items.length };
}

/** A load's planned driving against what its driver (or a driver about to take it) has left. */
export interface HoursCheck {
  readonly plannedDriving: number;
  readonly drivingLeft: number | null;
  readonly limitedBy: Remaining['limitedBy'] | null;
  readonly exceeded: boolean;
  readonly mode: 'enforce' | 'warn' | 'off';
}

/** The great-circle length of a load's stops in order, in kilometres. */
const plannedKm = (load: Pick<Load, 'stops'>): number =>
  load.stops
    .slice(1)
    .reduce((km, stop, i) => km + greatCircleKm({ lat: load.stops[i]!.latitude, lng: load.stops[i]!.longitude }, { lat: stop.latitude, lng: stop.longitude }), 0);

/**
 * `Load.hoursCheck`: the load's planned driving against what its driver has left now. A caller acting
 * only as a driver sees the hours of their own loads' driver (themself), and only the plan of others.
 */
export async function loadHoursCheck(ctx: TruckingContext, load: Pick<Load, 'stops' | 'driver'>): Promise<HoursCheck> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'hours:read');
  const driver = load.driver ? await ctx.loaders.byId(ctx.models.Driver).load(load.driver.toHexString()) : null;
  if (driver && actsOnlyAsDriver(ctx.tenant, 'hours:read')) {
    const own = await driversByUser(ctx).load(ctx.tenant.userId);
    if (!own?._id.equals(driver._id)) return hoursCheck(ctx, load, null);
  }
  return hoursCheck(ctx, load, driver);
}

/** How a load's planned driving (its stops at the tenant's average speed) compares with what `driver` has left now. */
export async function hoursCheck(ctx: TruckingContext, load: Pick<Load, 'stops'>, driver: Driver | null): Promise<HoursCheck> {
  const settings = hoursSettingsFor(ctx.tenant);
  const planned = plannedDriving(plannedKm(load), settings.averageSpeed, settings.distanceUnit);
  if (!driver) return { plannedDriving: planned, drivingLeft: null, limitedBy: null, exceeded: false, mode: settings.mode };
  const left = await hoursOf(ctx, driver);
  return { plannedDriving: planned, drivingLeft: left.drivingLeft, limitedBy: left.limitedBy, exceeded: planned > left.drivingLeft, mode: settings.mode };
}

export const minutes = (ms: number): number => Math.floor(ms / MINUTE);

/**
 * The hours check of assignLoad: HOURS_EXCEEDED (with what is left) when the tenant enforces hours
 * of service and the load's planned driving exceeds what the driver has left; under `warn` the
 * assignment goes ahead and is logged (the load's hoursCheck shows it); under `off`, nothing.
 */
export async function requireHoursFor(ctx: TruckingContext, load: Pick<Load, '_id' | 'stops'>, driver: Driver): Promise<void> {
  if (hoursSettingsFor(ctx.tenant).mode === 'off') return;
  const check = await hoursCheck(ctx, load, driver);
  if (!check.exceeded) return;
  const details = { plannedDrivingMinutes: Math.ceil(check.plannedDriving / MINUTE), drivingMinutesLeft: minutes(check.drivingLeft ?? 0), limitedBy: check.limitedBy };
  if (check.mode === 'warn') {
    ctx.log.warn({ load: load._id.toHexString(), driver: driver._id.toHexString(), ...details }, 'load assigned beyond the driver hours of service');
    return;
  }
  throw new DomainError(
    'HOURS_EXCEEDED',
    `The load needs about ${details.plannedDrivingMinutes} minutes of driving; the driver has ${details.drivingMinutesLeft} left (${check.limitedBy}).`,
    details,
  );
}
