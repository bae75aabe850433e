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
import { computeDue, duePoints, type Due, type MeasureDue } from './due';
import { DUE_STALE, DUE_VERSION, dueIndexState, noteDueWork, pairSince, scheduleAppliesTo, withoutDueMarkers } from './due-index';
import {
  appliesToType,
  appliesToVehicle,
  stateKey,
  type MaintenanceDuePointDocument,
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
  // One write: the schedule starts marked (schema default) and the due builder computes its pairs.
  noteDueWork(ctx.tenant.tenantId);
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
    { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name), audit: withoutDueMarkers },
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
  // Intervals, criticality and the active flag move the due points of the schedule's vehicles: marked in the same write.
  const movesDue = (['intervalMiles', 'intervalEngineHours', 'intervalDays', 'critical', 'active'] as const).some((field) => input[field] !== undefined);
  if (movesDue) noteDueWork(ctx.tenant.tenantId);
  return updateOwned(
    ctx,
    ctx.models.MaintenanceSchedule,
    before,
    { $set: { ...input, ...(movesDue && DUE_STALE) }, ...(movesDue && { $inc: DUE_VERSION }) },
    { what: 'MaintenanceSchedule', duplicate: () => duplicateSchedule(input.name), audit: withoutDueMarkers },
  );
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
        // The restart point moves the pair's due points: marked in the same write.
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
  noteDueWork(ctx.tenant.tenantId);
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
const PHASES = ['overdue', 'due'] as const;
/** The due point each phase pages on. */
const PHASE_POINT = { overdue: 'overdueAt', due: 'dueAt' } as const;
type Point = Lean<MaintenanceDuePointDocument>;

/**
 * A line's place in the order of maintenanceDue, and its cursor: overdue before due, critical first,
 * then the earliest point (miles and hours past their point, furthest over first, before the days
 * intervals, the one that ran out first first), then the pair. The same whether the line comes from
 * the index or from memory, so a cursor stays valid across both.
 */
interface DuePlace {
  readonly phase: Phase;
  readonly critical: boolean;
  readonly at: number;
  readonly key: string;
}

