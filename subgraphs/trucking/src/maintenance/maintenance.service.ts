import mongoose from 'mongoose';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, type Connection, type ConnectionArgs, type Lean, singleLine, multiLine } from '@attunelogic/shared';
import { badInput, conflict, isDuplicateKey } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { instant, objectId } from '../common/inputs';
import { type TruckingContext } from '../models';
import { VEHICLE_TYPES, type VehicleDocument } from '../vehicles/vehicles.model';
import { loadVehicle, raiseReadings } from '../vehicles/vehicles.service';
import { computeDue, type Due, type MeasureDue } from './due';
import { DUE_STALE, DUE_VERSION, pairSince, refreshDue, repairDue, scheduleAppliesTo, withoutDueMarkers } from './due-index';
import {
  appliesToType,
  appliesToVehicle,
  stateKey,
  type MaintenanceRecordDocument,
  type MaintenanceDuePointDocument,
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
  })
  .refine((input) => Boolean(input.vehicleId) !== Boolean(input.vehicleType), {
    message: 'A schedule is for one vehicle (vehicleId) or for a vehicle type (vehicleType): give exactly one.',
    path: ['vehicleId'],
  })
  .refine((input) => Boolean(input.intervalMiles ?? input.intervalEngineHours ?? input.intervalDays), {
    message: 'Give at least one interval: miles, engine hours or days.',
    path: ['intervalMiles'],
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

export async function createSchedule(ctx: TruckingContext, raw: unknown): Promise<Schedule> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:write');
  const input = createScheduleInput.parse(raw);
  const vehicle = input.vehicleId ? await loadVehicle(ctx, input.vehicleId.toHexString(), 'vehicleId') : null;
  const schedule = await createOwned(
    ctx,
    ctx.models.MaintenanceSchedule,
    {
      name: input.name,
      description: input.description ?? null,
      vehicle: vehicle?._id ?? null,
      vehicleType: input.vehicleType ?? null,
      appliesTo: vehicle ? appliesToVehicle(vehicle._id) : appliesToType(input.vehicleType!),
      intervalMiles: input.intervalMiles ?? null,
      intervalEngineHours: input.intervalEngineHours ?? null,
      intervalDays: input.intervalDays ?? null,
      critical: input.critical ?? false,
      active: true,
    },
    { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name), audit: withoutDueMarkers },
  );
  await refreshDue(ctx, { schedules: [schedule] });
  return schedule;
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
  // Intervals, criticality and the active flag move the due points of the schedule's vehicles.
  const movesDue = (['intervalMiles', 'intervalEngineHours', 'intervalDays', 'critical', 'active'] as const).some((field) => input[field] !== undefined);
  const updated = await updateOwned(
    ctx,
    ctx.models.MaintenanceSchedule,
    before,
    { $set: { ...input, ...(movesDue && DUE_STALE) }, ...(movesDue && { $inc: DUE_VERSION }) },
    { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name), audit: withoutDueMarkers },
  );
  if (movesDue) await refreshDue(ctx, { schedules: [updated] });
  return updated;
}

const appliesTo = scheduleAppliesTo;

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
        $set: { record: record._id, performedAt: record.performedAt, odometer: record.odometer, engineHours: record.engineHours, ...DUE_STALE },
        $inc: DUE_VERSION,
        $setOnInsert: { vehicle: record.vehicle, schedule: schedule._id },
      },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return;
  }
  const state = await ctx.models.MaintenanceState.findOne({ ...tenantScope(ctx.tenant), key }, { _id: 1, vehicle: 1, dueSeq: 1 }).lean<State>();
  if (state) await refreshDue(ctx, { states: [state] });
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
async function dueFor(ctx: TruckingContext, vehicles: readonly Vehicle[], at: Date, options: { criticalOnly?: boolean } = {}): Promise<DueItem[]> {
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
      const due = computeDue(schedule, vehicle, last, pairSince(schedule, vehicle), at);
      if (due.status !== 'ok') items.push({ ...due, vehicle, schedule, last });
    }
  }
  return items;
}

