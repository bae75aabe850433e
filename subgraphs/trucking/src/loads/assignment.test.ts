import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import {
  claimHolder,
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
import { type LoadStatus } from './loads.model';

// assignLoad (claims, conflicts, license expiry), stop events, and what drivers may do. Its own
// database: FerretDB scans whole collections for sorted queries, so test files keep theirs small.
let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-assignment');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const GET = `query ($id: ID!) { load(id: $id) { ${LOAD_FIELDS} } }`;
const CREATE = `mutation ($input: CreateLoadInput!) { createLoad(input: $input) { ${LOAD_FIELDS} } }`;
const STOP_EVENT = `mutation ($id: ID!, $stop: ID!, $event: StopEvent!, $at: String) { recordStopEvent(id: $id, stopId: $stop, event: $event, at: $at) { ${LOAD_FIELDS} } }`;
const stored = (tenant: TenantContext, id: string) => storedLoad(h, tenant, id);
const claimOf = (tenant: TenantContext, model: 'Driver' | 'Vehicle' | 'Trailer', id: string) => claimHolder(h, tenant, model, id);
const loadIn = (tenant: TenantContext, status: LoadStatus) => fx.loadIn(tenant, status);

describe.concurrent('assignLoad', () => {
  it('assigns driver, vehicle and trailer, and each shows the load as its current one', async ({ expect }) => {
    const tenant = truckingTenant();
    const [load, driver, vehicle, trailer] = await Promise.all([fx.load(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.trailer(tenant)]);
    const result = await fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id);
    expect(result.errors).toBeUndefined();
    expect(result.data?.assignLoad).toMatchObject({ status: 'assigned', driver: { id: driver.id }, vehicle: { id: vehicle.id }, trailer: { id: trailer.id } });
    const views = await h.run<{ driver: { currentLoad: { id: string } }; vehicle: { currentLoad: { id: string } } }>(
      tenant,
      `query ($d: ID!, $v: ID!) { driver(id: $d) { currentLoad { id } } vehicle(id: $v) { currentLoad { id } } }`,
      { d: driver.id, v: vehicle.id },
    );
    expect(views.data).toEqual({ driver: { currentLoad: { id: load.id } }, vehicle: { currentLoad: { id: load.id } } });
    expect(await claimOf(tenant, 'Trailer', trailer.id)).toBe(load.id);
  });

  it('refuses a driver on another active load (CONFLICT), holding nothing it took', async ({ expect }) => {
    const tenant = truckingTenant();
    const busy = await fx.assignedLoad(tenant);
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    const result = await fx.assign(tenant, load.id, busy.driver, vehicle.id);
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ reason: 'DRIVER_UNAVAILABLE', loadId: busy.load.id });
    expect((await stored(tenant, load.id))?.status).toBe('tendered');
    expect(await claimOf(tenant, 'Driver', busy.driver)).toBe(busy.load.id);
    expect(await claimOf(tenant, 'Vehicle', vehicle.id)).toBeNull();
  });

  it('refuses a vehicle on another active load (CONFLICT) and gives the driver it claimed back', async ({ expect }) => {
    const tenant = truckingTenant();
    const busy = await fx.assignedLoad(tenant);
    const [load, driver] = await Promise.all([fx.load(tenant), fx.driver(tenant)]);
    const result = await fx.assign(tenant, load.id, driver.id, busy.vehicle);
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.extensions?.['reason']).toBe('VEHICLE_UNAVAILABLE');
    expect(await claimOf(tenant, 'Driver', driver.id)).toBeNull();
    expect(await claimOf(tenant, 'Vehicle', busy.vehicle)).toBe(busy.load.id);
  });

  it('refuses a trailer on another active load (CONFLICT)', async ({ expect }) => {
    const tenant = truckingTenant();
    const trailer = await fx.trailer(tenant);
    const [first, second] = await Promise.all([fx.load(tenant), fx.load(tenant)]);
    const [d1, d2, v1, v2] = await Promise.all([fx.driver(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.vehicle(tenant)]);
    expect((await fx.assign(tenant, first.id, d1.id, v1.id, trailer.id)).errors).toBeUndefined();
    const result = await fx.assign(tenant, second.id, d2.id, v2.id, trailer.id);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'TRAILER_UNAVAILABLE' });
    expect([await claimOf(tenant, 'Driver', d2.id), await claimOf(tenant, 'Vehicle', v2.id)]).toEqual([null, null]);
  });

  it('of five concurrent assignments of one driver, exactly one succeeds', async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    const loads = await Promise.all([...Array(5)].map(() => fx.load(tenant)));
    const vehicles = await Promise.all(loads.map(() => fx.vehicle(tenant)));
    const results = await Promise.all(loads.map((load, i) => fx.assign(tenant, load.id, driver.id, vehicles[i]!.id)));
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => codes(r)?.[0] === 'CONFLICT')).toHaveLength(4);
    const winner = winners[0]!.data!.assignLoad;
    expect(await claimOf(tenant, 'Driver', driver.id)).toBe(winner.id);
    const assigned = await h.models.Load.countDocuments({ ...tenantScope(tenant), status: 'assigned' });
    expect(assigned).toBe(1);
    // The losers' vehicles were given back.
    const held = await Promise.all(vehicles.map((v) => claimOf(tenant, 'Vehicle', v.id)));
    expect(held.filter(Boolean)).toEqual([winner.id]);
  });

  it.for(['delivered', 'cancelled'] as const)('a %s load frees its driver and vehicle for the next load', async (end, { expect }) => {
    const tenant = truckingTenant();
    const { load, driver, vehicle } = await fx.assignedLoad(tenant);
    if (end === 'delivered') expect((await fx.status(tenant, load.id, 'in_transit')).errors).toBeUndefined();
    expect((await fx.status(tenant, load.id, end)).errors).toBeUndefined();
    expect([await claimOf(tenant, 'Driver', driver), await claimOf(tenant, 'Vehicle', vehicle)]).toEqual([null, null]);
    const next = await fx.load(tenant);
    const result = await fx.assign(tenant, next.id, driver, vehicle);
    expect(result.errors).toBeUndefined();
    expect(await claimOf(tenant, 'Driver', driver)).toBe(next.id);
  });

  it('reassigns an assigned load: the new driver is claimed, the old one freed', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver: first, vehicle } = await fx.assignedLoad(tenant);
    const second = await fx.driver(tenant);
    const result = await fx.assign(tenant, load.id, second.id, vehicle);
    expect(result.errors).toBeUndefined();
    expect(result.data?.assignLoad).toMatchObject({ status: 'assigned', driver: { id: second.id }, vehicle: { id: vehicle } });
    expect(await claimOf(tenant, 'Driver', first)).toBeNull();
    expect(await claimOf(tenant, 'Driver', second.id)).toBe(load.id);
    expect(await claimOf(tenant, 'Vehicle', vehicle)).toBe(load.id);
  });

  it('assigning again to the same driver and vehicle changes nothing (a retried request)', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver, vehicle } = await fx.assignedLoad(tenant);
    const before = await stored(tenant, load.id);
    const again = await fx.assign(tenant, load.id, driver, vehicle);
    expect(again.errors).toBeUndefined();
    expect(again.data?.assignLoad.statusHistory.map((c) => c.status)).toEqual(['tendered', 'assigned']);
    expect(await stored(tenant, load.id)).toEqual(before);
  });

  it('takes over a stale claim left by a load that is no longer active', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load: old, driver } = await loadIn(tenant, 'delivered');
    // A crash between the status update and the release would leave this behind.
    await h.models.Driver.updateOne({ _id: new mongoose.Types.ObjectId(driver), ...tenantScope(tenant) }, { $set: { activeLoad: new mongoose.Types.ObjectId(old.id) } });
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    const result = await fx.assign(tenant, load.id, driver!, vehicle.id);
    expect(result.errors).toBeUndefined();
    expect(await claimOf(tenant, 'Driver', driver!)).toBe(load.id);
  });

  it.for<
    [string, (tenant: TenantContext) => Promise<{ driver?: Record<string, unknown>; vehicle?: Record<string, unknown>; trailer?: Record<string, unknown> }>, string]
  >([
    ['a driver on leave', async () => ({ driver: { status: 'on_leave' } }), 'DRIVER_NOT_ACTIVE'],
    ['a vehicle in the shop', async () => ({ vehicle: { status: 'in_shop' } }), 'VEHICLE_NOT_ACTIVE'],
    ['a retired vehicle', async () => ({ vehicle: { status: 'retired' } }), 'VEHICLE_NOT_ACTIVE'],
    ['an out-of-service trailer', async () => ({ trailer: { status: 'out_of_service' } }), 'TRAILER_NOT_ACTIVE'],
  ])('refuses %s with CONFLICT', async ([_case, setup, reason], { expect }) => {
    const tenant = truckingTenant();
    const overrides = await setup(tenant);
    const [load, driver, vehicle, trailer] = await Promise.all([
      fx.load(tenant),
      fx.driver(tenant, overrides.driver),
      fx.vehicle(tenant, overrides.vehicle),
      fx.trailer(tenant, overrides.trailer),
    ]);
    const result = await fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason });
    expect((await stored(tenant, load.id))?.status).toBe('tendered');
    expect([await claimOf(tenant, 'Driver', driver.id), await claimOf(tenant, 'Vehicle', vehicle.id)]).toEqual([null, null]);
  });
});

