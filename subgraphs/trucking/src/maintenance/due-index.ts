// The maintenance due index: one document per (vehicle, schedule) pair with the points from which it
// is due and overdue (due.ts, duePoints), so maintenanceDue reads one page with an indexed range
// query instead of building vehicles × schedules in memory.
//
// Keeping it right without transactions:
// - Every change that moves due points (a vehicle's readings, type or status; a schedule's intervals,
//   criticality or active flag; a new restart point) increments the source's `dueSeq` and sets its
//   `dueStale` marker in the same single-document write. New documents start stale (schema defaults).
// - The writer then recomputes the pairs of the vehicles concerned (refreshDue) and clears the
//   markers, each guarded by the `dueSeq` it read: a source changed meanwhile stays marked.
// - A pair is written with a guard that none of its three source versions goes backwards, so a
//   recomputation that read older sources never overwrites a newer one (it reads again and retries).
// - A crash between the source's write and the recomputation leaves the marker set: every read of
//   maintenanceDue first recomputes the pairs of marked sources (repairDue), then pages. Each page is
//   also checked against its sources' versions, and a mismatch is recomputed before answering.
// - Existing deployments: the first read for a tenant marks its documents that predate the index
//   (no `dueSeq`) stale, which builds its pairs through the same repair (migrateTenant).
import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { isDuplicateKey } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type TruckingContext } from '../models';
import { type VehicleDocument } from '../vehicles/vehicles.model';
import { duePoints, NEVER } from './due';
import {
  appliesToType,
  appliesToVehicle,
  stateKey,
  type MaintenanceDuePointDocument,
  type MaintenanceScheduleDocument,
  type MaintenanceStateDocument,
} from './maintenance.model';

type Vehicle = Lean<VehicleDocument>;
type Schedule = Lean<MaintenanceScheduleDocument>;
type State = Lean<MaintenanceStateDocument>;
type Id = mongoose.Types.ObjectId;
type PointFields = Omit<MaintenanceDuePointDocument, 'parentCompany' | 'key' | 'vehicle' | 'schedule'>;

/** The version of the build a tenant's `maintenance_due_builds` document records. */
const BUILD_VERSION = 1;
/** Recomputations of one set of vehicles that lost a race before leaving it to the next read. */
const ATTEMPTS = 3;
/** Tenants known built, per build model (one per connection). */
const builtTenants = new WeakMap<object, Set<string>>();

const $in = <T>(values: readonly T[]) => mongoose.trusted({ $in: [...values] });

/** Whether a schedule applies to a vehicle: its own, or its type's. */
export const scheduleAppliesTo = (schedule: Pick<Schedule, 'vehicle' | 'vehicleType'>, vehicle: Pick<Vehicle, '_id' | 'type'>): boolean =>
  schedule.vehicle ? schedule.vehicle.equals(vehicle._id) : schedule.vehicleType === (vehicle.type ?? 'tractor');

/** When a pair's days interval starts without a recorded service: the later of the schedule's and the vehicle's creation. */
export const pairSince = (schedule: Pick<Schedule, 'createdAt'>, vehicle: Pick<Vehicle, 'createdAt'>): Date =>
  new Date(Math.max(schedule.createdAt.getTime(), vehicle.createdAt.getTime()));

export interface DueSources {
  /** Vehicles whose pairs to recompute. */
  readonly vehicles?: readonly Id[];
  /** Schedules changed (their vehicles' pairs are recomputed, then their markers cleared). */
  readonly schedules?: readonly Pick<Schedule, '_id' | 'vehicle' | 'vehicleType' | 'dueSeq'>[];
  /** Restart points moved (likewise). */
  readonly states?: readonly Pick<State, '_id' | 'vehicle' | 'dueSeq'>[];
}

/**
 * Recomputes the due points of the vehicles the sources concern and clears the sources' stale
 * markers. Returns false when it kept losing races with other writers: their markers stay set and
 * the next read of maintenanceDue repairs them.
 */
