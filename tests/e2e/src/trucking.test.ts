// The trucking subgraph through the real gateway: a dispatcher's and a driver's day end to end,
// the database cost of a page of loads (constant, whatever the page size), tenant isolation of
// every operation that takes an id, and the industry boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';
import { insertDocuments } from './subgraph-commands';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ownSubgraphs: ['trucking', 'core'] });
});

afterAll(async () => {
  await stack?.stop();
});

const userOf = (tenant: ProvisionedTenant, role: string): string => tenant.users.find((u) => u.roles.includes(role as never))!.id;

/** Runs an operation as a user of the tenant (the owner unless a role is named). */
async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'owner',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

/** Like `as`, for an operation that must succeed. */
async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'owner'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

let vinSerial = 100_000;
/** A VIN with a valid check digit (ISO 3779), different on every call. */
function vin(): string {
  const values: Record<string, number> = {
    A: 1,
    B: 2,
    C: 3,
    D: 4,
    E: 5,
    F: 6,
    G: 7,
    H: 8,
    J: 1,
    K: 2,
    L: 3,
    M: 4,
    N: 5,
    P: 7,
    R: 9,
    S: 2,
    T: 3,
    U: 4,
    V: 5,
    W: 6,
    X: 7,
    Y: 8,
    Z: 9,
  };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const draft = `1FUJHHDR0NA${String(vinSerial++)}`;
  const sum = [...draft].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : values[char]!) * weights[i]!, 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

const DALLAS = { latitude: 32.8151, longitude: -96.8716 };
const HOUSTON = { latitude: 29.7427, longitude: -95.2893 };
const stops = [
  {
    type: 'pickup',
    address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
    location: DALLAS,
    window: { start: '2031-03-03T14:00:00Z', end: '2031-03-03T18:00:00Z' },
  },
  {
    type: 'delivery',
    address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
    location: HOUSTON,
    window: { start: '2031-03-03T20:00:00Z', end: '2031-03-04T00:00:00Z' },
  },
];

const M = {
  createVehicle: 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
  createTrailer: 'mutation ($input: CreateTrailerInput!) { createTrailer(input: $input) { id } }',
  createDriver: 'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
  createLoad: 'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { id stops { id } } }',
  assignLoad:
    'mutation ($id: ID!, $driver: ID!, $vehicle: ID!, $trailer: ID) { assignLoad(id: $id, driverId: $driver, vehicleId: $vehicle, trailerId: $trailer) { id status } }',
  updateLoadStatus: 'mutation ($id: ID!, $status: LoadStatus!) { updateLoadStatus(id: $id, status: $status) { id status } }',
  createSchedule: 'mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { id } }',
  recordMaintenance: 'mutation ($input: RecordMaintenanceInput!) { recordMaintenance(input: $input) { id } }',
  recordLocation: 'mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id } }',
};

/** A fleet unit, a trailer, a driver profile for the tenant's driver@ user, a tendered load, a schedule and a service. */
async function world(tenant: ProvisionedTenant) {
  const vehicle = (
    await ok<{ createVehicle: { id: string } }>(tenant, M.createVehicle, {
      input: { unitNumber: '101', vin: vin(), make: 'Kenworth', model: 'T680', year: 2022, odometer: 50_000 },
    })
  ).createVehicle.id;
  const trailer = (
    await ok<{ createTrailer: { id: string } }>(tenant, M.createTrailer, {
      input: { unitNumber: 'T-1', vin: vin(), type: 'dry_van', make: 'Wabash', model: 'DuraPlate', year: 2021 },
    })
  ).createTrailer.id;
  const driver = (
    await ok<{ createDriver: { id: string } }>(tenant, M.createDriver, {
      input: {
        userId: userOf(tenant, 'driver'),
        licenseNumber: `TX${tenant.slug.slice(-6)}`,
        licenseClass: 'A',
        licenseState: 'TX',
        licenseExpiresOn: '2099-12-31',
        currentVehicleId: vehicle,
      },
    })
  ).createDriver.id;
  const load = (
    await ok<{ createLoad: { id: string; stops: { id: string }[] } }>(tenant, M.createLoad, {
      input: { referenceNumber: 'L-1', customerReference: 'PO 1', weightLbs: 40_000, rateCents: 150_000, stops, tender: true },
    })
  ).createLoad;
  const schedule = (
    await ok<{ createMaintenanceSchedule: { id: string } }>(tenant, M.createSchedule, {
      input: { name: 'Oil change', vehicleType: 'tractor', intervalMiles: 25_000, intervalDays: 180 },
    })
  ).createMaintenanceSchedule.id;
  const service = (await ok<{ recordMaintenance: { id: string } }>(tenant, M.recordMaintenance, { input: { vehicleId: vehicle, scheduleId: schedule } }))
    .recordMaintenance.id;
  return { vehicle, trailer, driver, load: load.id, stop: load.stops[0]!.id, schedule, service };
}

