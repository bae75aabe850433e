import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { createAuditModels, type BatchObserver, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { commandsOn, makeTenantContext } from '@attunelogic/shared/testing';
import {
  codes,
  DALLAS_STOP,
  claimHolder,
  Fixtures,
  HOUSTON_STOP,
  LOAD_FIELDS,
  startHarness,
  storedLoad,
  truckingTenant,
  type LoadView,
  type TruckingHarness,
} from '../testing';
import { LOAD_TRANSITIONS } from './loads.service';
import { LOAD_STATUSES, type LoadStatus } from './loads.model';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-loads');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const GET = `query ($id: ID!) { load(id: $id) { ${LOAD_FIELDS} } }`;
const CREATE = `mutation ($input: CreateLoadInput!) { createLoad(input: $input) { ${LOAD_FIELDS} } }`;
const STOP_EVENT = `mutation ($id: ID!, $stop: ID!, $event: StopEvent!, $at: String) { recordStopEvent(id: $id, stopId: $stop, event: $event, at: $at) { ${LOAD_FIELDS} } }`;
const LIST = `query ($first: Int, $filter: LoadFilter) { loads(first: $first, filter: $filter) { totalCount edges { node { id status } } } }`;

const stored = (tenant: TenantContext, id: string) => storedLoad(h, tenant, id);
const claimOf = (tenant: TenantContext, model: 'Driver' | 'Vehicle' | 'Trailer', id: string) => claimHolder(h, tenant, model, id);
const loadIn = (tenant: TenantContext, status: LoadStatus) => fx.loadIn(tenant, status);

describe.concurrent('the load lifecycle', () => {
  const allowed = Object.entries(LOAD_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => [from, to] as [LoadStatus, LoadStatus]));

  it('allows exactly draft → tendered → assigned → in_transit → delivered → invoiced, and cancelled before delivery', () => {
    expect(allowed).toEqual([
      ['draft', 'tendered'],
      ['draft', 'cancelled'],
      ['tendered', 'assigned'],
      ['tendered', 'cancelled'],
      ['assigned', 'in_transit'],
      ['assigned', 'cancelled'],
      ['in_transit', 'delivered'],
      ['in_transit', 'cancelled'],
      ['delivered', 'invoiced'],
    ]);
  });

  it.for(allowed)('%s → %s is allowed and recorded in the history', async ([from, to], { expect }) => {
    const tenant = truckingTenant();
    const { load } = await loadIn(tenant, from);
    expect(load.status).toBe(from);
    let after: LoadView;
    if (to === 'assigned') {
      const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
      const result = await fx.assign(tenant, load.id, driver.id, vehicle.id);
      expect(result.errors).toBeUndefined();
      after = result.data!.assignLoad;
    } else {
      const result = await fx.status(tenant, load.id, to);
      expect(result.errors).toBeUndefined();
      after = result.data!.updateLoadStatus;
    }
    expect(after.status).toBe(to);
    expect(after.nextStatuses).toEqual(LOAD_TRANSITIONS[to]);
    expect(after.statusHistory.at(-1)).toEqual({ status: to, by: { id: tenant.userId } });
    expect(after.statusHistory).toHaveLength(load.statusHistory.length + 1);
    expect((await stored(tenant, load.id))?.status).toBe(to);
  });

  // Every transition not in the table, from every status: one load per status, all refused.
  const forbiddenFrom = LOAD_STATUSES.map((from) => [from, LOAD_STATUSES.filter((to) => !LOAD_TRANSITIONS[from].includes(to) || to === 'assigned')] as const);

  it.for(forbiddenFrom)('from %s, updateLoadStatus to any of %j is CONFLICT and changes nothing', async ([from, targets], { expect }) => {
    const tenant = truckingTenant();
    const { load } = await loadIn(tenant, from);
    const before = await stored(tenant, load.id);
    for (const to of targets) {
      const result = await fx.status(tenant, load.id, to);
      expect(result.data, `${from} → ${to}`).toBeNull();
      expect(codes(result), `${from} → ${to}`).toEqual(['CONFLICT']);
      expect(result.errors?.[0]?.extensions).toMatchObject({ from, to });
    }
    if (from !== 'tendered' && from !== 'assigned') {
      const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
      const assign = await fx.assign(tenant, load.id, driver.id, vehicle.id);
      expect(assign.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LOAD_NOT_ASSIGNABLE' });
      expect(await claimOf(tenant, 'Driver', driver.id)).toBeNull();
    }
    expect(await stored(tenant, load.id)).toEqual(before);
  });

  it('lets exactly one of two concurrent transitions from the same status win', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await loadIn(tenant, 'assigned');
    const results = await Promise.all([fx.status(tenant, load.id, 'in_transit'), fx.status(tenant, load.id, 'cancelled')]);
    expect(results.map((r) => codes(r) ?? 'ok').sort()).toEqual([['CONFLICT'], 'ok'].sort());
    const winner = results.find((r) => !r.errors)!.data!.updateLoadStatus.status;
    const final = await stored(tenant, load.id);
    expect(final?.status).toBe(winner);
    expect(final?.statusHistory.map((c) => c.status)).toEqual(['tendered', 'assigned', winner]);
  });

  it('audits transitions with the load as target and the status diff', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await loadIn(tenant, 'assigned');
    await fx.status(tenant, load.id, 'in_transit');
    await fx.status(tenant, load.id, 'invoiced');
    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    const tail = events.slice(-3).map(({ operation, targetType, targetId, outcome, errorCode }) => ({ operation, targetType, targetId, outcome, errorCode }));
    expect(tail).toEqual([
      { operation: 'assignLoad', targetType: 'Load', targetId: load.id, outcome: 'success', errorCode: null },
      { operation: 'updateLoadStatus', targetType: 'Load', targetId: load.id, outcome: 'success', errorCode: null },
      { operation: 'updateLoadStatus', targetType: null, targetId: null, outcome: 'failed', errorCode: 'CONFLICT' },
    ]);
    expect(events.at(-2)?.diff).toMatchObject({ status: { from: 'assigned', to: 'in_transit' } });
  });
});

