import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-maintenance');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
// Schedules and vehicles get real creation times; the tenant's clock is frozen relative to them.
const BASE = Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000;
const on = (days: number): string => new Date(BASE + days * DAY).toISOString();

const SCHEDULE_FIELDS = 'id name vehicle { id } vehicleType intervalMiles intervalEngineHours intervalDays critical active createdBy { id }';
const CREATE_SCHEDULE = `mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { ${SCHEDULE_FIELDS} } }`;
const UPDATE_SCHEDULE = `mutation ($id: ID!, $input: UpdateMaintenanceScheduleInput!) { updateMaintenanceSchedule(id: $id, input: $input) { ${SCHEDULE_FIELDS} } }`;
const SCHEDULES = `query ($filter: MaintenanceScheduleFilter) { maintenanceSchedules(filter: $filter) { totalCount edges { node { id name } } } }`;
const RECORD = `mutation ($input: RecordMaintenanceInput!) { recordMaintenance(input: $input) { id vehicle { id odometer } schedule { id } performedAt odometer engineHours } }`;
const RECORDS = `query ($filter: MaintenanceRecordFilter) { maintenanceRecords(filter: $filter) { totalCount edges { node { id } } } }`;
const DUE = `query ($filter: MaintenanceDueFilter, $first: Int, $after: String) {
  maintenanceDue(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      vehicle { id } schedule { id name } status critical dueBy lastService { id }
      dueAtOdometer milesOverdue dueAtEngineHours engineHoursOverdue dueDate daysOverdue
    } }
  }
}`;
const UPDATE_VEHICLE = `mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { id } }`;

interface DueNode {
  vehicle: { id: string };
  schedule: { id: string; name: string };
  status: string;
  critical: boolean;
  dueBy: string[];
  lastService: { id: string } | null;
  dueAtOdometer: number | null;
  milesOverdue: number | null;
  dueAtEngineHours: number | null;
  engineHoursOverdue: number | null;
  dueDate: string | null;
  daysOverdue: number | null;
}

async function schedule(tenant: TenantContext, input: Record<string, unknown>): Promise<{ id: string }> {
  return (await fx.ok<{ createMaintenanceSchedule: { id: string } }>(tenant, CREATE_SCHEDULE, { input: { name: `S-${Math.random()}`, ...input } }))
    .createMaintenanceSchedule;
}

async function record(tenant: TenantContext, input: Record<string, unknown>): Promise<{ id: string }> {
  return (await fx.ok<{ recordMaintenance: { id: string } }>(tenant, RECORD, { input })).recordMaintenance;
}

async function due(tenant: TenantContext, filter: Record<string, unknown> = {}): Promise<DueNode[]> {
  const result = await h.run<{ maintenanceDue: { edges: { node: DueNode }[] } }>(tenant, DUE, { filter });
  expect(result.errors).toBeUndefined();
  return result.data!.maintenanceDue.edges.map((e) => e.node);
}

const drive = (tenant: TenantContext, vehicle: string, input: Record<string, unknown>) => fx.ok(tenant, UPDATE_VEHICLE, { id: vehicle, input });

