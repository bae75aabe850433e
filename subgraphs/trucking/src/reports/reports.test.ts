import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-reports');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const REPORT = `query ($from: String!, $to: String!) { onTimeReport(from: $from, to: $to) {
  from to loads
  pickups { total onTime late percent unrecorded }
  deliveries { total onTime late percent unrecorded }
  drivers { driver { id } loads pickups { total onTime percent } deliveries { total onTime percent unrecorded } }
} }`;
const PERIOD = { from: '2025-06-16T00:00:00Z', to: '2025-06-18T00:00:00Z' };

interface Figures {
  total: number;
  onTime: number;
  late?: number;
  percent: number | null;
  unrecorded?: number;
}
interface Report {
  loads: number;
  pickups: Figures;
  deliveries: Figures;
  drivers: { driver: { id: string }; loads: number; pickups: Figures; deliveries: Figures }[];
}

/** A load delivered by `driver` (a new one when absent), its stops arrived at these times (null: not recorded). */
async function delivered(tenant: TenantContext, arrivals: (string | null)[], driver?: string): Promise<string> {
  const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
  const by = driver ?? (await fx.driver(tenant)).id;
  expect((await fx.assign(tenant, load.id, by, vehicle.id)).errors).toBeUndefined();
  for (const status of ['in_transit', 'delivered']) expect((await fx.status(tenant, load.id, status)).errors).toBeUndefined();
  const $set = Object.fromEntries(arrivals.map((at, i) => [`stops.${i}.arrivedAt`, at ? new Date(at) : null]));
  await h.models.Load.updateOne({ _id: new mongoose.Types.ObjectId(load.id), ...tenantScope(tenant) }, { $set });
  return by;
}

// The fixtures' windows: pickup 14:00–18:00, delivery 20:00–24:00 on 2025-06-16 (UTC).
describe('onTimeReport', () => {
  it('counts on-time pickups and deliveries overall and per driver', async () => {
    const tenant = truckingTenant();
    const first = await delivered(tenant, ['2025-06-16T15:00:00Z', '2025-06-16T21:00:00Z']);
    await delivered(tenant, ['2025-06-16T19:00:00Z', '2025-06-16T23:00:00Z'], first);
    const second = await delivered(tenant, ['2025-06-16T14:30:00Z', null]);
    // A tendered load is not counted; nor is a delivered one outside the period.
    await fx.load(tenant);

    const report = (await fx.ok<{ onTimeReport: Report }>(tenant, REPORT, PERIOD)).onTimeReport;
    expect(report.loads).toBe(3);
    expect(report.pickups).toEqual({ total: 3, onTime: 2, late: 1, percent: 66.7, unrecorded: 0 });
    expect(report.deliveries).toEqual({ total: 2, onTime: 2, late: 0, percent: 100, unrecorded: 1 });
    expect(report.drivers.map((d) => [d.driver.id, d.loads])).toEqual([
      [first, 2],
      [second, 1],
    ]);
    expect(report.drivers[0]!.pickups).toEqual({ total: 2, onTime: 1, percent: 50 });
    expect(report.drivers[1]!.deliveries).toEqual({ total: 0, onTime: 0, percent: null, unrecorded: 1 });
    const outside = (await fx.ok<{ onTimeReport: Report }>(tenant, REPORT, { from: '2025-07-01T00:00:00Z', to: '2025-07-02T00:00:00Z' })).onTimeReport;
    expect(outside).toMatchObject({ loads: 0, drivers: [], pickups: { total: 0, percent: null } });
  });

  it('reads as many commands for ten drivers as for one', async () => {
    const tenant = truckingTenant();
    const commandsFor = async (n: number) => {
      for (let i = 0; i < n; i++) await delivered(tenant, ['2025-06-16T15:00:00Z', '2025-06-16T21:00:00Z']);
      let report: Report | undefined;
      const counter = await h.commands(async () => {
        report = (await fx.ok<{ onTimeReport: Report }>(tenant, REPORT, PERIOD)).onTimeReport;
      });
      expect(report!.drivers.length).toBeGreaterThanOrEqual(n);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(9)).toBe(one);
  });

  it('counts nothing of another tenant; the office reads it, a driver may not; periods are bounded', async () => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    await delivered(tenant, ['2025-06-16T15:00:00Z', '2025-06-16T21:00:00Z']);
    expect((await fx.ok<{ onTimeReport: Report }>(other, REPORT, PERIOD)).onTimeReport.loads).toBe(0);
    for (const role of ['owner', 'admin', 'dispatcher', 'viewer']) expect((await h.run(sameTenantAs(tenant, [role]), REPORT, PERIOD)).errors).toBeUndefined();
    expect(codes(await h.run(sameTenantAs(tenant, ['driver']), REPORT, PERIOD))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(tenant, REPORT, { from: '2025-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, REPORT, { from: '2025-06-16', to: '2025-06-18T00:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, REPORT, { from: PERIOD.to, to: PERIOD.from }))).toEqual(['BAD_USER_INPUT']);
  });
});

const OPERATING = `query ($from: String!, $to: String!) { operatingReport(from: $from, to: $to) {
  from to currency distanceUnit loads lineHaulCents accessorialCents revenueCents driverPayCents maintenanceCents costCents unsettledLoads
  loadedDistance emptyDistance totalDistance emptyPercent revenuePerDistanceCents costPerDistanceCents loadsPerDriver
  drivers { driver { id } loads loadedDistance emptyDistance revenueCents driverPayCents }
} }`;

interface Operating {
  loads: number;
  drivers: { driver: { id: string }; loads: number; [figure: string]: unknown }[];
  [figure: string]: unknown;
}

/** A stop on the meridian 97° W at `latitude`, its window from `hour` to an hour later on 2025-06-16 (UTC). */
const meridianStop = (type: string, latitude: number, hour: number) => ({
  type,
  address: { line1: '1 Main St', city: 'Waco', state: 'TX', postalCode: '76701' },
  location: { latitude, longitude: -97 },
  window: { start: `2025-06-16T0${hour}:00:00Z`, end: `2025-06-16T0${hour + 1}:00:00Z` },
});

/** A load from `fromLat` to `toLat` (one degree of latitude is 69.09 mi), assigned to the driver at 00:00 and delivered at 10:00 on 2025-06-16. */
async function drivenLoad(tenant: TenantContext, driver: string, vehicle: string, fromLat: number, toLat: number, hour: number, rateCents: number): Promise<string> {
  h.clock(tenant).set(new Date('2025-06-16T00:00:00Z'));
  const load = await fx.load(tenant, { rateCents, stops: [meridianStop('pickup', fromLat, hour), meridianStop('delivery', toLat, hour + 2)] });
  expect((await fx.assign(tenant, load.id, driver, vehicle)).errors).toBeUndefined();
  h.clock(tenant).set(new Date('2025-06-16T10:00:00Z'));
  for (const status of ['in_transit', 'delivered']) expect((await fx.status(tenant, load.id, status)).errors).toBeUndefined();
  return load.id;
}

describe('operatingReport', () => {
  it('revenue, cost, loaded and empty distance, per distance and per driver, on a hand-computed period', async () => {
    const tenant = truckingTenant({ settings: { 'settlement.payBasis': 'per_load', 'settlement.ratePerLoadCents': 25_000 } });
    const [a, b, truck, other] = await Promise.all([fx.driver(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.vehicle(tenant)]);
    // Driver a: 30° → 31° (69.09 mi), then 32° → 33° (69.09 mi), 69.09 mi empty between; b: 30° → 32° (138.19 mi).
    const first = await drivenLoad(tenant, a.id, truck.id, 30, 31, 1, 100_000);
    await drivenLoad(tenant, a.id, truck.id, 32, 33, 5, 200_000);
    await drivenLoad(tenant, b.id, other.id, 30, 32, 1, 300_000);
    await fx.ok(tenant, 'mutation ($id: ID!, $input: AddAccessorialInput!) { addAccessorial(loadId: $id, input: $input) { id } }', {
      id: first,
      input: { kind: 'lumper', amountCents: 5_000 },
    });
    // a's two loads are settled (per load, 250.00 each); b's is not yet.
    await fx.ok(tenant, 'mutation ($input: CreateDriverSettlementInput!) { createDriverSettlement(input: $input) { id } }', {
      input: { driverId: a.id, periodStart: '2025-06-16', periodEnd: '2025-06-17' },
    });
    const RECORD = 'mutation ($input: RecordMaintenanceInput!) { recordMaintenance(input: $input) { id } }';
    await fx.ok(tenant, RECORD, { input: { vehicleId: truck.id, performedAt: '2025-06-16T09:00:00Z', costCents: 10_000 } });
    await fx.ok(tenant, RECORD, { input: { vehicleId: truck.id, performedAt: '2025-06-10T09:00:00Z', costCents: 99_999 } }); // before the period
    await fx.load(tenant); // tendered: not in the report

    const report = (await fx.ok<{ operatingReport: Operating }>(tenant, OPERATING, PERIOD)).operatingReport;
    expect(report).toEqual({
      from: '2025-06-16T00:00:00.000Z',
      to: '2025-06-18T00:00:00.000Z',
      currency: 'USD',
      distanceUnit: 'mi',
      loads: 3,
      lineHaulCents: 600_000,
      accessorialCents: 5_000,
      revenueCents: 605_000,
      driverPayCents: 50_000,
      maintenanceCents: 10_000,
      costCents: 60_000,
      unsettledLoads: 1,
      loadedDistance: 276.37,
      emptyDistance: 69.09,
      totalDistance: 345.46,
      emptyPercent: 20,
      revenuePerDistanceCents: 1_751, // 605 000 / 345.46
      costPerDistanceCents: 174, // 60 000 / 345.46
      loadsPerDriver: 1.5,
      drivers: [
        { driver: { id: a.id }, loads: 2, loadedDistance: 138.18, emptyDistance: 69.09, revenueCents: 305_000, driverPayCents: 50_000 },
        { driver: { id: b.id }, loads: 1, loadedDistance: 138.19, emptyDistance: 0, revenueCents: 300_000, driverPayCents: 0 },
      ],
    });
    const empty = (await fx.ok<{ operatingReport: Operating }>(tenant, OPERATING, { from: '2025-07-01T00:00:00Z', to: '2025-07-02T00:00:00Z' })).operatingReport;
    expect(empty).toMatchObject({ loads: 0, revenueCents: 0, costCents: 0, totalDistance: 0, revenuePerDistanceCents: null, loadsPerDriver: null, drivers: [] });
  });

  it('reads as many commands for ten drivers as for one', async () => {
    const tenant = truckingTenant();
    const commandsFor = async (n: number) => {
      for (let i = 0; i < n; i++) await delivered(tenant, ['2025-06-16T15:00:00Z', '2025-06-16T21:00:00Z']);
      let report: Operating | undefined;
      const counter = await h.commands(async () => {
        report = (await fx.ok<{ operatingReport: Operating }>(tenant, OPERATING, PERIOD)).operatingReport;
      });
      expect(report!.drivers.length).toBeGreaterThanOrEqual(n);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(9)).toBe(one);
  });

  it("counts nothing of another tenant's; the office reads it, a driver may not; periods are bounded", async () => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    await delivered(tenant, ['2025-06-16T15:00:00Z', '2025-06-16T21:00:00Z']);
    expect((await fx.ok<{ operatingReport: Operating }>(tenant, OPERATING, PERIOD)).operatingReport.loads).toBe(1);
    expect((await fx.ok<{ operatingReport: Operating }>(other, OPERATING, PERIOD)).operatingReport).toMatchObject({ loads: 0, revenueCents: 0, drivers: [] });
    for (const role of ['owner', 'admin', 'dispatcher', 'viewer']) expect((await h.run(sameTenantAs(tenant, [role]), OPERATING, PERIOD)).errors).toBeUndefined();
    expect(codes(await h.run(sameTenantAs(tenant, ['driver']), OPERATING, PERIOD))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(tenant, OPERATING, { from: '2025-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, OPERATING, { from: PERIOD.to, to: PERIOD.from }))).toEqual(['BAD_USER_INPUT']);
  });
});