describe('a day of trucking through the gateway', () => {
  it('a dispatcher assigns a load to the driver@ user; the driver sees it, moves it and reports positions', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const w = await world(tenant);

    const assigned = await as<{ assignLoad: { status: string } }>(
      tenant,
      M.assignLoad,
      { id: w.load, driver: w.driver, vehicle: w.vehicle, trailer: w.trailer },
      'dispatcher',
    );
    expect(assigned.body.errors).toBeUndefined();
    expect(assigned.body.data?.assignLoad.status).toBe('assigned');

    // The driver's own view: core's `me`, extended by trucking with the driver profile.
    const me = await ok<{ me: { email: string; driverProfile: { id: string; currentLoad: { referenceNumber: string; vehicle: { unitNumber: string } } } } }>(
      tenant,
      '{ me { email driverProfile { id currentLoad { referenceNumber vehicle { unitNumber } } } } }',
      {},
      'driver',
    );
    expect(me.me).toEqual({
      email: `driver@${tenant.slug}.test`,
      driverProfile: { id: w.driver, currentLoad: { referenceNumber: 'L-1', vehicle: { unitNumber: '101' } } },
    });

    expect((await as(tenant, M.updateLoadStatus, { id: w.load, status: 'in_transit' }, 'driver')).body.errors).toBeUndefined();
    const now = new Date(Date.now() - 60_000).toISOString();
    expect((await as(tenant, M.recordLocation, { input: { ...DALLAS, recordedAt: now } }, 'driver')).body.errors).toBeUndefined();

    const board = await ok<{ driverLocations: { edges: { node: { driver: { user: { email: string; roles: string[] } }; latest: { recordedAt: string } } }[] } }>(
      tenant,
      '{ driverLocations { edges { node { driver { user { email roles } } latest { recordedAt } } } } }',
      {},
      'dispatcher',
    );
    expect(board.driverLocations.edges.map((e) => e.node)).toEqual([
      { driver: { user: { email: `driver@${tenant.slug}.test`, roles: ['driver'] } }, latest: { recordedAt: now } },
    ]);

    const route = await ok<{ optimizeRoute: { stops: { type: string }[]; legs: { fromStopId: string | null }[] } }>(
      tenant,
      'query ($id: ID!) { optimizeRoute(input: { loadId: $id }) { stops { type } legs { fromStopId } } }',
      { id: w.load },
      'driver',
    );
    expect(route.optimizeRoute.stops.map((s) => s.type)).toEqual(['pickup', 'delivery']);

    const due = await ok<{ maintenanceSchedules: { totalCount: number }; maintenanceRecords: { edges: { node: { createdBy: { email: string } } }[] } }>(
      tenant,
      '{ maintenanceSchedules { totalCount } maintenanceRecords { edges { node { createdBy { email } } } } }',
      {},
      'viewer',
    );
    expect(due).toEqual({ maintenanceSchedules: { totalCount: 1 }, maintenanceRecords: { edges: [{ node: { createdBy: { email: `owner@${tenant.slug}.test` } } }] } });
  });
});

/** `n` assigned loads, each with its own driver and vehicle, created by the tenant's five users; written straight to the database. */
async function populate(tenant: ProvisionedTenant, n: number): Promise<void> {
  const scope = tenantScope({ tenantId: tenant.id });
  const users = tenant.users.map((u) => new mongoose.Types.ObjectId(u.id));
  const ids = () => Array.from({ length: n }, () => new mongoose.Types.ObjectId());
  const [loads, drivers, vehicles] = [ids(), ids(), ids()];
  const vehicleDocs = vehicles.map((_id, i) => ({
    _id,
    ...scope,
    unitNumber: `U${i}`,
    vin: vin(),
    make: 'Volvo',
    model: 'VNL',
    year: 2021,
    activeLoad: loads[i],
    createdBy: users[0],
  }));
  const driverDocs = drivers.map((_id, i) => ({
    _id,
    ...scope,
    userId: new mongoose.Types.ObjectId(),
    licenseNumber: `LIC${i}`,
    licenseClass: 'A',
    licenseState: 'TX',
    licenseExpiresOn: new Date('2099-12-31'),
    activeLoad: loads[i],
    createdBy: users[0],
  }));
  const stop = (type: string, hour: number) => ({
    type,
    address: { line1: '1 Main St', city: 'Dallas', state: 'TX', postalCode: '75201' },
    latitude: 32.78,
    longitude: -96.8,
    windowStart: new Date(Date.UTC(2031, 2, 3, hour)),
    windowEnd: new Date(Date.UTC(2031, 2, 3, hour + 2)),
  });
  const loadDocs = loads.map((_id, i) => ({
    _id,
    ...scope,
    referenceNumber: `L-${i}`,
    customerReference: `PO ${i}`,
    weightLbs: 30_000,
    rateCents: 100_000,
    status: 'assigned',
    stops: [stop('pickup', 8), stop('delivery', 14)],
    driver: drivers[i],
    vehicle: vehicles[i],
    pickupAt: new Date(Date.UTC(2031, 2, 3, 8)),
    deliverBy: new Date(Date.UTC(2031, 2, 3, 16)),
    createdBy: users[i % users.length],
  }));
  await insertDocuments(stack.mongodbUri, 'trucking', [
    { model: 'Vehicle', docs: vehicleDocs },
    { model: 'Driver', docs: driverDocs },
    { model: 'Load', docs: loadDocs },
  ]);
}