describe.concurrent('maintenanceDue (frozen clock)', () => {
  it('oil change every 25,000 mi or 180 days, whichever first: due, then overdue by days, reset by the service', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const vehicle = await fx.vehicle(tenant, { odometer: 100_000, engineHours: 2_000 });
    const oil = await schedule(tenant, { name: 'Oil change', vehicleType: 'tractor', intervalMiles: 25_000, intervalDays: 180 });
    const service = await record(tenant, { vehicleId: vehicle.id, scheduleId: oil.id });
    expect(await due(tenant)).toEqual([]);

    // 170 days and 10,000 mi later: 10 days left, within the 18-day margin.
    h.clock(tenant).set(on(170));
    await drive(tenant, vehicle.id, { odometer: 110_000 });
    expect(await due(tenant)).toEqual([
      {
        vehicle: { id: vehicle.id },
        schedule: { id: oil.id, name: 'Oil change' },
        status: 'due',
        critical: false,
        dueBy: ['days'],
        lastService: { id: service.id },
        dueAtOdometer: 125_000,
        milesOverdue: -15_000,
        dueAtEngineHours: null,
        engineHoursOverdue: null,
        dueDate: on(180),
        daysOverdue: -10,
      },
    ]);

    // Day 185: 5 days over by date while still 15,000 mi short.
    h.clock(tenant).set(on(185));
    const [item] = await due(tenant);
    expect(item).toMatchObject({ status: 'overdue', dueBy: ['days'], daysOverdue: 5, milesOverdue: -15_000 });

    // The service resets both intervals from its readings and date.
    const reset = await record(tenant, { vehicleId: vehicle.id, scheduleId: oil.id });
    expect(await due(tenant)).toEqual([]);
    h.clock(tenant).set(on(200));
    await drive(tenant, vehicle.id, { odometer: 134_000 });
    expect(await due(tenant)).toMatchObject([
      { status: 'due', dueBy: ['miles'], dueAtOdometer: 135_000, milesOverdue: -1_000, daysOverdue: -165, lastService: { id: reset.id } },
    ]);
  });

  it('overdue by miles first, then by hours too; lists the furthest over first', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const vehicle = await fx.vehicle(tenant, { odometer: 50_000, engineHours: 1_000 });
    const pm = await schedule(tenant, { name: 'PM-A', vehicleId: vehicle.id, intervalMiles: 15_000, intervalEngineHours: 500, intervalDays: 365, critical: true });
    await record(tenant, { vehicleId: vehicle.id, scheduleId: pm.id });

    await drive(tenant, vehicle.id, { odometer: 66_000, engineHours: 1_450 });
    expect(await due(tenant)).toMatchObject([
      { status: 'overdue', critical: true, dueBy: ['miles', 'engine_hours'], milesOverdue: 1_000, engineHoursOverdue: -50, daysOverdue: -365 },
    ]);

    await drive(tenant, vehicle.id, { engineHours: 1_700 });
    // 200 h over 500 (40%) is further than 1,000 mi over 15,000 (6.7%).
    expect(await due(tenant)).toMatchObject([{ dueBy: ['engine_hours', 'miles'], engineHoursOverdue: 200, milesOverdue: 1_000 }]);
  });

  it('a vehicle without a recorded service counts miles from zero and days from when the schedule began', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const worn = await fx.vehicle(tenant, { odometer: 80_000 });
    const fresh = await fx.vehicle(tenant, { odometer: 1_000 });
    await schedule(tenant, { name: 'Oil change', vehicleType: 'tractor', intervalMiles: 25_000, intervalDays: 30 });
    expect((await due(tenant)).map((d) => [d.vehicle.id, d.status, d.milesOverdue])).toEqual([[worn.id, 'overdue', 55_000]]);
    h.clock(tenant).set(on(31));
    expect((await due(tenant)).map((d) => [d.vehicle.id, d.status]).sort()).toEqual(
      [
        [fresh.id, 'overdue'],
        [worn.id, 'overdue'],
      ].sort(),
    );
  });

  it('orders overdue before due, critical first; filters by vehicle, status and criticality; pages', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const a = await fx.vehicle(tenant, { odometer: 30_000 });
    const b = await fx.vehicle(tenant, { odometer: 24_000, type: 'truck' });
    const retired = await fx.vehicle(tenant, { odometer: 90_000, status: 'retired' });
    const oil = await schedule(tenant, { name: 'Oil', vehicleType: 'tractor', intervalMiles: 25_000 });
    const brakes = await schedule(tenant, { name: 'Brakes', vehicleId: a.id, intervalMiles: 28_000, critical: true });
    const body = await schedule(tenant, { name: 'Body', vehicleType: 'truck', intervalMiles: 25_000 });

    const all = await due(tenant);
    expect(all.map((d) => [d.vehicle.id, d.schedule.id, d.status])).toEqual([
      [a.id, brakes.id, 'overdue'],
      [a.id, oil.id, 'overdue'],
      [b.id, body.id, 'due'],
    ]);
    expect(all.some((d) => d.vehicle.id === retired.id)).toBe(false);
    expect((await due(tenant, { vehicleId: b.id })).map((d) => d.schedule.id)).toEqual([body.id]);
    expect((await due(tenant, { status: ['due'] })).map((d) => d.schedule.id)).toEqual([body.id]);
    expect((await due(tenant, { criticalOnly: true })).map((d) => d.schedule.id)).toEqual([brakes.id]);

    const page1 = await h.run<{ maintenanceDue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(tenant, DUE, { first: 2 });
    expect(page1.data?.maintenanceDue).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const page2 = await h.run<{ maintenanceDue: { edges: { node: DueNode }[]; pageInfo: { hasNextPage: boolean } } }>(tenant, DUE, {
      first: 2,
      after: page1.data!.maintenanceDue.pageInfo.endCursor,
    });
    expect(page2.data?.maintenanceDue.edges.map((e) => e.node.schedule.id)).toEqual([body.id]);
    expect(page2.data?.maintenanceDue.pageInfo.hasNextPage).toBe(false);
    expect(codes(await h.run(tenant, DUE, { after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe.concurrent('recordMaintenance', () => {
  it('answers NOT_FOUND, not a null in the non-null vehicle, for a record whose vehicle is gone', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant);
    await record(tenant, { vehicleId: vehicle.id, odometer: 1_000 });
    await h.models.Vehicle.deleteOne({ _id: vehicle.id, ...tenantScope(tenant) });
    const result = await h.run(tenant, 'query { maintenanceRecords { edges { node { id vehicle { id } } } } }');
    expect(codes(result)).toEqual(['NOT_FOUND']);
    expect(result.errors?.[0]?.path).toEqual(['maintenanceRecords', 'edges', 0, 'node', 'vehicle']);
  });

  it('defaults readings to the vehicle; a higher reading raises the vehicle; a back-dated service does not move the restart point', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const vehicle = await fx.vehicle(tenant, { odometer: 10_000, engineHours: 300 });
    const oil = await schedule(tenant, { name: 'Oil', vehicleId: vehicle.id, intervalMiles: 5_000 });

    const first = await h.run<{ recordMaintenance: { odometer: number; engineHours: number; performedAt: string } }>(tenant, RECORD, {
      input: { vehicleId: vehicle.id, scheduleId: oil.id },
    });
    expect(first.data?.recordMaintenance).toMatchObject({ odometer: 10_000, engineHours: 300, performedAt: on(0) });

    h.clock(tenant).set(on(1));
    const higher = await h.run<{ recordMaintenance: { vehicle: { odometer: number } } }>(tenant, RECORD, {
      input: { vehicleId: vehicle.id, scheduleId: oil.id, odometer: 12_000 },
    });
    expect(higher.data?.recordMaintenance.vehicle.odometer).toBe(12_000);

    await record(tenant, { vehicleId: vehicle.id, scheduleId: oil.id, performedAt: on(-30), odometer: 8_000, notes: 'from the paper log' });
    const state = await h.models.MaintenanceState.findOne(tenantScope(tenant)).lean();
    expect(state?.odometer).toBe(12_000);
    const log = await h.run<{ maintenanceRecords: { totalCount: number } }>(tenant, RECORDS, { filter: { vehicleId: vehicle.id } });
    expect(log.data?.maintenanceRecords.totalCount).toBe(3);
  });

  it.for<[string, (ids: { vehicle: string; other: string; schedule: string }) => Record<string, unknown>, string]>([
    ['a schedule of another vehicle', ({ other, schedule }) => ({ vehicleId: other, scheduleId: schedule }), 'BAD_USER_INPUT'],
    ['a service in the future', ({ vehicle, schedule }) => ({ vehicleId: vehicle, scheduleId: schedule, performedAt: on(1) }), 'BAD_USER_INPUT'],
    ['the same service twice', ({ vehicle, schedule }) => ({ vehicleId: vehicle, scheduleId: schedule, performedAt: on(-1) }), 'CONFLICT'],
    ['an unknown vehicle', ({ schedule }) => ({ vehicleId: new mongoose.Types.ObjectId().toHexString(), scheduleId: schedule }), 'NOT_FOUND'],
    ['a negative odometer', ({ vehicle }) => ({ vehicleId: vehicle, odometer: -5 }), 'BAD_USER_INPUT'],
  ])('refuses %s', async ([_case, input, code], { expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const [vehicle, other] = await Promise.all([fx.vehicle(tenant), fx.vehicle(tenant)]);
    const s = await schedule(tenant, { vehicleId: vehicle.id, intervalDays: 30 });
    await record(tenant, { vehicleId: vehicle.id, scheduleId: s.id, performedAt: on(-1) });
    const result = await h.run(tenant, RECORD, { input: input({ vehicle: vehicle.id, other: other.id, schedule: s.id }) });
    expect(codes(result)).toEqual([code]);
    expect(await h.models.MaintenanceRecord.countDocuments(tenantScope(tenant))).toBe(1);
  });
});

describe.concurrent('schedules', () => {
  it('are per vehicle or per type; the vehicle filter gives both kinds that apply', async ({ expect }) => {
    const tenant = truckingTenant();
    const [tractor, truck] = await Promise.all([fx.vehicle(tenant), fx.vehicle(tenant, { type: 'truck' })]);
    const own = await fx.ok<{ createMaintenanceSchedule: Record<string, unknown> }>(tenant, CREATE_SCHEDULE, {
      input: { name: 'Brakes', vehicleId: tractor.id, intervalMiles: 50_000, intervalDays: 90, critical: true },
    });
    expect(own.createMaintenanceSchedule).toMatchObject({
      vehicle: { id: tractor.id },
      vehicleType: null,
      intervalMiles: 50_000,
      intervalEngineHours: null,
      intervalDays: 90,
      critical: true,
      active: true,
      createdBy: { id: tenant.userId },
    });
    const forTractors = await schedule(tenant, { name: 'Oil', vehicleType: 'tractor', intervalMiles: 25_000 });
    const forTrucks = await schedule(tenant, { name: 'Oil', vehicleType: 'truck', intervalMiles: 20_000 });
    const names = async (filter: Record<string, unknown>) =>
      (await h.run<{ maintenanceSchedules: { edges: { node: { id: string } }[] } }>(tenant, SCHEDULES, { filter }))
        .data!.maintenanceSchedules.edges.map((e) => e.node.id)
        .sort();
    expect(await names({ vehicleId: tractor.id })).toEqual([(own.createMaintenanceSchedule as { id: string }).id, forTractors.id].sort());
    expect(await names({ vehicleId: truck.id })).toEqual([forTrucks.id]);
    expect(await names({ critical: true })).toEqual([(own.createMaintenanceSchedule as { id: string }).id]);
    expect(await names({ vehicleType: 'truck' })).toEqual([forTrucks.id]);
  });

  it('updates intervals and can be switched off, which takes it out of maintenanceDue', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant, { odometer: 40_000 });
    const s = await schedule(tenant, { vehicleId: vehicle.id, intervalMiles: 25_000 });
    expect(await due(tenant)).toHaveLength(1);
    const updated = await h.run<{ updateMaintenanceSchedule: { intervalMiles: number; intervalDays: number } }>(tenant, UPDATE_SCHEDULE, {
      id: s.id,
      input: { intervalMiles: 50_000, intervalDays: 365 },
    });
    expect(updated.data?.updateMaintenanceSchedule).toMatchObject({ intervalMiles: 50_000, intervalDays: 365 });
    expect(await due(tenant)).toHaveLength(0);
    await drive(tenant, vehicle.id, { odometer: 60_000 });
    expect(await due(tenant)).toHaveLength(1);
    await fx.ok(tenant, UPDATE_SCHEDULE, { id: s.id, input: { active: false } });
    expect(await due(tenant)).toHaveLength(0);
    expect(codes(await h.run(tenant, UPDATE_SCHEDULE, { id: s.id, input: { intervalMiles: null, intervalDays: null } }))).toEqual(['BAD_USER_INPUT']);
  });

  it("a schedule without intervals takes the tenant's service intervals, or its inspection interval; given intervals win", async ({ expect }) => {
    const defaults = truckingTenant();
    const configured = truckingTenant({
      settings: { 'maintenance.serviceIntervalMiles': 10_000, 'maintenance.serviceIntervalDays': 90, 'maintenance.inspectionIntervalDays': 30 },
    });
    const create = async (tenant: TenantContext, input: Record<string, unknown>) =>
      (await fx.ok<{ createMaintenanceSchedule: Record<string, unknown> }>(tenant, CREATE_SCHEDULE, { input: { name: 'X', vehicleType: 'tractor', ...input } }))
        .createMaintenanceSchedule;

    expect(await create(defaults, {})).toMatchObject({ intervalMiles: 25_000, intervalEngineHours: null, intervalDays: 180 });
    expect(await create(defaults, { name: 'Y', kind: 'inspection' })).toMatchObject({ intervalMiles: null, intervalDays: 365 });
    expect(await create(configured, {})).toMatchObject({ intervalMiles: 10_000, intervalEngineHours: null, intervalDays: 90 });
    expect(await create(configured, { name: 'Y', kind: 'inspection' })).toMatchObject({ intervalMiles: null, intervalEngineHours: null, intervalDays: 30 });
    expect(await create(configured, { name: 'Z', kind: 'inspection', intervalEngineHours: 250 })).toMatchObject({
      intervalMiles: null,
      intervalEngineHours: 250,
      intervalDays: null,
    });
  });

  it.for<[string, Record<string, unknown>, string]>([
    ['an unknown kind', { name: 'X', vehicleType: 'tractor', kind: 'repair' }, 'BAD_USER_INPUT'],
    ['both a vehicle and a type', { name: 'X', vehicleType: 'tractor', vehicleId: new mongoose.Types.ObjectId().toHexString(), intervalDays: 1 }, 'BAD_USER_INPUT'],
    ['neither a vehicle nor a type', { name: 'X', intervalDays: 1 }, 'BAD_USER_INPUT'],
    ['an interval of 0 days', { name: 'X', vehicleType: 'tractor', intervalDays: 0 }, 'BAD_USER_INPUT'],
    ['an unknown vehicle', { name: 'X', vehicleId: new mongoose.Types.ObjectId().toHexString(), intervalDays: 1 }, 'NOT_FOUND'],
    ['a duplicate name for the same type', { name: 'Dup', vehicleType: 'tractor', intervalDays: 2 }, 'CONFLICT'],
  ])('createMaintenanceSchedule refuses %s', async ([_case, input, code], { expect }) => {
    const tenant = truckingTenant();
    await schedule(tenant, { name: 'Dup', vehicleType: 'tractor', intervalDays: 1 });
    expect(codes(await h.run(tenant, CREATE_SCHEDULE, { input }))).toEqual([code]);
    expect(await h.models.MaintenanceSchedule.countDocuments(tenantScope(tenant))).toBe(1);
  });
});

describe.concurrent('overdue critical maintenance and assignment', () => {
  async function overdueSetup(critical: boolean) {
    const tenant = truckingTenant();
    h.clock(tenant).set(on(0));
    const [load, driver, vehicle] = await Promise.all([fx.load(tenant), fx.driver(tenant), fx.vehicle(tenant, { odometer: 10_000 })]);
    await schedule(tenant, { name: 'DOT inspection', vehicleId: vehicle.id, intervalMiles: 5_000, critical });
    return { tenant, load, driver, vehicle };
  }

  it('blocks assigning a vehicle with overdue critical maintenance (CONFLICT)', async ({ expect }) => {
    const { tenant, load, driver, vehicle } = await overdueSetup(true);
    const result = await fx.assign(tenant, load.id, driver.id, vehicle.id);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'MAINTENANCE_OVERDUE' });
    expect(result.errors?.[0]?.message).toContain('DOT inspection');
    // Serviced: assignable again.
    const s = (await h.models.MaintenanceSchedule.findOne(tenantScope(tenant)).lean())!;
    await record(tenant, { vehicleId: vehicle.id, scheduleId: s._id.toHexString() });
    expect((await fx.assign(tenant, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
  });

  it('does not block for overdue maintenance that is not critical', async ({ expect }) => {
    const { tenant, load, driver, vehicle } = await overdueSetup(false);
    expect((await fx.assign(tenant, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
  });

  it('does not block when the tenant configuration allows it', async ({ expect }) => {
    const { tenant, load, driver, vehicle } = await overdueSetup(true);
    const allowing = { ...tenant, settings: { 'maintenance.blockAssignmentWhenOverdueCritical': false } };
    expect((await fx.assign(allowing, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
  });
});

describe.concurrent('access', () => {
  it("another tenant's vehicle, schedule and records: NOT_FOUND for operations, nothing in lists, nothing changed", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const vehicle = await fx.vehicle(owner, { odometer: 99_000 });
    const s = await schedule(owner, { vehicleId: vehicle.id, intervalMiles: 1_000 });
    const ownVehicle = await fx.vehicle(intruder);
    const before = await h.models.Vehicle.findOne({ _id: new mongoose.Types.ObjectId(vehicle.id), ...tenantScope(owner) }).lean();

    const read = await h.run(intruder, `query ($id: ID!) { maintenanceSchedule(id: $id) { id } }`, { id: s.id });
    expect(read.data).toEqual({ maintenanceSchedule: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE_SCHEDULE, { id: s.id, input: { active: false } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, RECORD, { input: { vehicleId: vehicle.id, odometer: 200_000 } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, RECORD, { input: { vehicleId: ownVehicle.id, scheduleId: s.id } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, CREATE_SCHEDULE, { input: { name: 'X', vehicleId: vehicle.id, intervalDays: 1 } }))).toEqual(['NOT_FOUND']);
    expect(await due(intruder, { vehicleId: vehicle.id })).toEqual([]);
    expect(
      (await h.run<{ maintenanceSchedules: { totalCount: number } }>(intruder, SCHEDULES, { filter: { vehicleId: vehicle.id } })).data?.maintenanceSchedules.totalCount,
    ).toBe(0);
    expect(
      (await h.run<{ maintenanceRecords: { totalCount: number } }>(intruder, RECORDS, { filter: { vehicleId: vehicle.id } })).data?.maintenanceRecords.totalCount,
    ).toBe(0);

    expect(await h.models.Vehicle.findOne({ _id: new mongoose.Types.ObjectId(vehicle.id), ...tenantScope(owner) }).lean()).toEqual(before);
    expect(await h.models.MaintenanceSchedule.findOne(tenantScope(owner)).lean()).toMatchObject({ active: true });
    expect(await h.models.MaintenanceRecord.countDocuments(tenantScope(owner))).toBe(0);
    expect(await h.models.MaintenanceSchedule.countDocuments(tenantScope(intruder))).toBe(0);
  });

  it('a driver reads maintenance; a viewer cannot write it (FORBIDDEN)', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant);
    expect((await h.run(sameTenantAs(tenant, ['driver']), DUE, {})).errors).toBeUndefined();
    expect(codes(await h.run(sameTenantAs(tenant, ['viewer']), RECORD, { input: { vehicleId: vehicle.id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(sameTenantAs(tenant, ['driver']), CREATE_SCHEDULE, { input: { name: 'X', vehicleType: 'tractor', intervalDays: 1 } }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with maintenanceScheduling switched off', truckingTenant({ flags: { maintenanceScheduling: false } })],
  ])('refuses every maintenance operation with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [SCHEDULES, {}],
      ['query ($id: ID!) { maintenanceSchedule(id: $id) { id } }', { id }],
      [DUE, {}],
      [RECORDS, {}],
      [CREATE_SCHEDULE, { input: { name: 'X', vehicleType: 'tractor', intervalDays: 1 } }],
      [UPDATE_SCHEDULE, { id, input: { active: false } }],
      [RECORD, { input: { vehicleId: id } }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
  });
});
