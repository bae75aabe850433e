import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';

// dispatch.autoAssign: a load that becomes tendered is assigned to a free driver and vehicle of its
// own tenant, through assignLoad's checks; off by default.
let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-auto-assign');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

/** On, with the office open round the clock (the default hours, Mon–Fri 06:00–18:00 Chicago, are tested below). */
const ON = { 'dispatch.autoAssign': true, 'workingHours.days': 'mon,tue,wed,thu,fri,sat,sun', 'workingHours.start': '00:00', 'workingHours.end': '23:59' };
const autoAssigning = (): TenantContext => truckingTenant({ settings: ON });

describe.concurrent('dispatch.autoAssign', () => {
  it('off (the default): a tendered load waits for a dispatcher', async ({ expect }) => {
    const tenant = truckingTenant();
    await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
    expect(await fx.load(tenant)).toMatchObject({ status: 'tendered', driver: null, vehicle: null });
  });

  it('on: a tendered load is assigned to a free driver and vehicle; with none free it stays tendered', async ({ expect }) => {
    const tenant = autoAssigning();
    const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
    expect(await fx.load(tenant)).toMatchObject({ status: 'assigned', driver: { id: driver.id }, vehicle: { id: vehicle.id } });
    // The driver holds one load (dispatch.maxLoadsPerDriver 1) and the vehicle is on it.
    expect(await fx.load(tenant)).toMatchObject({ status: 'tendered', driver: null });
  });

  it("on: only within the office's working hours; outside them the load stays tendered for a person", async ({ expect }) => {
    const tenant = truckingTenant({ settings: { 'dispatch.autoAssign': true } });
    const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
    h.clock(tenant).set(new Date('2025-06-14T15:00:00Z')); // Saturday, 10:00 in Chicago
    expect(await fx.load(tenant)).toMatchObject({ status: 'tendered', driver: null, vehicle: null });
    h.clock(tenant).set(new Date('2025-06-16T10:59:00Z')); // Monday, 05:59 in Chicago: before 06:00
    expect(await fx.load(tenant)).toMatchObject({ status: 'tendered', driver: null });
    h.clock(tenant).set(new Date('2025-06-16T11:00:00Z')); // Monday, 06:00
    expect(await fx.load(tenant)).toMatchObject({ status: 'assigned', driver: { id: driver.id }, vehicle: { id: vehicle.id } });
  });

  it('on: a draft is not assigned until it is tendered; dispatch.maxLoadsPerDriver lets a driver take more', async ({ expect }) => {
    const tenant = { ...autoAssigning(), settings: { ...ON, 'dispatch.maxLoadsPerDriver': 2 } };
    const driver = await fx.driver(tenant);
    const [first, second] = [await fx.vehicle(tenant), await fx.vehicle(tenant)];
    const draft = await fx.load(tenant, { tender: false });
    expect(draft).toMatchObject({ status: 'draft', driver: null });
    expect((await fx.load(tenant)).vehicle).toEqual({ id: first.id });
    const tendered = await fx.status(tenant, draft.id, 'tendered');
    expect(tendered.data?.updateLoadStatus).toMatchObject({ status: 'assigned', driver: { id: driver.id }, vehicle: { id: second.id } });
  });

  it("on: a driver or vehicle assignLoad refuses is skipped; another tenant's free driver and vehicle are never used", async ({ expect }) => {
    const tenant = autoAssigning();
    const other = autoAssigning();
    await Promise.all([fx.driver(other), fx.vehicle(other)]);
    expect(await fx.load(tenant)).toMatchObject({ status: 'tendered', driver: null, vehicle: null });

    // The first vehicle is overdue on critical maintenance: assignLoad refuses it, the next one fits.
    const overdue = await fx.vehicle(tenant, { odometer: 100_000 });
    await fx.ok(tenant, 'mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { id } }', {
      input: { name: 'Brakes', vehicleId: overdue.id, intervalMiles: 1_000, critical: true },
    });
    const retired = await fx.vehicle(tenant);
    await fx.ok(tenant, 'mutation ($id: ID!) { retireVehicle(id: $id) { id } }', { id: retired.id });
    const [driver, vehicle] = [await fx.driver(tenant), await fx.vehicle(tenant)];
    expect(await fx.load(tenant)).toMatchObject({ status: 'assigned', driver: { id: driver.id }, vehicle: { id: vehicle.id } });
  });
});
