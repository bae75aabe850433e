import mongoose from 'mongoose';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, type Connection, type ConnectionArgs, type Lean, singleLine, multiLine } from '@attunelogic/shared';
import { badInput, conflict, isDuplicateKey } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { instant, objectId } from '../common/inputs';
import { type TruckingContext } from '../models';
import { maintenanceIntervalsFor } from '../settings';
import { VEHICLE_TYPES, type VehicleDocument } from '../vehicles/vehicles.model';
import { loadVehicle, raiseReadings } from '../vehicles/vehicles.service';
import { computeDue, type Due, type MeasureDue } from './due';
import {
  appliesToType,
  appliesToVehicle,
  stateKey,
  type MaintenanceRecordDocument,
  type MaintenanceScheduleDocument,
  type MaintenanceStateDocument,
} from './maintenance.model';

/** The tenant flag that switches maintenance scheduling on and off. */
export const MAINTENANCE_FEATURE = 'maintenanceScheduling';
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type Schedule = Lean<MaintenanceScheduleDocument>;
export type MaintenanceRecord = Lean<MaintenanceRecordDocument>;
type State = Lean<MaintenanceStateDocument>;
type Vehicle = Lean<VehicleDocument>;

/** One line of maintenanceDue: a schedule on a vehicle that is due or overdue. */
export interface DueItem extends Due {
  readonly vehicle: Vehicle;
  readonly schedule: Schedule;
  readonly last: State | null;
}

const intervals = {
  intervalMiles: z.number().int().min(1).max(1_000_000),
  intervalEngineHours: z.number().min(1).max(100_000),
  intervalDays: z.number().int().min(1).max(3_650),
};
const scheduleName = singleLine(80);
const description = multiLine(1_000);

const createScheduleInput = z
  .object({
    name: scheduleName,
    description: description.nullish(),
    vehicleId: objectId.nullish(),
    vehicleType: z.enum(VEHICLE_TYPES).nullish(),
    intervalMiles: intervals.intervalMiles.nullish(),
    intervalEngineHours: intervals.intervalEngineHours.nullish(),
    intervalDays: intervals.intervalDays.nullish(),
    critical: z.boolean().nullish(),
    kind: z.enum(['service', 'inspection']).nullish(),
  })
  .refine((input) => Boolean(input.vehicleId) !== Boolean(input.vehicleType), {
    message: 'A schedule is for one vehicle (vehicleId) or for a vehicle type (vehicleType): give exactly one.',
    path: ['vehicleId'],
  });

const updateScheduleInput = z
  .object({
    name: scheduleName.optional(),
    description: description.nullable().optional(),
    intervalMiles: intervals.intervalMiles.nullable().optional(),
    intervalEngineHours: intervals.intervalEngineHours.nullable().optional(),
    intervalDays: intervals.intervalDays.nullable().optional(),
    critical: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const recordInput = z.object({
  vehicleId: objectId,
  scheduleId: objectId.nullish(),
  performedAt: instant.nullish(),
  odometer: z.number().int().min(0).max(10_000_000).nullish(),
  engineHours: z.number().min(0).max(1_000_000).nullish(),
  notes: multiLine(2_000).nullish(),
  costCents: z.number().int().min(0).max(100_000_000).nullish(),
});

const scheduleFilter = z
  .object({ vehicleId: objectId.nullish(), vehicleType: z.enum(VEHICLE_TYPES).nullish(), critical: z.boolean().nullish(), active: z.boolean().nullish() })
  .nullish();
const recordFilter = z.object({ vehicleId: objectId.nullish(), scheduleId: objectId.nullish() }).nullish();
const dueFilter = z.object({ vehicleId: objectId.nullish(), status: z.array(z.enum(['due', 'overdue'])).nullish(), criticalOnly: z.boolean().nullish() }).nullish();

export type ScheduleFilter = z.input<typeof scheduleFilter>;
export type RecordFilter = z.input<typeof recordFilter>;
export type DueFilter = z.input<typeof dueFilter>;

/**
 * The tenant's maintenance schedules, newest first. `vehicleId` gives the schedules that apply to
 * that vehicle: its own and those of its type (none for another tenant's vehicle).
 */
export async function listSchedules(ctx: TruckingContext, args: ConnectionArgs & { filter?: ScheduleFilter }): Promise<Connection<Schedule>> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  const filter = scheduleFilter.parse(args.filter);
  const applies: string[] = [];
  if (filter?.vehicleId) {
    const vehicle = await ctx.loaders.byId(ctx.models.Vehicle).load(filter.vehicleId.toHexString());
    if (vehicle) applies.push(appliesToVehicle(vehicle._id), appliesToType(vehicle.type ?? 'tractor'));
  }
  return paginate(
    ctx.models.MaintenanceSchedule,
    ctx.tenant,
    {
      ...(filter?.vehicleId && { appliesTo: mongoose.trusted({ $in: applies }) }),
      ...(filter?.vehicleType && { vehicleType: filter.vehicleType }),
      ...(typeof filter?.critical === 'boolean' && { critical: filter.critical }),
      ...(typeof filter?.active === 'boolean' && { active: filter.active }),
    },
    args,
  );
}

export async function getSchedule(ctx: TruckingContext, id: unknown): Promise<Schedule> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  return loadSchedule(ctx, id);
}

