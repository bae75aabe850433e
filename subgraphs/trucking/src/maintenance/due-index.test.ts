import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { createLogger, type TenantContext } from '@attunelogic/shared';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { tenantScope } from '@attunelogic/shared/mongo';
import { createTruckingModels, type TruckingModels } from '../models';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';
import { computeDue, duePoints } from './due';
import { withDueBuilder } from './due-builder-service';
import { buildDueIndex, pairSince, runDueBuildTurn, scheduleAppliesTo, STALE_READ_BOUND, type DueClock } from './due-index';
import { stateKey } from './maintenance.model';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-due-index');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
/** The builder works at each tenant's own test time, as the requests do. */
const clock: DueClock = (tenantId) => h.clock({ tenantId });
const BASE = Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000;
const on = (days: number): string => new Date(BASE + days * DAY).toISOString();

const DUE = `query ($filter: MaintenanceDueFilter, $first: Int, $after: String) {
  maintenanceDue(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { vehicle { id } schedule { id } status critical } }
  }
}`;
const CREATE_SCHEDULE = `mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { id } }`;
const UPDATE_SCHEDULE = `mutation ($id: ID!, $input: UpdateMaintenanceScheduleInput!) { updateMaintenanceSchedule(id: $id, input: $input) { id } }`;
const RECORD = `mutation ($input: RecordMaintenanceInput!) { recordMaintenance(input: $input) { id } }`;
const UPDATE_VEHICLE = `mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { id } }`;
const RETIRE_VEHICLE = `mutation ($id: ID!) { retireVehicle(id: $id) { id } }`;

interface Line {
  vehicle: { id: string };
  schedule: { id: string };
  status: string;
  critical: boolean;
}

const schedule = async (tenant: TenantContext, input: Record<string, unknown>): Promise<string> =>
  (await fx.ok<{ createMaintenanceSchedule: { id: string } }>(tenant, CREATE_SCHEDULE, { input: { name: `S-${Math.random()}`, ...input } })).createMaintenanceSchedule.id;

interface DuePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Line }[];
}

/** Every page of maintenanceDue, `first` at a time, with the totalCount of the first page. */
async function allPages(tenant: TenantContext, first: number, filter: Record<string, unknown> = {}): Promise<{ lines: Line[]; totalCount: number }> {
  const lines: Line[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 100; page++) {
    const result = await h.run<{ maintenanceDue: DuePage }>(tenant, DUE, { first, after, filter });
    expect(result.errors).toBeUndefined();
    const due: DuePage = result.data!.maintenanceDue;
    if (totalCount < 0) totalCount = due.totalCount;
    lines.push(...due.edges.map((e) => e.node));
    if (!due.pageInfo.hasNextPage) return { lines, totalCount };
    after = due.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

/**
 * The in-memory computation the index must agree with, line for line and in order: every active
 * schedule on every vehicle that is not retired, from the stored documents; overdue before due,
 * critical first, then the earliest due point, then the pair.
 */
async function reference(tenant: TenantContext, at: Date): Promise<string[]> {
  const scope = tenantScope(tenant);
  const [vehicles, schedules, states] = await Promise.all([
    h.models.Vehicle.find({ ...scope, status: mongoose.trusted({ $ne: 'retired' }) }).lean(),
    h.models.MaintenanceSchedule.find({ ...scope, active: true }).lean(),
    h.models.MaintenanceState.find(scope).lean(),
  ]);
  const stateOf = new Map(states.map((s) => [s.key, s]));
  const lines = vehicles.flatMap((vehicle) =>
    schedules
      .filter((s) => scheduleAppliesTo(s, vehicle))
      .flatMap((s) => {
        const last = stateOf.get(stateKey(vehicle._id, s._id)) ?? null;
        const due = computeDue(s, vehicle, last, pairSince(s, vehicle), at);
        if (due.status === 'ok') return [];
        const points = duePoints(s, vehicle, last, pairSince(s, vehicle));
        const line = `${vehicle._id.toHexString()}:${s._id.toHexString()}:${due.status}:${s.critical}`;
        return [{ line, rank: [due.status === 'overdue' ? 0 : 1, s.critical ? 0 : 1, due.status === 'overdue' ? points.overdueAt : points.dueAt] as const }];
      }),
  );
  lines.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2] || (a.line < b.line ? -1 : 1));
  return lines.map((l) => l.line);
}