const LOAD_PAGE = /* GraphQL */ `
  query ($first: Int!) {
    loads(first: $first) {
      totalCount
      edges {
        node {
          id
          referenceNumber
          driver {
            id
            licenseNumber
          }
          vehicle {
            id
            unitNumber
          }
          createdBy {
            id
            email
          }
        }
      }
    }
  }
`;

/** The database commands one page of loads costs, by subgraph, command and collection. */
async function costOfPage(tenant: ProvisionedTenant, first: number): Promise<Record<string, number>> {
  const token = await tokenFor(tenant, 'dispatcher');
  await post(stack, { query: '{ me { id } }', token }); // warms the gateway's tenant/user cache
  stack.commands.trucking.reset();
  stack.commands.core.reset();
  const res = await post<{ loads: { edges: { node: { driver: unknown; vehicle: unknown; createdBy: { email: string } } }[] } }>(stack, {
    query: LOAD_PAGE,
    variables: { first },
    token,
  });
  expect(res.body.errors).toBeUndefined();
  const edges = res.body.data!.loads.edges;
  expect(edges).toHaveLength(first);
  expect(edges.every((e) => e.node.driver && e.node.vehicle && e.node.createdBy.email.endsWith(`@${tenant.slug}.test`))).toBe(true);
  const cost: Record<string, number> = {};
  for (const [subgraph, counter] of [
    ['trucking', stack.commands.trucking],
    ['core', stack.commands.core],
  ] as const) {
    for (const { name, collection } of counter.commands) {
      const key = `${subgraph} ${name}${collection ? ` ${collection}` : ''}`;
      cost[key] = (cost[key] ?? 0) + 1;
    }
  }
  return cost;
}

describe('loaders across subgraphs', () => {
  it('a page of loads with driver, vehicle and createdBy costs the same queries for 10 loads as for 50', async () => {
    const [small, large] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    await populate(small, 10);
    await populate(large, 50);
    const ten = await costOfPage(small, 10);
    const fifty = await costOfPage(large, 50);
    console.log('database commands for one page of loads (driver, vehicle, createdBy):');
    console.table(
      Object.keys({ ...ten, ...fifty })
        .sort()
        .map((command) => ({ command, '10 loads': ten[command] ?? 0, '50 loads': fifty[command] ?? 0 })),
    );
    expect(fifty).toEqual(ten);
    // One page query and one count of loads, one batch of drivers, one of vehicles, one of users.
    expect(fifty['trucking find loads']).toBe(1);
    expect(fifty['trucking find drivers']).toBe(1);
    expect(fifty['trucking find vehicles']).toBe(1);
    expect(fifty['core find users']).toBe(1);
  });
});

/** Every trucking document of a tenant, collection by collection, to compare before and after. */
async function snapshot(tenant: ProvisionedTenant): Promise<Record<string, unknown[]>> {
  const scope = tenantScope({ tenantId: tenant.id });
  const out: Record<string, unknown[]> = {};
  for (const { name } of await stack.connections.trucking.listCollections()) {
    out[name] = await stack.collection('trucking', name).find(scope).sort({ _id: 1 }).toArray();
  }
  return out;
}