const loadSchedule = (ctx: TruckingContext, id: unknown, field = 'id'): Promise<Schedule> =>
  loadOwned(ctx, ctx.models.MaintenanceSchedule, id, 'MaintenanceSchedule', field);

/**
 * The intervals of a new schedule: those of the input, or, when it gives none, the tenant's defaults
 * for its kind (`maintenance.serviceIntervalMiles` and `serviceIntervalDays` for a service,
 * `maintenance.inspectionIntervalDays` for an inspection).
 */
function intervalsOf(ctx: TruckingContext, input: z.output<typeof createScheduleInput>): Pick<Schedule, 'intervalMiles' | 'intervalEngineHours' | 'intervalDays'> {
  if (input.intervalMiles ?? input.intervalEngineHours ?? input.intervalDays) {
    return { intervalMiles: input.intervalMiles ?? null, intervalEngineHours: input.intervalEngineHours ?? null, intervalDays: input.intervalDays ?? null };
  }
  const defaults = maintenanceIntervalsFor(ctx.tenant);
  return input.kind === 'inspection'
    ? { intervalMiles: null, intervalEngineHours: null, intervalDays: defaults.inspectionIntervalDays }
    : { intervalMiles: defaults.serviceIntervalMiles, intervalEngineHours: null, intervalDays: defaults.serviceIntervalDays };
}

export async function createSchedule(ctx: TruckingContext, raw: unknown): Promise<Schedule> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:write');
  const input = createScheduleInput.parse(raw);
  const { intervalMiles, intervalEngineHours, intervalDays } = intervalsOf(ctx, input);
  const vehicle = input.vehicleId ? await loadVehicle(ctx, input.vehicleId.toHexString(), 'vehicleId') : null;
  return createOwned(
    ctx,
    ctx.models.MaintenanceSchedule,
    {
      name: input.name,
      description: input.description ?? null,
      vehicle: vehicle?._id ?? null,
      vehicleType: input.vehicleType ?? null,
      appliesTo: vehicle ? appliesToVehicle(vehicle._id) : appliesToType(input.vehicleType!),
      intervalMiles,
      intervalEngineHours,
      intervalDays,
      critical: input.critical ?? false,
      active: true,
    },
    { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name) },
  );
}

export async function updateSchedule(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Schedule> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:write');
  const _id = parseId(id);
  const input = updateScheduleInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.MaintenanceSchedule, _id, 'MaintenanceSchedule');
  const merged = { ...before, ...input };
  if (!(merged.intervalMiles ?? merged.intervalEngineHours ?? merged.intervalDays)) {
    throw badInput('A schedule keeps at least one interval: miles, engine hours or days.', { field: 'intervalMiles' });
  }
  return updateOwned(ctx, ctx.models.MaintenanceSchedule, before, { $set: input }, { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name) });
}

const appliesTo = (schedule: Schedule, vehicle: Vehicle): boolean =>
  schedule.vehicle ? schedule.vehicle.equals(vehicle._id) : schedule.vehicleType === (vehicle.type ?? 'tractor');

/**
 * Logs a service. With a schedule, the schedule's intervals restart from it on that vehicle (unless a
 * later service of the same schedule is already recorded: a back-dated entry joins the log without
 * moving the restart point). Readings default to the vehicle's; a reading above the vehicle's raises
 * the vehicle's (readings only go up).
 */