const keys = (lines: Line[]): string[] => lines.map((l) => `${l.vehicle.id}:${l.schedule.id}:${l.status}:${l.critical}`);

/** The tenant's documents still waiting for the builder, by collection. */
async function marked(tenant: TenantContext): Promise<{ vehicles: number; schedules: number; states: number }> {
  const stale = { ...tenantScope(tenant), dueStale: true };
  const [vehicles, schedules, states] = await Promise.all([
    h.models.Vehicle.countDocuments(stale),
    h.models.MaintenanceSchedule.countDocuments(stale),
    h.models.MaintenanceState.countDocuments(stale),
  ]);
  return { vehicles, schedules, states };
}

/** A fleet of `count` tractors at spread readings, with three tractor schedules (one critical) and one truck schedule. */
async function fleet(tenant: TenantContext, count: number): Promise<{ vehicles: string[]; schedules: string[] }> {
  const vehicles: string[] = [];
  for (let i = 0; i < count; i++) vehicles.push((await fx.vehicle(tenant, { odometer: 5_000 + i * 1_500, engineHours: 100 + i * 40 })).id);
  const schedules = [
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000, critical: true }),
    await schedule(tenant, { vehicleType: 'tractor', intervalEngineHours: 900, intervalDays: 90 }),
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 40_000, intervalDays: 365 }),
    await schedule(tenant, { vehicleType: 'truck', intervalMiles: 1_000 }),
  ];
  return { vehicles, schedules };
}