/** The overdue critical maintenance of a vehicle at `at` (what blocks its assignment). */
export async function overdueCriticalMaintenance(ctx: TruckingContext, vehicle: Vehicle, at: Date): Promise<DueItem[]> {
  return (await dueFor(ctx, [vehicle], at, { criticalOnly: true })).filter((item) => item.status === 'overdue');
}

type Phase = 'overdue' | 'due';
/** The due point each phase pages on. */
const PHASE_POINT = { overdue: 'overdueAt', due: 'dueAt' } as const;
type Point = Lean<MaintenanceDuePointDocument>;

interface DueCursor {
  readonly phase: Phase;
  readonly critical: boolean;
  readonly at: number;
  readonly id: mongoose.Types.ObjectId;
}

const encodeDueCursor = (phase: Phase, point: Point): string =>
  Buffer.from(`m:${phase}:${point.critical ? 1 : 0}:${point[PHASE_POINT[phase]]}:${point._id.toHexString()}`).toString('base64url');

function decodeDueCursor(cursor: string): DueCursor {
  const raw = cursor.length <= 120 ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^m:(overdue|due):([01]):(-?[0-9.e+-]{1,30}):([0-9a-f]{24})$/.exec(raw);
  const at = Number(match?.[3]);
  if (!match || !Number.isFinite(at)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return { phase: match[1] as Phase, critical: match[2] === '1', at, id: new mongoose.Types.ObjectId(match[4]) };
}

/**
 * `maintenanceDue`: what is due or overdue across the fleet (retired vehicles aside), or for one
 * vehicle, at the request's time. Overdue first, critical first, then the furthest over: miles and
 * hours past their point (relative to the interval) before the days interval that ran out earliest;
 * then by pair. Read from the due index (due-index.ts) one page at a time: per phase one query on
 * `{parentCompany, retired | vehicle, critical, dueAt | overdueAt, _id}` with the cursor as a range
 * and a limit, never the whole fleet; the count only when `totalCount` is selected.
 */
export async function listDue(ctx: TruckingContext, args: ConnectionArgs & { filter?: DueFilter }): Promise<Connection<DueItem>> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  const filter = dueFilter.parse(args.filter);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  const cursor = args.after ? decodeDueCursor(args.after) : null;
  const phases = (['overdue', 'due'] as const).filter((phase) => !filter?.status?.length || filter.status.includes(phase));
  const now = ctx.clock.now();
  const scope = {
    ...tenantScope(ctx.tenant),
    ...(filter?.vehicleId ? { vehicle: filter.vehicleId } : { retired: false }),
    ...(filter?.criticalOnly && { critical: true }),
  };
  const inPhase = (phase: Phase): Record<string, unknown> =>
    phase === 'overdue'
      ? { ...scope, overdueAt: mongoose.trusted({ $lte: now.getTime() }) }
      : { ...scope, dueAt: mongoose.trusted({ $lte: now.getTime() }), overdueAt: mongoose.trusted({ $gt: now.getTime() }) };

  await repairDue(ctx);
  let page = await readDuePage(ctx, phases, inPhase, cursor, first, now);
  if (page.stale.length) {
    // A pair that does not match its sources (a write lost between them): recompute, read again.
    await refreshDue(ctx, { vehicles: page.stale });
    page = await readDuePage(ctx, phases, inPhase, cursor, first, now);
  }
  let count: Promise<number> | undefined;
  return {
    edges: page.items.map(({ phase, point, item }) => ({ cursor: encodeDueCursor(phase, point), node: item })),
    pageInfo: { hasNextPage: page.more, endCursor: page.items.length ? encodeDueCursor(page.items.at(-1)!.phase, page.items.at(-1)!.point) : null },
    totalCount: () =>
      (count ??= Promise.all(phases.map((phase) => ctx.models.MaintenanceDuePoint.countDocuments(inPhase(phase)).exec())).then((counts) =>
        counts.reduce((a, b) => a + b, 0),
      )),
  };
}

