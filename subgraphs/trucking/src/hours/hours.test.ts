import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-hours');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

// Monday 2025-06-16, 00:00 UTC (Sunday 19:00 in Chicago, the default time zone).
const T0 = Date.parse('2025-06-16T00:00:00Z');
const at = (hours: number): string => new Date(T0 + hours * 3_600_000).toISOString();

const EVENT_FIELDS = 'id status at note location { latitude longitude } reason recordedByDriver driver { id } supersedes { id } supersededBy { id }';
const RECORD = `mutation ($input: RecordDutyStatusInput!) { recordDutyStatus(input: $input) { ${EVENT_FIELDS} } }`;
const CORRECT = `mutation ($id: ID!, $input: CorrectDutyStatusInput!) { correctDutyStatus(id: $id, input: $input) { ${EVENT_FIELDS} } }`;
const HOURS = `query ($id: ID!) { driverHours(driverId: $id) {
  driver { id } asOf currentStatus currentStatusSince drivingMinutesLeft limitedBy drivingLimitMinutesLeft
  onDutyWindowMinutesLeft windowEndsAt cycleMinutesLeft cycle minutesUntilBreak breakDueAt
} }`;
const LOG = `query ($id: ID!, $date: String!) { driverLog(driverId: $id, date: $date) {
  date timeZone start end statusAtStart events { id status at } superseded { id status at supersededBy { id } }
  totals { offDutyMinutes sleeperBerthMinutes drivingMinutes onDutyMinutes }
} }`;
const VIOLATIONS = `query ($from: String!, $to: String!, $first: Int, $after: String) { hoursViolations(from: $from, to: $to, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { driver { id licenseNumber } rule startedAt endedAt minutes } }
} }`;

interface Hours {
  currentStatus: string;
  drivingMinutesLeft: number;
  limitedBy: string;
  drivingLimitMinutesLeft: number;
  onDutyWindowMinutesLeft: number;
  cycleMinutesLeft: number;
  minutesUntilBreak: number;
  [field: string]: unknown;
}

async function record(tenant: TenantContext, driverId: string, entries: [number, string][]): Promise<string[]> {
  const ids: string[] = [];
  for (const [hours, status] of entries) {
    const data = await fx.ok<{ recordDutyStatus: { id: string } }>(tenant, RECORD, { input: { driverId, status, at: at(hours) } });
    ids.push(data.recordDutyStatus.id);
  }
  return ids;
}

const hoursOf = async (tenant: TenantContext, id: string): Promise<Hours> => (await fx.ok<{ driverHours: Hours }>(tenant, HOURS, { id })).driverHours;