describe.concurrent('maintenanceDue on the due index', () => {
  it('agrees with the in-memory computation, page by page and in order, before and after the builder, as readings, time, services, schedules and retirements change', async ({
    expect,
  }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const { vehicles, schedules } = await fleet(tenant, 24);
    const check = async (at: string) => {
      const { lines, totalCount } = await allPages(tenant, 7);
      const expected = await reference(tenant, new Date(at));
      expect(keys(lines)).toEqual(expected);
      expect(totalCount).toBe(expected.length);
      return lines;
    };
    // Each change is checked as the builder left it (nothing built yet, or some vehicles behind), then built.
    const step = async (at: string) => {
      await check(at);
      await buildDueIndex(h.models, { clock });
      expect(await marked(tenant)).toEqual({ vehicles: 0, schedules: 0, states: 0 });
      return check(at);
    };
    expect((await step(on(0))).length).toBeGreaterThan(10);

    // Readings go up on a few vehicles: the index is read, those vehicles computed in memory and merged.
    for (const id of vehicles.slice(0, 6)) await fx.ok(tenant, UPDATE_VEHICLE, { id, input: { odometer: 60_000, engineHours: 2_000 } });
    expect((await marked(tenant)).vehicles).toBe(6);
    await step(on(0));
    // Time passes: the days intervals come due, without a write.
    h.clock(tenant).set(on(85));
    await check(on(85));
    // Services reset pairs.
    for (const id of vehicles.slice(0, 4)) await fx.ok(tenant, RECORD, { input: { vehicleId: id, scheduleId: schedules[0] } });
    expect((await marked(tenant)).states).toBe(4);
    await step(on(85));
    // Schedule edits: a longer interval, critical, switched off (a type's schedule marked: the fleet in memory until built).
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[0], input: { intervalMiles: 50_000 } });
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[2], input: { critical: true } });
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[1], input: { active: false } });
    await step(on(85));
    // Retirement and a change of type take vehicles out, or under other schedules.
    await fx.ok(tenant, UPDATE_VEHICLE, { id: vehicles[20], input: { odometer: 95_000 } });
    await fx.ok(tenant, RETIRE_VEHICLE, { id: vehicles[20] });
    await fx.ok(tenant, UPDATE_VEHICLE, { id: vehicles[21], input: { type: 'truck', odometer: 90_000 } });
    const lines = await step(on(85));
    expect(lines.some((l) => l.vehicle.id === vehicles[20])).toBe(false);
    expect(lines.filter((l) => l.vehicle.id === vehicles[21]).map((l) => l.schedule.id)).toEqual([schedules[3]]);
    // The retired vehicle's own list still answers (from memory or the index, the same).
    expect((await allPages(tenant, 5, { vehicleId: vehicles[20] })).lines.length).toBeGreaterThan(0);
    // Back on: the pairs come back.
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[1], input: { active: true } });
    await step(on(85));
    // A cursor from an answer with a vehicle computed in memory continues on the index once built (one order, one cursor).
    await fx.ok(tenant, UPDATE_VEHICLE, { id: vehicles[3], input: { odometer: 140_000 } });
    const first = await h.run<{ maintenanceDue: DuePage }>(tenant, DUE, { first: 9 });
    await buildDueIndex(h.models, { clock });
    const rest = await h.run<{ maintenanceDue: DuePage }>(tenant, DUE, { first: 100, after: first.data!.maintenanceDue.pageInfo.endCursor });
    const nodes = (page: typeof first) => page.data!.maintenanceDue.edges.map((e) => e.node);
    expect([...keys(nodes(first)), ...keys(nodes(rest))]).toEqual(await reference(tenant, new Date(on(85))));
  });

  it('builds the index of a tenant whose data predates it (the backfill), answering right before and after', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const scope = tenantScope(tenant);
    const worn = await fx.vehicle(tenant, { odometer: 90_000 });
    const fresh = await fx.vehicle(tenant, { odometer: 1_000 });
    const oil = await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    await fx.ok(tenant, RECORD, { input: { vehicleId: fresh.id, scheduleId: oil, odometer: 1_000 } });
    // As an older deployment stored it: no versions, no markers, no due points, no build record.
    const legacy = { $unset: { dueSeq: 1, dueStale: 1 } };
    await Promise.all([
      h.models.Vehicle.updateMany(scope, legacy),
      h.models.MaintenanceSchedule.updateMany(scope, legacy),
      h.models.MaintenanceState.updateMany(scope, legacy),
      h.models.MaintenanceDuePoint.deleteMany(scope),
      h.models.MaintenanceDueBuild.deleteMany(scope),
    ]);
    const expected = [`${worn.id}:${oil}:overdue:false`];
    // Right whether or not a builder turn (of the tests running beside this one) has reached it yet.
    expect(keys((await allPages(tenant, 10)).lines)).toEqual(expected);

    await buildDueIndex(h.models, { clock });
    expect(await h.models.MaintenanceDueBuild.exists({ ...scope, version: 1 })).not.toBeNull();
    expect(await h.models.MaintenanceDuePoint.countDocuments(scope)).toBe(2);
    expect(await marked(tenant)).toEqual({ vehicles: 0, schedules: 0, states: 0 });
    expect(keys((await allPages(tenant, 10)).lines)).toEqual(expected);
  });

  it("another tenant's fleet is neither listed, counted, nor recomputed", async ({ expect }) => {
    const a = truckingTenant();
    const b = truckingTenant();
    h.clock(a).set(on(0));
    h.clock(b).set(on(0));
    const aVehicle = await fx.vehicle(a, { odometer: 90_000 });
    await schedule(a, { vehicleType: 'tractor', intervalMiles: 25_000 });
    const bVehicle = await fx.vehicle(b, { odometer: 10 });
    await buildDueIndex(h.models, { clock });
    expect((await allPages(a, 10)).totalCount).toBe(1);
    expect(await allPages(b, 10)).toEqual({ lines: [], totalCount: 0 });
    // B asks for A's vehicle: nothing, as for a vehicle that does not exist.
    expect(await allPages(b, 10, { vehicleId: aVehicle.id })).toEqual({ lines: [], totalCount: 0 });
    // B's writes and the builder's turns for B leave A's due points and markers as they were.
    const before = await h.models.MaintenanceDuePoint.find(tenantScope(a)).lean();
    await fx.ok(b, UPDATE_VEHICLE, { id: bVehicle.id, input: { odometer: 95_000 } });
    await schedule(b, { vehicleType: 'tractor', intervalMiles: 1_000 });
    await buildDueIndex(h.models, { clock });
    expect(keys((await allPages(b, 10)).lines)).toEqual(await reference(b, new Date(on(0))));
    expect((await allPages(b, 10)).lines).toMatchObject([{ vehicle: { id: bVehicle.id } }]);
    expect(await h.models.MaintenanceDuePoint.find(tenantScope(a)).lean()).toEqual(before);
    expect(await marked(a)).toEqual({ vehicles: 0, schedules: 0, states: 0 });
  });

  it('concurrent readings on one vehicle leave its due points at the highest once built', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const vehicle = await fx.vehicle(tenant, { odometer: 0 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    await buildDueIndex(h.models, { clock });
    const readings = Array.from({ length: 12 }, (_, i) => (i + 1) * 2_500);
    await Promise.all([...readings.map((odometer) => h.run(tenant, UPDATE_VEHICLE, { id: vehicle.id, input: { odometer } })), buildDueIndex(h.models, { clock })]);
    await buildDueIndex(h.models, { clock });
    const stored = await h.models.Vehicle.findOne({ ...tenantScope(tenant), _id: vehicle.id }).lean();
    expect(stored).toMatchObject({ dueStale: false });
    const point = await h.models.MaintenanceDuePoint.findOne({ ...tenantScope(tenant), vehicle: vehicle.id }).lean();
    expect(point).toMatchObject({ vehicleSeq: stored!.dueSeq });
    const { lines } = await allPages(tenant, 10);
    expect(keys(lines)).toEqual(await reference(tenant, new Date(on(0))));
    expect(lines.map((l) => l.status)).toEqual([stored!.odometer > 25_000 ? 'overdue' : 'due']);
  });
});

