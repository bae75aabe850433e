// The maintenance due index: one document per (vehicle, schedule) pair with the points from which it
// is due and overdue (due.ts, duePoints), so maintenanceDue reads one page with an indexed range
// query instead of building vehicles × schedules in memory. Built outside the request path.
//
// Keeping it right without transactions:
// - A change that moves due points (a vehicle's readings, type or status; a schedule's intervals,
//   criticality or active flag; a new restart point) increments its document's `dueSeq` and sets
//   its `dueStale` marker in the same single-document write it makes anyway. New documents start
//   stale (schema defaults). No pair is recomputed in the request.
// - The due builder (startDueBuilder, an interval loop of the trucking process; buildDueIndex once,
//   for tests and the `build-due` command) recomputes the pairs of marked documents in bounded
//   batches per tenant: bulkWrites of upserts, each guarded so that none of the pair's three
//   source versions goes backwards; then clears each marker guarded on the `dueSeq` it read, so a
//   document changed meanwhile stays marked for the next turn.
// - A reader (dueIndexState) uses the index only for a tenant whose build record exists and whose
//   marked documents concern few vehicles: it reads the index without those vehicles and computes
//   theirs in memory. A crash between a writer's write and the builder, or inside a builder's
//   batch, leaves markers set: the reader keeps computing those vehicles in memory and the builder
//   repeats them.
// - Near due (`soon`): FerretDB pushes only equalities down to PostgreSQL, so a range on `dueAt`
//   alone would decode every pair of the tenant. A pair is written `soon` when its due point is at
//   most SOON_AHEAD_MS after the builder's time, and the tenant's build record carries a `horizon`
//   until which that holds for every pair: the builder moves it forward (HORIZON_AHEAD_MS from its
//   time, when less than HORIZON_RENEW_MS is left) after marking the pairs that came near due, and a
//   read later than the horizon computes in memory. Marking more pairs `soon` than needed only costs
//   reading them. A pair written by a batch that began before a horizon move and ended after it was
//   flagged against the batch's own time: it is missed only if that batch took longer than
//   SOON_AHEAD_MS - HORIZON_AHEAD_MS (a day).
// - Existing deployments: the builder's first turn for a tenant marks its documents that predate
//   the index (no `dueSeq`) stale, then writes the tenant's build record; until then reads compute
//   in memory, as before the index.
import { setImmediate as nextTurn } from 'node:timers/promises';
import mongoose from 'mongoose';
import { systemClock, type Clock, type Lean, type Logger } from '@attunelogic/shared';
import { type TruckingModels } from '../models';
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
type Scope = { parentCompany: Id };
type PointFields = Omit<MaintenanceDuePointDocument, 'parentCompany' | 'key' | 'vehicle' | 'schedule'>;
/** The models the index reads and writes. */
export type DueModels = Pick<TruckingModels, 'Vehicle' | 'MaintenanceSchedule' | 'MaintenanceState' | 'MaintenanceDuePoint' | 'MaintenanceDueBuild'>;

/** The version of the build a tenant's `maintenance_due_builds` document records. */
export const BUILD_VERSION = 1;
/** Vehicles whose pairs one builder turn recomputes for one tenant. */
export const DEFAULT_DUE_BATCH = 100;
/**
 * Writes per bulkWrite command. FerretDB 1.24 on PostgreSQL stalled (no answer within a minute) on one
 * `update` command of 50 changes to existing documents, and answered batches of 25 in milliseconds.
 */
const WRITES_PER_COMMAND = 25;
/** Above this many vehicles with marked documents, a read computes the tenant's whole fleet in memory. */
export const STALE_READ_BOUND = 25;
const DAY = 86_400_000;
/** A pair is `soon` when its due point is at most this long after the builder's time. */
export const SOON_AHEAD_MS = 2 * DAY;
/** A horizon move sets it this long after the builder's time ... */
export const HORIZON_AHEAD_MS = DAY;
/** ... when less than this is left of it. */
export const HORIZON_RENEW_MS = DAY / 2;

/** The time the builder works at, per tenant (the tests' clocks are); the real time by default. */
export type DueClock = (tenantId: string) => Clock;
const realTime: DueClock = () => systemClock;

