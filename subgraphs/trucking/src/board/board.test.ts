import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { dayOf } from '../hours/rules';
import { codes, DALLAS_STOP, Fixtures, HOUSTON_STOP, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-board');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const HOUR = 3_600_000;
const TZ = 'America/Chicago';
const BOARD = `query ($date: String) { dispatchBoard(date: $date) {
  date timeZone start end reminderLeadDays
  drivers { driver { id } availability currentLoad { id } loads { id } hours { drivingMinutesLeft } conflicts { kind loads { id } } }
  vehicles { vehicle { id } availability currentLoad { id } loads { id } conflicts { kind } }
  unassignedLoads { id } lateLoads { id } maintenanceDueSoon { vehicle { id } schedule { name } status }
} }`;

interface Board {
  date: string;
  reminderLeadDays: number;
  drivers: {
    driver: { id: string };
    availability: string;
    currentLoad: { id: string } | null;
    loads: { id: string }[];
    hours: { drivingMinutesLeft: number } | null;
    conflicts: { kind: string; loads: { id: string }[] }[];
  }[];
  vehicles: { vehicle: { id: string }; availability: string; currentLoad: { id: string } | null; loads: { id: string }[]; conflicts: { kind: string }[] }[];
  unassignedLoads: { id: string }[];
  lateLoads: { id: string }[];
  maintenanceDueSoon: { vehicle: { id: string }; schedule: { name: string }; status: string }[];
}

/** Stops a few hours after `from` (now by default; the board's day is today in the tenant's zone). */
const stopsFromNow = (hours: number, from = Date.now()) => {
  const at = (h: number) => new Date(from + h * HOUR).toISOString();
  return [
    { ...DALLAS_STOP, window: { start: at(hours), end: at(hours + 2) } },
    { ...HOUSTON_STOP, window: { start: at(hours + 5), end: at(hours + 7) } },
  ];
};

const board = async (tenant: TenantContext, date?: string) => (await fx.ok<{ dispatchBoard: Board }>(tenant, BOARD, date ? { date } : {})).dispatchBoard;

describe('dispatchBoard', () => {
  it('shows each driver and vehicle with availability, current load, hours and conflicts; unassigned and late loads', async () => {
    const tenant = truckingTenant({ settings: { 'dispatch.maxLoadsPerDriver': 2 } });
    // 09:00 in Chicago: every stop of the test falls on the tenant's day, whatever the time of the run.
    const now = new Date('2031-03-04T15:00:00Z');
    h.clock(tenant).set(now);
    const [busy, idle] = await Promise.all([fx.driver(tenant), fx.driver(tenant)]);
    const [truck, spare] = await Promise.all([fx.vehicle(tenant), fx.vehicle(tenant)]);
    const [first, second, open] = await Promise.all([
      fx.load(tenant, { stops: stopsFromNow(1, now.getTime()) }),
      fx.load(tenant, { stops: stopsFromNow(2, now.getTime()) }),
      fx.load(tenant, { stops: stopsFromNow(3, now.getTime()) }),
    ]);
    expect((await fx.assign(tenant, first.id, busy.id, truck.id)).errors).toBeUndefined();
    const secondTruck = await fx.vehicle(tenant);
    expect((await fx.assign(tenant, second.id, busy.id, secondTruck.id)).errors).toBeUndefined();
    // The busy driver is far away (Chicago): the first pickup cannot be reached in time.
    const lastLocation = {
      location: new mongoose.Types.ObjectId(),
      latitude: 41.8781,
      longitude: -87.6298,
      recordedAt: now,
      receivedAt: now,
      speedKmh: null,
      headingDegrees: null,
      accuracyMeters: null,
    };
    await h.models.Driver.updateOne({ _id: new mongoose.Types.ObjectId(busy.id), ...tenantScope(tenant) }, { $set: { lastLocation } });

    const b = await board(tenant);
    expect(b.date).toBe(dayOf(now, TZ));
    const byDriver = new Map(b.drivers.map((d) => [d.driver.id, d]));
    expect(byDriver.get(busy.id)).toMatchObject({ availability: 'assigned' });
    expect(
      byDriver
        .get(busy.id)!
        .loads.map((l) => l.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    expect(byDriver.get(busy.id)!.conflicts.map((c) => c.kind)).toContain('overlapping_loads');
    expect(byDriver.get(busy.id)!.hours).not.toBeNull();
    expect(byDriver.get(idle.id)).toMatchObject({ availability: 'free', currentLoad: null, loads: [], conflicts: [] });
    const byVehicle = new Map(b.vehicles.map((v) => [v.vehicle.id, v]));
    expect(byVehicle.get(truck.id)).toMatchObject({ availability: 'assigned', currentLoad: { id: first.id } });
    expect(byVehicle.get(spare.id)).toMatchObject({ availability: 'free', currentLoad: null });
    expect(b.unassignedLoads.map((l) => l.id)).toEqual([open.id]);
    expect(b.lateLoads.map((l) => l.id)).toContain(first.id);
    // Another day: no loads of that day, but the current loads still show.
    const tomorrow = await board(tenant, dayOf(new Date(now.getTime() + 3 * 24 * HOUR), TZ));
    expect(tomorrow.unassignedLoads).toEqual([]);
    expect(tomorrow.drivers.find((d) => d.driver.id === busy.id)).toMatchObject({ loads: [], conflicts: [] });
  });

  it('lists maintenance due by the day plus maintenance.reminderLeadDays, and flags overdue critical maintenance', async () => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant);
    await fx.ok(tenant, `mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { id } }`, {
      input: { name: 'Brake inspection', vehicleId: vehicle.id, intervalDays: 25, critical: true },
    });
    // Due in 25 days: outside today + 14 (the default), inside today + 30.
    expect((await board(tenant)).maintenanceDueSoon).toEqual([]);
    const longer = sameTenantAs({ ...tenant, settings: { 'maintenance.reminderLeadDays': 30 } }, ['dispatcher'], tenant.userId);
    const b = await board(longer);
    expect(b.reminderLeadDays).toBe(30);
    expect(b.maintenanceDueSoon).toEqual([{ vehicle: { id: vehicle.id }, schedule: { name: 'Brake inspection' }, status: 'overdue' }]);
    // Overdue by then, not now: no conflict yet.
    expect(b.vehicles.find((v) => v.vehicle.id === vehicle.id)!.conflicts).toEqual([]);
    // Thirty days on, it is overdue now: the vehicle shows the conflict.
    h.clock(longer).set(new Date(Date.now() + 30 * 24 * HOUR));
    const later = await board(longer);
    expect(later.vehicles.find((v) => v.vehicle.id === vehicle.id)!.conflicts.map((c) => c.kind)).toEqual(['maintenance_overdue']);
  });

  it('reads the same number of database commands for 1 driver and vehicle as for 12', async () => {
    const tenant = truckingTenant({ settings: { 'dispatch.hoursOfService': 'off' } });
    const commandsFor = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const [driver, vehicle, load] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant), fx.load(tenant, { stops: stopsFromNow(1) })]);
        expect((await fx.assign(tenant, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
      }
      let seen: Board | undefined;
      const counter = await h.commands(async () => {
        seen = await board(tenant);
      });
      expect(seen!.drivers.filter((d) => d.availability === 'assigned').length).toBeGreaterThanOrEqual(n);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(11)).toBe(one);
  });

  it('shows nothing of another tenant, lets every office role read it (not a driver), and refuses a bad date', async () => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    const driver = await fx.driver(tenant);
    const theirs = await board(other);
    expect(theirs.drivers.map((d) => d.driver.id)).not.toContain(driver.id);
    expect(theirs.drivers).toEqual([]);
    for (const role of ['owner', 'admin', 'dispatcher', 'viewer']) {
      expect((await h.run(sameTenantAs(tenant, [role]), BOARD, {})).errors).toBeUndefined();
    }
    expect(codes(await h.run(sameTenantAs(tenant, ['driver']), BOARD, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(tenant, BOARD, { date: '16/06/2025' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(truckingTenant({ appType: 'serviceRepair' }), BOARD, {}))).toEqual(['FEATURE_DISABLED']);
  });
});