// Sequential: these count commands on the shared connection, or run builder turns whose batches they measure.
describe('the due index: what requests and the builder cost', () => {
  it('a page of N, once built, reads the index with limit N + 1 and the page’s N vehicles each by _id, never the fleet', async () => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    // 30 vehicles × 2 schedules, all overdue.
    for (let i = 0; i < 30; i++) await fx.vehicle(tenant, { odometer: 100_000 + i });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 10_000 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 20_000, critical: true });
    await buildDueIndex(h.models, { clock });

    const ours = (c: { command: Record<string, unknown> }) => String((c.command['filter'] as { parentCompany?: unknown } | undefined)?.parentCompany) === tenant.tenantId;
    const seen: Record<string, { name: string; command: Record<string, unknown> }[]> = {};
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      const collection = String(event.command[event.commandName]);
      (seen[collection] ??= []).push({ name: event.commandName, command: event.command });
    };
    const client = h.models.Vehicle.db.getClient();
    client.on('commandStarted', listener);
    try {
      const result = await h.run<{ maintenanceDue: DuePage }>(tenant, DUE, { first: 5 });
      expect(result.errors).toBeUndefined();
      expect(result.data!.maintenanceDue.edges).toHaveLength(5);
    } finally {
      client.off('commandStarted', listener);
    }
    const index = (seen['maintenance_due'] ?? []).filter(ours);
    expect(index.map((c) => c.name)).toEqual(['find']);
    expect(index[0]!.command['limit']).toBe(6);
    // The vehicles: the marker check (limited) and the page's five, each by _id (an equality the embedded
    // database answers from its primary key; an `$in` would decode the fleet); never the fleet.
    const vehicleFinds = (seen['vehicles'] ?? []).filter(ours).map((c) => c.command);
    expect(vehicleFinds).toHaveLength(6);
    expect(vehicleFinds.find((c) => (c['filter'] as Record<string, unknown>)['dueStale'] === true)).toMatchObject({ limit: STALE_READ_BOUND + 1 });
    const byId = vehicleFinds.filter((c) => (c['filter'] as Record<string, unknown>)['_id']).map((c) => (c['filter'] as { _id: unknown })._id);
    expect(byId).toHaveLength(5);
    expect(byId.every((id) => id instanceof mongoose.Types.ObjectId)).toBe(true);
    expect(new Set(byId.map(String)).size).toBe(5);
  });

  it('reads only the pairs near due, until the horizon; past it computes in memory, and the builder moves it forward', async () => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const scope = tenantScope(tenant);
    for (let i = 0; i < 6; i++) await fx.vehicle(tenant, { odometer: i < 2 ? 30_000 : 1_000 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 }); // 2 pairs overdue, 4 never due by time
    await schedule(tenant, { vehicleType: 'tractor', intervalDays: 30 }); // 6 pairs due in 27 days
    await buildDueIndex(h.models, { clock });
    expect(await h.models.MaintenanceDuePoint.countDocuments({ ...scope, soon: true })).toBe(2);
    expect((await h.models.MaintenanceDueBuild.findOne(scope).lean())?.horizon).toBe(Date.parse(on(1)));

    /** The answer and the `find`s it sent to the index. */
    const read = async () => {
      const finds: Record<string, unknown>[] = [];
      const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
        const filter = event.command['filter'] as { parentCompany?: unknown } | undefined;
        if (event.commandName === 'find' && event.command['find'] === 'maintenance_due' && String(filter?.parentCompany) === tenant.tenantId) finds.push(filter!);
      };
      const client = h.models.Vehicle.db.getClient();
      client.on('commandStarted', listener);
      try {
        return { lines: keys((await allPages(tenant, 50)).lines), finds };
      } finally {
        client.off('commandStarted', listener);
      }
    };
    const before = await read();
    expect(before.lines).toEqual(await reference(tenant, new Date(on(0))));
    expect(before.lines).toHaveLength(2);
    expect(before.finds.length).toBeGreaterThan(0);
    expect(before.finds.every((filter) => filter['soon'] === true)).toBe(true);

    // 28 days on, the days intervals are due: the horizon has passed, so the answer is computed in memory.
    h.clock(tenant).set(on(28));
    const past = await read();
    expect(past.lines).toEqual(await reference(tenant, new Date(on(28))));
    expect(past.lines).toHaveLength(8);
    expect(past.finds).toEqual([]);

    // The builder marks the pairs that came near due and moves the horizon: the index answers again.
    await buildDueIndex(h.models, { clock });
    expect(await h.models.MaintenanceDuePoint.countDocuments({ ...scope, soon: true })).toBe(8);
    expect((await h.models.MaintenanceDueBuild.findOne(scope).lean())?.horizon).toBe(Date.parse(on(29)));
    const moved = await read();
    expect(moved.lines).toEqual(past.lines);
    expect(moved.finds.length).toBeGreaterThan(0);
  });

  it("builds a dedicated tenant's index in its own database, and nothing of it in the pool", async () => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const scope = tenantScope(tenant);
    for (let i = 0; i < 3; i++) await fx.vehicle(tenant, { odometer: 30_000 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    // Moved to a database of its own, as `pnpm tenant move` leaves it.
    const pool = h.models.Vehicle.db;
    const own = pool.useDb(`${pool.name}-t-${tenant.tenantId}`);
    for (const name of ['vehicles', 'maintenance_schedules']) {
      await own.collection(name).insertMany(await pool.collection(name).find(scope).toArray());
      await pool.collection(name).deleteMany(scope);
    }
    const dedicated = createTruckingModels(own);
    await buildDueIndex(h.models, {
      clock,
      modelsOf: async (tenantId) => (tenantId === tenant.tenantId ? dedicated : h.models),
      dedicated: async () => [tenant.tenantId],
    });
    expect(await dedicated.MaintenanceDuePoint.countDocuments(scope)).toBe(3);
    expect(await dedicated.MaintenanceDueBuild.findOne(scope).lean()).toMatchObject({ horizon: Date.parse(on(1)) });
    expect(await h.models.MaintenanceDuePoint.countDocuments(scope)).toBe(0);
    expect(await h.models.MaintenanceDueBuild.exists(scope)).toBeNull();
  });

  it('a mutation sends the same commands for a fleet of 2 as for 30, and none to the index', async () => {
    const commandsFor = async (count: number) => {
      const tenant = truckingTenant();
      h.clock(tenant).set(on(0));
      const vehicles: string[] = [];
      for (let i = 0; i < count; i++) vehicles.push((await fx.vehicle(tenant, { odometer: 20_000 + i })).id);
      const existing = await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
      await buildDueIndex(h.models, { clock });
      const mutations: [string, string, Record<string, unknown>][] = [
        ['createMaintenanceSchedule', CREATE_SCHEDULE, { input: { name: 'Brakes', vehicleType: 'tractor', intervalMiles: 30_000, critical: true } }],
        ['updateMaintenanceSchedule', UPDATE_SCHEDULE, { id: existing, input: { intervalMiles: 22_000 } }],
        ['updateVehicle', UPDATE_VEHICLE, { id: vehicles[0], input: { odometer: 70_000 } }],
        ['recordMaintenance', RECORD, { input: { vehicleId: vehicles[1], scheduleId: existing, odometer: 80_000 } }],
        ['retireVehicle', RETIRE_VEHICLE, { id: vehicles[0] }],
      ];
      const counts: Record<string, string[]> = {};
      for (const [name, mutation, variables] of mutations) {
        const counter = await h.commands(async () => {
          expect((await h.run(tenant, mutation, variables)).errors).toBeUndefined();
        });
        expect(counter.commands.filter((c) => c.collection === 'maintenance_due')).toEqual([]);
        counts[name] = counter.commands.map((c) => `${c.name} ${c.collection}`);
      }
      // Schedule creation stays one write.
      expect(counts['createMaintenanceSchedule']!.filter((c) => c.startsWith('insert ') && c.endsWith('maintenance_schedules'))).toHaveLength(1);
      return counts;
    };
    const small = await commandsFor(2);
    expect(await commandsFor(30)).toEqual(small);
  });

  it('a turn takes at most its batch of vehicles per tenant, every tenant with work gets its batch, and reads stay right meanwhile', async () => {
    const big = truckingTenant();
    const small = truckingTenant();
    h.clock(big).set(on(0));
    h.clock(small).set(on(0));
    const fleetIds: string[] = [];
    for (let i = 0; i < 30; i++) fleetIds.push((await fx.vehicle(big, { odometer: 20_000 + i * 300 })).id);
    await schedule(big, { vehicleType: 'tractor', intervalMiles: 25_000 });
    await schedule(big, { vehicleType: 'tractor', intervalMiles: 28_000, critical: true });
    const smallVehicle = await fx.vehicle(small, { odometer: 30_000 });
    await schedule(small, { vehicleType: 'tractor', intervalMiles: 25_000 });
    await buildDueIndex(h.models, { clock });
    for (const id of fleetIds) await fx.ok(big, UPDATE_VEHICLE, { id, input: { odometer: 24_000 + fleetIds.indexOf(id) * 250 } });
    await fx.ok(small, UPDATE_VEHICLE, { id: smallVehicle.id, input: { odometer: 40_000 } });
    expect((await marked(big)).vehicles).toBe(30);
    // Past the bound: the whole fleet in memory, still right.
    expect(keys((await allPages(big, 8)).lines)).toEqual(await reference(big, new Date(on(0))));

    const turn = await runDueBuildTurn(h.models, { batch: 10, clock });
    expect(turn.more).toBe(true);
    expect((await marked(big)).vehicles).toBe(20);
    expect((await marked(small)).vehicles).toBe(0);
    // Each turn's work on the big tenant is its batch: 10 vehicles × 2 schedules at most.
    expect(turn.vehicles).toBeLessThanOrEqual(10 + 1 + 0);
    expect(turn.pairs).toBeLessThanOrEqual(10 * 2 + 1);
    // 20 behind, within the bound: the index and those 20 in memory, merged; still right.
    expect(keys((await allPages(big, 8)).lines)).toEqual(await reference(big, new Date(on(0))));
    await runDueBuildTurn(h.models, { batch: 10, clock });
    expect((await marked(big)).vehicles).toBe(10);
    expect(keys((await allPages(big, 8)).lines)).toEqual(await reference(big, new Date(on(0))));
    const last = await runDueBuildTurn(h.models, { batch: 10, clock });
    expect((await marked(big)).vehicles).toBe(0);
    expect(last.more).toBe(false);
    expect(keys((await allPages(big, 8)).lines)).toEqual(await reference(big, new Date(on(0))));
  });

  it('the loop main.ts starts beside the server builds in the background, a batch per tenant per turn, until stopped', async () => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    for (let i = 0; i < 12; i++) await fx.vehicle(tenant, { odometer: 30_000 + i });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    expect((await marked(tenant)).vehicles).toBe(12);
    let started = 0;
    const server = { start: async () => void (started += 1), stop: async () => undefined } as unknown as SubgraphServer<TruckingModels>;
    const running = withDueBuilder(
      server,
      { MAINTENANCE_DUE_BUILD_INTERVAL_MS: 20, MAINTENANCE_DUE_BUILD_BATCH: 5 },
      { connection: h.models.Vehicle.db, logger: createLogger('due-builder-test', 'silent') },
    );
    await running.start();
    expect(started).toBe(1);
    try {
      await expect.poll(() => marked(tenant), { timeout: 30_000, interval: 100 }).toEqual({ vehicles: 0, schedules: 0, states: 0 });
    } finally {
      await running.stop();
    }
    expect(await h.models.MaintenanceDuePoint.countDocuments(tenantScope(tenant))).toBe(12);
    expect(keys((await allPages(tenant, 5)).lines)).toEqual(await reference(tenant, new Date(on(0))));
  });
});
