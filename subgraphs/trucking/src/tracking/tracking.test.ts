import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-tracking');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const T0 = Date.parse('2025-06-16T12:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const RECORD = `mutation ($input: RecordDriverLocationInput!) {
  recordDriverLocation(input: $input) { id driver { id } latitude longitude recordedAt receivedAt speedKmh headingDegrees accuracyMeters }
}`;
const POSITIONS = `query ($filter: DriverPositionFilter, $from: String!, $to: String!, $first: Int, $after: String) {
  driverLocations(filter: $filter) {
    totalCount
    edges { node {
      driver { id lastLocation { id recordedAt } }
      latest { id latitude longitude recordedAt }
      track(from: $from, to: $to, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id recordedAt latitude } }
      }
    } }
  }
}`;

interface Ping {
  id: string;
  driver: { id: string };
  latitude: number;
  longitude: number;
  recordedAt: string;
  receivedAt: string;
}
interface Position {
  driver: { id: string; lastLocation: { id: string; recordedAt: string } | null };
  latest: { id: string; latitude: number; longitude: number; recordedAt: string };
  track: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; recordedAt: string; latitude: number } }[] };
}

const ping = (driverId: string | undefined, minutes: number, latitude = 32.7 + minutes / 1_000, longitude = -96.8) => ({
  ...(driverId && { driverId }),
  latitude,
  longitude,
  recordedAt: at(minutes),
  speedKmh: 95.5,
  headingDegrees: 180,
  accuracyMeters: 6,
});

async function record(tenant: TenantContext, input: Record<string, unknown>): Promise<Ping> {
  return (await fx.ok<{ recordDriverLocation: Ping }>(tenant, RECORD, { input })).recordDriverLocation;
}

async function positions(tenant: TenantContext, vars: Record<string, unknown> = {}): Promise<{ totalCount: number; nodes: Position[] }> {
  const result = await h.run<{ driverLocations: { totalCount: number; edges: { node: Position }[] } }>(tenant, POSITIONS, { from: at(-1_000), to: at(1_000), ...vars });
  expect(result.errors).toBeUndefined();
  return { totalCount: result.data!.driverLocations.totalCount, nodes: result.data!.driverLocations.edges.map((e) => e.node) };
}

/** A tenant frozen at T0 with a dispatcher and one driver profile (whose user is returned too). */
async function setup() {
  const tenant = truckingTenant();
  h.clock(tenant).set(new Date(T0));
  const userId = new mongoose.Types.ObjectId().toHexString();
  const driver = await fx.driver(tenant, { userId });
  return { tenant, dispatcher: sameTenantAs(tenant, ['dispatcher']), driverUser: sameTenantAs(tenant, ['driver'], userId), driver: driver.id };
}

const storedPings = (tenant: TenantContext) => h.models.DriverLocation.countDocuments(tenantScope(tenant));

describe.concurrent('recordDriverLocation', () => {
  it('a dispatcher records for a driver; the ping becomes the latest position', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const stored = await record(dispatcher, ping(driver, -5));
    expect(stored).toMatchObject({ driver: { id: driver }, latitude: 32.695, longitude: -96.8, recordedAt: at(-5), receivedAt: at(0) });
    const { nodes } = await positions(tenant);
    expect(nodes).toEqual([
      {
        driver: { id: driver, lastLocation: { id: stored.id, recordedAt: at(-5) } },
        latest: { id: stored.id, latitude: 32.695, longitude: -96.8, recordedAt: at(-5) },
        track: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
          edges: [{ node: { id: stored.id, recordedAt: at(-5), latitude: 32.695 } }],
        },
      },
    ]);
  });

  it("a driver's own device records for their profile without naming it, and only for it", async ({ expect }) => {
    const { tenant, driverUser, driver } = await setup();
    const other = await fx.driver(tenant);
    expect((await record(driverUser, ping(undefined, -1))).driver.id).toBe(driver);
    expect((await record(driverUser, ping(driver, -2))).driver.id).toBe(driver);
    const forOther = await h.run(driverUser, RECORD, { input: ping(other.id, -1) });
    expect(codes(forOther)).toEqual(['FORBIDDEN']);
    // A dispatcher without a profile of their own must name the driver.
    expect(codes(await h.run(sameTenantAs(tenant, ['dispatcher']), RECORD, { input: ping(undefined, -1) }))).toEqual(['BAD_USER_INPUT']);
    expect(await storedPings(tenant)).toBe(2);
  });

  it('stores a repeated reading once and answers with the stored ping', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const first = await record(dispatcher, ping(driver, -3));
    const again = await record(dispatcher, ping(driver, -3));
    const retried = await Promise.all([...Array(4)].map(() => record(dispatcher, ping(driver, -3))));
    expect(new Set([first.id, again.id, ...retried.map((p) => p.id)])).toEqual(new Set([first.id]));
    expect(await storedPings(tenant)).toBe(1);
  });

  it('keeps an older ping that arrives late in the track without making it the latest', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const newest = await record(dispatcher, ping(driver, -1));
    const late = await record(dispatcher, ping(driver, -30));
    const middle = await record(dispatcher, ping(driver, -10));
    const [position] = (await positions(tenant)).nodes;
    expect(position?.latest.id).toBe(newest.id);
    expect(position?.track.edges.map((e) => e.node.id)).toEqual([late.id, middle.id, newest.id]);
  });

  it('of concurrent pings, the one recorded last in time is the latest whatever order they land in', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const minutes = [-9, -2, -7, -1, -5, -8, -3, -6, -4, -10];
    const pings = await Promise.all(minutes.map((m) => record(dispatcher, ping(driver, m))));
    const [position] = (await positions(tenant)).nodes;
    expect(position?.latest.id).toBe(pings[minutes.indexOf(-1)]!.id);
    expect(position?.track.totalCount).toBe(10);
  });

  const operator = JSON.parse('{"$gt": 0}') as unknown;
  it.for<[string, Record<string, unknown>]>([
    ['a latitude of 90.5', { latitude: 90.5 }],
    ['a latitude of -91', { latitude: -91 }],
    ['a longitude of 180.01', { longitude: 180.01 }],
    ['a longitude of -200', { longitude: -200 }],
    ['(0, 0)', { latitude: 0, longitude: 0 }],
    ['a reading 10 minutes in the future', { recordedAt: at(10) }],
    ['a reading older than the retention period', { recordedAt: new Date(T0 - 91 * DAY).toISOString() }],
    ['a reading without a time zone', { recordedAt: '2025-06-16T11:00:00' }],
    ['a negative speed', { speedKmh: -1 }],
    ['a heading of 360', { headingDegrees: 360 }],
    ['a malformed driver id', { driverId: 'driver-1' }],
    ['an operator object as driver id', { driverId: operator }],
  ])('refuses %s with BAD_USER_INPUT and stores nothing', async ([_case, overrides], { expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const result = await h.run(dispatcher, RECORD, { input: { ...ping(driver, -1), ...overrides } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await storedPings(tenant)).toBe(0);
  });

  it('accepts a device clock up to 5 minutes ahead', async ({ expect }) => {
    const { dispatcher, driver } = await setup();
    expect((await record(dispatcher, ping(driver, 4))).recordedAt).toBe(at(4));
  });
});