describe("another tenant's ids", () => {
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let wa: Awaited<ReturnType<typeof world>>;
  let wb: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    [a, b] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    [wa, wb] = await Promise.all([world(a), world(b)]);
    // A's driver has a position and A's load is assigned, so there is something to leak.
    expect((await as(a, M.assignLoad, { id: wa.load, driver: wa.driver, vehicle: wa.vehicle })).body.errors).toBeUndefined();
    expect(
      (await as(a, M.recordLocation, { input: { driverId: wa.driver, ...DALLAS, recordedAt: new Date(Date.now() - 60_000).toISOString() } })).body.errors,
    ).toBeUndefined();
  });

  it('every single-object query answers null with NOT_FOUND', async () => {
    for (const [field, id] of [
      ['vehicle', wa.vehicle],
      ['trailer', wa.trailer],
      ['driver', wa.driver],
      ['load', wa.load],
      ['maintenanceSchedule', wa.schedule],
    ] as const) {
      const res = await as(b, `query ($id: ID!) { ${field}(id: $id) { id } }`, { id });
      expect(res.body.data, field).toEqual({ [field]: null });
      expect(codes(res), field).toEqual(['NOT_FOUND']);
    }
    const route = await as(b, 'query ($id: ID!) { optimizeRoute(input: { loadId: $id }) { totalDistanceKm } }', { id: wa.load });
    expect(codes(route)).toEqual(['NOT_FOUND']);
  });

  it('every list filtered by a foreign id is empty', async () => {
    const res = await ok<Record<string, { totalCount: number }>>(
      b,
      `query ($driver: ID!, $vehicle: ID!, $schedule: ID!) {
        byDriver: loads(filter: { driverId: $driver }) { totalCount }
        byVehicle: loads(filter: { vehicleId: $vehicle }) { totalCount }
        positions: driverLocations(filter: { driverIds: [$driver] }) { totalCount }
        schedules: maintenanceSchedules(filter: { vehicleId: $vehicle }) { totalCount }
        due: maintenanceDue(filter: { vehicleId: $vehicle }) { totalCount }
        records: maintenanceRecords(filter: { vehicleId: $vehicle }) { totalCount }
        recordsOfSchedule: maintenanceRecords(filter: { scheduleId: $schedule }) { totalCount }
      }`,
      { driver: wa.driver, vehicle: wa.vehicle, schedule: wa.schedule },
    );
    for (const [list, { totalCount }] of Object.entries(res)) expect(totalCount, list).toBe(0);
  });

  it("every mutation with one of A's ids is NOT_FOUND and changes nothing of A's (or B's)", async () => {
    const [beforeA, beforeB] = await Promise.all([snapshot(a), snapshot(b)]);
    const attempts: [string, string, Record<string, unknown>][] = [
      ['updateVehicle', 'mutation ($id: ID!) { updateVehicle(id: $id, input: { make: "Hijacked", odometer: 999999 }) { id } }', { id: wa.vehicle }],
      ['updateTrailer', 'mutation ($id: ID!) { updateTrailer(id: $id, input: { status: retired }) { id } }', { id: wa.trailer }],
      ['updateDriver', 'mutation ($id: ID!) { updateDriver(id: $id, input: { status: inactive }) { id } }', { id: wa.driver }],
      [
        'updateDriver (foreign vehicle)',
        'mutation ($id: ID!, $v: ID!) { updateDriver(id: $id, input: { currentVehicleId: $v }) { id } }',
        { id: wb.driver, v: wa.vehicle },
      ],
      [
        'createDriver (foreign vehicle)',
        'mutation ($v: ID!) { createDriver(input: { userId: "0123456789abcdef01234567", licenseNumber: "X1234", licenseClass: A, licenseState: "TX", licenseExpiresOn: "2099-01-01", currentVehicleId: $v }) { id } }',
        { v: wa.vehicle },
      ],
      ['assignLoad (foreign load)', M.assignLoad, { id: wa.load, driver: wb.driver, vehicle: wb.vehicle }],
      ['assignLoad (foreign driver)', M.assignLoad, { id: wb.load, driver: wa.driver, vehicle: wb.vehicle }],
      ['assignLoad (foreign vehicle)', M.assignLoad, { id: wb.load, driver: wb.driver, vehicle: wa.vehicle }],
      ['assignLoad (foreign trailer)', M.assignLoad, { id: wb.load, driver: wb.driver, vehicle: wb.vehicle, trailer: wa.trailer }],
      ['updateLoadStatus', M.updateLoadStatus, { id: wa.load, status: 'cancelled' }],
      ['recordStopEvent', 'mutation ($id: ID!, $stop: ID!) { recordStopEvent(id: $id, stopId: $stop, event: arrived) { id } }', { id: wa.load, stop: wa.stop }],
      [
        'recordStopEvent (foreign stop)',
        'mutation ($id: ID!, $stop: ID!) { recordStopEvent(id: $id, stopId: $stop, event: arrived) { id } }',
        { id: wb.load, stop: wa.stop },
      ],
      ['recordDriverLocation', M.recordLocation, { input: { driverId: wa.driver, ...HOUSTON, recordedAt: new Date().toISOString() } }],
      ['updateMaintenanceSchedule', 'mutation ($id: ID!) { updateMaintenanceSchedule(id: $id, input: { active: false }) { id } }', { id: wa.schedule }],
      ['createMaintenanceSchedule (foreign vehicle)', M.createSchedule, { input: { name: 'X', vehicleId: wa.vehicle, intervalDays: 1 } }],
      ['recordMaintenance (foreign vehicle)', M.recordMaintenance, { input: { vehicleId: wa.vehicle, odometer: 999_999 } }],
      ['recordMaintenance (foreign schedule)', M.recordMaintenance, { input: { vehicleId: wb.vehicle, scheduleId: wa.schedule } }],
    ];
    for (const [name, query, variables] of attempts) {
      const res = await as(b, query, variables);
      expect(codes(res), name).toEqual(['NOT_FOUND']);
    }
    const [afterA, afterB] = await Promise.all([snapshot(a), snapshot(b)]);
    expect(afterA).toEqual(beforeA);
    expect(afterB).toEqual(beforeB);
  });
});