describe.concurrent('license expiry (frozen clock)', () => {
  // The load's windows end 2025-06-17T00:00Z; the clock says 2025-06-16 15:00Z.
  const NOW = '2025-06-16T15:00:00Z';

  it.for<[string, string, string | null]>([
    ['expired yesterday', '2025-06-15', 'LICENSE_EXPIRED'],
    ['expired a year ago', '2024-06-16', 'LICENSE_EXPIRED'],
    ['expiring today, before the last window closes tomorrow 00:00', '2025-06-16', 'LICENSE_EXPIRES_BEFORE_DELIVERY'],
    ['valid through the delivery day', '2025-06-17', null],
    ['valid for years', '2030-01-31', null],
  ])('a license %s: %s → %s', async ([_case, expiresOn, reason], { expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set(NOW);
    const [load, driver, vehicle] = await Promise.all([fx.load(tenant), fx.driver(tenant, { licenseExpiresOn: expiresOn }), fx.vehicle(tenant)]);
    const shown = await h.run<{ driver: { licenseExpired: boolean } }>(tenant, 'query ($id: ID!) { driver(id: $id) { licenseExpired } }', { id: driver.id });
    expect(shown.data?.driver.licenseExpired).toBe(reason === 'LICENSE_EXPIRED');
    const result = await fx.assign(tenant, load.id, driver.id, vehicle.id);
    if (reason) {
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason });
      expect((await stored(tenant, load.id))?.status).toBe('tendered');
    } else {
      expect(result.errors).toBeUndefined();
    }
  });

  it('a license turns expired at midnight UTC after its last day', async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant, { licenseExpiresOn: '2025-06-16' });
    const expired = async (at: string) => {
      h.clock(tenant).set(at);
      const result = await h.run<{ driver: { licenseExpired: boolean } }>(tenant, 'query ($id: ID!) { driver(id: $id) { licenseExpired } }', { id: driver.id });
      return result.data?.driver.licenseExpired;
    };
    expect(await expired('2025-06-16T23:59:59.999Z')).toBe(false);
    expect(await expired('2025-06-17T00:00:00.000Z')).toBe(true);
  });
});