export async function refreshDue(ctx: TruckingContext, sources: DueSources): Promise<boolean> {
  const scope = tenantScope(ctx.tenant);
  const ids = new Map<string, Id>();
  const add = (id: Id) => ids.set(id.toHexString(), id);
  sources.vehicles?.forEach(add);
  sources.states?.forEach((state) => add(state.vehicle));
  const byType = [...new Set((sources.schedules ?? []).flatMap((s) => (s.vehicle ? [] : [s.vehicleType ?? 'tractor'])))];
  sources.schedules?.forEach((s) => s.vehicle && add(s.vehicle));
  if (byType.length) {
    const typed = await ctx.models.Vehicle.find({ ...scope, type: $in(byType) }, { _id: 1 }).lean<{ _id: Id }[]>();
    typed.forEach((v) => add(v._id));
  }
  let done = false;
  for (let attempt = 0; attempt < ATTEMPTS && !done; attempt++) done = await recompute(ctx, [...ids.values()]);
  if (!done) return false;
  // The pairs were recomputed from reads made after these versions: clear the markers still at them.
  const cleared = { $set: { dueStale: false } };
  await Promise.all([
    ...(sources.schedules ?? []).map((s) => ctx.models.MaintenanceSchedule.updateOne({ ...scope, _id: s._id, dueSeq: s.dueSeq ?? 0 }, cleared, { timestamps: false })),
    ...(sources.states ?? []).map((s) => ctx.models.MaintenanceState.updateOne({ ...scope, _id: s._id, dueSeq: s.dueSeq ?? 0 }, cleared)),
  ]);
  return true;
}

/**
 * One recomputation of the pairs of `ids`: reads the vehicles, every schedule that applies to them
 * (active or not), their restart points and their pairs, writes every pair whose points or versions
 * changed, and clears the vehicles' markers. False when a guard refused a write (a concurrent
 * recomputation read newer sources): the caller reads again.
 */