interface DuePage {
  readonly items: { phase: Phase; point: Point; item: DueItem }[];
  readonly more: boolean;
  /** Vehicles of pairs on the page that did not match their sources (left out of `items`). */
  readonly stale: mongoose.Types.ObjectId[];
}

/**
 * One page from the due index: the phases in order, from the cursor on, one `find` per phase with
 * the page's limit (one more, for hasNextPage); then the page's vehicles, schedules and restart
 * points through the request's loaders, and each item computed by computeDue at `now`.
 */
async function readDuePage(
  ctx: TruckingContext,
  phases: readonly Phase[],
  inPhase: (phase: Phase) => Record<string, unknown>,
  cursor: DueCursor | null,
  first: number,
  now: Date,
): Promise<DuePage> {
  const found: { phase: Phase; point: Point }[] = [];
  const from = cursor ? phases.indexOf(cursor.phase) : 0;
  if (from < 0) throw badInput('"after" is not a cursor of this filter.', { field: 'after' });
  for (let i = from; i < phases.length && found.length <= first; i++) {
    const phase = phases[i]!;
    const field = PHASE_POINT[phase];
    const after =
      cursor && i === from
        ? {
            $or: [
              ...(cursor.critical ? [{ critical: false }] : []),
              { critical: cursor.critical, [field]: mongoose.trusted({ $gt: cursor.at }) },
              { critical: cursor.critical, [field]: cursor.at, _id: mongoose.trusted({ $gt: cursor.id }) },
            ],
          }
        : {};
    const points = await ctx.models.MaintenanceDuePoint.find({ ...inPhase(phase), ...after })
      .sort({ critical: -1, [field]: 1, _id: 1 })
      .limit(first + 1 - found.length)
      .lean<Point[]>();
    found.push(...points.map((point) => ({ phase, point })));
  }
  const onPage = found.slice(0, first);
  const load = <T>(model: mongoose.Model<T>, id: mongoose.Types.ObjectId | null) => (id ? ctx.loaders.byId(model).load(id.toHexString()) : Promise.resolve(null));
  const items: DuePage['items'][number][] = [];
  const stale: mongoose.Types.ObjectId[] = [];
  await Promise.all(
    onPage.map(async ({ phase, point }) => {
      const [vehicle, schedule, last] = await Promise.all([
        load(ctx.models.Vehicle, point.vehicle),
        load(ctx.models.MaintenanceSchedule, point.schedule),
        load(ctx.models.MaintenanceState, point.state),
      ]);
      const due = vehicle && schedule && computeDue(schedule, vehicle, last, pairSince(schedule, vehicle), now);
      const current =
        due &&
        due.status === phase &&
        (vehicle.dueSeq ?? 0) === point.vehicleSeq &&
        (schedule.dueSeq ?? 0) === point.scheduleSeq &&
        (last?.dueSeq ?? 0) === point.stateSeq;
      if (current) items.push({ phase, point, item: { ...due, vehicle, schedule, last } });
      else stale.push(point.vehicle);
    }),
  );
  const order = new Map(onPage.map(({ point }, i) => [point, i]));
  items.sort((a, b) => order.get(a.point)! - order.get(b.point)!);
  return { items, more: found.length > first, stale };
}

/** The measure of a due item, if the schedule has that interval. */
export const measureOf = (item: DueItem, measure: MeasureDue['measure']): MeasureDue | undefined => item.measures.find((m) => m.measure === measure);

/** What a unique-index refusal of a schedule's name becomes. */
function duplicateSchedule(name: string | undefined): Error {
  return conflict(`A schedule named "${name}" already exists for this vehicle or vehicle type.`, { field: 'name' });
}