const $in = <T>(values: readonly T[]) => mongoose.trusted({ $in: [...values] });
const scopeOf = (tenantId: string | Id): Scope => ({ parentCompany: new mongoose.Types.ObjectId(tenantId) });
const hex = (id: Id): string => id.toHexString();

/** Whether a schedule applies to a vehicle: its own, or its type's. */
export const scheduleAppliesTo = (schedule: Pick<Schedule, 'vehicle' | 'vehicleType'>, vehicle: Pick<Vehicle, '_id' | 'type'>): boolean =>
  schedule.vehicle ? schedule.vehicle.equals(vehicle._id) : schedule.vehicleType === (vehicle.type ?? 'tractor');

/** When a pair's days interval starts without a recorded service: the later of the schedule's and the vehicle's creation. */
export const pairSince = (schedule: Pick<Schedule, 'createdAt'>, vehicle: Pick<Vehicle, 'createdAt'>): Date =>
  new Date(Math.max(schedule.createdAt.getTime(), vehicle.createdAt.getTime()));

/** The fields a change that moves due points sets besides its own, and the version it increments. */
export const DUE_STALE = { dueStale: true } as const;
export const DUE_VERSION = { dueSeq: 1 } as const;

/** A document as the audit log shows it: without the index's bookkeeping. */
export function withoutDueMarkers<T extends { dueSeq?: number; dueStale?: boolean }>(doc: T): Record<string, unknown> {
  const { dueSeq: _seq, dueStale: _stale, ...rest } = doc;
  return rest;
}

/** Tenants this process wrote or read marked documents for: the builder's next turn takes them first. */
const noted = new Set<string>();

/** Tells the builder that `tenantId` has marked documents (no database work: the next turn picks it up). */
export const noteDueWork = (tenantId: string): void => void noted.add(tenantId);

/** How a read may use the index: not at all, or with these vehicles computed in memory. */
export type DueIndexState = { readonly readable: false } | { readonly readable: true; readonly stale: readonly Id[] };

/**
 * Whether `tenantId`'s index may be read at `now`: its build record exists with a horizon not
 * before `now`, no schedule for a vehicle type is
 * marked (its pairs span the fleet), and at most `bound` vehicles have a marked vehicle, schedule or
 * restart point; those vehicles are read in memory. Four small queries, run together.
 */
export async function dueIndexState(models: DueModels, tenantId: string, now: Date, bound = STALE_READ_BOUND): Promise<DueIndexState> {
  const scope = scopeOf(tenantId);
  const marked = { ...scope, dueStale: true };
  const [built, vehicles, schedules, states] = await Promise.all([
    models.MaintenanceDueBuild.findOne({ ...scope, version: BUILD_VERSION }, { horizon: 1 }).lean<{ horizon?: number }>(),
    models.Vehicle.find(marked, { _id: 1 })
      .limit(bound + 1)
      .lean<{ _id: Id }[]>(),
    models.MaintenanceSchedule.find(marked, { _id: 1, vehicle: 1 })
      .limit(bound + 1)
      .lean<{ _id: Id; vehicle: Id | null }[]>(),
    models.MaintenanceState.find(marked, { _id: 1, vehicle: 1 })
      .limit(bound + 1)
      .lean<{ _id: Id; vehicle: Id }[]>(),
  ]);
  if (vehicles.length || schedules.length || states.length) noteDueWork(tenantId);
  if (!built || schedules.some((s) => !s.vehicle)) return { readable: false };
  // Past the horizon, pairs that came due since may not be marked `soon` yet: the builder moves it.
  if ((built.horizon ?? 0) < now.getTime()) {
    noteDueWork(tenantId);
    return { readable: false };
  }
  const stale = new Map<string, Id>();
  for (const id of [...vehicles.map((v) => v._id), ...schedules.map((s) => s.vehicle!), ...states.map((s) => s.vehicle)]) stale.set(hex(id), id);
  return stale.size > bound ? { readable: false } : { readable: true, stale: [...stale.values()] };
}

/** How a builder turn runs: its batch, whether it sweeps (and for pre-index documents), its time, and where tenants' data lives. */
export interface DueTurnOptions {
  readonly batch?: number;
  readonly sweep?: boolean;
  readonly legacy?: boolean;
  readonly clock?: DueClock;
  /** A tenant's models by its placement (a dedicated tenant's own database); the pooled `models` without it. */
  readonly modelsOf?: (tenantId: string) => Promise<DueModels>;
  /** The dedicated tenants, which a sweep visits in their own databases (the pool's queries do not see them). */
  readonly dedicated?: () => Promise<readonly string[]>;
}

