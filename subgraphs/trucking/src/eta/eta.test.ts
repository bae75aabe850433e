import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { greatCircleKm } from '../routes/optimizer';
import {
  codes,
  DALLAS_STOP,
  Fixtures,
  HOUSTON_STOP,
  LOAD_FIELDS,
  sameTenantAs,
  startHarness,
  storedLoad,
  truckingTenant,
  type LoadView,
  type TruckingHarness,
} from '../testing';
import { computeEta, STOP_SERVICE_MS } from './eta.service';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-eta');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const NOW = new Date('2025-06-16T12:00:00Z');
const HOUR = 3_600_000;
const SAVE = `mutation ($id: ID!, $stopIds: [ID!]!) { saveLoadRoute(id: $id, stopIds: $stopIds) { ${LOAD_FIELDS} } }`;
const ETA = `query ($id: ID!) { load(id: $id) { eta { asOf origin averageSpeed distanceUnit late stops { stopId sequence arriveAt departAt distance late lateMinutes } } } }`;
const STOP_EVENT = `mutation ($id: ID!, $stop: ID!, $event: StopEvent!, $at: String) { recordStopEvent(id: $id, stopId: $stop, event: $event, at: $at) { id } }`;

interface Eta {
  origin: string;
  averageSpeed: number;
  distanceUnit: string;
  late: boolean;
  stops: { stopId: string; sequence: number; arriveAt: string; departAt: string; distance: number; late: boolean; lateMinutes: number }[];
}

const DALLAS = { lat: DALLAS_STOP.location.latitude, lng: DALLAS_STOP.location.longitude };
const HOUSTON = { lat: HOUSTON_STOP.location.latitude, lng: HOUSTON_STOP.location.longitude };
/** Austin, a second pickup and delivery for reordering. */
const AUSTIN = { latitude: 30.2672, longitude: -97.7431 };
const SAN_ANTONIO = { latitude: 29.4241, longitude: -98.4936 };

/** A tenant whose clock is NOW. */
function tenantAtNow(overrides: Partial<TenantContext> = {}): TenantContext {
  const tenant = truckingTenant(overrides);
  h.clock(tenant).set(NOW);
  return tenant;
}

/** Places the driver's last position (as tracking keeps it on the profile). */
async function placeDriver(tenant: TenantContext, driver: string, at: { latitude: number; longitude: number }): Promise<void> {
  const lastLocation = { location: new mongoose.Types.ObjectId(), ...at, recordedAt: NOW, receivedAt: NOW, speedKmh: null, headingDegrees: null, accuracyMeters: null };
  await h.models.Driver.updateOne({ _id: new mongoose.Types.ObjectId(driver), ...tenantScope(tenant) }, { $set: { lastLocation } });
}

describe('computeEta', () => {
  const stops = [
    {
      _id: new mongoose.Types.ObjectId(),
      type: 'pickup',
      latitude: DALLAS.lat,
      longitude: DALLAS.lng,
      windowStart: new Date('2025-06-16T14:00:00Z'),
      windowEnd: new Date('2025-06-16T18:00:00Z'),
      arrivedAt: null,
      departedAt: null,
    },
    {
      _id: new mongoose.Types.ObjectId(),
      type: 'delivery',
      latitude: HOUSTON.lat,
      longitude: HOUSTON.lng,
      windowStart: new Date('2025-06-16T16:00:00Z'),
      windowEnd: new Date('2025-06-16T17:00:00Z'),
      arrivedAt: null,
      departedAt: null,
    },
  ] as never;

  it('drives each leg at the average speed from the position, waits for a window, stays 30 minutes, flags a late arrival', () => {
    const eta = computeEta({ stops }, { latitude: DALLAS.lat, longitude: DALLAS.lng }, NOW, { averageSpeed: 50, distanceUnit: 'mi' });
    expect(eta.origin).toBe('driver_position');
    const [pickup, delivery] = eta.stops;
    expect(pickup!.arriveAt).toEqual(NOW);
    // The pickup's window opens at 14:00: wait, then 30 minutes there.
    expect(pickup!.departAt.getTime()).toBe(Date.parse('2025-06-16T14:00:00Z') + STOP_SERVICE_MS);
    const miles = greatCircleKm(DALLAS, HOUSTON) / 1.609344;
    expect(delivery!.distance).toBeCloseTo(miles, 0);
    expect(delivery!.arriveAt.getTime()).toBe(pickup!.departAt.getTime() + Math.round((miles / 50) * HOUR));
    // About 4.5 hours of driving after 14:30: past the delivery window's 17:00 end.
    expect(delivery!.lateMinutes).toBe(Math.ceil((delivery!.arriveAt.getTime() - Date.parse('2025-06-16T17:00:00Z')) / 60_000));
    expect(delivery!.lateMinutes).toBeGreaterThan(0);
  });

  it('reads the speed in the tenant unit: 80 km/h is faster than 80 mph is not', () => {
    const km = computeEta({ stops }, { latitude: DALLAS.lat, longitude: DALLAS.lng }, NOW, { averageSpeed: 80, distanceUnit: 'km' });
    const mi = computeEta({ stops }, { latitude: DALLAS.lat, longitude: DALLAS.lng }, NOW, { averageSpeed: 80, distanceUnit: 'mi' });
    expect(km.stops[1]!.arriveAt.getTime()).toBeGreaterThan(mi.stops[1]!.arriveAt.getTime());
    expect(km.stops[1]!.distance).toBeCloseTo(greatCircleKm(DALLAS, HOUSTON), 0);
  });

  it('without a position starts from the last stop reached, else from the first stop at its window', () => {
    expect(computeEta({ stops }, null, NOW, { averageSpeed: 50, distanceUnit: 'mi' }).origin).toBe('planned');
    expect(computeEta({ stops }, null, NOW, { averageSpeed: 50, distanceUnit: 'mi' }).stops[0]!.arriveAt.toISOString()).toBe('2025-06-16T14:00:00.000Z');
    const arrived = [{ ...(stops as object[])[0], arrivedAt: NOW, departedAt: new Date(NOW.getTime() + HOUR) }, (stops as object[])[1]] as never;
    const eta = computeEta({ stops: arrived }, null, NOW, { averageSpeed: 50, distanceUnit: 'mi' });
    expect(eta.origin).toBe('last_stop');
    expect(eta.stops).toHaveLength(1);
    expect(eta.stops[0]!.sequence).toBe(2);
  });
});

