import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, DALLAS_STOP, Fixtures, HOUSTON_STOP, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-routes');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const OPTIMIZE = `query ($input: OptimizeRouteInput!) {
  optimizeRoute(input: $input) {
    stops { id type sequence arriveAt serviceStartAt departAt waitMinutes lateMinutes window { start end } }
    legs { fromStopId toStopId distanceKm distanceMiles travelMinutes }
    totalDistanceKm totalDistanceMiles inputDistanceKm lateMinutes feasible
    violations { stopId lateMinutes windowEnd arriveAt }
  }
}`;

interface Optimized {
  stops: { id: string; type: string; sequence: number; arriveAt: string; lateMinutes: number }[];
  legs: { fromStopId: string | null; toStopId: string; distanceKm: number; distanceMiles: number }[];
  totalDistanceKm: number;
  totalDistanceMiles: number;
  inputDistanceKm: number | null;
  lateMinutes: number;
  feasible: boolean;
  violations: { stopId: string; lateMinutes: number }[];
}

const DALLAS = { latitude: 32.7767, longitude: -96.797 };
const FORT_WORTH = { latitude: 32.7555, longitude: -97.3308 };
const WACO = { latitude: 31.5493, longitude: -97.1467 };
const AUSTIN = { latitude: 30.2672, longitude: -97.7431 };
const HOUSTON = { latitude: 29.7604, longitude: -95.3698 };

async function optimize(tenant: TenantContext, input: Record<string, unknown>): Promise<Optimized> {
  return (await fx.ok<{ optimizeRoute: Optimized }>(tenant, OPTIMIZE, { input })).optimizeRoute;
}

describe.concurrent('optimizeRoute', () => {
  it('orders a list of stops from a start point, pickups before their deliveries, never longer than the input order', async ({ expect }) => {
    const tenant = truckingTenant();
    const result = await optimize(tenant, {
      start: DALLAS,
      departAt: '2025-06-16T12:00:00Z',
      stops: [
        { id: 'houston-drop', type: 'delivery', location: HOUSTON, pickupId: 'austin-pick' },
        { id: 'fw-pick', type: 'pickup', location: FORT_WORTH },
        { id: 'austin-pick', type: 'pickup', location: AUSTIN },
        { id: 'waco-drop', type: 'delivery', location: WACO, pickupId: 'fw-pick' },
      ],
    });
    expect(result.stops.map((s) => s.id)).toEqual(['fw-pick', 'waco-drop', 'austin-pick', 'houston-drop']);
    expect(result.stops.map((s) => s.sequence)).toEqual([1, 2, 3, 4]);
    expect(result.legs.map((l) => [l.fromStopId, l.toStopId])).toEqual([
      [null, 'fw-pick'],
      ['fw-pick', 'waco-drop'],
      ['waco-drop', 'austin-pick'],
      ['austin-pick', 'houston-drop'],
    ]);
    expect(result.totalDistanceKm).toBeCloseTo(
      result.legs.reduce((sum, leg) => sum + leg.distanceKm, 0),
      2,
    );
    expect(result.totalDistanceMiles).toBeCloseTo(result.totalDistanceKm / 1.609344, 2);
    // The input order puts a delivery first: it breaks precedence, so there is no input distance.
    expect(result.inputDistanceKm).toBeNull();
    expect(result).toMatchObject({ feasible: true, lateMinutes: 0, violations: [] });
    // Fort Worth is about 50 km from Dallas: there at 12:37 at 80 km/h.
    expect(result.stops[0]!.arriveAt.slice(0, 16)).toBe('2025-06-16T12:37');
  });

  it("optimises a load's stops from the given start, the driver's last position, or its first stop", async ({ expect }) => {
    const tenant = truckingTenant();
    const waco = { ...DALLAS_STOP, name: 'Waco', location: WACO };
    const load = await fx.load(tenant, { stops: [DALLAS_STOP, { ...HOUSTON_STOP, pickupIndex: 0 }, waco, { ...HOUSTON_STOP, location: FORT_WORTH, pickupIndex: 2 }] });
    const [dallas, houston, wacoStop, fortWorth] = load.stops.map((s) => s.id);
    const fromHouston = await optimize(tenant, { loadId: load.id, start: HOUSTON, departAt: '2025-06-16T06:00:00Z' });
    const order = fromHouston.stops.map((s) => s.id);
    expect(order.indexOf(dallas!)).toBeLessThan(order.indexOf(houston!));
    expect(order.indexOf(wacoStop!)).toBeLessThan(order.indexOf(fortWorth!));
    expect(fromHouston.inputDistanceKm).not.toBeNull();
    expect(fromHouston.totalDistanceKm).toBeLessThanOrEqual(fromHouston.inputDistanceKm!);

    const fromFirstStop = await optimize(tenant, { loadId: load.id, departAt: '2025-06-16T06:00:00Z' });
    expect(fromFirstStop.legs[0]).toMatchObject({ fromStopId: null, toStopId: dallas, distanceKm: 0 });

    // Assigned, with a driver last seen in Waco: the route starts there.
    const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
    await fx.assign(tenant, load.id, driver.id, vehicle.id);
    await fx.ok(tenant, `mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id } }`, {
      input: { driverId: driver.id, ...WACO, recordedAt: new Date(Date.now() - 60_000).toISOString() },
    });
    const fromDriver = await optimize(tenant, { loadId: load.id, departAt: '2025-06-16T06:00:00Z' });
    expect(fromDriver.stops[0]!.id).toBe(wacoStop);
    expect(fromDriver.legs[0]!.distanceKm).toBe(0);
  });

  it('reports time windows it cannot honour, and honours those it can', async ({ expect }) => {
    const tenant = truckingTenant();
    const result = await optimize(tenant, {
      start: DALLAS,
      departAt: '2025-06-16T12:00:00Z',
      serviceMinutes: 15,
      stops: [
        { id: 'fw', type: 'pickup', location: FORT_WORTH },
        // Waco is 1h45 from Dallas: only reachable in its window by going there first.
        { id: 'waco', type: 'pickup', location: WACO, window: { start: '2025-06-16T13:30:00Z', end: '2025-06-16T14:00:00Z' } },
        // Houston by 13:00 cannot be made: 4 hours away. Lateness is minimised in total, so the
        // freight from Waco goes straight there and Fort Worth comes last.
        { id: 'houston', type: 'delivery', location: HOUSTON, pickupId: 'waco', window: { start: '2025-06-16T12:00:00Z', end: '2025-06-16T13:00:00Z' } },
      ],
    });
    expect(result.feasible).toBe(false);
    expect(result.stops.map((s) => s.id)).toEqual(['waco', 'houston', 'fw']);
    expect(result.violations.map((v) => v.stopId)).toEqual(['houston']);
    expect(result.stops.find((s) => s.id === 'waco')?.lateMinutes).toBe(0);
    expect(result.lateMinutes).toBe(result.violations[0]!.lateMinutes);
  });

  it.for<[string, Record<string, unknown>]>([
    ['both a load and stops', { loadId: new mongoose.Types.ObjectId().toHexString(), start: DALLAS, stops: [{ id: 'a', type: 'pickup', location: WACO }] }],
    ['neither a load nor stops', { start: DALLAS }],
    ['stops without a start', { stops: [{ id: 'a', type: 'pickup', location: WACO }] }],
    ['a delivery naming an unknown pickup', { start: DALLAS, stops: [{ id: 'a', type: 'delivery', location: WACO, pickupId: 'zz' }] }],
    [
      'a delivery naming a delivery',
      {
        start: DALLAS,
        stops: [
          { id: 'a', type: 'delivery', location: WACO },
          { id: 'b', type: 'delivery', location: WACO, pickupId: 'a' },
        ],
      },
    ],
    [
      'two stops with one id',
      {
        start: DALLAS,
        stops: [
          { id: 'a', type: 'pickup', location: WACO },
          { id: 'a', type: 'pickup', location: AUSTIN },
        ],
      },
    ],
    ['51 stops', { start: DALLAS, stops: [...Array(51)].map((_, i) => ({ id: `s${i}`, type: 'pickup', location: WACO })) }],
    ['a latitude of 95', { start: { latitude: 95, longitude: 0 }, stops: [{ id: 'a', type: 'pickup', location: WACO }] }],
    ['a speed of 1000 km/h', { start: DALLAS, averageSpeedKmh: 1_000, stops: [{ id: 'a', type: 'pickup', location: WACO }] }],
  ])('refuses %s with BAD_USER_INPUT', async ([_case, input], { expect }) => {
    expect(codes(await h.run(truckingTenant(), OPTIMIZE, { input }))).toEqual(['BAD_USER_INPUT']);
  });

  it("answers NOT_FOUND for another tenant's load; a driver may optimise, a viewer may not (FORBIDDEN)", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const load = await fx.load(owner);
    expect(codes(await h.run(intruder, OPTIMIZE, { input: { loadId: load.id } }))).toEqual(['NOT_FOUND']);
    expect((await h.run(sameTenantAs(owner, ['driver']), OPTIMIZE, { input: { loadId: load.id } })).errors).toBeUndefined();
    expect(codes(await h.run(sameTenantAs(owner, ['viewer']), OPTIMIZE, { input: { loadId: load.id } }))).toEqual(['FORBIDDEN']);
  });

  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with routeOptimization switched off', truckingTenant({ flags: { routeOptimization: false } })],
  ])('is FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    expect(codes(await h.run(tenant, OPTIMIZE, { input: { start: DALLAS, stops: [{ id: 'a', type: 'pickup', location: WACO }] } }))).toEqual(['FEATURE_DISABLED']);
  });
});