export async function recordMaintenance(ctx: TruckingContext, raw: unknown): Promise<MaintenanceRecord> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:write');
  const input = recordInput.parse(raw);
  const [vehicle, schedule] = await Promise.all([
    loadVehicle(ctx, input.vehicleId.toHexString(), 'vehicleId'),
    input.scheduleId ? loadSchedule(ctx, input.scheduleId.toHexString(), 'scheduleId') : Promise.resolve(null),
  ]);
  if (schedule && !appliesTo(schedule, vehicle)) throw badInput('This schedule does not apply to this vehicle.', { field: 'scheduleId' });
  const clock = ctx.clock.now();
  const performedAt = input.performedAt ?? clock;
  if (performedAt.getTime() > clock.getTime() + FUTURE_TOLERANCE_MS) throw badInput('"performedAt" is in the future.', { field: 'performedAt' });
  const odometer = input.odometer ?? vehicle.odometer;
  const engineHours = input.engineHours ?? vehicle.engineHours;

  const record = await createOwned(
    ctx,
    ctx.models.MaintenanceRecord,
    {
      vehicle: vehicle._id,
      schedule: schedule?._id ?? null,
      performedAt,
      odometer,
      engineHours,
      notes: input.notes ?? null,
      costCents: input.costCents ?? null,
      dedupeKey: `${vehicle._id.toHexString()}:${schedule?._id.toHexString() ?? 'none'}:${performedAt.toISOString()}`,
    },
    { what: 'MaintenanceRecord', duplicate: () => conflict('This service is already recorded (same vehicle, schedule and time).') },
  );
  if (odometer > vehicle.odometer || engineHours > vehicle.engineHours) await raiseReadings(ctx, vehicle._id, { odometer, engineHours });
  if (schedule) await restartIntervals(ctx, record, schedule);
  return record;
}

/**
 * Moves the (vehicle, schedule) restart point to `record` unless a later one is recorded: an upsert
 * guarded on the stored performedAt. When the guard fails on an existing state the upsert tries to
 * insert, the unique key refuses it, and that refusal means "a later service is already the state".
 */