describe('Load.eta', () => {
  it("starts from the driver's last position and follows the tenant's dispatch.averageSpeed and units.distance", async () => {
    const tenant = tenantAtNow();
    const { load, driver } = await fx.assignedLoad(tenant);
    await placeDriver(tenant, driver, { latitude: AUSTIN.latitude, longitude: AUSTIN.longitude });
    const eta = (await fx.ok<{ load: { eta: Eta } }>(tenant, ETA, { id: load.id })).load.eta;
    expect(eta).toMatchObject({ origin: 'driver_position', averageSpeed: 55, distanceUnit: 'mi' });
    expect(eta.stops.map((s) => s.stopId)).toEqual(load.stops.map((s) => s.id));
    const miles = greatCircleKm({ lat: AUSTIN.latitude, lng: AUSTIN.longitude }, DALLAS) / 1.609344;
    expect(Date.parse(eta.stops[0]!.arriveAt)).toBe(NOW.getTime() + Math.round((miles / 55) * HOUR));

    const slower = tenantAtNow({ tenantId: tenant.tenantId, slug: tenant.slug, settings: { 'dispatch.averageSpeed': 20, 'units.distance': 'km' } });
    const kmEta = (await fx.ok<{ load: { eta: Eta } }>(slower, ETA, { id: load.id })).load.eta;
    expect(kmEta).toMatchObject({ averageSpeed: 20, distanceUnit: 'km' });
    expect(Date.parse(kmEta.stops[0]!.arriveAt)).toBeGreaterThan(Date.parse(eta.stops[0]!.arriveAt));
    // At 20 km/h from Austin the pickup (window 14:00–18:00) is missed: the load is late.
    expect(kmEta.late).toBe(true);
    expect(kmEta.stops[0]!.late).toBe(true);
  });

  it('covers only the stops not yet arrived at, and is null once delivered', async () => {
    const tenant = tenantAtNow();
    const { load } = await fx.loadIn(tenant, 'in_transit');
    await fx.ok(tenant, STOP_EVENT, { id: load.id, stop: load.stops[0]!.id, event: 'arrived', at: NOW.toISOString() });
    const eta = (await fx.ok<{ load: { eta: Eta } }>(tenant, ETA, { id: load.id })).load.eta;
    expect(eta.stops.map((s) => s.sequence)).toEqual([2]);
    const delivered = (await fx.loadIn(tenant, 'delivered')).load;
    expect((await fx.ok<{ load: { eta: Eta | null } }>(tenant, ETA, { id: delivered.id })).load.eta).toBeNull();
  });

  it('reads the ETAs of 20 loads with as many database commands as of 1', async () => {
    const tenant = tenantAtNow();
    const commandsFor = async (n: number) => {
      const loads = await Promise.all([...Array(n)].map(() => fx.assignedLoad(tenant)));
      await Promise.all(loads.map(({ driver }) => placeDriver(tenant, driver, AUSTIN)));
      let seen: { eta: Eta }[] = [];
      const counter = await h.commands(async () => {
        seen = (
          await fx.ok<{ loads: { edges: { node: { eta: Eta } }[] } }>(
            tenant,
            `query ($n: Int) { loads(first: $n, filter: { status: [assigned] }) { edges { node { eta { origin stops { arriveAt late } } } } } }`,
            { n },
          )
        ).loads.edges.map((e) => e.node);
      });
      expect(seen.length).toBeGreaterThanOrEqual(n);
      expect(seen.every((load) => load.eta.origin === 'driver_position')).toBe(true);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(20)).toBe(one);
  });
});

