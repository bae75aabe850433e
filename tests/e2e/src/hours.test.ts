// Hours of service through the real gateway: a dispatcher records a driver's day, reads what is
// left and sees an assignment refused with HOURS_EXCEEDED; the tenant's configuration turns the
// refusal into a warning; `dispatch.maxLoadsPerDriver` bounds a driver's active loads; another tenant gets NOT_FOUND for every id-taking operation; each role
// sees and records what it may (a driver only their own log, a viewer reads).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

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

const HOUR = 3_600_000;
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();

const Q = {
  createUser: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
  createDriver: 'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
  createVehicle: 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
  createLoad: 'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { id } }',
  assignLoad: `mutation ($id: ID!, $driver: ID!, $vehicle: ID!) { assignLoad(id: $id, driverId: $driver, vehicleId: $vehicle) {
    id status hoursCheck { plannedDrivingMinutes drivingMinutesLeft exceeded mode }
  } }`,
  record: 'mutation ($input: RecordDutyStatusInput!) { recordDutyStatus(input: $input) { id status at recordedByDriver } }',
  correct: 'mutation ($id: ID!, $input: CorrectDutyStatusInput!) { correctDutyStatus(id: $id, input: $input) { id supersedes { id } } }',
  hours: 'query ($id: ID!) { driverHours(driverId: $id) { currentStatus drivingMinutesLeft limitedBy drivingLimitMinutesLeft minutesUntilBreak cycle } }',
  log: 'query ($id: ID!, $date: String!) { driverLog(driverId: $id, date: $date) { date timeZone events { id status } superseded { id } } }',
  violations: 'query ($from: String!, $to: String!) { hoursViolations(from: $from, to: $to) { totalCount edges { node { driver { id } rule startedAt minutes } } } }',
  updateConfig: 'mutation ($set: JSON) { updateTenantConfig(set: $set) { overriddenKeys } }',
};