/** What one builder turn did. */
export interface DueBuildTurn {
  readonly tenants: number;
  /** Vehicles whose pairs were recomputed. */
  readonly vehicles: number;
  /** Pairs written. */
  readonly pairs: number;
  /** Some tenant has more marked documents than its batch took. */
  readonly more: boolean;
  /** Tenants whose batch failed (noted for the next turn). */
  readonly failed: readonly { tenant: string; error: unknown }[];
}

/**
 * One turn of the builder: every tenant with work gets one batch of at most `batch` vehicles, one
 * tenant after the other with the event loop free between them, so a tenant's large fleet takes
 * several turns rather than the others' turn. `sweep` also looks in the database for tenants with
 * work (written by another process, or before this one started), and with `legacy` (the default) for
 * documents that predate the index; otherwise only the tenants noted here.
 */
export async function runDueBuildTurn(models: DueModels, options: DueTurnOptions = {}): Promise<DueBuildTurn> {
  const batch = options.batch ?? DEFAULT_DUE_BATCH;
  const clock = options.clock ?? realTime;
  const tenants = new Set(noted);
  noted.clear();
  if (options.sweep) {
    for (const tenant of await tenantsWithWork(models, options.legacy ?? true)) tenants.add(tenant);
    for (const tenant of (await options.dedicated?.()) ?? []) tenants.add(tenant);
  }
  let vehicles = 0;
  let pairs = 0;
  let more = false;
  const failed: { tenant: string; error: unknown }[] = [];
  for (const tenant of tenants) {
    let done: { vehicles: number; pairs: number; more: boolean };
    try {
      const own = options.modelsOf ? await options.modelsOf(tenant) : models;
      done = await buildTenant(own, tenant, batch, clock(tenant).now().getTime());
    } catch (error) {
      // One tenant's database out of reach (a dedicated server down) does not stop the others' turn.
      failed.push({ tenant, error });
      noted.add(tenant);
      continue;
    }
    vehicles += done.vehicles;
    pairs += done.pairs;
    if (done.more) {
      more = true;
      noted.add(tenant);
    }
    await nextTurn();
  }
  return { tenants: tenants.size, vehicles, pairs, more, failed };
}

/** Turns until no work is left (the first one sweeping): the `build-due` command and the tests. */
export async function buildDueIndex(
  models: DueModels,
  options: Omit<DueTurnOptions, 'sweep' | 'legacy'> = {},
): Promise<{ turns: number; vehicles: number; pairs: number }> {
  let turns = 0;
  let vehicles = 0;
  let pairs = 0;
  for (let more = true; more; turns++) {
    const turn = await runDueBuildTurn(models, { ...options, sweep: turns === 0 });
    vehicles += turn.vehicles;
    pairs += turn.pairs;
    more = turn.more;
  }
  return { turns, vehicles, pairs };
}

export interface DueBuilderOptions {
  /** Pause between turns when the last one finished its work (ms). */
  readonly intervalMs: number;
  /** Vehicles per tenant per turn. */
  readonly batch?: number;
  /** How often a turn also sweeps the database for tenants with work (ms). */
  readonly sweepMs?: number;
  readonly logger?: Logger;
  readonly clock?: DueClock;
  readonly modelsOf?: DueTurnOptions['modelsOf'];
  readonly dedicated?: DueTurnOptions['dedicated'];
}

export interface DueBuilder {
  /** Stops the loop after the turn in progress, if any. */
  stop(): Promise<void>;
}