describe('duty status and the hours left', () => {
  it('computes what a driver has left from their events, with the frozen clock, across midnight', async () => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(-6));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({ currentStatus: 'off_duty', currentStatusSince: null, drivingMinutesLeft: 660, cycle: '70/8' });

    // Sunday 18:00 UTC on duty, driving from 19:00 past midnight.
    h.clock(tenant).set(at(-4));
    await record(tenant, driver.id, [
      [-6, 'on_duty'],
      [-5, 'driving'],
    ]);
    h.clock(tenant).set(at(1));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({
      currentStatus: 'driving',
      currentStatusSince: at(-5),
      drivingLimitMinutesLeft: 660 - 360,
      onDutyWindowMinutesLeft: 14 * 60 - 7 * 60,
      windowEndsAt: at(8),
      minutesUntilBreak: 120,
      breakDueAt: at(3),
      cycleMinutesLeft: 70 * 60 - 7 * 60,
      drivingMinutesLeft: 300,
      limitedBy: 'driving_limit',
    });

    // Sleeper berth at 02:00; at 11:59 nine hours 59 minutes of rest keep the shift...
    h.clock(tenant).set(at(2));
    await record(tenant, driver.id, [[2, 'sleeper_berth']]);
    h.clock(tenant).set(at(11 + 59 / 60));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({
      currentStatus: 'sleeper_berth',
      drivingLimitMinutesLeft: 660 - 420,
      onDutyWindowMinutesLeft: 0,
      drivingMinutesLeft: 0,
    });
    // ...ten hours start a new one.
    h.clock(tenant).set(at(12));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({
      drivingMinutesLeft: 660,
      onDutyWindowMinutesLeft: 840,
      minutesUntilBreak: 480,
      cycleMinutesLeft: 70 * 60 - 8 * 60,
      windowEndsAt: null,
    });
  });

  it("keeps a driver's log by the tenant's calendar days, in its time zone", async () => {
    const tenant = truckingTenant({ settings: { 'workingHours.timezone': 'America/Chicago' } });
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(30));
    // Sunday 2025-06-15 in Chicago runs from 05:00 UTC on the 15th to 05:00 UTC on the 16th (hour 5).
    await record(tenant, driver.id, [
      [-10, 'on_duty'],
      [-9, 'driving'],
      [1, 'off_duty'],
      [12, 'on_duty'],
      [13, 'driving'],
    ]);
    const sunday = await fx.ok<{ driverLog: Record<string, unknown> }>(tenant, LOG, { id: driver.id, date: '2025-06-15' });
    expect(sunday.driverLog).toMatchObject({
      date: '2025-06-15',
      timeZone: 'America/Chicago',
      start: '2025-06-15T05:00:00.000Z',
      end: '2025-06-16T05:00:00.000Z',
      statusAtStart: 'off_duty',
      totals: { onDutyMinutes: 60, drivingMinutes: 600, offDutyMinutes: 24 * 60 - 660 - 0, sleeperBerthMinutes: 0 },
    });
    expect((sunday.driverLog['events'] as { at: string }[]).map((e) => e.at)).toEqual([at(-10), at(-9), at(1)]);
    const monday = await fx.ok<{ driverLog: { statusAtStart: string; totals: Record<string, number>; events: unknown[] } }>(tenant, LOG, {
      id: driver.id,
      date: '2025-06-16',
    });
    expect(monday.driverLog.statusAtStart).toBe('off_duty');
    expect(monday.driverLog.events).toHaveLength(2);
    // Up to now (hour 30 is 01:00 the next day in Chicago, so the whole day): 05:00-12:00 off, 1 h on duty, 16 h driving.
    expect(monday.driverLog.totals).toEqual({ offDutyMinutes: 7 * 60, sleeperBerthMinutes: 0, onDutyMinutes: 60, drivingMinutes: 16 * 60 });
  });

  it('corrects an event with a new one that supersedes it, once', async () => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(12));
    const [, driving] = await record(tenant, driver.id, [
      [6, 'on_duty'],
      [7, 'driving'],
    ]);
    const corrected = await h.run<{ correctDutyStatus: Record<string, unknown> }>(tenant, CORRECT, {
      id: driving,
      input: { status: 'driving', at: at(8), reason: 'Pre-trip inspection ran an hour longer', note: 'corrected' },
    });
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctDutyStatus).toMatchObject({
      status: 'driving',
      at: at(8),
      reason: 'Pre-trip inspection ran an hour longer',
      supersedes: { id: driving },
      supersededBy: null,
    });
    const newId = (corrected.data!.correctDutyStatus as { id: string }).id;

    const log = await fx.ok<{ driverLog: { events: { id: string }[]; superseded: { id: string; supersededBy: { id: string } }[]; totals: Record<string, number> } }>(
      tenant,
      LOG,
      { id: driver.id, date: '2025-06-16' },
    );
    expect(log.driverLog.events.map((e) => e.id)).not.toContain(driving);
    expect(log.driverLog.events.map((e) => e.id)).toContain(newId);
    expect(log.driverLog.superseded).toEqual([{ id: driving, status: 'driving', at: at(7), supersededBy: { id: newId } }]);
    expect((await hoursOf(tenant, driver.id)).drivingLimitMinutesLeft).toBe(660 - 4 * 60);

    const again = await h.run(tenant, CORRECT, { id: driving, input: { status: 'on_duty', at: at(7), reason: 'second thoughts' } });
    expect(codes(again)).toEqual(['CONFLICT']);
    const onto = await h.run(tenant, CORRECT, { id: newId, input: { status: 'driving', at: at(6), reason: 'lands on another event' } });
    expect(codes(onto)).toEqual(['CONFLICT']);
    // The refused correction left the event it aimed at standing.
    expect(
      (await h.run<{ driverLog: { events: { id: string }[] } }>(tenant, LOG, { id: driver.id, date: '2025-06-16' })).data!.driverLog.events.map((e) => e.id),
    ).toContain(newId);
  });

  it('refuses bad input with BAD_USER_INPUT and a second event at the same instant with CONFLICT', async () => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(12));
    await record(tenant, driver.id, [[6, 'on_duty']]);
    const run = (input: Record<string, unknown>) => h.run(tenant, RECORD, { input: { driverId: driver.id, status: 'driving', ...input } });
    expect(codes(await run({ at: at(13) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run({ at: at(-15 * 24) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run({ at: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run({ location: { latitude: 91, longitude: 0 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run({ driverId: 'nope' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run({ at: at(6) }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, LOG, { id: driver.id, date: '16/06/2025' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, VIOLATIONS, { from: at(0), to: at(24 * 40) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, VIOLATIONS, { from: at(0), to: 'tomorrow' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, VIOLATIONS, { from: 'today', to: at(24) }))).toEqual(['BAD_USER_INPUT']);
    // Recorded now when `at` is absent.
    const now = await h.run<{ recordDutyStatus: { at: string; status: string } }>(tenant, RECORD, { input: { driverId: driver.id, status: 'driving' } });
    expect(now.data?.recordDutyStatus).toMatchObject({ at: at(12), status: 'driving' });
  });
});

describe('who sees and records hours', () => {
  it('never shows, records or corrects the hours of another tenant’s driver: NOT_FOUND', async () => {
    const tenant = truckingTenant();
    const other = truckingTenant();
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(12));
    const [event] = await record(tenant, driver.id, [[2, 'driving']]);
    h.clock(other).set(at(12));
    expect(codes(await h.run(other, HOURS, { id: driver.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, LOG, { id: driver.id, date: '2025-06-16' }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, RECORD, { input: { driverId: driver.id, status: 'off_duty', at: at(11) } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, CORRECT, { id: event, input: { status: 'off_duty', at: at(2), reason: 'not yours' } }))).toEqual(['NOT_FOUND']);
    const seen = await fx.ok<{ hoursViolations: { totalCount: number } }>(other, VIOLATIONS, { from: at(0), to: at(24) });
    expect(seen.hoursViolations.totalCount).toBe(0);
    // ...while the tenant itself sees its driver's missed break.
    expect((await fx.ok<{ hoursViolations: { totalCount: number } }>(tenant, VIOLATIONS, { from: at(0), to: at(24) })).hoursViolations.totalCount).toBe(1);
  });

  it('lets a driver read and record only their own log, a viewer read, a dispatcher do both', async () => {
    const tenant = truckingTenant();
    const mine = await fx.driver(tenant);
    const theirs = await fx.driver(tenant);
    h.clock(tenant).set(at(12));
    const driver = sameTenantAs(tenant, ['driver'], mine.userId);
    const viewer = sameTenantAs(tenant, ['viewer']);
    const dispatcher = sameTenantAs(tenant, ['dispatcher']);

    const own = await h.run<{ recordDutyStatus: { recordedByDriver: boolean } }>(driver, RECORD, { input: { driverId: mine.id, status: 'driving', at: at(2) } });
    expect(own.data?.recordDutyStatus.recordedByDriver).toBe(true);
    const [event] = await record(dispatcher, theirs.id, [[3, 'driving']]);
    expect(codes(await h.run(driver, RECORD, { input: { driverId: theirs.id, status: 'off_duty', at: at(4) } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(driver, CORRECT, { id: event, input: { status: 'off_duty', at: at(3), reason: 'not mine' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(driver, HOURS, { id: theirs.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(driver, LOG, { id: theirs.id, date: '2025-06-16' }))).toEqual(['FORBIDDEN']);
    expect((await fx.ok<{ driverHours: Hours }>(driver, HOURS, { id: mine.id })).driverHours.currentStatus).toBe('driving');
    // Both drove past the break; the driver sees only their own violation.
    const violations = await fx.ok<{ hoursViolations: { edges: { node: { driver: { id: string } } }[] } }>(driver, VIOLATIONS, { from: at(0), to: at(12) });
    expect(violations.hoursViolations.edges.map((e) => e.node.driver.id)).toEqual([mine.id]);

    expect((await fx.ok<{ driverHours: Hours }>(viewer, HOURS, { id: theirs.id })).driverHours.currentStatus).toBe('driving');
    expect((await fx.ok<{ hoursViolations: { totalCount: number } }>(viewer, VIOLATIONS, { from: at(0), to: at(12) })).hoursViolations.totalCount).toBe(2);
    expect(codes(await h.run(viewer, RECORD, { input: { driverId: theirs.id, status: 'off_duty', at: at(4) } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(viewer, CORRECT, { id: event, input: { status: 'off_duty', at: at(3), reason: 'viewer' } }))).toEqual(['FORBIDDEN']);

    const corrected = await h.run<{ correctDutyStatus: { recordedByDriver: boolean } }>(dispatcher, CORRECT, {
      id: event,
      input: { status: 'on_duty', at: at(3), reason: 'Loading, not driving' },
    });
    expect(corrected.data?.correctDutyStatus.recordedByDriver).toBe(false);
  });
});

describe('a load’s hours check', () => {
  it('shows a driver the hours of their own load only; others see the plan', async () => {
    const tenant = truckingTenant();
    const [mine, theirs] = [await fx.driver(tenant), await fx.driver(tenant)];
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    expect((await fx.assign(tenant, load.id, theirs.id, vehicle.id)).errors).toBeUndefined();
    const CHECK = `query ($id: ID!) { load(id: $id) { hoursCheck { plannedDrivingMinutes drivingMinutesLeft exceeded } } }`;
    const asDispatcher = await fx.ok<{ load: { hoursCheck: Record<string, unknown> } }>(sameTenantAs(tenant, ['dispatcher']), CHECK, { id: load.id });
    expect(asDispatcher.load.hoursCheck).toMatchObject({ drivingMinutesLeft: 660, exceeded: false });
    const asOther = await fx.ok<{ load: { hoursCheck: Record<string, unknown> } }>(sameTenantAs(tenant, ['driver'], mine.userId), CHECK, { id: load.id });
    expect(asOther.load.hoursCheck).toEqual({ plannedDrivingMinutes: asDispatcher.load.hoursCheck['plannedDrivingMinutes'], drivingMinutesLeft: null, exceeded: false });
    const asOwn = await fx.ok<{ load: { hoursCheck: Record<string, unknown> } }>(sameTenantAs(tenant, ['driver'], theirs.userId), CHECK, { id: load.id });
    expect(asOwn.load.hoursCheck['drivingMinutesLeft']).toBe(660);
  });
});

describe('hours in the drivers list', () => {
  it('reads every listed driver’s hours in one query, whatever the number of drivers', async () => {
    const LIST = '{ drivers(first: 50) { edges { node { id hours { currentStatus drivingMinutesLeft } } } } }';
    const commandsFor = async (n: number) => {
      const tenant = truckingTenant();
      h.clock(tenant).set(at(12));
      for (let i = 0; i < n; i++) await record(tenant, (await fx.driver(tenant)).id, [[6, 'driving']]);
      let seen: { id: string; hours: { currentStatus: string; drivingMinutesLeft: number } }[] = [];
      const counter = await h.commands(async () => {
        seen = (await fx.ok<{ drivers: { edges: { node: (typeof seen)[number] }[] } }>(tenant, LIST)).drivers.edges.map((e) => e.node);
      });
      expect(seen).toHaveLength(n);
      expect(seen.every((d) => d.hours.currentStatus === 'driving' && d.hours.drivingMinutesLeft === 300)).toBe(true);
      return counter.commands.length;
    };
    expect(await commandsFor(5)).toBe(await commandsFor(1));
  });

  it('shows a driver their own hours in the list and nobody else’s', async () => {
    const tenant = truckingTenant();
    const [mine, theirs] = [await fx.driver(tenant), await fx.driver(tenant)];
    const LIST = '{ drivers(first: 50) { edges { node { id hours { currentStatus } } } } }';
    const seen = await fx.ok<{ drivers: { edges: { node: { id: string; hours: unknown } }[] } }>(sameTenantAs(tenant, ['driver'], mine.userId), LIST);
    const byId = new Map(seen.drivers.edges.map((e) => [e.node.id, e.node.hours]));
    expect(byId.get(mine.id)).toEqual({ currentStatus: 'off_duty' });
    expect(byId.get(theirs.id)).toBeNull();
  });
});

describe('violations', () => {
  /** A tenant whose `n` drivers each drove 12 hours without a break on day 1 (06:00 to 18:00 UTC). */
  async function fleet(n: number): Promise<{ tenant: TenantContext; drivers: string[] }> {
    const tenant = truckingTenant();
    h.clock(tenant).set(at(24 * 3));
    const drivers: string[] = [];
    for (let i = 0; i < n; i++) {
      const driver = await fx.driver(tenant);
      drivers.push(driver.id);
      await record(tenant, driver.id, [
        [24 + 6, 'driving'],
        [24 + 18, 'off_duty'],
      ]);
    }
    return { tenant, drivers };
  }

  type Page = {
    hoursViolations: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { driver: { id: string }; rule: string; startedAt: string; minutes: number } }[];
    };
  };

  it('lists every driver’s driving past the limits, paginated, oldest first', async () => {
    const { tenant, drivers } = await fleet(6);
    // The break was due at 14:00 and the 11 hours ran out at 17:00: two violations a driver.
    const all = await fx.ok<Page>(tenant, VIOLATIONS, { from: at(0), to: at(48), first: 100 });
    expect(all.hoursViolations.totalCount).toBe(12);
    expect(new Set(all.hoursViolations.edges.map((e) => e.node.driver.id))).toEqual(new Set(drivers));
    expect(all.hoursViolations.edges.map((e) => `${e.node.rule} ${e.node.startedAt} ${e.node.minutes}`)).toEqual([
      ...Array<string>(6).fill(`break_required ${at(24 + 14)} 240`),
      ...Array<string>(6).fill(`driving_limit ${at(24 + 17)} 60`),
    ]);
    expect((await fx.ok<Page>(tenant, VIOLATIONS, { from: at(0), to: at(24) })).hoursViolations.totalCount).toBe(0);
    expect((await fx.ok<Page>(tenant, VIOLATIONS, { from: at(24 + 17.5), to: at(48) })).hoursViolations.totalCount).toBe(12);

    const page = await fx.ok<Page>(tenant, VIOLATIONS, { from: at(0), to: at(48), first: 5 });
    expect(page.hoursViolations.edges).toHaveLength(5);
    expect(page.hoursViolations.pageInfo.hasNextPage).toBe(true);
    const rest = await fx.ok<Page>(tenant, VIOLATIONS, { from: at(0), to: at(48), first: 100, after: page.hoursViolations.pageInfo.endCursor });
    expect(rest.hoursViolations.edges).toHaveLength(7);
    expect(rest.hoursViolations.pageInfo.hasNextPage).toBe(false);
    expect(codes(await h.run(tenant, VIOLATIONS, { from: at(0), to: at(48), after: 'bogus' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('costs the same database commands for one driver as for eight', async () => {
    const commandsFor = async (n: number) => {
      const { tenant } = await fleet(n);
      let total = 0;
      const counter = await h.commands(async () => {
        total = (await fx.ok<Page>(tenant, VIOLATIONS, { from: at(0), to: at(48), first: 100 })).hoursViolations.totalCount;
      });
      expect(total).toBe(2 * n);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    const eight = await commandsFor(8);
    expect(eight).toBe(one);
    // The events in one query, the drivers in one batch.
    expect(one).toBe(2);
  });
});

describe('assignLoad and hours of service', () => {
  const ASSIGN_CHECK = `mutation ($id: ID!, $driver: ID!, $vehicle: ID!) { assignLoad(id: $id, driverId: $driver, vehicleId: $vehicle) {
    id status hoursCheck { plannedDrivingMinutes drivingMinutesLeft limitedBy exceeded mode }
  } }`;

  /** A driver who has driven 10.5 hours today by 14:00 UTC (the Dallas-Houston load needs about 4). */
  async function tiredDriver(tenant: TenantContext): Promise<string> {
    const driver = await fx.driver(tenant);
    h.clock(tenant).set(at(13.5));
    await record(tenant, driver.id, [
      [2, 'on_duty'],
      [2.5, 'driving'],
      [6.5, 'on_duty'],
      [7, 'driving'],
      [13.5, 'on_duty'],
    ]);
    h.clock(tenant).set(at(14));
    return driver.id;
  }

  it('refuses with HOURS_EXCEEDED and what is left when the tenant enforces hours (the default)', async () => {
    const tenant = truckingTenant();
    const driver = await tiredDriver(tenant);
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    const refused = await h.run(tenant, ASSIGN_CHECK, { id: load.id, driver, vehicle: vehicle.id });
    expect(codes(refused)).toEqual(['HOURS_EXCEEDED']);
    expect(refused.errors![0]!.extensions).toMatchObject({ drivingMinutesLeft: 30, limitedBy: 'driving_limit' });
    const planned = refused.errors![0]!.extensions!['plannedDrivingMinutes'] as number;
    expect(planned).toBeGreaterThan(240); // Dallas to Houston, about 373 km in a straight line, at 55 mph
    expect(planned).toBeLessThan(270);
    const stored = await h.run<{ load: { status: string; driver: null } }>(tenant, `query ($id: ID!) { load(id: $id) { status driver { id } } }`, { id: load.id });
    expect(stored.data?.load).toEqual({ status: 'tendered', driver: null });

    // Ten hours off duty later, the same assignment goes through.
    await record(tenant, driver, [[14, 'off_duty']]);
    h.clock(tenant).set(at(24));
    const assigned = await h.run<{ assignLoad: { status: string; hoursCheck: Record<string, unknown> } }>(tenant, ASSIGN_CHECK, {
      id: load.id,
      driver,
      vehicle: vehicle.id,
    });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data?.assignLoad).toMatchObject({
      status: 'assigned',
      hoursCheck: { plannedDrivingMinutes: planned, drivingMinutesLeft: 660, exceeded: false, mode: 'enforce' },
    });
  });

  it('assigns and flags the load under warn, and does not check under off', async () => {
    for (const mode of ['warn', 'off']) {
      const tenant = truckingTenant({ settings: { 'dispatch.hoursOfService': mode } });
      const driver = await tiredDriver(tenant);
      const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
      const assigned = await h.run<{ assignLoad: { status: string; hoursCheck: Record<string, unknown> } }>(tenant, ASSIGN_CHECK, {
        id: load.id,
        driver,
        vehicle: vehicle.id,
      });
      expect(assigned.errors).toBeUndefined();
      expect(assigned.data?.assignLoad).toMatchObject({ status: 'assigned', hoursCheck: { drivingMinutesLeft: 30, exceeded: true, mode } });
    }
  });

  it('reads the planned driving at the configured average speed and unit, and the configured limits', async () => {
    // 15 hours of driving in an 18-hour window: 4.5 hours left, and the load at 90 km/h fits in them.
    const tenant = truckingTenant({
      settings: { 'dispatch.averageSpeed': 90, 'units.distance': 'km', 'dispatch.maxDrivingHoursPerDay': 15, 'dispatch.maxOnDutyHoursPerDay': 18 },
    });
    const driver = await tiredDriver(tenant);
    const [load, vehicle] = await Promise.all([fx.load(tenant), fx.vehicle(tenant)]);
    const assigned = await h.run<{ assignLoad: { hoursCheck: { plannedDrivingMinutes: number; drivingMinutesLeft: number; exceeded: boolean } } }>(tenant, ASSIGN_CHECK, {
      id: load.id,
      driver,
      vehicle: vehicle.id,
    });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignLoad.hoursCheck.plannedDrivingMinutes).toBeLessThan(260);
    expect(assigned.data!.assignLoad.hoursCheck.plannedDrivingMinutes).toBeGreaterThan(240); // about 373 km at 90 km/h
    expect(assigned.data!.assignLoad.hoursCheck).toMatchObject({ drivingMinutesLeft: 4.5 * 60, exceeded: false });
  });

  it('refuses by the cycle: 70 hours in 8 days, then a 34-hour restart', async () => {
    const tenant = truckingTenant({ settings: { 'dispatch.cycle': '70/8' } });
    const driver = await fx.driver(tenant);
    // Seven days of 10 hours on duty (not driving) from Monday: 70 hours by Sunday 16:00.
    h.clock(tenant).set(at(7 * 24));
    for (let d = 0; d < 7; d++) {
      await record(tenant, driver.id, [
        [d * 24 + 6, 'on_duty'],
        [d * 24 + 16, 'off_duty'],
      ]);
    }
    h.clock(tenant).set(at(7 * 24 + 6));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({ cycleMinutesLeft: 0, drivingMinutesLeft: 0, limitedBy: 'cycle_limit', drivingLimitMinutesLeft: 660 });
    const late = (hours: number) => ({ start: at(hours), end: at(hours + 4) });
    const load = await fx.load(tenant, {
      stops: [
        { ...DALLAS, window: late(7 * 24 + 30) },
        { ...HOUSTON, window: late(7 * 24 + 36) },
      ],
    });
    const vehicle = await fx.vehicle(tenant);
    const refused = await h.run(tenant, ASSIGN_CHECK, { id: load.id, driver: driver.id, vehicle: vehicle.id });
    expect(codes(refused)).toEqual(['HOURS_EXCEEDED']);
    expect(refused.errors![0]!.extensions).toMatchObject({ drivingMinutesLeft: 0, limitedBy: 'cycle_limit' });
    // Sunday 16:00 + 34 hours: the cycle restarts.
    h.clock(tenant).set(at(6 * 24 + 16 + 34));
    expect(await hoursOf(tenant, driver.id)).toMatchObject({ cycleMinutesLeft: 70 * 60, drivingMinutesLeft: 660 });
    expect((await h.run(tenant, ASSIGN_CHECK, { id: load.id, driver: driver.id, vehicle: vehicle.id })).errors).toBeUndefined();
  });
});

const DALLAS = {
  type: 'pickup',
  address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
  location: { latitude: 32.8151, longitude: -96.8716 },
};
const HOUSTON = {
  type: 'delivery',
  address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
  location: { latitude: 29.7427, longitude: -95.2893 },
};