describe.concurrent('retention (frozen clock)', () => {
  it("a ping deletes that driver's pings older than the retention period; other drivers' wait for their own", async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const other = await fx.driver(tenant);
    await record(dispatcher, ping(driver, -120));
    await record(dispatcher, ping(driver, -60));
    await record(dispatcher, ping(other.id, -120));
    // 90 days and a half later the first two are past retention.
    h.clock(tenant).set(new Date(T0 + 90.5 * DAY));
    await record(dispatcher, { ...ping(driver, 0), recordedAt: new Date(T0 + 90.5 * DAY - 60_000).toISOString() });
    const left = await h.models.DriverLocation.find(tenantScope(tenant)).lean();
    expect(left.map((p) => [String(p.driver), p.recordedAt.toISOString()]).sort()).toEqual(
      [
        [driver, new Date(T0 + 90.5 * DAY - 60_000).toISOString()],
        [other.id, at(-120)],
      ].sort(),
    );
  });

  it('never serves what is past retention, even before a write prunes it', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    await record(dispatcher, ping(driver, 0));
    h.clock(tenant).set(new Date(T0 + 89 * DAY));
    expect((await positions(tenant)).totalCount).toBe(1);
    const lastLocation = `query ($id: ID!) { driver(id: $id) { lastLocation { id } } }`;
    expect((await h.run<{ driver: { lastLocation: unknown } }>(tenant, lastLocation, { id: driver })).data?.driver.lastLocation).not.toBeNull();
    h.clock(tenant).set(new Date(T0 + 91 * DAY));
    expect((await positions(tenant)).totalCount).toBe(0);
    expect((await h.run<{ driver: { lastLocation: unknown } }>(tenant, lastLocation, { id: driver })).data?.driver.lastLocation).toBeNull();
    expect(await storedPings(tenant)).toBe(1);
  });

  it('thins pings of one driver closer together than tracking.locationIntervalSeconds: acknowledged, not stored', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const seconds = (s: number) => ({ ...ping(driver, 0), recordedAt: new Date(T0 - 600_000 + s * 1000).toISOString() });
    const first = await record(dispatcher, seconds(0));
    const soon = await record(dispatcher, seconds(30)); // default interval: 60 s
    expect(soon.id).toBe(first.id);
    expect(await storedPings(tenant)).toBe(1);
    expect((await record(dispatcher, seconds(60))).id).not.toBe(first.id);
    expect(await storedPings(tenant)).toBe(2);

    const everyTen = { ...dispatcher, settings: { 'tracking.locationIntervalSeconds': 10 } };
    const kept = await record(everyTen, seconds(90));
    expect(kept.recordedAt).toBe(seconds(90).recordedAt);
    expect(await storedPings(tenant)).toBe(3);
    expect((await record(everyTen, seconds(95))).id).toBe(kept.id);
    expect(await storedPings(tenant)).toBe(3);
  });

  it("trackingSettings gives a driver's app and readers the tenant's interval and retention", async ({ expect }) => {
    const { dispatcher, driverUser } = await setup();
    const QUERY = '{ trackingSettings { locationIntervalSeconds retentionDays } }';
    expect((await fx.ok<{ trackingSettings: unknown }>(driverUser, QUERY)).trackingSettings).toEqual({ locationIntervalSeconds: 60, retentionDays: 90 });
    const configured = { ...sameTenantAs(dispatcher, ['viewer']), settings: { 'tracking.locationIntervalSeconds': 15, 'tracking.retentionDays': 30 } };
    expect((await fx.ok<{ trackingSettings: unknown }>(configured, QUERY)).trackingSettings).toEqual({ locationIntervalSeconds: 15, retentionDays: 30 });
  });

  it('the retention period is a setting of the tenant', async ({ expect }) => {
    const seven = { 'tracking.retentionDays': 7 };
    const { tenant: owner, dispatcher: anyDispatcher, driver } = await setup();
    const [tenant, dispatcher] = [
      { ...owner, settings: seven },
      { ...anyDispatcher, settings: seven },
    ];
    const result = await h.run(dispatcher, RECORD, { input: { ...ping(driver, 0), recordedAt: new Date(T0 - 8 * DAY).toISOString() } });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    await record(dispatcher, { ...ping(driver, 0), recordedAt: new Date(T0 - 6 * DAY).toISOString() });
    h.clock(tenant).set(new Date(T0 + 2 * DAY));
    expect((await positions(tenant)).totalCount).toBe(0);
  });
});