describe('industries', () => {
  it('a serviceRepair tenant gets FEATURE_DISABLED for every trucking operation, and writes nothing', async () => {
    const repair = await freshTenant(stack, 'serviceRepair');
    const id = new mongoose.Types.ObjectId().toHexString();
    const operations: [string, Record<string, unknown>][] = [
      ['{ vehicles { totalCount } }', {}],
      ['query ($id: ID!) { vehicle(id: $id) { id } }', { id }],
      [M.createVehicle, { input: { unitNumber: 'X', vin: vin(), make: 'M', model: 'M', year: 2020 } }],
      ['mutation ($id: ID!) { updateVehicle(id: $id, input: { make: "X" }) { id } }', { id }],
      ['{ trailers { totalCount } }', {}],
      ['query ($id: ID!) { trailer(id: $id) { id } }', { id }],
      [M.createTrailer, { input: { unitNumber: 'X', vin: vin(), type: 'reefer', make: 'M', model: 'M', year: 2020 } }],
      ['{ drivers { totalCount } }', {}],
      ['query ($id: ID!) { driver(id: $id) { id } }', { id }],
      [M.createDriver, { input: { userId: id, licenseNumber: 'X1234', licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2099-01-01' } }],
      ['{ loads { totalCount } }', {}],
      ['query ($id: ID!) { load(id: $id) { id } }', { id }],
      [M.createLoad, { input: { referenceNumber: 'X', customerReference: 'X', weightLbs: 1, rateCents: 1, stops } }],
      [M.assignLoad, { id, driver: id, vehicle: id }],
      [M.updateLoadStatus, { id, status: 'tendered' }],
      ['mutation ($id: ID!) { recordStopEvent(id: $id, stopId: $id, event: arrived) { id } }', { id }],
      [
        'query { optimizeRoute(input: { start: { latitude: 32, longitude: -96 }, stops: [{ id: "a", type: pickup, location: { latitude: 31, longitude: -97 } }] }) { totalDistanceKm } }',
        {},
      ],
      [M.recordLocation, { input: { driverId: id, ...DALLAS, recordedAt: new Date().toISOString() } }],
      ['{ driverLocations { totalCount } }', {}],
      ['{ maintenanceSchedules { totalCount } }', {}],
      ['{ maintenanceDue { totalCount } }', {}],
      ['{ maintenanceRecords { totalCount } }', {}],
      [M.createSchedule, { input: { name: 'X', vehicleType: 'tractor', intervalDays: 1 } }],
      [M.recordMaintenance, { input: { vehicleId: id } }],
    ];
    for (const [query, variables] of operations) {
      const res = await as(repair, query, variables);
      expect(codes(res), query).toEqual(['FEATURE_DISABLED']);
    }
    // Core's `me` still answers; only the trucking field is refused.
    const me = await as<{ me: { email: string; driverProfile: unknown } }>(repair, '{ me { email driverProfile { id } } }');
    expect(me.body.data?.me).toEqual({ email: `owner@${repair.slug}.test`, driverProfile: null });
    expect(codes(me)).toEqual(['FEATURE_DISABLED']);
    // Every collection of the trucking database.
    for (const { name } of await stack.connections.trucking.listCollections()) {
      expect(await stack.collection('trucking', name).countDocuments(tenantScope({ tenantId: repair.id })), name).toBe(0);
    }
  });
});