describe.concurrent('createLoad', () => {
  it("shows the weight in the tenant's unit (units.weight) and keeps the stored pounds", async ({ expect }) => {
    const tenant = truckingTenant();
    const input = { referenceNumber: 'W-1', customerReference: 'c', weightLbs: 30_000, rateCents: 1_000, stops: [DALLAS_STOP, HOUSTON_STOP] };
    const WEIGHT = 'query ($id: ID!) { load(id: $id) { weightLbs weight { value unit } } }';
    const created = await fx.ok<{ createLoad: { id: string } }>(tenant, CREATE, { input });
    expect((await fx.ok<{ load: unknown }>(tenant, WEIGHT, { id: created.createLoad.id })).load).toEqual({ weightLbs: 30_000, weight: { value: 30_000, unit: 'lb' } });
    const metric = { ...tenant, settings: { 'units.weight': 'kg' } };
    expect((await fx.ok<{ load: unknown }>(metric, WEIGHT, { id: created.createLoad.id })).load).toEqual({ weightLbs: 30_000, weight: { value: 13_607.8, unit: 'kg' } });
    expect((await h.models.Load.findOne({ ...tenantScope(tenant), _id: created.createLoad.id }).lean())?.weightLbs).toBe(30_000);
  });

  it('creates a draft with its stops in order; a delivery names its pickup', async ({ expect }) => {
    const tenant = truckingTenant();
    const waco = { ...DALLAS_STOP, name: 'Waco', location: { latitude: 31.6043, longitude: -97.1094 } };
    const result = await h.run<{ createLoad: LoadView }>(tenant, CREATE, {
      input: {
        referenceNumber: 'R-1',
        customerReference: 'Customer 1',
        weightLbs: 30_000,
        rateCents: 99_900,
        stops: [DALLAS_STOP, waco, { ...HOUSTON_STOP, pickupIndex: 1 }, HOUSTON_STOP],
      },
    });
    expect(result.errors).toBeUndefined();
    const load = result.data!.createLoad;
    expect(load).toMatchObject({
      referenceNumber: 'R-1',
      status: 'draft',
      nextStatuses: ['tendered', 'cancelled'],
      driver: null,
      pickupAt: DALLAS_STOP.window.start,
      deliverBy: HOUSTON_STOP.window.end,
      createdBy: { id: tenant.userId },
      statusHistory: [{ status: 'draft', by: { id: tenant.userId } }],
    });
    expect(load.stops.map((s) => [s.sequence, s.type, s.pickupStopId])).toEqual([
      [1, 'pickup', null],
      [2, 'pickup', null],
      [3, 'delivery', load.stops[1]!.id],
      [4, 'delivery', null],
    ]);
  });

  it('keeps reference numbers unique within a tenant (CONFLICT), not across tenants', async ({ expect }) => {
    const tenant = truckingTenant();
    await fx.load(tenant, { referenceNumber: 'DUP-7' });
    const again = await h.run(tenant, CREATE, {
      input: { referenceNumber: 'DUP-7', customerReference: 'c', weightLbs: 1, rateCents: 1, stops: [DALLAS_STOP, HOUSTON_STOP] },
    });
    expect(codes(again)).toEqual(['CONFLICT']);
    await expect(fx.load(truckingTenant(), { referenceNumber: 'DUP-7' })).resolves.toMatchObject({ referenceNumber: 'DUP-7' });
  });

  const operator = JSON.parse('{"$gt": ""}') as unknown;
  it.for<[string, Record<string, unknown>]>([
    ['no delivery', { stops: [DALLAS_STOP, DALLAS_STOP] }],
    ['no pickup', { stops: [HOUSTON_STOP, HOUSTON_STOP] }],
    ['a single stop', { stops: [DALLAS_STOP] }],
    ['a delivery before the pickups', { stops: [HOUSTON_STOP, DALLAS_STOP] }],
    ['a delivery naming a later stop', { stops: [DALLAS_STOP, { ...HOUSTON_STOP, pickupIndex: 2 }, DALLAS_STOP] }],
    ['a delivery naming a delivery', { stops: [DALLAS_STOP, HOUSTON_STOP, { ...HOUSTON_STOP, pickupIndex: 1 }] }],
    ['a pickup naming a pickup', { stops: [DALLAS_STOP, { ...DALLAS_STOP, pickupIndex: 0 }, HOUSTON_STOP] }],
    ['a window ending before it starts', { stops: [{ ...DALLAS_STOP, window: { start: '2025-06-16T10:00:00Z', end: '2025-06-16T09:00:00Z' } }, HOUSTON_STOP] }],
    ['a window without a time zone', { stops: [{ ...DALLAS_STOP, window: { start: '2025-06-16T10:00:00', end: '2025-06-16T12:00:00' } }, HOUSTON_STOP] }],
    ['a latitude of 91', { stops: [{ ...DALLAS_STOP, location: { latitude: 91, longitude: -96 } }, HOUSTON_STOP] }],
    ['a longitude of -181', { stops: [{ ...DALLAS_STOP, location: { latitude: 32, longitude: -181 } }, HOUSTON_STOP] }],
    ['(0, 0)', { stops: [{ ...DALLAS_STOP, location: { latitude: 0, longitude: 0 } }, HOUSTON_STOP] }],
    ['a bad ZIP code', { stops: [{ ...DALLAS_STOP, address: { ...DALLAS_STOP.address, postalCode: '7524' } }, HOUSTON_STOP] }],
    ['26 stops', { stops: [...Array(25)].map(() => DALLAS_STOP).concat([HOUSTON_STOP]) }],
    ['a weight of 0', { weightLbs: 0 }],
    ['a negative rate', { rateCents: -1 }],
    ['an operator object as reference number', { referenceNumber: operator }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async ([_case, overrides], { expect }) => {
    const tenant = truckingTenant();
    const input = { referenceNumber: 'BAD-1', customerReference: 'c', weightLbs: 1_000, rateCents: 1_000, stops: [DALLAS_STOP, HOUSTON_STOP], ...overrides };
    const result = await h.run(tenant, CREATE, { input });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await h.models.Load.countDocuments(tenantScope(tenant))).toBe(0);
  });
});

describe.concurrent('loads list', () => {
  it('filters by statuses, driver, vehicle and scheduled range', async ({ expect }) => {
    const tenant = truckingTenant();
    const draft = await fx.load(tenant, { tender: false });
    const later = await fx.load(tenant, {
      stops: [
        { ...DALLAS_STOP, window: { start: '2025-07-01T08:00:00Z', end: '2025-07-01T10:00:00Z' } },
        { ...HOUSTON_STOP, window: { start: '2025-07-01T14:00:00Z', end: '2025-07-01T16:00:00Z' } },
      ],
    });
    const { load: assigned, driver, vehicle } = await fx.assignedLoad(tenant);
    const ids = async (filter: Record<string, unknown>) => {
      const result = await h.run<{ loads: { totalCount: number; edges: { node: { id: string } }[] } }>(tenant, LIST, { filter });
      expect(result.errors).toBeUndefined();
      return result.data!.loads.edges.map((e) => e.node.id).sort();
    };
    expect(await ids({ status: ['draft', 'assigned'] })).toEqual([draft.id, assigned.id].sort());
    expect(await ids({ status: ['tendered'] })).toEqual([later.id]);
    expect(await ids({ driverId: driver })).toEqual([assigned.id]);
    expect(await ids({ vehicleId: vehicle })).toEqual([assigned.id]);
    expect(await ids({ scheduledFrom: '2025-06-30T00:00:00Z' })).toEqual([later.id]);
    expect(await ids({ scheduledTo: '2025-06-30T00:00:00Z' })).toEqual([draft.id, assigned.id].sort());
    // Overlap: a range inside the Houston leg of the June loads.
    expect(await ids({ scheduledFrom: '2025-06-16T21:00:00Z', scheduledTo: '2025-06-16T22:00:00Z' })).toEqual([draft.id, assigned.id].sort());
    expect(await ids({ scheduledFrom: '2025-06-20T00:00:00Z', scheduledTo: '2025-06-21T00:00:00Z' })).toEqual([]);
    expect(codes(await h.run(tenant, LIST, { filter: { scheduledFrom: 'yesterday' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, LIST, { filter: { driverId: 'nope' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('reads 40 loads with driver, vehicle and trailer in one batch per model', async ({ expect }) => {
    const tenant = truckingTenant();
    await insertAssignedLoads(tenant, 40);
    const batches: Parameters<BatchObserver>[0][] = [];
    const result = await h.run<{ loads: { edges: { node: { driver: { id: string }; vehicle: { id: string }; trailer: { id: string } } }[] } }>(
      tenant,
      '{ loads(first: 40) { edges { node { id driver { id licenseNumber currentVehicle { id } } vehicle { id unitNumber } trailer { id } createdBy { id } } } } }',
      {},
      (batch) => batches.push(batch),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.loads.edges).toHaveLength(40);
    expect(result.data!.loads.edges.every((e) => e.node.driver && e.node.vehicle && e.node.trailer)).toBe(true);
    // Each driver's currentVehicle is a vehicle already loaded: the same batch, no second one.
    expect(batches.map((b) => [b.model, b.keys]).sort()).toEqual([
      ['Driver', 40],
      ['Trailer', 40],
      ['Vehicle', 40],
    ]);
  });
});

/** `n` assigned loads, each with its own driver, vehicle and trailer, written straight to the database (fast). */
async function insertAssignedLoads(tenant: TenantContext, n: number): Promise<void> {
  const scope = tenantScope(tenant);
  const by = new mongoose.Types.ObjectId(tenant.userId);
  const ids = () => [...Array(n)].map(() => new mongoose.Types.ObjectId());
  const [loads, drivers, vehicles, trailers] = [ids(), ids(), ids(), ids()];
  const unit = { make: 'Kenworth', model: 'T680', year: 2022, status: 'active', createdBy: by };
  await h.models.Vehicle.insertMany(vehicles.map((_id, i) => ({ _id, ...scope, ...unit, unitNumber: `V${i}`, vin: `VIN${i}`, activeLoad: loads[i] })));
  await h.models.Trailer.insertMany(trailers.map((_id, i) => ({ _id, ...scope, ...unit, type: 'dry_van', unitNumber: `T${i}`, vin: `VIN${i}`, activeLoad: loads[i] })));
  await h.models.Driver.insertMany(
    drivers.map((_id, i) => ({
      _id,
      ...scope,
      userId: new mongoose.Types.ObjectId(),
      licenseNumber: `LIC${i}`,
      licenseClass: 'A',
      licenseState: 'TX',
      licenseExpiresOn: new Date('2099-12-31'),
      currentVehicle: vehicles[i],
      activeLoad: loads[i],
      createdBy: by,
    })),
  );
  const stop = (type: 'pickup' | 'delivery', hours: number) => ({
    type,
    address: { line1: '1 Main St', city: 'Dallas', state: 'TX', postalCode: '75201' },
    latitude: 32.78,
    longitude: -96.8,
    windowStart: new Date(Date.UTC(2025, 5, 16, hours)),
    windowEnd: new Date(Date.UTC(2025, 5, 16, hours + 2)),
  });
  await h.models.Load.insertMany(
    loads.map((_id, i) => ({
      _id,
      ...scope,
      referenceNumber: `BULK-${i}`,
      customerReference: 'bulk',
      weightLbs: 1_000,
      rateCents: 1_000,
      status: 'assigned',
      stops: [stop('pickup', 8), stop('delivery', 12)],
      driver: drivers[i],
      vehicle: vehicles[i],
      trailer: trailers[i],
      pickupAt: new Date(Date.UTC(2025, 5, 16, 8)),
      deliverBy: new Date(Date.UTC(2025, 5, 16, 14)),
      createdBy: by,
    })),
  );
}

describe.concurrent('loads list projection', () => {
  /** The projections of the tenant's `find`s on loads while `run` runs. */
  async function projections(tenant: TenantContext, run: () => Promise<unknown>): Promise<unknown[]> {
    const seen = await commandsOn(h.models.Load.db, 'loads', async () => void (await run()));
    return seen
      .filter((c) => c.name === 'find' && String((c.command['filter'] as { parentCompany?: unknown }).parentCompany) === tenant.tenantId)
      .map((c) => c.command['projection'] ?? null);
  }

  it('leaves the stops and the status history out of a page that does not ask for them', async ({ expect }) => {
    const tenant = truckingTenant();
    await fx.assignedLoad(tenant);
    const list = await projections(tenant, () => h.run(tenant, LIST, { first: 5 }));
    expect(list).toEqual([{ statusHistory: 0, stops: 0 }]);
    const withStops = await projections(tenant, () => h.run(tenant, '{ loads { edges { node { id stops { id } } } } }'));
    expect(withStops).toEqual([{ statusHistory: 0 }]);
  });

  it('answers every field of a node as the single-load query does, whatever the page asks for', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.assignedLoad(tenant);
    const single = (await fx.ok<{ load: Record<string, unknown> }>(tenant, GET, { id: load.id })).load;
    const all = await fx.ok<{ loads: { edges: { node: Record<string, unknown> }[] } }>(tenant, `{ loads { edges { node { ${LOAD_FIELDS} } } } }`);
    expect(all.loads.edges.map((e) => e.node)).toEqual([single]);
    expect(await projections(tenant, () => h.run(tenant, `{ loads { edges { node { ${LOAD_FIELDS} } } } }`))).toEqual([null]);
    // A fragment that asks for the history keeps it.
    const fragment = await fx.ok<{ loads: { edges: { node: { statusHistory: unknown[] } }[] } }>(
      tenant,
      '{ loads { edges { node { id ...History } } } } fragment History on Load { statusHistory { status } }',
    );
    const history = (single['statusHistory'] as { status: string }[]).map(({ status }) => ({ status }));
    expect(history.at(-1)).toEqual({ status: 'assigned' });
    expect(fragment.loads.edges[0]?.node.statusHistory).toEqual(history);
  });
});

describe.concurrent("another tenant's ids", () => {
  it('load(id): null and NOT_FOUND; the list does not show it', async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const { load } = await fx.assignedLoad(owner);
    const read = await h.run(intruder, GET, { id: load.id });
    expect(read.data).toEqual({ load: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    const list = await h.run<{ loads: { totalCount: number } }>(intruder, LIST, { filter: { driverId: load.driver!.id } });
    expect(list.data?.loads.totalCount).toBe(0);
  });

  it('assignLoad, updateLoadStatus and recordStopEvent with any foreign id: NOT_FOUND, nothing changed on either side', async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const [foreignLoad, foreignDriver, foreignVehicle, foreignTrailer] = await Promise.all([fx.load(owner), fx.driver(owner), fx.vehicle(owner), fx.trailer(owner)]);
    const [ownLoad, ownDriver, ownVehicle] = await Promise.all([fx.load(intruder), fx.driver(intruder), fx.vehicle(intruder)]);
    const before = await stored(owner, foreignLoad.id);

    const attempts = [
      fx.assign(intruder, foreignLoad.id, ownDriver.id, ownVehicle.id),
      fx.assign(intruder, ownLoad.id, foreignDriver.id, ownVehicle.id),
      fx.assign(intruder, ownLoad.id, ownDriver.id, foreignVehicle.id),
      fx.assign(intruder, ownLoad.id, ownDriver.id, ownVehicle.id, foreignTrailer.id),
      fx.status(intruder, foreignLoad.id, 'cancelled'),
      h.run(intruder, STOP_EVENT, { id: foreignLoad.id, stop: foreignLoad.stops[0]!.id, event: 'arrived' }),
    ];
    for (const result of await Promise.all(attempts)) expect(codes(result)).toEqual(['NOT_FOUND']);

    expect(await stored(owner, foreignLoad.id)).toEqual(before);
    expect(
      await Promise.all([claimOf(owner, 'Driver', foreignDriver.id), claimOf(owner, 'Vehicle', foreignVehicle.id), claimOf(owner, 'Trailer', foreignTrailer.id)]),
    ).toEqual([null, null, null]);
    expect((await stored(intruder, ownLoad.id))?.status).toBe('tendered');
    expect([await claimOf(intruder, 'Driver', ownDriver.id), await claimOf(intruder, 'Vehicle', ownVehicle.id)]).toEqual([null, null]);
  });
});

describe.concurrent('feature and permission gates', () => {
  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with loadTracking switched off', truckingTenant({ flags: { loadTracking: false } })],
  ])('refuses every load operation with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: { referenceNumber: 'F', customerReference: 'c', weightLbs: 1, rateCents: 1, stops: [DALLAS_STOP, HOUSTON_STOP] } }],
      ['mutation ($id: ID!) { assignLoad(id: $id, driverId: $id, vehicleId: $id) { id } }', { id }],
      ['mutation ($id: ID!) { updateLoadStatus(id: $id, status: tendered) { id } }', { id }],
      [STOP_EVENT, { id, stop: id, event: 'arrived' }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await h.models.Load.countDocuments(tenantScope(tenant))).toBe(0);
  });

  it('every status value is in the lifecycle table', () => {
    expect(Object.keys(LOAD_TRANSITIONS).sort()).toEqual([...LOAD_STATUSES].sort());
  });
});

describe('LoadStop.outsideWorkingHours', () => {
  const FLAGS = 'query ($id: ID!) { load(id: $id) { stops { outsideWorkingHours } } }';
  const flags = async (tenant: TenantContext, id: string) =>
    (await fx.ok<{ load: { stops: { outsideWorkingHours: boolean }[] } }>(tenant, FLAGS, { id })).load.stops.map((s) => s.outsideWorkingHours);

  it("flags an appointment outside the office's days and hours, in its time zone", async () => {
    // Pickup Monday 09:00 in Chicago (inside the default Mon–Fri 06:00–18:00); delivery Saturday 03:00 there.
    const saturday = { ...HOUSTON_STOP, window: { start: '2025-06-21T08:00:00Z', end: '2025-06-21T12:00:00Z' } };
    const load = await fx.load(truckingTenant(), { stops: [DALLAS_STOP, saturday] });
    const tenant = truckingTenant();
    const own = await fx.load(tenant, { stops: [DALLAS_STOP, saturday] });
    expect(await flags(tenant, own.id)).toEqual([false, true]);
    // The tenant's own hours: Saturdays 00:00–05:00 in Chicago, so Monday's pickup falls outside.
    const weekend = { ...tenant, settings: { 'workingHours.days': 'sat', 'workingHours.start': '00:00', 'workingHours.end': '05:00' } };
    expect(await flags(weekend, own.id)).toEqual([true, false]);
    expect(codes(await h.run(tenant, FLAGS, { id: load.id }))).toEqual(['NOT_FOUND']);
  });
});
