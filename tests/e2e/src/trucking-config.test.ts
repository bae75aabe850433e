// Trucking configuration that acts, through the real gateway: the owner changes a key with
// updateTenantConfig and, once the tenant cache has let go of the old value, the behaviour changes —
// the default maintenance intervals, the location interval (read by a driver's app and thinning
// pings), and the weight unit loads are shown in. Another tenant keeps its own values throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

const TTL_MS = 200;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

const pastCacheLifetime = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
const userOf = (tenant: ProvisionedTenant, role: string): string => tenant.users.find((u) => u.roles.includes(role as never))!.id;

async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'owner',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'owner'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

async function configure(tenant: ProvisionedTenant, set: Record<string, unknown>): Promise<void> {
  expect((await as(tenant, Q.updateConfig, { set })).body.errors).toBeUndefined();
  await pastCacheLifetime();
}

const Q = {
  updateConfig: 'mutation ($set: JSON) { updateTenantConfig(set: $set) { overriddenKeys } }',
  createSchedule: `mutation ($input: CreateMaintenanceScheduleInput!) {
    createMaintenanceSchedule(input: $input) { intervalMiles intervalEngineHours intervalDays }
  }`,
  createDriver: 'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
  trackingSettings: '{ trackingSettings { locationIntervalSeconds retentionDays } }',
  ping: 'mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id recordedAt } }',
  track: `query ($ids: [ID!], $from: String!, $to: String!) {
    driverLocations(filter: { driverIds: $ids }) { edges { node { track(from: $from, to: $to) { totalCount } } } }
  }`,
  createLoad: 'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { id } }',
  board: '{ dispatchBoard { reminderLeadDays } }',
  createVehicle: 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
  createAssignedLoad: 'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { status driver { id } vehicle { id } } }',
  loadHours: 'query ($id: ID!) { load(id: $id) { stops { outsideWorkingHours } } }',
  loadWeight: 'query ($id: ID!) { load(id: $id) { weightLbs weight { value unit } } }',
};

let serial = 0;
const schedule = (tenant: ProvisionedTenant, input: Record<string, unknown> = {}) =>
  ok<{ createMaintenanceSchedule: Record<string, unknown> }>(
    tenant,
    Q.createSchedule,
    { input: { name: `PM ${++serial}`, vehicleType: 'tractor', ...input } },
    'dispatcher',
  ).then((data) => data.createMaintenanceSchedule);

