// A dispatcher's day through the real gateway: save an optimised stop order and read the ETAs,
// read the dispatch board (the driver on the load, the tendered load unassigned) and, once the load
// is delivered, the on-time report; another tenant gets NOT_FOUND and an empty board; a viewer reads
// but cannot reorder, a driver cannot read the board.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'dispatcher',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}
async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'dispatcher'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
/** The board's days are the tenant's (the trucking default `workingHours.timezone`). */
const localDate = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
/** An hour from now, or the first hour after it from which the next 12 hours are one local day: every window of the test's day falls on it, whatever the time of the run. */
function dayStart(): number {
  let t = Date.now() + HOUR;
  while (localDate(t) !== localDate(t + 12 * HOUR)) t += HOUR;
  return t;
}
const DAY_START = dayStart();
const BOARD_DATE = localDate(DAY_START);
const fromDayStart = (hours: number) => new Date(DAY_START + hours * HOUR).toISOString();
const stop = (type: string, latitude: number, longitude: number, from: number) => ({
  type,
  address: { line1: '1 Main St', city: 'Somewhere', state: 'TX', postalCode: '75001' },
  location: { latitude, longitude },
  window: { start: fromDayStart(from), end: fromDayStart(from + 6) },
});

let serial = 0;
/** A VIN with a valid check digit (ISO 3779), different on every call. */
function vin(): string {
  const values: Record<string, number> = { A: 1, D: 4, F: 6, H: 8, J: 1, N: 5, R: 9, U: 4 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const draft = `1FUJHHDR0NA${String(500_000 + ++serial)}`;
  const sum = [...draft].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : values[char]!) * weights[i]!, 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

async function day(tenant: ProvisionedTenant) {
  const driverUser = tenant.users.find((u) => u.roles.includes('driver' as never))!.id;
  const driver = (
    await ok<{ createDriver: { id: string } }>(tenant, 'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }', {
      input: { userId: driverUser, licenseNumber: `DSP${Date.now() % 1_000_000}${++serial}`, licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2099-12-31' },
    })
  ).createDriver.id;
  const vehicle = (
    await ok<{ createVehicle: { id: string } }>(
      tenant,
      'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
      {
        input: { unitNumber: `D${++serial}`, vin: vin(), make: 'Kenworth', model: 'T680', year: 2022 },
      },
      'owner',
    )
  ).createVehicle.id;
  const create = (stops: unknown[]) =>
    ok<{ createLoad: { id: string; stops: { id: string }[] } }>(tenant, 'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { id stops { id } } }', {
      input: { referenceNumber: `DSP-${Date.now() % 1_000_000}-${++serial}`, customerReference: 'ACME', weightLbs: 20_000, rateCents: 90_000, tender: true, stops },
    });
  // Dallas, then Fort Worth and Waco deliveries: Waco listed first, the longer way round.
  const load = (await create([stop('pickup', 32.7767, -96.797, 1), stop('delivery', 31.5493, -97.1467, 3), stop('delivery', 32.7555, -97.3308, 3)])).createLoad;
  const open = (await create([stop('pickup', 32.7767, -96.797, 2), stop('delivery', 29.7604, -95.3698, 6)])).createLoad;
  return { driver, vehicle, load, open };
}

const ETA = 'query ($id: ID!) { load(id: $id) { stops { id } eta { origin averageSpeed distanceUnit late stops { stopId arriveAt late } } } }';
const SAVE = 'mutation ($id: ID!, $stopIds: [ID!]!) { saveLoadRoute(id: $id, stopIds: $stopIds) { id stops { id sequence } } }';
const BOARD =
  'query ($date: String) { dispatchBoard(date: $date) { date drivers { driver { id } availability currentLoad { id } hours { drivingMinutesLeft } } unassignedLoads { id } lateLoads { id } maintenanceDueSoon { status } reminderLeadDays } }';
const REPORT =
  'query ($from: String!, $to: String!) { onTimeReport(from: $from, to: $to) { loads pickups { total onTime percent } deliveries { total onTime percent } drivers { driver { id } loads } } }';

describe("a dispatcher's day through the gateway", () => {
  it('saves the optimised order, reads ETAs, the board and, after delivery, the on-time report', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const { driver, vehicle, load, open } = await day(tenant);
    await ok(tenant, 'mutation ($id: ID!, $d: ID!, $v: ID!) { assignLoad(id: $id, driverId: $d, vehicleId: $v) { id } }', { id: load.id, d: driver, v: vehicle });

    const optimised = await ok<{ optimizeRoute: { stops: { id: string }[] } }>(
      tenant,
      'query ($input: OptimizeRouteInput!) { optimizeRoute(input: $input) { stops { id } } }',
      { input: { loadId: load.id } },
    );
    const order = optimised.optimizeRoute.stops.map((s) => s.id);
    expect(order).toEqual([load.stops[0]!.id, load.stops[2]!.id, load.stops[1]!.id]);
    const saved = (await ok<{ saveLoadRoute: { stops: { id: string; sequence: number }[] } }>(tenant, SAVE, { id: load.id, stopIds: order })).saveLoadRoute;
    expect(saved.stops.map((s) => s.id)).toEqual(order);

    const eta = (
      await ok<{ load: { eta: { origin: string; averageSpeed: number; distanceUnit: string; stops: { stopId: string; arriveAt: string }[] } } }>(
        tenant,
        ETA,
        { id: load.id },
        'viewer',
      )
    ).load.eta;
    expect(eta).toMatchObject({ origin: 'planned', averageSpeed: 55, distanceUnit: 'mi' });
    expect(eta.stops.map((s) => s.stopId)).toEqual(order);
    expect(Date.parse(eta.stops[1]!.arriveAt)).toBeGreaterThan(Date.parse(eta.stops[0]!.arriveAt));

    const board = (
      await ok<{
        dispatchBoard: {
          drivers: { driver: { id: string }; availability: string; currentLoad: { id: string } }[];
          unassignedLoads: { id: string }[];
          reminderLeadDays: number;
        };
      }>(tenant, BOARD, { date: BOARD_DATE })
    ).dispatchBoard;
    expect(board.drivers).toEqual([expect.objectContaining({ driver: { id: driver }, availability: 'assigned', currentLoad: { id: load.id } })]);
    expect(board.unassignedLoads.map((l) => l.id)).toEqual([open.id]);
    expect(board.reminderLeadDays).toBe(14);

    await ok(tenant, 'mutation ($id: ID!) { updateLoadStatus(id: $id, status: in_transit) { id } }', { id: load.id });
    for (const id of order)
      await ok(tenant, 'mutation ($id: ID!, $stop: ID!) { recordStopEvent(id: $id, stopId: $stop, event: arrived) { id } }', { id: load.id, stop: id });
    await ok(tenant, 'mutation ($id: ID!) { updateLoadStatus(id: $id, status: delivered) { id } }', { id: load.id });
    const report = (
      await ok<{
        onTimeReport: {
          loads: number;
          pickups: { total: number; onTime: number; percent: number };
          deliveries: { total: number; percent: number };
          drivers: { driver: { id: string }; loads: number }[];
        };
      }>(tenant, REPORT, { from: at(-24), to: at(48) })
    ).onTimeReport;
    expect(report).toMatchObject({
      loads: 1,
      pickups: { total: 1, onTime: 1, percent: 100 },
      deliveries: { total: 2, percent: 100 },
      drivers: [{ driver: { id: driver }, loads: 1 }],
    });
  });

  it('gives another tenant NOT_FOUND and an empty board, and each role what it may', async () => {
    const [tenant, other] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    const { load } = await day(tenant);
    const order = [load.stops[0]!.id, load.stops[2]!.id, load.stops[1]!.id];
    expect(codes(await as(other, SAVE, { id: load.id, stopIds: order }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(other, ETA, { id: load.id }))).toEqual(['NOT_FOUND']);
    expect((await ok<{ dispatchBoard: { unassignedLoads: unknown[]; drivers: unknown[] } }>(other, BOARD, { date: BOARD_DATE })).dispatchBoard).toMatchObject({
      unassignedLoads: [],
      drivers: [],
    });
    expect((await ok<{ onTimeReport: { loads: number } }>(other, REPORT, { from: at(-24), to: at(48) })).onTimeReport.loads).toBe(0);

    expect(codes(await as(tenant, SAVE, { id: load.id, stopIds: order }, 'viewer'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, BOARD, {}, 'driver'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, REPORT, { from: at(-24), to: at(48) }, 'driver'))).toEqual(['FORBIDDEN']);
    for (const role of ['owner', 'admin', 'viewer']) expect(codes(await as(tenant, BOARD, {}, role))).toEqual([]);
    expect(codes(await as(tenant, SAVE, { id: load.id, stopIds: order }, 'admin'))).toEqual([]);
  });
});