let vinSerial = 300_000;
/** A VIN with a valid check digit (ISO 3779), different on every call. */
function vin(): string {
  const values: Record<string, number> = { A: 1, D: 4, F: 6, H: 8, J: 1, N: 5, R: 9, U: 4 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const draft = `1FUJHHDR0NA${String(vinSerial++)}`;
  const sum = [...draft].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : values[char]!) * weights[i]!, 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

const window = (fromHours: number) => ({
  start: new Date(Date.now() + fromHours * HOUR).toISOString(),
  end: new Date(Date.now() + (fromHours + 4) * HOUR).toISOString(),
});
const stops = () => [
  {
    type: 'pickup',
    address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
    location: { latitude: 32.8151, longitude: -96.8716 },
    window: window(1),
  },
  {
    type: 'delivery',
    address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
    location: { latitude: 29.7427, longitude: -95.2893 },
    window: window(7),
  },
];

let serial = 0;
/** A driver profile for the tenant's driver@ user, or for a new user with the driver role. */
async function driverOf(tenant: ProvisionedTenant, userId?: string): Promise<string> {
  const user =
    userId ??
    (
      await ok<{ createUser: { id: string } }>(tenant, Q.createUser, {
        input: { email: `d${++serial}@${tenant.slug}.test`, name: `Driver ${serial}`, roles: ['driver'] },
      })
    ).createUser.id;
  const input = { userId: user, licenseNumber: `HOS${Date.now() % 1_000_000}${++serial}`, licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2099-12-31' };
  return (await ok<{ createDriver: { id: string } }>(tenant, Q.createDriver, { input })).createDriver.id;
}

/** A driver who came on duty 11.25 hours ago and has driven 10.5 hours (a 30-minute break after 4). */
async function longDay(tenant: ProvisionedTenant, driver: string, role = 'dispatcher'): Promise<string[]> {
  const ids: string[] = [];
  for (const [hours, status] of [
    [11.25, 'on_duty'],
    [11, 'driving'],
    [7, 'on_duty'],
    [6.5, 'driving'],
  ] as const) {
    ids.push((await ok<{ recordDutyStatus: { id: string } }>(tenant, Q.record, { input: { driverId: driver, status, at: ago(hours) } }, role)).recordDutyStatus.id);
  }
  return ids;
}

async function loadAndVehicle(tenant: ProvisionedTenant): Promise<{ load: string; vehicle: string }> {
  const vehicle = (
    await ok<{ createVehicle: { id: string } }>(tenant, Q.createVehicle, {
      input: { unitNumber: `U${++serial}`, vin: vin(), make: 'Kenworth', model: 'T680', year: 2022 },
    })
  ).createVehicle.id;
  const load = (
    await ok<{ createLoad: { id: string } }>(tenant, Q.createLoad, {
      input: { referenceNumber: `H-${++serial}`, customerReference: 'PO 15', weightLbs: 40_000, rateCents: 150_000, stops: stops(), tender: true },
    })
  ).createLoad.id;
  return { load, vehicle };
}

describe('hours of service through the gateway', () => {
  it("a dispatcher sees a driver's hours refuse an assignment; under the warn setting it goes through, flagged", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const driver = await driverOf(tenant, userOf(tenant, 'driver'));
    await longDay(tenant, driver);

    const hours = await ok<{ driverHours: Record<string, unknown> }>(tenant, Q.hours, { id: driver }, 'dispatcher');
    expect(hours.driverHours).toMatchObject({ currentStatus: 'driving', limitedBy: 'driving_limit', cycle: '70/8' });
    expect(hours.driverHours['drivingMinutesLeft']).toBeGreaterThanOrEqual(29);
    expect(hours.driverHours['drivingMinutesLeft']).toBeLessThanOrEqual(30);

    const { load, vehicle } = await loadAndVehicle(tenant);
    const refused = await as(tenant, Q.assignLoad, { id: load, driver, vehicle }, 'dispatcher');
    expect(codes(refused)).toEqual(['HOURS_EXCEEDED']);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ limitedBy: 'driving_limit' });
    expect(refused.body.errors![0]!.extensions!['drivingMinutesLeft']).toBeLessThanOrEqual(30);
    expect(refused.body.errors![0]!.extensions!['plannedDrivingMinutes']).toBeGreaterThan(240);

    // The owner switches the tenant to warn: the same assignment goes through, and says so.
    expect((await as(tenant, Q.updateConfig, { set: { dispatch: { hoursOfService: 'warn' } } })).body.errors).toBeUndefined();
    await pastCacheLifetime();
    const assigned = await ok<{ assignLoad: { status: string; hoursCheck: Record<string, unknown> } }>(tenant, Q.assignLoad, { id: load, driver, vehicle }, 'dispatcher');
    expect(assigned.assignLoad).toMatchObject({ status: 'assigned', hoursCheck: { exceeded: true, mode: 'warn' } });

    const violations = await ok<{ hoursViolations: { totalCount: number } }>(tenant, Q.violations, { from: ago(24), to: ago(0) }, 'dispatcher');
    expect(violations.hoursViolations.totalCount).toBe(0); // a long day, but a legal one
  });

  it('the configured limits and cycle act: a 60/7 cycle and 8 hours of driving a day', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const driver = await driverOf(tenant, userOf(tenant, 'driver'));
    await ok(tenant, Q.record, { input: { driverId: driver, status: 'driving', at: ago(2) } }, 'dispatcher');
    expect((await as(tenant, Q.updateConfig, { set: { dispatch: { maxDrivingHoursPerDay: 8, cycle: '60/7' } } })).body.errors).toBeUndefined();
    await pastCacheLifetime();
    const hours = await ok<{ driverHours: { drivingLimitMinutesLeft: number; cycle: string } }>(tenant, Q.hours, { id: driver }, 'viewer');
    expect(hours.driverHours.cycle).toBe('60/7');
    expect(hours.driverHours.drivingLimitMinutesLeft).toBeGreaterThanOrEqual(6 * 60 - 1);
    expect(hours.driverHours.drivingLimitMinutesLeft).toBeLessThanOrEqual(6 * 60);
  });

  it('dispatch.maxLoadsPerDriver acts: one active load per driver by default, more when the owner allows it', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const driver = await driverOf(tenant, userOf(tenant, 'driver'));
    const [first, second, third] = [await loadAndVehicle(tenant), await loadAndVehicle(tenant), await loadAndVehicle(tenant)];
    const assign = (load: { load: string; vehicle: string }) => as(tenant, Q.assignLoad, { id: load.load, driver, vehicle: load.vehicle }, 'dispatcher');
    const reason = (res: GraphQLResponse<unknown>) => res.body.errors?.[0]?.extensions?.['reason'];

    expect((await assign(first)).body.errors).toBeUndefined();
    const refused = await assign(second);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(reason(refused)).toBe('DRIVER_UNAVAILABLE');

    expect((await as(tenant, Q.updateConfig, { set: { dispatch: { maxLoadsPerDriver: 2 } } })).body.errors).toBeUndefined();
    await pastCacheLifetime();
    expect((await assign(second)).body.errors).toBeUndefined();
    const full = await assign(third);
    expect(codes(full)).toEqual(['CONFLICT']);
    expect(reason(full)).toBe('MAX_LOADS_PER_DRIVER');
    expect(full.body.errors![0]!.extensions).toMatchObject({ max: 2 });
  });

  it('another tenant gets NOT_FOUND for every hours operation that takes an id, and sees none of the violations', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const driver = await driverOf(tenant, userOf(tenant, 'driver'));
    // Twelve hours of driving without a break: two violations.
    const [event] = [
      (await ok<{ recordDutyStatus: { id: string } }>(tenant, Q.record, { input: { driverId: driver, status: 'driving', at: ago(12) } }, 'dispatcher')).recordDutyStatus
        .id,
    ];
    expect((await ok<{ hoursViolations: { totalCount: number } }>(tenant, Q.violations, { from: ago(24), to: ago(0) }, 'dispatcher')).hoursViolations.totalCount).toBe(2);

    for (const role of ['owner', 'dispatcher']) {
      expect(codes(await as(other, Q.hours, { id: driver }, role))).toEqual(['NOT_FOUND']);
      expect(codes(await as(other, Q.log, { id: driver, date: ago(0).slice(0, 10) }, role))).toEqual(['NOT_FOUND']);
      expect(codes(await as(other, Q.record, { input: { driverId: driver, status: 'off_duty', at: ago(1) } }, role))).toEqual(['NOT_FOUND']);
      expect(codes(await as(other, Q.correct, { id: event, input: { status: 'off_duty', at: ago(12), reason: 'not ours' } }, role))).toEqual(['NOT_FOUND']);
      expect((await ok<{ hoursViolations: { totalCount: number } }>(other, Q.violations, { from: ago(24), to: ago(0) }, role)).hoursViolations.totalCount).toBe(0);
    }
    // Nothing was written by the other tenant.
    const log = await ok<{ driverLog: { events: { id: string }[]; superseded: unknown[] } }>(tenant, Q.log, { id: driver, date: ago(0).slice(0, 10) }, 'dispatcher');
    expect(log.driverLog.superseded).toEqual([]);
  });

  it('each role: a driver reads and records only their own log, a viewer reads, a dispatcher and an admin do both', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const mine = await driverOf(tenant, userOf(tenant, 'driver'));
    const theirs = await driverOf(tenant);

    const own = await as<{ recordDutyStatus: { recordedByDriver: boolean } }>(tenant, Q.record, { input: { driverId: mine, status: 'on_duty', at: ago(3) } }, 'driver');
    expect(own.body.data?.recordDutyStatus.recordedByDriver).toBe(true);
    expect((await ok<{ driverHours: { currentStatus: string } }>(tenant, Q.hours, { id: mine }, 'driver')).driverHours.currentStatus).toBe('on_duty');
    const [event] = await longDay(tenant, theirs, 'admin');
    expect(codes(await as(tenant, Q.hours, { id: theirs }, 'driver'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.log, { id: theirs, date: ago(0).slice(0, 10) }, 'driver'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.record, { input: { driverId: theirs, status: 'off_duty', at: ago(1) } }, 'driver'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.correct, { id: event, input: { status: 'off_duty', at: ago(11), reason: 'not mine' } }, 'driver'))).toEqual(['FORBIDDEN']);

    expect((await ok<{ driverHours: { currentStatus: string } }>(tenant, Q.hours, { id: theirs }, 'viewer')).driverHours.currentStatus).toBe('driving');
    expect((await as(tenant, Q.log, { id: theirs, date: ago(0).slice(0, 10) }, 'viewer')).body.errors).toBeUndefined();
    expect((await as(tenant, Q.violations, { from: ago(24), to: ago(0) }, 'viewer')).body.errors).toBeUndefined();
    expect(codes(await as(tenant, Q.record, { input: { driverId: theirs, status: 'off_duty', at: ago(1) } }, 'viewer'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.correct, { id: event, input: { status: 'off_duty', at: ago(11), reason: 'viewer' } }, 'viewer'))).toEqual(['FORBIDDEN']);

    const corrected = await ok<{ correctDutyStatus: { id: string; supersedes: { id: string } } }>(
      tenant,
      Q.correct,
      { id: event, input: { status: 'on_duty', at: ago(11.75), reason: 'Came on duty earlier for the inspection' } },
      'dispatcher',
    );
    expect(corrected.correctDutyStatus.supersedes.id).toBe(event);
    expect((await as(tenant, Q.hours, { id: theirs }, 'admin')).body.errors).toBeUndefined();

    // The correction is audited with a field diff of the event it replaced: its time moved, the status stayed.
    const audit = async () =>
      (
        await ok<{ auditLog: { edges: { node: { targetId: string; diff: Record<string, { from: unknown; to: unknown }> } }[] } }>(
          tenant,
          'query ($filter: AuditLogFilter) { auditLog(filter: $filter) { edges { node { targetId diff } } } }',
          { filter: { operation: 'correctDutyStatus', targetType: 'DutyStatusEvent' } },
        )
      ).auditLog.edges.map((e) => e.node);
    await expect.poll(async () => (await audit()).length).toBe(1);
    const [entry] = await audit();
    expect(entry!.targetId).toBe(event);
    expect(Object.keys(entry!.diff).sort()).toEqual(['at', 'reason', 'supersededBy']);
    expect(entry!.diff['supersededBy']).toEqual({ from: null, to: corrected.correctDutyStatus.id });
    expect(entry!.diff['reason']).toEqual({ from: null, to: 'Came on duty earlier for the inspection' });
  });
});