describe.concurrent('driverLocations', () => {
  it("pages a driver's track in time order within the range", async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    for (const m of [-50, -40, -30, -20, -10]) await record(dispatcher, ping(driver, m));
    const page1 = (await positions(tenant, { from: at(-45), to: at(-5), first: 2 })).nodes[0]!.track;
    expect(page1.totalCount).toBe(4);
    expect(page1.edges.map((e) => e.node.recordedAt)).toEqual([at(-40), at(-30)]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await positions(tenant, { from: at(-45), to: at(-5), first: 2, after: page1.pageInfo.endCursor })).nodes[0]!.track;
    expect(page2.edges.map((e) => e.node.recordedAt)).toEqual([at(-20), at(-10)]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const bad = await h.run(tenant, POSITIONS, { from: at(0), to: at(-10) });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('lists the latest position of each driver, filtered by driver', async ({ expect }) => {
    const { tenant, dispatcher, driver } = await setup();
    const [second, silent] = await Promise.all([fx.driver(tenant), fx.driver(tenant)]);
    await record(dispatcher, ping(driver, -5));
    await record(dispatcher, ping(second.id, -6));
    const all = await positions(tenant);
    expect(all.nodes.map((n) => n.driver.id).sort()).toEqual([driver, second.id].sort());
    expect(all.nodes.some((n) => n.driver.id === silent.id)).toBe(false);
    const one = await positions(tenant, { filter: { driverIds: [second.id] } });
    expect(one.nodes.map((n) => n.driver.id)).toEqual([second.id]);
  });

  it('a viewer reads positions but cannot record; a driver records but cannot read them (FORBIDDEN)', async ({ expect }) => {
    const { tenant, driverUser, driver } = await setup();
    const viewer = sameTenantAs(tenant, ['viewer']);
    expect(codes(await h.run(viewer, RECORD, { input: ping(driver, -1) }))).toEqual(['FORBIDDEN']);
    expect((await h.run(viewer, POSITIONS, { from: at(-1), to: at(0) })).errors).toBeUndefined();
    expect(codes(await h.run(driverUser, POSITIONS, { from: at(-1), to: at(0) }))).toEqual(['FORBIDDEN']);
  });
});

describe.concurrent('access', () => {
  it("another tenant's driver: recording is NOT_FOUND, filtering shows nothing, nothing is stored", async ({ expect }) => {
    const owner = await setup();
    const intruder = truckingTenant();
    h.clock(intruder).set(new Date(T0));
    await record(owner.dispatcher, ping(owner.driver, -5));
    const before = await h.models.Driver.findOne({ _id: new mongoose.Types.ObjectId(owner.driver), ...tenantScope(owner.tenant) }).lean();
    expect(codes(await h.run(intruder, RECORD, { input: ping(owner.driver, -1) }))).toEqual(['NOT_FOUND']);
    expect((await positions(intruder, { filter: { driverIds: [owner.driver] } })).totalCount).toBe(0);
    expect(await h.models.Driver.findOne({ _id: new mongoose.Types.ObjectId(owner.driver), ...tenantScope(owner.tenant) }).lean()).toEqual(before);
    expect(await storedPings(owner.tenant)).toBe(1);
    expect(await storedPings(intruder)).toBe(0);
  });

  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with driverTracking switched off', truckingTenant({ flags: { driverTracking: false } })],
  ])('refuses tracking with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    expect(codes(await h.run(tenant, RECORD, { input: ping(id, -1) }))).toEqual(['FEATURE_DISABLED']);
    expect(codes(await h.run(tenant, POSITIONS, { from: at(-1), to: at(0) }))).toEqual(['FEATURE_DISABLED']);
  });
});