async function recompute(ctx: TruckingContext, ids: readonly Id[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const scope = tenantScope(ctx.tenant);
  const { Vehicle, MaintenanceSchedule, MaintenanceState, MaintenanceDuePoint } = ctx.models;
  const vehicles = await Vehicle.find({ ...scope, _id: $in(ids) }).lean<Vehicle[]>();
  const targets = [...new Set(vehicles.flatMap((v) => [appliesToVehicle(v._id), appliesToType(v.type ?? 'tractor')]))];
  const [schedules, states, points] = await Promise.all([
    targets.length ? MaintenanceSchedule.find({ ...scope, appliesTo: $in(targets) }).lean<Schedule[]>() : Promise.resolve([]),
    MaintenanceState.find({ ...scope, vehicle: $in(ids) }).lean<State[]>(),
    MaintenanceDuePoint.find({ ...scope, vehicle: $in(ids) }).lean(),
  ]);
  const stateOf = new Map(states.map((state) => [state.key, state]));
  const pointOf = new Map(points.map((point) => [point.key, point]));
  const writes: Promise<boolean>[] = [];
  const live = new Set<string>();

  for (const vehicle of vehicles) {
    for (const schedule of schedules.filter((s) => scheduleAppliesTo(s, vehicle))) {
      const key = stateKey(vehicle._id, schedule._id);
      live.add(key);
      const state = stateOf.get(key) ?? null;
      const at = schedule.active ? duePoints(schedule, vehicle, state, pairSince(schedule, vehicle)) : { dueAt: NEVER, overdueAt: NEVER };
      const next: PointFields = {
        state: state?._id ?? null,
        critical: schedule.critical,
        retired: vehicle.status === 'retired',
        dueAt: at.dueAt,
        overdueAt: at.overdueAt,
        vehicleSeq: vehicle.dueSeq ?? 0,
        scheduleSeq: schedule.dueSeq ?? 0,
        stateSeq: state?.dueSeq ?? 0,
      };
      const known = pointOf.get(key);
      const same = known && (Object.keys(next) as (keyof typeof next)[]).every((field) => String(known[field]) === String(next[field]));
      if (!same) writes.push(writePoint(ctx, key, vehicle._id, schedule._id, next));
    }
  }
  // Pairs whose schedule no longer applies (the vehicle changed type, the schedule is gone) or whose vehicle is gone.
  for (const point of points) {
    if (live.has(point.key) || point.dueAt === NEVER) continue;
    writes.push(
      MaintenanceDuePoint.updateOne({ ...scope, _id: point._id, vehicleSeq: point.vehicleSeq }, { $set: { dueAt: NEVER, overdueAt: NEVER } }).then((r) => r.matchedCount === 1),
    );
  }
  const written = await Promise.all(writes);
  if (written.includes(false)) return false;
  const cleared = await Promise.all(
    vehicles
      .filter((v) => v.dueStale)
      .map((v) => Vehicle.updateOne({ ...scope, _id: v._id, dueSeq: v.dueSeq ?? 0 }, { $set: { dueStale: false } }, { timestamps: false })),
  );
  // A vehicle changed since it was read: its writer recomputes (or the next read does); ours may be older.
  return cleared.every((r) => r.matchedCount === 1);
}

/**
 * Writes a pair unless it holds a newer version of any source: an upsert guarded on the three
 * versions. On an existing pair the refused guard turns the upsert into an insert that the unique
 * key refuses: false, "read again".
 */
async function writePoint(ctx: TruckingContext, key: string, vehicle: Id, schedule: Id, next: PointFields): Promise<boolean> {
  const lte = (value: number) => mongoose.trusted({ $lte: value });
  try {
    await ctx.models.MaintenanceDuePoint.updateOne(
      { ...tenantScope(ctx.tenant), key, vehicleSeq: lte(next.vehicleSeq), scheduleSeq: lte(next.scheduleSeq), stateSeq: lte(next.stateSeq) },
      { $set: next, $setOnInsert: { vehicle, schedule } },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Before a read: builds the tenant's index on its first read (migrateTenant), then recomputes the
 * pairs of every source still marked stale (a writer that crashed or lost its races). Three small
 * queries when nothing is marked.
 */
export async function repairDue(ctx: TruckingContext): Promise<void> {
  await migrateTenant(ctx);
  const stale = { ...tenantScope(ctx.tenant), dueStale: true };
  const [vehicles, schedules, states] = await Promise.all([
    ctx.models.Vehicle.find(stale, { _id: 1 }).lean<{ _id: Id }[]>(),
    ctx.models.MaintenanceSchedule.find(stale, { _id: 1, vehicle: 1, vehicleType: 1, dueSeq: 1 }).lean<Schedule[]>(),
    ctx.models.MaintenanceState.find(stale, { _id: 1, vehicle: 1, dueSeq: 1 }).lean<State[]>(),
  ]);
  if (vehicles.length || schedules.length || states.length) {
    await refreshDue(ctx, { vehicles: vehicles.map((v) => v._id), schedules, states });
    for (const v of vehicles) ctx.loaders.byId(ctx.models.Vehicle).clear(v._id.toHexString());
  }
}

/**
 * The migration of a tenant whose vehicles, schedules and restart points predate the index: marks
 * those without a `dueSeq` stale (repairDue then builds their pairs) and records that it did. Once
 * per tenant and process after the record exists; a crash before the record repeats it, harmlessly.
 */
async function migrateTenant(ctx: TruckingContext): Promise<void> {
  const { MaintenanceDueBuild, Vehicle, MaintenanceSchedule, MaintenanceState } = ctx.models;
  const known = builtTenants.get(MaintenanceDueBuild) ?? new Set<string>();
  builtTenants.set(MaintenanceDueBuild, known);
  if (known.has(ctx.tenant.tenantId)) return;
  const scope = tenantScope(ctx.tenant);
  if (!(await MaintenanceDueBuild.exists({ ...scope, version: BUILD_VERSION }))) {
    const older = { ...scope, dueSeq: mongoose.trusted({ $exists: false }) };
    const mark = { $set: { dueSeq: 0, dueStale: true } };
    await Promise.all([
      Vehicle.updateMany(older, mark, { timestamps: false }),
      MaintenanceSchedule.updateMany(older, mark, { timestamps: false }),
      MaintenanceState.updateMany(older, mark),
    ]);
    await MaintenanceDueBuild.updateOne(scope, { $set: { version: BUILD_VERSION } }, { upsert: true });
  }
  known.add(ctx.tenant.tenantId);
}

/** The fields a change that moves due points sets besides its own: the stale marker (and `$inc: { dueSeq: 1 }`). */
export const DUE_STALE = { dueStale: true } as const;
export const DUE_VERSION = { dueSeq: 1 } as const;

/** A document as the audit log shows it: without the index's bookkeeping. */
export function withoutDueMarkers<T extends { dueSeq?: number; dueStale?: boolean }>(doc: T): Record<string, unknown> {
  const { dueSeq: _seq, dueStale: _stale, ...rest } = doc;
  return rest;
}