describe.concurrent('stops', () => {
  it('records arrival then departure at each stop, once each', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set('2025-06-16T20:00:00Z');
    const { load } = await fx.assignedLoad(tenant);
    const [pickup] = load.stops;
    const arrive = await h.run<{ recordStopEvent: LoadView }>(tenant, STOP_EVENT, { id: load.id, stop: pickup!.id, event: 'arrived', at: '2025-06-16T14:30:00Z' });
    expect(arrive.errors).toBeUndefined();
    expect(arrive.data?.recordStopEvent.stops[0]).toMatchObject({ arrivedAt: '2025-06-16T14:30:00.000Z', departedAt: null });
    const depart = await h.run<{ recordStopEvent: LoadView }>(tenant, STOP_EVENT, { id: load.id, stop: pickup!.id, event: 'departed' });
    expect(depart.data?.recordStopEvent.stops[0]).toMatchObject({ arrivedAt: '2025-06-16T14:30:00.000Z', departedAt: '2025-06-16T20:00:00.000Z' });
    expect(depart.data?.recordStopEvent.stops[1]).toMatchObject({ arrivedAt: null, departedAt: null });

    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: pickup!.id, event: 'arrived' }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: pickup!.id, event: 'departed' }))).toEqual(['CONFLICT']);
  });

  it('refuses a departure before the arrival is recorded (CONFLICT) or earlier than it (BAD_USER_INPUT), and times in the future', async ({ expect }) => {
    const tenant = truckingTenant();
    h.clock(tenant).set('2025-06-16T20:00:00Z');
    const { load } = await fx.assignedLoad(tenant);
    const delivery = load.stops[1]!.id;
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: delivery, event: 'departed' }))).toEqual(['CONFLICT']);
    await h.run(tenant, STOP_EVENT, { id: load.id, stop: delivery, event: 'arrived', at: '2025-06-16T19:00:00Z' });
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: delivery, event: 'departed', at: '2025-06-16T18:59:00Z' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: load.stops[0]!.id, event: 'arrived', at: '2025-06-16T21:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('records stop times only on assigned or in-transit loads; an unknown stop is NOT_FOUND', async ({ expect }) => {
    const tenant = truckingTenant();
    const tendered = await fx.load(tenant);
    expect(codes(await h.run(tenant, STOP_EVENT, { id: tendered.id, stop: tendered.stops[0]!.id, event: 'arrived' }))).toEqual(['CONFLICT']);
    const { load } = await fx.assignedLoad(tenant);
    const unknown = new mongoose.Types.ObjectId().toHexString();
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: unknown, event: 'arrived' }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, STOP_EVENT, { id: load.id, stop: tendered.stops[0]!.id, event: 'arrived' }))).toEqual(['NOT_FOUND']);
  });

  it('stores one arrival when two are recorded at once', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.assignedLoad(tenant);
    const stop = load.stops[0]!.id;
    const results = await Promise.all([
      h.run(tenant, STOP_EVENT, { id: load.id, stop, event: 'arrived', at: '2025-06-16T14:00:00Z' }),
      h.run(tenant, STOP_EVENT, { id: load.id, stop, event: 'arrived', at: '2025-06-16T14:05:00Z' }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const arrivedAt = (await stored(tenant, load.id))?.stops[0]?.arrivedAt?.toISOString();
    expect(['2025-06-16T14:00:00.000Z', '2025-06-16T14:05:00.000Z']).toContain(arrivedAt);
  });
});