/** The builder's loop: a turn, then the next one right away while work is left, else after `intervalMs`. */
export function startDueBuilder(models: DueModels, options: DueBuilderOptions): DueBuilder {
  const sweepMs = options.sweepMs ?? 60_000;
  let lastSweep = Number.NEGATIVE_INFINITY;
  // Documents that predate the index exist only from before this version: looked for once, at start
  // (that query is not one the embedded database can narrow: it reads every tenant's documents).
  let legacy = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = (delay: number) => {
    if (!stopped) timer = setTimeout(tick, delay);
  };
  const tick = () => {
    const sweep = Date.now() - lastSweep >= sweepMs;
    if (sweep) lastSweep = Date.now();
    running = runDueBuildTurn(models, {
      ...(options.batch !== undefined && { batch: options.batch }),
      ...(options.clock && { clock: options.clock }),
      ...(options.modelsOf && { modelsOf: options.modelsOf }),
      ...(options.dedicated && { dedicated: options.dedicated }),
      sweep,
      legacy: sweep && legacy,
    }).then(
      (turn) => {
        if (sweep) legacy = false;
        for (const { tenant, error } of turn.failed) options.logger?.warn({ tenant, err: error }, 'maintenance due index: a tenant’s batch failed');
        if (turn.vehicles)
          options.logger?.debug({ tenants: turn.tenants, vehicles: turn.vehicles, pairs: turn.pairs, more: turn.more }, 'maintenance due index: built a turn');
        schedule(turn.more ? 0 : options.intervalMs);
      },
      (error: unknown) => {
        options.logger?.error({ err: error }, 'maintenance due index: the turn failed');
        schedule(options.intervalMs);
      },
    );
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The tenants with documents marked, or predating the index (no `dueSeq`), and the built ones (whose
 * horizon may need moving): across tenants, so on the driver's collections, ids only. The one place
 * that reads more than one tenant; it writes nothing.
 */
async function tenantsWithWork(models: DueModels, legacy: boolean): Promise<string[]> {
  // `dueStale: true` alone is an equality PostgreSQL filters; the `$exists` of older documents is not.
  const filter = legacy ? { $or: [{ dueStale: true }, { dueSeq: { $exists: false } }] } : { dueStale: true };
  const lists = await Promise.all([
    ...[models.Vehicle, models.MaintenanceSchedule, models.MaintenanceState].map((model) => model.collection.distinct('parentCompany', filter)),
    models.MaintenanceDueBuild.collection.distinct('parentCompany', { version: BUILD_VERSION }),
  ]);
  return [...new Set(lists.flat().map(String))];
}

/**
 * One batch of one tenant: marks its documents that predate the index (once, then the build
 * record), takes up to `batch` vehicles among those with a marked vehicle, restart point or schedule,
 * and recomputes their pairs. A marked schedule is done once each vehicle it applies to has its pair
 * at the schedule's version; its marker is cleared then.
 */
async function buildTenant(models: DueModels, tenantId: string, batch: number, now: number): Promise<{ vehicles: number; pairs: number; more: boolean }> {
  const scope = scopeOf(tenantId);
  // A tenant without vehicles here (none yet, or its data in a dedicated database of its own) has nothing to build.
  if (!(await models.MaintenanceDueBuild.exists({ ...scope, version: BUILD_VERSION })) && !(await models.Vehicle.exists(scope))) {
    return { vehicles: 0, pairs: 0, more: false };
  }
  await markOlderDocuments(models, scope);
  const marked = { ...scope, dueStale: true };
  const [vehicles, states, schedules] = await Promise.all([
    models.Vehicle.find(marked, { _id: 1 })
      .limit(batch + 1)
      .lean<{ _id: Id }[]>(),
    models.MaintenanceState.find(marked, { _id: 1, vehicle: 1 })
      .limit(batch + 1)
      .lean<{ _id: Id; vehicle: Id }[]>(),
    models.MaintenanceSchedule.find(marked, { _id: 1, vehicle: 1, vehicleType: 1, dueSeq: 1 })
      .limit(batch + 1)
      .lean<Schedule[]>(),
  ]);
  const todo = new Map<string, Id>();
  let more = false;
  const take = (id: Id) => {
    if (todo.has(hex(id))) return;
    if (todo.size < batch) todo.set(hex(id), id);
    else more = true;
  };
  vehicles.forEach((v) => take(v._id));
  states.forEach((s) => take(s.vehicle));
  const finishing: Schedule[] = [];
  for (const schedule of schedules) {
    if (todo.size >= batch) {
      more = true;
      break;
    }
    const pending = await pendingVehicles(models, scope, schedule);
    pending.forEach(take);
    if (pending.every((id) => todo.has(hex(id)))) finishing.push(schedule);
  }
  const pairs = await recompute(models, scope, [...todo.values()], now);
  // A schedule all of whose vehicles were in this batch: cleared once none is behind its version.
  for (const schedule of finishing) {
    if ((await pendingVehicles(models, scope, schedule)).length === 0) {
      await models.MaintenanceSchedule.updateOne({ ...scope, _id: schedule._id, dueSeq: schedule.dueSeq ?? 0 }, { $set: { dueStale: false } }, { timestamps: false });
    } else {
      more = true;
    }
  }
  await moveHorizon(models, scope, now);
  return { vehicles: todo.size, pairs, more: more || vehicles.length > batch || states.length > batch || schedules.length > finishing.length };
}

/**
 * Moves the tenant's horizon to `now` + HORIZON_AHEAD_MS when less than HORIZON_RENEW_MS is left:
 * first marks `soon` the pairs due by `now` + SOON_AHEAD_MS (read once, then written by id in
 * commands of WRITES_PER_COMMAND, so no write holds the database for the tenant's whole index), then
 * records the horizon, never moving it back.
 */
async function moveHorizon(models: DueModels, scope: Scope, now: number): Promise<void> {
  const build = await models.MaintenanceDueBuild.findOne({ ...scope, version: BUILD_VERSION }, { horizon: 1 }).lean<{ horizon?: number }>();
  if (!build || (build.horizon ?? 0) - now >= HORIZON_RENEW_MS) return;
  const coming = await models.MaintenanceDuePoint.find({ ...scope, soon: false, dueAt: mongoose.trusted({ $lte: now + SOON_AHEAD_MS }) }, { _id: 1 }).lean<
    { _id: Id }[]
  >();
  const writes = coming.map((point) => ({ updateOne: { filter: { ...scope, _id: point._id }, update: { $set: { soon: true } } } }));
  for (const part of inParts(writes)) await models.MaintenanceDuePoint.bulkWrite(part, { ordered: false });
  const horizon = now + HORIZON_AHEAD_MS;
  await models.MaintenanceDueBuild.updateOne({ ...scope, version: BUILD_VERSION, horizon: mongoose.trusted({ $lt: horizon }) }, { $set: { horizon } });
}

/** Before the first batch of a tenant: its documents without `dueSeq` become marked, then the build record says so. */
async function markOlderDocuments(models: DueModels, scope: Scope): Promise<void> {
  if (await models.MaintenanceDueBuild.exists({ ...scope, version: BUILD_VERSION })) return;
  const older = { ...scope, dueSeq: mongoose.trusted({ $exists: false }) };
  const mark = { $set: { dueSeq: 0, dueStale: true } };
  await Promise.all([
    models.Vehicle.updateMany(older, mark, { timestamps: false }),
    models.MaintenanceSchedule.updateMany(older, mark, { timestamps: false }),
    models.MaintenanceState.updateMany(older, mark),
  ]);
  // A crash before this line marks them again next time: harmless.
  await models.MaintenanceDueBuild.updateOne(scope, { $set: { version: BUILD_VERSION } }, { upsert: true });
}

/** The vehicles a schedule applies to whose pair with it is missing or older than the schedule's version. */
async function pendingVehicles(models: DueModels, scope: Scope, schedule: Schedule): Promise<Id[]> {
  const type = schedule.vehicleType ?? 'tractor';
  const [vehicles, points] = await Promise.all([
    schedule.vehicle
      ? models.Vehicle.find({ ...scope, _id: schedule.vehicle }, { _id: 1 }).lean<{ _id: Id }[]>()
      : models.Vehicle.find({ ...scope, type: type === 'tractor' ? $in(['tractor', null]) : type }, { _id: 1 }).lean<{ _id: Id }[]>(),
    models.MaintenanceDuePoint.find({ ...scope, schedule: schedule._id }, { vehicle: 1, scheduleSeq: 1 }).lean<{ vehicle: Id; scheduleSeq: number }[]>(),
  ]);
  const current = new Set(points.filter((p) => p.scheduleSeq >= (schedule.dueSeq ?? 0)).map((p) => hex(p.vehicle)));
  return vehicles.filter((v) => !current.has(hex(v._id))).map((v) => v._id);
}

/**
 * Recomputes every pair of `ids`: reads the vehicles, every schedule that applies to them (active
 * or not), their restart points and their pairs; writes the pairs whose points or versions changed
 * in bulkWrites of WRITES_PER_COMMAND; clears the markers of the vehicles and restart points read
 * likewise; `soon` against `now`. Four reads whatever the number of vehicles. Returns the number of pairs written.
 */
async function recompute(models: DueModels, scope: Scope, ids: readonly Id[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const vehicles = await models.Vehicle.find({ ...scope, _id: $in(ids) }).lean<Vehicle[]>();
  const targets = [...new Set(vehicles.flatMap((v) => [appliesToVehicle(v._id), appliesToType(v.type ?? 'tractor')]))];
  const [schedules, states, points] = await Promise.all([
    targets.length ? models.MaintenanceSchedule.find({ ...scope, appliesTo: $in(targets) }).lean<Schedule[]>() : Promise.resolve([]),
    models.MaintenanceState.find({ ...scope, vehicle: $in(ids) }).lean<State[]>(),
    models.MaintenanceDuePoint.find({ ...scope, vehicle: $in(ids) }).lean<Lean<MaintenanceDuePointDocument>[]>(),
  ]);
  const stateOf = new Map(states.map((state) => [state.key, state]));
  const pointOf = new Map(points.map((point) => [point.key, point]));
  const live = new Set<string>();
  const writes: mongoose.AnyBulkWriteOperation<MaintenanceDuePointDocument>[] = [];
  const lte = (value: number) => mongoose.trusted({ $lte: value });

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
        soon: at.dueAt <= now + SOON_AHEAD_MS,
        vehicleSeq: vehicle.dueSeq ?? 0,
        scheduleSeq: schedule.dueSeq ?? 0,
        stateSeq: state?.dueSeq ?? 0,
      };
      const known = pointOf.get(key);
      if (known && (Object.keys(next) as (keyof PointFields)[]).every((field) => String(known[field]) === String(next[field]))) continue;
      // Guarded on the three versions: a pair computed from newer sources is never overwritten. On an
      // existing pair the refused guard turns the upsert into an insert the unique key refuses.
      writes.push({
        updateOne: {
          filter: { ...scope, key, vehicleSeq: lte(next.vehicleSeq), scheduleSeq: lte(next.scheduleSeq), stateSeq: lte(next.stateSeq) },
          update: { $set: next, $setOnInsert: { vehicle: vehicle._id, schedule: schedule._id } },
          upsert: true,
        },
      });
    }
  }
  // Pairs whose schedule no longer applies (the vehicle changed type) are never due.
  for (const point of points) {
    if (live.has(point.key) || point.dueAt === NEVER) continue;
    writes.push({ updateOne: { filter: { ...scope, _id: point._id, vehicleSeq: point.vehicleSeq }, update: { $set: { dueAt: NEVER, overdueAt: NEVER, soon: false } } } });
  }
  await bulkWriteRefusingOlder(models.MaintenanceDuePoint, writes);

  const clear = (docs: readonly { _id: Id; dueSeq?: number; dueStale?: boolean }[]) =>
    docs
      .filter((doc) => doc.dueStale !== false)
      .map((doc) => ({ updateOne: { filter: { ...scope, _id: doc._id, dueSeq: doc.dueSeq ?? 0 }, update: { $set: { dueStale: false } }, timestamps: false } }));
  const [vehicleClears, stateClears] = [clear(vehicles), clear(states)];
  for (const part of inParts(vehicleClears)) await models.Vehicle.bulkWrite(part, { ordered: false, timestamps: false });
  for (const part of inParts(stateClears)) await models.MaintenanceState.bulkWrite(part, { ordered: false });
  return writes.length;
}

/** A bulkWrite whose only refusals may be the duplicate keys of guarded upserts (a newer pair is stored). */
async function bulkWriteRefusingOlder(model: DueModels['MaintenanceDuePoint'], writes: mongoose.AnyBulkWriteOperation<MaintenanceDuePointDocument>[]): Promise<void> {
  for (const part of inParts(writes)) {
    try {
      await model.bulkWrite(part, { ordered: false });
    } catch (error) {
      const refused = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
      const list = Array.isArray(refused) ? refused : refused ? [refused] : [];
      if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
    }
  }
}

/** `writes` in commands of at most WRITES_PER_COMMAND. */
function inParts<T>(writes: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < writes.length; i += WRITES_PER_COMMAND) parts.push(writes.slice(i, i + WRITES_PER_COMMAND));
  return parts;
}