interface DueLine {
  readonly place: DuePlace;
  readonly item: DueItem;
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const comparePlaces = (a: DuePlace, b: DuePlace): number =>
  PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || Number(b.critical) - Number(a.critical) || a.at - b.at || compareKeys(a.key, b.key);

/** The place of an item computed in memory: its points, as the index stores them. */
function lineOf(item: DueItem): DueLine {
  const phase = item.status as Phase;
  const points = duePoints(item.schedule, item.vehicle, item.last, pairSince(item.schedule, item.vehicle));
  return { item, place: { phase, critical: item.schedule.critical, at: points[PHASE_POINT[phase]], key: stateKey(item.vehicle._id, item.schedule._id) } };
}

const encodeDueCursor = (place: DuePlace): string => Buffer.from(`m:${place.phase}:${place.critical ? 1 : 0}:${place.at}:${place.key}`).toString('base64url');

function decodeDueCursor(cursor: string): DuePlace {
  const raw = cursor.length <= 160 ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^m:(overdue|due):([01]):(-?[0-9.e+-]{1,30}):([0-9a-f]{24}:[0-9a-f]{24})$/.exec(raw);
  const at = Number(match?.[3]);
  if (!match || !Number.isFinite(at)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return { phase: match[1] as Phase, critical: match[2] === '1', at, key: match[4]! };
}

type ParsedDueFilter = z.output<typeof dueFilter>;

/** One answer: the page's lines from the cursor on, whether more follow, and the count. */
interface DueAnswer {
  readonly lines: readonly DueLine[];
  readonly more: boolean;
  readonly totalCount: number | (() => Promise<number>);
}

/**
 * `maintenanceDue`: what is due or overdue across the fleet (retired vehicles aside), or for one
 * vehicle, at the request's time, in the order of DuePlace. Read one page at a time from the due
 * index (due-index.ts) once the tenant's is built, with the vehicles the builder has not caught up
 * with computed in memory and merged in; computed in memory over the fleet before that.
 */
export async function listDue(ctx: TruckingContext, args: ConnectionArgs & { filter?: DueFilter }): Promise<Connection<DueItem>> {
  requireAccess(ctx.tenant, MAINTENANCE_FEATURE, 'maintenance:read');
  const filter = dueFilter.parse(args.filter);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  const cursor = args.after ? decodeDueCursor(args.after) : null;
  const phases = PHASES.filter((phase) => !filter?.status?.length || filter.status.includes(phase));
  if (cursor && !phases.includes(cursor.phase)) throw badInput('"after" is not a cursor of this filter.', { field: 'after' });
  const now = ctx.clock.now();

  const state = await dueIndexState(ctx.models, ctx.tenant.tenantId, now);
  const answer =
    (state.readable && (await dueFromIndex(ctx, filter, phases, cursor, first, now, state.stale))) || (await dueInMemory(ctx, filter, phases, cursor, first, now));
  const page = answer.lines;
  return {
    edges: page.map(({ place, item }) => ({ cursor: encodeDueCursor(place), node: item })),
    pageInfo: { hasNextPage: answer.more, endCursor: page.length ? encodeDueCursor(page.at(-1)!.place) : null },
    totalCount: answer.totalCount,
  };
}

/** The lines after `cursor` of an ordered list, at most `count`. */
const linesAfter = (lines: readonly DueLine[], cursor: DuePlace | null, count: number): DueLine[] =>
  (cursor ? lines.filter((line) => comparePlaces(line.place, cursor) > 0) : [...lines]).slice(0, count);

/** The answer computed in memory over the fleet (or the one vehicle of the filter): bounded by the tenant's fleet. */
async function dueInMemory(
  ctx: TruckingContext,
  filter: ParsedDueFilter,
  phases: readonly Phase[],
  cursor: DuePlace | null,
  first: number,
  now: Date,
): Promise<DueAnswer> {
  let vehicles: Vehicle[];
  if (filter?.vehicleId) {
    const vehicle = await ctx.loaders.byId(ctx.models.Vehicle).load(filter.vehicleId.toHexString());
    vehicles = vehicle ? [vehicle] : [];
  } else {
    vehicles = await ctx.models.Vehicle.find({ ...tenantScope(ctx.tenant), status: mongoose.trusted({ $ne: 'retired' }) }).lean<Vehicle[]>();
    for (const vehicle of vehicles) ctx.loaders.byId(ctx.models.Vehicle).prime(vehicle._id.toHexString(), vehicle);
  }
  const lines = await sortedDue(ctx, vehicles, filter, phases, now);
  const after = linesAfter(lines, cursor, first + 1);
  return { lines: after.slice(0, first), more: after.length > first, totalCount: lines.length };
}

/**
 * The answer from the index: per phase from the cursor on, one `find` with the page's limit (one
 * more, for hasNextPage) that leaves out the `stale` vehicles; those are computed in memory and
 * merged in the same order. The page's vehicles, schedules and restart points are read through the
 * request's loaders and each line computed by computeDue at `now`; a line whose sources moved since
 * the read of the markers (a write in between) makes the whole answer fall back (null).
 */
async function dueFromIndex(
  ctx: TruckingContext,
  filter: ParsedDueFilter,
  phases: readonly Phase[],
  cursor: DuePlace | null,
  first: number,
  now: Date,
  stale: readonly mongoose.Types.ObjectId[],
): Promise<DueAnswer | null> {
  const vehicleId = filter?.vehicleId ?? null;
  if (vehicleId && stale.some((id) => id.equals(vehicleId))) return null; // One vehicle: in memory is as cheap.
  const staleHere = vehicleId ? [] : stale;
  // `soon`: the pairs near due, an equality the embedded database answers from PostgreSQL (due-index.ts).
  const scope = {
    ...tenantScope(ctx.tenant),
    soon: true,
    ...(vehicleId ? { vehicle: vehicleId } : { retired: false, ...(staleHere.length && { vehicle: mongoose.trusted({ $nin: [...staleHere] }) }) }),
    ...(filter?.criticalOnly && { critical: true }),
  };
  const inPhase = (phase: Phase): Record<string, unknown> =>
    phase === 'overdue'
      ? { ...scope, overdueAt: mongoose.trusted({ $lte: now.getTime() }) }
      : { ...scope, dueAt: mongoose.trusted({ $lte: now.getTime() }), overdueAt: mongoose.trusted({ $gt: now.getTime() }) };

  const found: { phase: Phase; point: Point }[] = [];
  const from = cursor ? phases.indexOf(cursor.phase) : 0;
  for (let i = from; i < phases.length && found.length <= first; i++) {
    const phase = phases[i]!;
    const field = PHASE_POINT[phase];
    const after =
      cursor && i === from
        ? {
            $or: [
              ...(cursor.critical ? [{ critical: false }] : []),
              { critical: cursor.critical, [field]: mongoose.trusted({ $gt: cursor.at }) },
              { critical: cursor.critical, [field]: cursor.at, key: mongoose.trusted({ $gt: cursor.key }) },
            ],
          }
        : {};
    const points = await ctx.models.MaintenanceDuePoint.find({ ...inPhase(phase), ...after })
      .sort({ critical: -1, [field]: 1, key: 1 })
      .limit(first + 1 - found.length)
      .lean<Point[]>();
    found.push(...points.map((point) => ({ phase, point })));
  }

  const staleVehicles = staleHere.length
    ? await ctx.models.Vehicle.find({ ...tenantScope(ctx.tenant), _id: mongoose.trusted({ $in: [...staleHere] }), status: mongoose.trusted({ $ne: 'retired' }) }).lean<
        Vehicle[]
      >()
    : [];
  const inMemory = await sortedDue(ctx, staleVehicles, filter, phases, now);
  // The order is known from the points alone: merge, then read only what the page shows.
  type Candidate = { place: DuePlace; point: Point } | { place: DuePlace; line: DueLine };
  const candidates: Candidate[] = [
    ...found.map(({ phase, point }) => ({ place: { phase, critical: point.critical, at: point[PHASE_POINT[phase]], key: point.key }, point })),
    ...linesAfter(inMemory, cursor, first + 1).map((line) => ({ place: line.place, line })),
  ]
    .sort((a, b) => comparePlaces(a.place, b.place))
    .slice(0, first + 1);
  // The page's vehicles and restart points one by one by _id, an equality the embedded database
  // answers from its primary key, where one `$in` decodes every document of the tenant (docs/DATABASE.md);
  // each read primes the request's loader, so the line's resolvers find them there.
  const page = candidates.slice(0, first).flatMap((candidate) => ('point' in candidate ? [candidate.point] : []));
  const each = async <T>(model: mongoose.Model<T>, ids: readonly (mongoose.Types.ObjectId | null)[]) => {
    const unique = [...new Map(ids.flatMap((id) => (id ? [[id.toHexString(), id] as const] : []))).values()];
    const loader = ctx.loaders.byId(model);
    await Promise.all(
      unique.map(async (id) => {
        const doc = await model.findOne({ ...tenantScope(ctx.tenant), _id: id }).lean<Lean<T>>();
        if (doc) loader.prime(id.toHexString(), doc as never);
      }),
    );
  };
  await Promise.all([
    each(
      ctx.models.Vehicle,
      page.map((point) => point.vehicle),
    ),
    each(
      ctx.models.MaintenanceState,
      page.map((point) => point.state),
    ),
  ]);
  const load = <T>(model: mongoose.Model<T>, id: mongoose.Types.ObjectId | null) => (id ? ctx.loaders.byId(model).load(id.toHexString()) : Promise.resolve(null));
  const read = await Promise.all(
    candidates.slice(0, first).map(async (candidate): Promise<DueLine | 'moved' | null> => {
      if ('line' in candidate) return candidate.line;
      const { place, point } = candidate;
      const [vehicle, schedule, last] = await Promise.all([
        load(ctx.models.Vehicle, point.vehicle),
        load(ctx.models.MaintenanceSchedule, point.schedule),
        load(ctx.models.MaintenanceState, point.state),
      ]);
      if (!vehicle || !schedule) return null; // Deleted under the index: not a line, as in memory.
      const current =
        !vehicle.dueStale &&
        !schedule.dueStale &&
        !last?.dueStale &&
        (vehicle.dueSeq ?? 0) === point.vehicleSeq &&
        (schedule.dueSeq ?? 0) === point.scheduleSeq &&
        (last?.dueSeq ?? 0) === point.stateSeq;
      const due = computeDue(schedule, vehicle, last, pairSince(schedule, vehicle), now);
      if (!current || due.status !== place.phase) return 'moved';
      return { item: { ...due, vehicle, schedule, last }, place };
    }),
  );
  if (read.includes('moved')) {
    noteDueWork(ctx.tenant.tenantId);
    return null;
  }
  const lines = read.filter((line): line is DueLine => line !== null && line !== 'moved');
  let count: Promise<number> | undefined;
  return {
    lines,
    more: candidates.length > first,
    // Both phases together are the pairs due by now (a pair's due point never follows its overdue point): one count.
    totalCount: () =>
      (count ??= Promise.all(
        (phases.length === PHASES.length ? [{ ...scope, dueAt: mongoose.trusted({ $lte: now.getTime() }) }] : phases.map(inPhase)).map((filter) =>
          ctx.models.MaintenanceDuePoint.countDocuments(filter).exec(),
        ),
      ).then((counts) => counts.reduce((a, b) => a + b, inMemory.length))),
  };
}

/** The due lists of a request by their filter and vehicles: aliases of maintenanceDue with the same filter compute it once. */
const dueLists = new WeakMap<TruckingContext, Map<string, Promise<DueLine[]>>>();

/** What is due for `vehicles` under the filter, in the order of maintenanceDue. The places are computed once per item. */
function sortedDue(ctx: TruckingContext, vehicles: readonly Vehicle[], filter: ParsedDueFilter, phases: readonly Phase[], now: Date): Promise<DueLine[]> {
  const key = JSON.stringify({
    vehicles: vehicles.map((v) => v._id.toHexString()),
    phases,
    criticalOnly: filter?.criticalOnly ?? false,
    now: now.getTime(),
  });
  const lists = dueLists.get(ctx) ?? new Map<string, Promise<DueLine[]>>();
  dueLists.set(ctx, lists);
  const known = lists.get(key);
  if (known) return known;
  const list = dueFor(ctx, vehicles, now, { criticalOnly: filter?.criticalOnly ?? false }).then((all) =>
    all
      .filter((item) => phases.includes(item.status as Phase))
      .map(lineOf)
      .sort((a, b) => comparePlaces(a.place, b.place)),
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