describe.concurrent('who may do what', () => {
  it('a viewer reads loads but cannot create, assign or move them (FORBIDDEN)', async ({ expect }) => {
    const tenant = truckingTenant();
    const viewer = sameTenantAs(tenant, ['viewer']);
    const { load, driver, vehicle } = await fx.assignedLoad(tenant);
    expect((await h.run(viewer, GET, { id: load.id })).errors).toBeUndefined();
    expect(
      codes(await h.run(viewer, CREATE, { input: { referenceNumber: 'V', customerReference: 'c', weightLbs: 1, rateCents: 1, stops: [DALLAS_STOP, HOUSTON_STOP] } })),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await fx.assign(viewer, load.id, driver, vehicle))).toEqual(['FORBIDDEN']);
    expect(codes(await fx.status(viewer, load.id, 'in_transit'))).toEqual(['FORBIDDEN']);
  });

  it('a driver moves only their own load, and only to in_transit or delivered', async ({ expect }) => {
    const tenant = truckingTenant();
    const userId = new mongoose.Types.ObjectId().toHexString();
    const own = await fx.driver(tenant, { userId });
    const driverUser = sameTenantAs(tenant, ['driver'], userId);
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    expect((await fx.assign(tenant, load.id, own.id, vehicle.id)).errors).toBeUndefined();
    const other = await fx.assignedLoad(tenant);

    expect(codes(await fx.status(driverUser, other.load.id, 'in_transit'))).toEqual(['FORBIDDEN']);
    expect(codes(await fx.status(driverUser, load.id, 'cancelled'))).toEqual(['FORBIDDEN']);
    expect((await fx.status(driverUser, load.id, 'in_transit')).data?.updateLoadStatus.status).toBe('in_transit');
    expect((await h.run(driverUser, STOP_EVENT, { id: load.id, stop: load.stops[0]!.id, event: 'arrived' })).errors).toBeUndefined();
    expect(codes(await h.run(driverUser, STOP_EVENT, { id: other.load.id, stop: other.load.stops[0]!.id, event: 'arrived' }))).toEqual(['FORBIDDEN']);
    expect((await fx.status(driverUser, load.id, 'delivered')).data?.updateLoadStatus.status).toBe('delivered');
    expect(codes(await fx.status(driverUser, load.id, 'invoiced'))).toEqual(['FORBIDDEN']);
  });
});

