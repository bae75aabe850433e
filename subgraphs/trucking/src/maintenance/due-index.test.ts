import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';
import { computeDue } from './due';
import { pairSince, scheduleAppliesTo } from './due-index';
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
type SingleResult<T> = Awaited<ReturnType<TruckingHarness['run']>> & { data?: T | null };

/** Every page of maintenanceDue, `first` at a time, with the totalCount of the first page. */
async function allPages(tenant: TenantContext, first: number, filter: Record<string, unknown> = {}): Promise<{ lines: Line[]; totalCount: number }> {
  const lines: Line[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 100; page++) {
    const result: SingleResult<{ maintenanceDue: DuePage }> = await h.run<{ maintenanceDue: DuePage }>(tenant, DUE, { first, after, filter });
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
 * What maintenanceDue answered before the index: every active schedule on every vehicle that is not
 * retired, computed in memory from the stored documents. The reference the index must agree with.
 */
async function reference(tenant: TenantContext, at: Date): Promise<string[]> {
  const scope = tenantScope(tenant);
  const [vehicles, schedules, states] = await Promise.all([
    h.models.Vehicle.find({ ...scope, status: mongoose.trusted({ $ne: 'retired' }) }).lean(),
    h.models.MaintenanceSchedule.find({ ...scope, active: true }).lean(),
    h.models.MaintenanceState.find(scope).lean(),
  ]);
  const stateOf = new Map(states.map((s) => [s.key, s]));
  return vehicles.flatMap((vehicle) =>
    schedules
      .filter((s) => scheduleAppliesTo(s, vehicle))
      .map((s) => ({ s, due: computeDue(s, vehicle, stateOf.get(stateKey(vehicle._id, s._id)) ?? null, pairSince(s, vehicle), at) }))
      .filter(({ due }) => due.status !== 'ok')
      .map(({ s, due }) => `${vehicle._id.toHexString()}:${s._id.toHexString()}:${due.status}:${s.critical}`),
  );
}

const keys = (lines: Line[]): string[] => lines.map((l) => `${l.vehicle.id}:${l.schedule.id}:${l.status}:${l.critical}`);

/** Overdue before due, critical before the rest within each. */
function expectPageOrder(lines: Line[]): void {
  const rank = (l: Line) => (l.status === 'overdue' ? 0 : 2) + (l.critical ? 0 : 1);
  expect(lines.map(rank)).toEqual([...lines.map(rank)].sort((a, b) => a - b));
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
  it('agrees with the in-memory computation over a fleet, page by page, as readings, services, schedules and retirements change', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const { vehicles, schedules } = await fleet(tenant, 24);
    const check = async (at: string) => {
      const { lines, totalCount } = await allPages(tenant, 7);
      const expected = await reference(tenant, new Date(at));
      expect(keys(lines).sort()).toEqual(expected.sort());
      expect(totalCount).toBe(expected.length);
      expect(new Set(keys(lines)).size, 'no pair twice across pages').toBe(lines.length);
      expectPageOrder(lines);
      return lines;
    };
    expect((await check(on(0))).length).toBeGreaterThan(10);

    // Readings go up: more pairs due.
    for (const id of vehicles.slice(0, 6)) await fx.ok(tenant, UPDATE_VEHICLE, { id, input: { odometer: 60_000, engineHours: 2_000 } });
    await check(on(0));
    // Time passes: the days intervals come due.
    h.clock(tenant).set(on(85));
    await check(on(85));
    // Services reset pairs.
    for (const id of vehicles.slice(0, 4)) await fx.ok(tenant, RECORD, { input: { vehicleId: id, scheduleId: schedules[0] } });
    await check(on(85));
    // Schedule edits: a longer interval, critical, switched off.
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[0], input: { intervalMiles: 50_000 } });
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[2], input: { critical: true } });
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[1], input: { active: false } });
    await check(on(85));
    // Retirement and a change of type take vehicles out, or under other schedules.
    await fx.ok(tenant, RETIRE_VEHICLE, { id: vehicles[20] });
    await fx.ok(tenant, UPDATE_VEHICLE, { id: vehicles[21], input: { type: 'truck' } });
    const lines = await check(on(85));
    expect(lines.some((l) => l.vehicle.id === vehicles[20])).toBe(false);
    expect(lines.filter((l) => l.vehicle.id === vehicles[21]).map((l) => l.schedule.id)).toEqual([schedules[3]]);
    // Back on: the pairs come back.
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: schedules[1], input: { active: true } });
    await check(on(85));
  });

  it('reads only the page: one bounded find per phase on the index, the page’s vehicles and schedules by id', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    // 30 vehicles × 2 schedules, all overdue.
    for (let i = 0; i < 30; i++) await fx.vehicle(tenant, { odometer: 100_000 + i });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 10_000 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 20_000, critical: true });
    await allPages(tenant, 100); // Any repair done.

    const ours = (c: { command: Record<string, unknown> }) => String((c.command['filter'] as { parentCompany?: unknown } | undefined)?.parentCompany) === tenant.tenantId;
    const seen: Record<string, { name: string; command: Record<string, unknown> }[]> = {};
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      const collection = String(event.command[event.commandName]);
      (seen[collection] ??= []).push({ name: event.commandName, command: event.command });
    };
    const client = h.models.Vehicle.db.getClient();
    client.on('commandStarted', listener);
    try {
      const result = await h.run(tenant, DUE, { first: 5 });
      expect(result.errors).toBeUndefined();
    } finally {
      client.off('commandStarted', listener);
    }
    seen['maintenance_due'] ??= [];
    seen['vehicles'] ??= [];

    const index = seen['maintenance_due']!.filter(ours);
    expect(index.map((c) => c.name)).toEqual(['find']);
    expect(index[0]!.command['limit']).toBe(6);
    expect([...(index[0]!.command['sort'] as Map<string, number>).entries()]).toEqual([
      ['critical', -1],
      ['overdueAt', 1],
      ['_id', 1],
    ]);
    // The vehicles: the stale check (none) and the page's five, by id; never the fleet.
    const vehicleFinds = seen['vehicles']!.filter(ours).map((c) => c.command['filter'] as Record<string, unknown>);
    expect(vehicleFinds).toHaveLength(2);
    expect(vehicleFinds.find((f) => f['dueStale'] === true)).toBeDefined();
    const byId = vehicleFinds.find((f) => f['_id']) as { _id: { $in: unknown[] } };
    expect(byId._id.$in).toHaveLength(5);
    for (const name of ['maintenance_schedules', 'maintenance_states']) {
      for (const c of (seen[name] ?? []).filter(ours)) {
        const f = c.command['filter'] as Record<string, unknown>;
        expect(f['dueStale'] === true || f['_id'] !== undefined, `${name}: ${JSON.stringify(f)}`).toBe(true);
      }
    }
  });

  it('repairs a change whose recomputation was lost (a crash between the writes) on the next read', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const scope = tenantScope(tenant);
    const vehicle = await fx.vehicle(tenant, { odometer: 1_000 });
    const oil = await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    expect((await allPages(tenant, 10)).lines).toEqual([]);

    // The vehicle's write happened (with its marker), the recomputation did not.
    await h.models.Vehicle.updateOne({ ...scope, _id: vehicle.id }, { $set: { odometer: 30_000, dueStale: true }, $inc: { dueSeq: 1 } });
    expect((await allPages(tenant, 10)).lines).toMatchObject([{ vehicle: { id: vehicle.id }, schedule: { id: oil }, status: 'overdue' }]);
    expect(await h.models.Vehicle.exists({ ...scope, dueStale: true })).toBeNull();

    // A pair that disagrees with its sources (written from older ones) is recomputed when read.
    await h.models.MaintenanceDuePoint.updateOne({ ...scope, vehicle: vehicle.id }, { $set: { vehicleSeq: 0, overdueAt: -1, dueAt: -1 } });
    await h.models.Vehicle.updateOne({ ...scope, _id: vehicle.id }, { $set: { odometer: 30_000 } });
    await h.models.MaintenanceState.deleteMany(scope);
    expect((await allPages(tenant, 10)).lines).toMatchObject([{ status: 'overdue' }]);
    expect(await h.models.MaintenanceDuePoint.findOne({ ...scope, vehicle: vehicle.id }).lean()).toMatchObject({ vehicleSeq: 1 });
  });

  it('builds the index of a tenant whose data predates it on its first read (the migration)', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const scope = tenantScope(tenant);
    const worn = await fx.vehicle(tenant, { odometer: 90_000 });
    await fx.vehicle(tenant, { odometer: 1_000 });
    const oil = await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    // As an older deployment stored it: no versions, no markers, no due points, no build record.
    const legacy = { $unset: { dueSeq: 1, dueStale: 1 } };
    await Promise.all([
      h.models.Vehicle.updateMany(scope, legacy),
      h.models.MaintenanceSchedule.updateMany(scope, legacy),
      h.models.MaintenanceDuePoint.deleteMany(scope),
      h.models.MaintenanceDueBuild.deleteMany(scope),
    ]);
    expect((await allPages(tenant, 10)).lines).toMatchObject([{ vehicle: { id: worn.id }, schedule: { id: oil }, status: 'overdue' }]);
    expect(await h.models.MaintenanceDuePoint.countDocuments(scope)).toBe(2);
  });

  it("another tenant's fleet is neither listed, counted, nor recomputed", async ({ expect }) => {
    const a = truckingTenant();
    const b = truckingTenant();
    h.clock(a).set(on(0));
    h.clock(b).set(on(0));
    await fx.vehicle(a, { odometer: 90_000 });
    await schedule(a, { vehicleType: 'tractor', intervalMiles: 25_000 });
    const bVehicle = await fx.vehicle(b, { odometer: 10 });
    expect((await allPages(a, 10)).totalCount).toBe(1);
    expect(await allPages(b, 10)).toEqual({ lines: [], totalCount: 0 });
    // B asks for A's vehicle: nothing, as for a vehicle that does not exist.
    const aVehicle = (await allPages(a, 10)).lines[0]!.vehicle.id;
    expect(await allPages(b, 10, { vehicleId: aVehicle })).toEqual({ lines: [], totalCount: 0 });
    // B's reads and writes leave A's due points as they were.
    const before = await h.models.MaintenanceDuePoint.find(tenantScope(a)).lean();
    await fx.ok(b, UPDATE_VEHICLE, { id: bVehicle.id, input: { odometer: 95_000 } });
    await schedule(b, { vehicleType: 'tractor', intervalMiles: 1_000 });
    expect((await allPages(b, 10)).lines).toMatchObject([{ vehicle: { id: bVehicle.id } }]);
    expect(await h.models.MaintenanceDuePoint.find(tenantScope(a)).lean()).toEqual(before);
  });

  it('concurrent readings on one vehicle leave its due points at the highest', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const vehicle = await fx.vehicle(tenant, { odometer: 0 });
    await schedule(tenant, { vehicleType: 'tractor', intervalMiles: 25_000 });
    const readings = Array.from({ length: 12 }, (_, i) => (i + 1) * 2_500);
    await Promise.all(readings.map((odometer) => h.run(tenant, UPDATE_VEHICLE, { id: vehicle.id, input: { odometer } })));
    const stored = await h.models.Vehicle.findOne({ ...tenantScope(tenant), _id: vehicle.id }).lean();
    const { lines } = await allPages(tenant, 10);
    expect(keys(lines).sort()).toEqual((await reference(tenant, new Date(on(0)))).sort());
    expect(lines.map((l) => l.status)).toEqual([stored!.odometer > 25_000 ? 'overdue' : 'due']);
  });
});
