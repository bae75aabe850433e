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