describe.concurrent('dispatch.maxLoadsPerDriver', () => {
  const withMax = (max: number) => truckingTenant({ settings: { 'dispatch.maxLoadsPerDriver': max } });
  const slotsOf = async (tenant: TenantContext, driver: string) =>
    ((await h.models.Driver.findOne({ ...tenantScope(tenant), _id: new mongoose.Types.ObjectId(driver) }).lean())?.activeLoads ?? []).map(String);
  /** `count` tendered loads, each with a vehicle of its own. */
  const loadsWithVehicles = (tenant: TenantContext, count: number) =>
    Promise.all([...Array(count)].map(async () => ({ load: await fx.load(tenant), vehicle: await fx.vehicle(tenant) })));

  it('lets a driver hold that many active loads and refuses one more (CONFLICT MAX_LOADS_PER_DRIVER); a finished load frees a slot', async ({ expect }) => {
    const tenant = withMax(3);
    const driver = await fx.driver(tenant);
    const work = await loadsWithVehicles(tenant, 4);
    for (const { load, vehicle } of work.slice(0, 3)) expect((await fx.assign(tenant, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
    const refused = await fx.assign(tenant, work[3]!.load.id, driver.id, work[3]!.vehicle.id);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'MAX_LOADS_PER_DRIVER', max: 3 });
    expect(refused.errors?.[0]?.message).toMatch(/already has 3 active loads .*most this company allows per driver is 3/);
    expect(await claimOf(tenant, 'Vehicle', work[3]!.vehicle.id)).toBeNull();
    expect((await stored(tenant, work[3]!.load.id))?.status).toBe('tendered');
    expect(await slotsOf(tenant, driver.id)).toEqual(work.slice(0, 3).map((w) => w.load.id));

    expect((await fx.status(tenant, work[0]!.load.id, 'cancelled')).errors).toBeUndefined();
    expect((await fx.assign(tenant, work[3]!.load.id, driver.id, work[3]!.vehicle.id)).errors).toBeUndefined();
    expect((await slotsOf(tenant, driver.id)).sort()).toEqual(
      work
        .slice(1)
        .map((w) => w.load.id)
        .sort(),
    );
  });

  it('of ten concurrent assignments of one driver with a max of 3, exactly three succeed', async ({ expect }) => {
    const tenant = withMax(3);
    const driver = await fx.driver(tenant);
    const work = await loadsWithVehicles(tenant, 10);
    const results = await Promise.all(work.map(({ load, vehicle }) => fx.assign(tenant, load.id, driver.id, vehicle.id)));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => codes(r)?.[0] === 'CONFLICT')).toHaveLength(7);
    expect(await slotsOf(tenant, driver.id)).toHaveLength(3);
    expect(await h.models.Load.countDocuments({ ...tenantScope(tenant), driver: new mongoose.Types.ObjectId(driver.id), status: 'assigned' })).toBe(3);
    // The losers gave their vehicles back.
    expect((await Promise.all(work.map((w) => claimOf(tenant, 'Vehicle', w.vehicle.id)))).filter(Boolean)).toHaveLength(3);
  });

  it('a max lowered below what a driver holds refuses the next load until the driver is under it', async ({ expect }) => {
    const generous = withMax(2);
    const driver = await fx.driver(generous);
    const work = await loadsWithVehicles(generous, 3);
    for (const { load, vehicle } of work.slice(0, 2)) expect((await fx.assign(generous, load.id, driver.id, vehicle.id)).errors).toBeUndefined();
    const strict = { ...generous, settings: { 'dispatch.maxLoadsPerDriver': 1 } };
    const refused = await fx.assign(strict, work[2]!.load.id, driver.id, work[2]!.vehicle.id);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DRIVER_UNAVAILABLE' });
    // A retried assignment of a load the driver already holds is still answered as done.
    expect((await fx.assign(strict, work[0]!.load.id, driver.id, work[0]!.vehicle.id)).errors).toBeUndefined();
  });

  it('a driver stored before slots (one activeLoad, no list) keeps that load counted', async ({ expect }) => {
    const tenant = withMax(2);
    const { load: held, driver } = await fx.assignedLoad(tenant);
    await h.models.Driver.updateOne({ ...tenantScope(tenant), _id: new mongoose.Types.ObjectId(driver) }, { $unset: { activeLoads: 1 } });
    const work = await loadsWithVehicles(tenant, 2);
    expect((await fx.assign(tenant, work[0]!.load.id, driver, work[0]!.vehicle.id)).errors).toBeUndefined();
    expect(await slotsOf(tenant, driver)).toEqual([held.id, work[0]!.load.id]);
    expect((await fx.assign(tenant, work[1]!.load.id, driver, work[1]!.vehicle.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'MAX_LOADS_PER_DRIVER' });
  });

  it("is per tenant: another tenant's higher max does not apply", async ({ expect }) => {
    const generous = withMax(5);
    const other = truckingTenant();
    const [mine, theirs] = [await fx.driver(generous), await fx.driver(other)];
    const [a, b] = [await loadsWithVehicles(generous, 2), await loadsWithVehicles(other, 2)];
    for (const { load, vehicle } of a) expect((await fx.assign(generous, load.id, mine.id, vehicle.id)).errors).toBeUndefined();
    expect((await fx.assign(other, b[0]!.load.id, theirs.id, b[0]!.vehicle.id)).errors).toBeUndefined();
    expect((await fx.assign(other, b[1]!.load.id, theirs.id, b[1]!.vehicle.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'DRIVER_UNAVAILABLE' });
    // And a tenant cannot use another's driver, whatever its max.
    expect(codes(await fx.assign(generous, a[0]!.load.id, theirs.id, a[0]!.vehicle.id))).toEqual(['NOT_FOUND']);
  });
});