async function restartIntervals(ctx: TruckingContext, record: MaintenanceRecord, schedule: Schedule): Promise<void> {
  const key = stateKey(record.vehicle, schedule._id);
  try {
    await ctx.models.MaintenanceState.updateOne(
      { ...tenantScope(ctx.tenant), key, performedAt: mongoose.trusted({ $lte: record.performedAt }) },
      {
        $set: { record: record._id, performedAt: record.performedAt, odometer: record.odometer, engineHours: record.engineHours },
        $setOnInsert: { vehicle: record.vehicle, schedule: schedule._id },
      },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** The tenant's maintenance log, newest first; by vehicle and/or schedule. */
export async function listRecords(ctx: TruckingContext, args: ConnectionArgs & { filter?: RecordFilter }): Promise<Connection<MaintenanceRecord>> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  const filter = recordFilter.parse(args.filter);
  return paginate(
    ctx.models.MaintenanceRecord,
    ctx.tenant,
    { ...(filter?.vehicleId && { vehicle: filter.vehicleId }), ...(filter?.scheduleId && { schedule: filter.scheduleId }) },
    args,
  );
}

/**
 * What is due for `vehicles` at `at`: every active schedule that applies to each of them, with the
 * last service of each pair. Three queries whatever the number of vehicles (schedules, states, and
 * the vehicles the caller passed in).
 */
export async function dueFor(ctx: TruckingContext, vehicles: readonly Vehicle[], at: Date, options: { criticalOnly?: boolean } = {}): Promise<DueItem[]> {
  if (vehicles.length === 0) return [];
  const scope = tenantScope(ctx.tenant);
  const targets = new Set(vehicles.flatMap((v) => [appliesToVehicle(v._id), appliesToType(v.type ?? 'tractor')]));
  const [schedules, states] = await Promise.all([
    ctx.models.MaintenanceSchedule.find({
      ...scope,
      active: true,
      ...(options.criticalOnly && { critical: true }),
      appliesTo: mongoose.trusted({ $in: [...targets] }),
    }).lean<Schedule[]>(),
    ctx.models.MaintenanceState.find({ ...scope, vehicle: mongoose.trusted({ $in: vehicles.map((v) => v._id) }) }).lean<State[]>(),
  ]);
  const stateOf = new Map(states.map((state) => [state.key, state]));
  const items: DueItem[] = [];
  for (const vehicle of vehicles) {
    for (const schedule of schedules.filter((s) => appliesTo(s, vehicle))) {
      const last = stateOf.get(stateKey(vehicle._id, schedule._id)) ?? null;
      const since = new Date(Math.max(schedule.createdAt.getTime(), vehicle.createdAt.getTime()));
      const due = computeDue(schedule, vehicle, last, since, at);
      if (due.status !== 'ok') items.push({ ...due, vehicle, schedule, last });
    }
  }
  return items;
}

/** The overdue critical maintenance of a vehicle at `at` (what blocks its assignment). */
export async function overdueCriticalMaintenance(ctx: TruckingContext, vehicle: Vehicle, at: Date): Promise<DueItem[]> {
  return (await dueFor(ctx, [vehicle], at, { criticalOnly: true })).filter((item) => item.status === 'overdue');
}

const worstFraction = (item: DueItem): number => Math.max(...item.measures.map((m) => m.overFraction));
const encodeOffset = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!/^o:\d{1,7}$/.test(raw)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return Number(raw.slice(2)) + 1;
}

/**
 * `maintenanceDue`: what is due or overdue across the fleet (retired vehicles aside), or for one
 * vehicle, at the request's time: overdue first, critical first, then the furthest over (relative
 * to its interval). Computed, not stored, so the cursor is a position in that order.
 */
export async function listDue(ctx: TruckingContext, args: ConnectionArgs & { filter?: DueFilter }): Promise<Connection<DueItem>> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  const filter = dueFilter.parse(args.filter);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  const start = args.after ? decodeOffset(args.after) : 0;

  let vehicles: Vehicle[];
  if (filter?.vehicleId) {
    const vehicle = await ctx.loaders.byId(ctx.models.Vehicle).load(filter.vehicleId.toHexString());
    vehicles = vehicle ? [vehicle] : [];
  } else {
    vehicles = await ctx.models.Vehicle.find({ ...tenantScope(ctx.tenant), status: mongoose.trusted({ $ne: 'retired' }) }).lean<Vehicle[]>();
    for (const vehicle of vehicles) ctx.loaders.byId(ctx.models.Vehicle).prime(vehicle._id.toHexString(), vehicle);
  }
  const items = await sortedDue(ctx, vehicles, filter);
  const page = items.slice(start, start + first);
  const edges = page.map((node, i) => ({ cursor: encodeOffset(start + i), node }));
  return { edges, pageInfo: { hasNextPage: start + first < items.length, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: items.length };
}

/** The due lists of a request by their filter: aliases of maintenanceDue with the same filter compute it once. */
const dueLists = new WeakMap<TruckingContext, Map<string, Promise<DueItem[]>>>();

/**
 * What is due for the vehicles under the filter, in the order of maintenanceDue: overdue first,
 * critical first, then the furthest over (relative to its interval), then by ids. The sort keys are
 * computed once per item, not once per comparison.
 */
function sortedDue(ctx: TruckingContext, vehicles: readonly Vehicle[], filter: z.output<typeof dueFilter>): Promise<DueItem[]> {
  const key = JSON.stringify({ vehicle: filter?.vehicleId?.toHexString() ?? null, status: filter?.status ?? null, criticalOnly: filter?.criticalOnly ?? false });
  const lists = dueLists.get(ctx) ?? new Map<string, Promise<DueItem[]>>();
  dueLists.set(ctx, lists);
  const known = lists.get(key);
  if (known) return known;
  const wanted = filter?.status?.length ? new Set<string>(filter.status) : null;
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const list = dueFor(ctx, vehicles, ctx.clock.now(), { criticalOnly: filter?.criticalOnly ?? false }).then((all) =>
    all
      .filter((item) => !wanted || wanted.has(item.status))
      .map((item) => ({
        item,
        overdue: Number(item.status === 'overdue'),
        critical: Number(item.schedule.critical),
        worst: worstFraction(item),
        vehicle: item.vehicle._id.toHexString(),
        schedule: item.schedule._id.toHexString(),
      }))
      .sort((a, b) => b.overdue - a.overdue || b.critical - a.critical || b.worst - a.worst || order(a.vehicle, b.vehicle) || order(a.schedule, b.schedule))
      .map(({ item }) => item),
  );
  lists.set(key, list);
  return list;
}

/** The measure of a due item, if the schedule has that interval. */
export const measureOf = (item: DueItem, measure: MeasureDue['measure']): MeasureDue | undefined => item.measures.find((m) => m.measure === measure);

/** What a unique-index refusal of a schedule's name becomes. */
function duplicateSchedule(name: string | undefined): Error {
  return conflict(`A schedule named "${name}" already exists for this vehicle or vehicle type.`, { field: 'name' });
}