let vinSerial = 700_000;
/** A VIN with a valid check digit (ISO 3779), different on every call. */
function vin(): string {
  const values: Record<string, number> = { A: 1, D: 4, F: 6, H: 8, J: 1, N: 5, R: 9, U: 4 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const draft = `1FUJHHDR0NA${String(vinSerial++)}`;
  const sum = [...draft].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : values[char]!) * weights[i]!, 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

/** A short load (Dallas to Fort Worth, an hour from now): within any driver's hours. */
const shortLoad = () => ({
  referenceNumber: `A-${++serial}`,
  customerReference: 'PO 8',
  weightLbs: 20_000,
  rateCents: 50_000,
  stops: [
    {
      type: 'pickup',
      address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
      location: { latitude: 32.8151, longitude: -96.8716 },
      window: hours(1),
    },
    {
      type: 'delivery',
      address: { line1: '301 W 5th St', city: 'Fort Worth', state: 'TX', postalCode: '76102' },
      location: { latitude: 32.7555, longitude: -97.3308 },
      window: hours(3),
    },
  ],
});
const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ROUND_THE_CLOCK = { timezone: 'UTC', days: ALL_WEEK, start: '00:00', end: '23:59' };
/** A weekday two days from today's (UTC): the short loads' stops (within the next seven hours) never fall on it. */
const otherDay = () => ALL_WEEK[(new Date().getUTCDay() + 8) % 7]!;
/** Working hours that exclude the next hour or so: only on otherDay(). */
const closedNow = () => ({ timezone: 'UTC', days: [otherDay()], start: '00:00', end: '23:59' });
const hours = (from: number) => ({ start: new Date(Date.now() + from * 3_600_000).toISOString(), end: new Date(Date.now() + (from + 4) * 3_600_000).toISOString() });

describe('trucking configuration that acts, through the gateway', () => {
  it('maintenance.serviceIntervalMiles/Days and inspectionIntervalDays: the intervals a schedule without any takes', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    expect(await schedule(tenant)).toEqual({ intervalMiles: 25_000, intervalEngineHours: null, intervalDays: 180 });
    expect(await schedule(tenant, { kind: 'inspection' })).toEqual({ intervalMiles: null, intervalEngineHours: null, intervalDays: 365 });

    await configure(tenant, { maintenance: { serviceIntervalMiles: 10_000, serviceIntervalDays: 90, inspectionIntervalDays: 30 } });
    expect(await schedule(tenant)).toEqual({ intervalMiles: 10_000, intervalEngineHours: null, intervalDays: 90 });
    expect(await schedule(tenant, { kind: 'inspection' })).toEqual({ intervalMiles: null, intervalEngineHours: null, intervalDays: 30 });
    expect(await schedule(tenant, { intervalDays: 7 })).toEqual({ intervalMiles: null, intervalEngineHours: null, intervalDays: 7 });
    expect(await schedule(other)).toEqual({ intervalMiles: 25_000, intervalEngineHours: null, intervalDays: 180 });
  });

  it('tracking.locationIntervalSeconds: what the driver app reads, and pings closer than it are not stored', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const input = { userId: userOf(tenant, 'driver'), licenseNumber: `CFG${++serial}`, licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2099-12-31' };
    const driver = (await ok<{ createDriver: { id: string } }>(tenant, Q.createDriver, { input })).createDriver.id;
    const start = Date.now() - 10 * 60_000;
    const ping = async (seconds: number) =>
      (
        await ok<{ recordDriverLocation: { id: string } }>(
          tenant,
          Q.ping,
          { input: { latitude: 32.7, longitude: -96.8, recordedAt: new Date(start + seconds * 1000).toISOString() } },
          'driver',
        )
      ).recordDriverLocation.id;
    const stored = async () =>
      (
        await ok<{ driverLocations: { edges: { node: { track: { totalCount: number } } }[] } }>(
          tenant,
          Q.track,
          { ids: [driver], from: new Date(start - 60_000).toISOString(), to: new Date().toISOString() },
          'dispatcher',
        )
      ).driverLocations.edges[0]!.node.track.totalCount;

    expect((await ok<{ trackingSettings: unknown }>(tenant, Q.trackingSettings, {}, 'driver')).trackingSettings).toEqual({
      locationIntervalSeconds: 60,
      retentionDays: 90,
    });
    const first = await ping(0);
    expect(await ping(30)).toBe(first); // acknowledged with the stored ping, not stored
    expect(await stored()).toBe(1);

    await configure(tenant, { tracking: { locationIntervalSeconds: 10 } });
    expect((await ok<{ trackingSettings: unknown }>(tenant, Q.trackingSettings, {}, 'driver')).trackingSettings).toEqual({
      locationIntervalSeconds: 10,
      retentionDays: 90,
    });
    expect(await ping(40)).not.toBe(first);
    expect(await stored()).toBe(2);
    expect((await ok<{ trackingSettings: unknown }>(other, Q.trackingSettings, {}, 'viewer')).trackingSettings).toEqual({
      locationIntervalSeconds: 60,
      retentionDays: 90,
    });
  });

  it('maintenance.reminderLeadDays reaches the dispatch board', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const lead = async (t: ProvisionedTenant) => (await ok<{ dispatchBoard: { reminderLeadDays: number } }>(t, Q.board, {}, 'dispatcher')).dispatchBoard.reminderLeadDays;
    expect(await lead(tenant)).toBe(14);
    await configure(tenant, { maintenance: { reminderLeadDays: 3 } });
    expect(await lead(tenant)).toBe(3);
    expect(await lead(other)).toBe(14);
  });

  it('dispatch.autoAssign: a tendered load comes back assigned to a free driver and vehicle', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const license = { licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2099-12-31' };
    const driver = (
      await ok<{ createDriver: { id: string } }>(tenant, Q.createDriver, { input: { userId: userOf(tenant, 'driver'), licenseNumber: `AUTOA${++serial}`, ...license } })
    ).createDriver.id;
    const vehicle = (
      await ok<{ createVehicle: { id: string } }>(tenant, Q.createVehicle, {
        input: { unitNumber: `A${++serial}`, vin: vin(), make: 'Kenworth', model: 'T680', year: 2022 },
      })
    ).createVehicle.id;
    await ok(other, Q.createDriver, { input: { userId: userOf(other, 'driver'), licenseNumber: `AUTOB${++serial}`, ...license } });
    await ok(other, Q.createVehicle, { input: { unitNumber: `B${++serial}`, vin: vin(), make: 'Volvo', model: 'VNL', year: 2021 } });
    const tendered = async (t: ProvisionedTenant) =>
      (await ok<{ createLoad: unknown }>(t, Q.createAssignedLoad, { input: { ...shortLoad(), tender: true } }, 'dispatcher')).createLoad;

    expect(await tendered(tenant)).toEqual({ status: 'tendered', driver: null, vehicle: null });
    await configure(tenant, { dispatch: { autoAssign: true }, workingHours: ROUND_THE_CLOCK });
    expect(await tendered(tenant)).toEqual({ status: 'assigned', driver: { id: driver }, vehicle: { id: vehicle } });
    expect(await tendered(other)).toEqual({ status: 'tendered', driver: null, vehicle: null });

    // workingHours.days/start/end: outside the office's hours the load waits for a person.
    await configure(tenant, { workingHours: closedNow() });
    expect(await tendered(tenant)).toEqual({ status: 'tendered', driver: null, vehicle: null });
  });

  it("workingHours.days/start/end: a stop whose appointment falls outside the office's hours is flagged", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const load = (await ok<{ createLoad: { id: string } }>(tenant, Q.createLoad, { input: shortLoad() }, 'dispatcher')).createLoad.id;
    const flags = async () =>
      (await ok<{ load: { stops: { outsideWorkingHours: boolean }[] } }>(tenant, Q.loadHours, { id: load }, 'viewer')).load.stops.map((s) => s.outsideWorkingHours);
    await configure(tenant, { workingHours: ROUND_THE_CLOCK });
    expect(await flags()).toEqual([false, false]);
    await configure(tenant, { workingHours: { timezone: 'UTC', days: [otherDay()], start: '00:00', end: '23:59' } });
    expect(await flags()).toEqual([true, true]);
    const foreign = await as(other, Q.loadHours, { id: load });
    expect(foreign.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("units.weight: a load's weight in the tenant's unit, the stored pounds unchanged", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const stop = (type: string, hours: number) => ({
      type,
      address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
      location: { latitude: 32.8151 - hours / 10, longitude: -96.8716 },
      window: { start: new Date(Date.now() + hours * 3_600_000).toISOString(), end: new Date(Date.now() + (hours + 4) * 3_600_000).toISOString() },
    });
    const input = { referenceNumber: `W-${++serial}`, customerReference: 'PO 8', weightLbs: 40_000, rateCents: 150_000, stops: [stop('pickup', 1), stop('delivery', 7)] };
    const load = (await ok<{ createLoad: { id: string } }>(tenant, Q.createLoad, { input }, 'dispatcher')).createLoad.id;
    const weight = async () => (await ok<{ load: unknown }>(tenant, Q.loadWeight, { id: load }, 'viewer')).load;

    expect(await weight()).toEqual({ weightLbs: 40_000, weight: { value: 40_000, unit: 'lb' } });
    await configure(tenant, { units: { weight: 'kg' } });
    expect(await weight()).toEqual({ weightLbs: 40_000, weight: { value: 18_143.7, unit: 'kg' } });
    // Another tenant cannot read the load at all, whatever its unit.
    const foreign = await as(other, Q.loadWeight, { id: load });
    expect(foreign.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});