describe('saveLoadRoute', () => {
  /** Two pickups (Dallas, Austin) and two deliveries (Houston from Dallas, San Antonio from Austin). */
  async function fourStops(tenant: TenantContext): Promise<LoadView> {
    const load = await fx.load(tenant, {
      stops: [DALLAS_STOP, { ...DALLAS_STOP, name: 'Austin', location: AUSTIN }, HOUSTON_STOP, { ...HOUSTON_STOP, name: 'San Antonio', location: SAN_ANTONIO }],
    });
    // Each delivery names its pickup, so the order between the two pairs may change.
    const [dallas, austin] = load.stops.map((s) => new mongoose.Types.ObjectId(s.id));
    const stored = (await storedLoad(h, tenant, load.id))!;
    stored.stops[2]!.pickupStop = dallas!;
    stored.stops[3]!.pickupStop = austin!;
    await h.models.Load.updateOne({ _id: stored._id, ...tenantScope(tenant) }, { $set: { stops: stored.stops } });
    return load;
  }

  it('saves a new order, and the ETAs follow it', async () => {
    const tenant = tenantAtNow();
    const load = await fourStops(tenant);
    const [dallas, austin, houston, sanAntonio] = load.stops.map((s) => s.id);
    const order = [austin!, sanAntonio!, dallas!, houston!];
    const saved = (await fx.ok<{ saveLoadRoute: LoadView }>(tenant, SAVE, { id: load.id, stopIds: order })).saveLoadRoute;
    expect(saved.stops.map((s) => s.id)).toEqual(order);
    expect(saved.stops.map((s) => s.sequence)).toEqual([1, 2, 3, 4]);
    expect((await fx.ok<{ load: { eta: Eta } }>(tenant, ETA, { id: load.id })).load.eta.stops.map((s) => s.stopId)).toEqual(order);
  });

  it('keeps arrived stops in place and deliveries after their pickups; names every stop once; not after delivery', async () => {
    const tenant = tenantAtNow();
    const load = await fourStops(tenant);
    const [dallas, austin, houston, sanAntonio] = load.stops.map((s) => s.id);
    expect(codes(await h.run(tenant, SAVE, { id: load.id, stopIds: [houston, dallas, austin, sanAntonio] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, SAVE, { id: load.id, stopIds: [dallas, austin, houston] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, SAVE, { id: load.id, stopIds: [dallas, dallas, houston, sanAntonio] }))).toEqual(['BAD_USER_INPUT']);

    const { load: moving } = await fx.loadIn(tenant, 'in_transit');
    await fx.ok(tenant, STOP_EVENT, { id: moving.id, stop: moving.stops[0]!.id, event: 'arrived', at: NOW.toISOString() });
    const swapped = await h.run<never>(tenant, SAVE, { id: moving.id, stopIds: [moving.stops[1]!.id, moving.stops[0]!.id] });
    expect(codes(swapped)).toEqual(['CONFLICT']);
    expect(swapped.errors?.[0]?.extensions?.['reason']).toBe('STOP_ARRIVED');

    const { load: delivered } = await fx.loadIn(tenant, 'delivered');
    expect(codes(await h.run(tenant, SAVE, { id: delivered.id, stopIds: delivered.stops.map((s) => s.id) }))).toEqual(['CONFLICT']);
  });

  it("is NOT_FOUND for another tenant's load, and needs loads:write", async () => {
    const [tenant, other] = [tenantAtNow(), tenantAtNow()];
    const load = await fourStops(tenant);
    const order = [load.stops[1]!.id, load.stops[3]!.id, load.stops[0]!.id, load.stops[2]!.id];
    expect(codes(await h.run(other, SAVE, { id: load.id, stopIds: order }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, ETA, { id: load.id }))).toEqual(['NOT_FOUND']);
    for (const role of ['viewer', 'driver']) expect(codes(await h.run(sameTenantAs(tenant, [role]), SAVE, { id: load.id, stopIds: order }))).toEqual(['FORBIDDEN']);
    expect((await h.run(sameTenantAs(tenant, ['viewer']), ETA, { id: load.id })).errors).toBeUndefined();
    expect((await h.run(sameTenantAs(tenant, ['dispatcher']), SAVE, { id: load.id, stopIds: order })).errors).toBeUndefined();
    expect((await storedLoad(h, tenant, load.id))!.stops.map((s) => s._id.toHexString())).toEqual(order);
  });
});
