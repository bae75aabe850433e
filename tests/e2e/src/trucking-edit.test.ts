// Correcting, cancelling and retiring trucking records through the real gateway: a dispatcher of a
// demo tenant edits and cancels loads under the status rules, retires units and drivers; every new
// mutation refuses another tenant's ids (NOT_FOUND, nothing changed) and the roles without the
// permission (FORBIDDEN); the lists that now hide retired records cost the same database commands
// whatever their size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';
import { insertDocuments, seedTenants } from './subgraph-commands';
import mongoose from 'mongoose';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ownSubgraphs: ['trucking', 'core'] });
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

/** A fresh trucking tenant with the demo data of the contract (fleet, driver, loads in every state). */
async function demoTenant(): Promise<ProvisionedTenant> {
  const tenant = await freshTenant(stack, 'trucking');
  await seedTenants(stack.mongodbUri, 'trucking', [tenant.slug]);
  return tenant;
}

interface StopView {
  id: string;
  type: string;
  name: string | null;
  address: { line1: string; line2: string | null; city: string; state: string; postalCode: string };
  location: { latitude: number; longitude: number };
  window: { start: string; end: string };
  arrivedAt: string | null;
  notes: string | null;
}
interface LoadView {
  id: string;
  referenceNumber: string;
  customerReference: string;
  rateCents: number;
  notes: string | null;
  status: string;
  editableFields: string[];
  stops: StopView[];
  driver: { id: string } | null;
  vehicle: { id: string } | null;
  cancellation: { reason: string; note: string | null; by: { email: string } } | null;
}

const LOAD = `id referenceNumber customerReference rateCents notes status editableFields driver { id } vehicle { id }
  stops { id type name address { line1 line2 city state postalCode } location { latitude longitude } window { start end } arrivedAt notes }
  cancellation { reason note by { email } }`;
const BY_REFERENCE = `query ($status: [LoadStatus!]) { loads(first: 50, filter: { status: $status }) { edges { node { ${LOAD} } } } }`;
const UPDATE_LOAD = `mutation ($id: ID!, $input: UpdateLoadInput!) { updateLoad(id: $id, input: $input) { ${LOAD} } }`;
const CANCEL_LOAD = `mutation ($id: ID!, $reason: CancellationReason!, $note: String) { cancelLoad(id: $id, reason: $reason, note: $note) { ${LOAD} } }`;
const RETIRE = {
  vehicle: 'mutation ($id: ID!, $reason: String) { retireVehicle(id: $id, reason: $reason) { id status retiredAt retirementReason } }',
  trailer: 'mutation ($id: ID!, $reason: String) { retireTrailer(id: $id, reason: $reason) { id status retiredAt retirementReason } }',
  driver: 'mutation ($id: ID!, $reason: String) { retireDriver(id: $id, reason: $reason) { id status retiredAt retirementReason } }',
};

async function demoLoad(tenant: ProvisionedTenant, referenceNumber: string): Promise<LoadView> {
  const data = await ok<{ loads: { edges: { node: LoadView }[] } }>(tenant, BY_REFERENCE);
  const load = data.loads.edges.map((e) => e.node).find((l) => l.referenceNumber === referenceNumber);
  if (!load) throw new Error(`no demo load ${referenceNumber}`);
  return load;
}

/** A stop as the API gave it, as the edit input takes it back. */
const asInput = (stop: StopView) => ({
  id: stop.id,
  type: stop.type,
  name: stop.name,
  address: stop.address,
  location: stop.location,
  window: stop.window,
  notes: stop.notes,
});

/** The demo tenant's ids: its units, its driver, and a tendered and an in-transit load. */
async function ids(tenant: ProvisionedTenant) {
  const data = await ok<{
    vehicles: { edges: { node: { id: string; unitNumber: string } }[] };
    trailers: { edges: { node: { id: string; unitNumber: string } }[] };
    drivers: { edges: { node: { id: string } }[] };
  }>(tenant, '{ vehicles { edges { node { id unitNumber } } } trailers { edges { node { id unitNumber } } } drivers { edges { node { id } } } }');
  const unit = (list: { edges: { node: { id: string; unitNumber: string } }[] }, n: string) => list.edges.find((e) => e.node.unitNumber === n)!.node.id;
  return {
    freeVehicle: unit(data.vehicles, '103'),
    freeTrailer: unit(data.trailers, 'T-203'),
    driver: data.drivers.edges[0]!.node.id,
    tendered: (await demoLoad(tenant, 'L-1002')).id,
    inTransit: await demoLoad(tenant, 'L-1003'),
  };
}

describe('a dispatcher of a demo tenant corrects and cancels loads', () => {
  it('edits a tendered load (rate, bill-to, notes, a new stop), audited with the field diff, then cancels it with a reason', async () => {
    const tenant = await demoTenant();
    const load = await demoLoad(tenant, 'L-1002');
    expect(load.editableFields).toEqual(['referenceNumber', 'customerReference', 'commodity', 'weightLbs', 'rateCents', 'notes', 'stops']);
    const [first, last] = [load.stops[0]!, load.stops.at(-1)!];
    const extra = { ...asInput(first), id: undefined, name: 'Cross-dock', window: { start: first.window.end, end: last.window.start }, notes: 'Pick up two pallets' };
    const edited = await ok<{ updateLoad: LoadView }>(tenant, UPDATE_LOAD, {
      id: load.id,
      input: { rateCents: load.rateCents + 12_500, customerReference: 'Walmart DC 6094', notes: 'Appointment confirmed', stops: [asInput(first), extra, asInput(last)] },
    });
    expect(edited.updateLoad).toMatchObject({
      rateCents: load.rateCents + 12_500,
      customerReference: 'Walmart DC 6094',
      notes: 'Appointment confirmed',
      status: 'tendered',
    });
    expect(edited.updateLoad.stops.map((s) => s.name)).toEqual([first.name, 'Cross-dock', last.name]);
    expect(edited.updateLoad.stops.map((s) => s.id)).toEqual([first.id, expect.any(String), last.id]);

    const audit = await ok<{ auditLog: { edges: { node: { operation: string; actor: { email: string }; diff: Record<string, { from: unknown; to: unknown }> } }[] } }>(
      tenant,
      'query ($id: String!) { auditLog(first: 10, filter: { targetId: $id, operation: "updateLoad" }) { edges { node { operation actor { email } diff } } } }',
      { id: load.id },
      'admin',
    );
    const [event] = audit.auditLog.edges.map((e) => e.node);
    expect(event?.actor.email).toBe(`dispatcher@${tenant.slug}.test`);
    expect(event?.diff['rateCents']).toEqual({ from: load.rateCents, to: load.rateCents + 12_500 });
    expect(Object.keys(event?.diff ?? {})).toEqual(expect.arrayContaining(['customerReference', 'notes', 'stops', 'rateCents']));

    const cancelled = await ok<{ cancelLoad: LoadView }>(tenant, CANCEL_LOAD, { id: load.id, reason: 'customer_cancelled', note: 'PO withdrawn' });
    expect(cancelled.cancelLoad).toMatchObject({
      status: 'cancelled',
      editableFields: ['notes'],
      cancellation: { reason: 'customer_cancelled', note: 'PO withdrawn', by: { email: `dispatcher@${tenant.slug}.test` } },
    });
    const again = await as(tenant, CANCEL_LOAD, { id: load.id, reason: 'duplicate' });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.body.errors?.[0]?.extensions?.['reason']).toBe('LOAD_NOT_CANCELLABLE');
  });

  it('on the road: the stop arrived at and the commodity are locked (named rule); the next stop moves; a cancel frees the driver and truck', async () => {
    const tenant = await demoTenant();
    const load = await demoLoad(tenant, 'L-1003');
    expect(load.status).toBe('in_transit');
    const [arrived, next] = [load.stops[0]!, load.stops[1]!];
    expect(arrived.arrivedAt).not.toBeNull();

    const moved = await as(tenant, UPDATE_LOAD, { id: load.id, input: { stops: [{ ...asInput(arrived), name: 'Elsewhere' }, asInput(next)] } });
    expect(codes(moved)).toEqual(['CONFLICT']);
    expect(moved.body.errors?.[0]?.extensions).toMatchObject({ reason: 'STOP_ARRIVED', stopId: arrived.id });
    const commodity = await as(tenant, UPDATE_LOAD, { id: load.id, input: { commodity: 'Steel coils' } });
    expect(commodity.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIELD_LOCKED', field: 'commodity' });

    const later = { start: new Date(Date.parse(next.window.start) + 3_600_000).toISOString(), end: new Date(Date.parse(next.window.end) + 3_600_000).toISOString() };
    const edited = await ok<{ updateLoad: LoadView }>(tenant, UPDATE_LOAD, { id: load.id, input: { stops: [asInput(arrived), { ...asInput(next), window: later }] } });
    expect(edited.updateLoad.stops[1]!.window).toEqual(later);

    const cancelled = await ok<{ cancelLoad: LoadView }>(tenant, CANCEL_LOAD, { id: load.id, reason: 'equipment_failure', note: 'Blown turbo near Temple' });
    expect(cancelled.cancelLoad.status).toBe('cancelled');
    const freed = await ok<{ driver: { currentLoad: unknown }; vehicle: { currentLoad: unknown } }>(
      tenant,
      'query ($d: ID!, $v: ID!) { driver(id: $d) { currentLoad { id } } vehicle(id: $v) { currentLoad { id } } }',
      { d: load.driver!.id, v: load.vehicle!.id },
    );
    expect(freed).toEqual({ driver: { currentLoad: null }, vehicle: { currentLoad: null } });
  });

  it('a delivered load keeps its number and stops; its rate still changes until it is invoiced', async () => {
    const tenant = await demoTenant();
    const delivered = await demoLoad(tenant, 'L-1004');
    const invoiced = await demoLoad(tenant, 'L-1005');
    expect((await as(tenant, UPDATE_LOAD, { id: delivered.id, input: { rateCents: 99_000 } })).body.errors).toBeUndefined();
    const number = await as(tenant, UPDATE_LOAD, { id: delivered.id, input: { referenceNumber: 'L-9999' } });
    expect(number.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIELD_LOCKED', field: 'referenceNumber', status: 'delivered' });
    const rate = await as(tenant, UPDATE_LOAD, { id: invoiced.id, input: { rateCents: 1 } });
    expect(rate.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIELD_LOCKED', field: 'rateCents', status: 'invoiced' });
  });
});

describe('retiring units and drivers through the gateway', () => {
  it('refuses the truck and driver of a load on the road (RETIRE_BLOCKED naming it); a free unit retires and leaves the pickers', async () => {
    const tenant = await demoTenant();
    const w = await ids(tenant);
    for (const [kind, id] of [
      ['vehicle', w.inTransit.vehicle!.id],
      ['driver', w.inTransit.driver!.id],
    ] as const) {
      const refused = await as(tenant, RETIRE[kind], { id, reason: 'Leaving' });
      expect(codes(refused), kind).toEqual(['CONFLICT']);
      expect(refused.body.errors?.[0]?.extensions, kind).toMatchObject({
        reason: 'RETIRE_BLOCKED',
        loads: [{ id: w.inTransit.id, referenceNumber: 'L-1003', status: 'in_transit' }],
      });
    }
    const retired = await ok<{ retireVehicle: { status: string; retirementReason: string } }>(tenant, RETIRE.vehicle, { id: w.freeVehicle, reason: 'Sold' });
    expect(retired.retireVehicle).toMatchObject({ status: 'retired', retirementReason: 'Sold' });
    const lists = await ok<{ pickers: { edges: { node: { id: string } }[] }; all: { edges: { node: { id: string } }[] } }>(
      tenant,
      '{ pickers: vehicles(first: 50) { edges { node { id } } } all: vehicles(first: 50, filter: { includeRetired: true }) { edges { node { id } } } }',
    );
    expect(lists.pickers.edges.map((e) => e.node.id)).not.toContain(w.freeVehicle);
    expect(lists.all.edges.map((e) => e.node.id)).toContain(w.freeVehicle);
    const assign = await as(tenant, 'mutation ($id: ID!, $d: ID!, $v: ID!) { assignLoad(id: $id, driverId: $d, vehicleId: $v) { id } }', {
      id: w.tendered,
      d: w.driver,
      v: w.freeVehicle,
    });
    expect(assign.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VEHICLE_NOT_ACTIVE' });
  });
});

/** Every trucking document of a tenant, collection by collection. */
async function snapshot(tenant: ProvisionedTenant): Promise<Record<string, unknown[]>> {
  const scope = tenantScope({ tenantId: tenant.id });
  const out: Record<string, unknown[]> = {};
  for (const { name } of await stack.connections.trucking.listCollections()) {
    out[name] = await stack.collection('trucking', name).find(scope).sort({ _id: 1 }).toArray();
  }
  return out;
}

describe("another tenant's ids and the roles", () => {
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let wa: Awaited<ReturnType<typeof ids>>;

  beforeAll(async () => {
    [a, b] = await Promise.all([demoTenant(), demoTenant()]);
    wa = await ids(a);
  });

  const attempts = (w: Awaited<ReturnType<typeof ids>>): [string, string, Record<string, unknown>][] => [
    ['updateLoad', UPDATE_LOAD, { id: w.tendered, input: { rateCents: 1, notes: 'Hijacked' } }],
    ['cancelLoad', CANCEL_LOAD, { id: w.tendered, reason: 'other', note: 'Hijacked' }],
    ['retireVehicle', RETIRE.vehicle, { id: w.freeVehicle, reason: 'Hijacked' }],
    ['retireTrailer', RETIRE.trailer, { id: w.freeTrailer, reason: 'Hijacked' }],
    ['retireDriver', RETIRE.driver, { id: w.driver, reason: 'Hijacked' }],
  ];

  it("every new mutation with one of A's ids is NOT_FOUND for B's dispatcher and owner, and changes nothing of A's or B's", async () => {
    const [beforeA, beforeB] = await Promise.all([snapshot(a), snapshot(b)]);
    for (const role of ['dispatcher', 'owner']) {
      for (const [name, query, variables] of attempts(wa)) {
        const res = await as(b, query, variables, role);
        expect(codes(res), `${name} as ${role}`).toEqual(['NOT_FOUND']);
      }
    }
    const [afterA, afterB] = await Promise.all([snapshot(a), snapshot(b)]);
    expect(afterA).toEqual(beforeA);
    expect(afterB).toEqual(beforeB);
  });

  it('a viewer and a driver are FORBIDDEN every new mutation and change nothing; a dispatcher, an admin and the owner may', async () => {
    const before = await snapshot(a);
    for (const role of ['viewer', 'driver']) {
      for (const [name, query, variables] of attempts(wa)) {
        expect(codes(await as(a, query, variables, role)), `${name} as ${role}`).toEqual(['FORBIDDEN']);
      }
    }
    expect(await snapshot(a)).toEqual(before);

    // Each allowed role on a tenant of its own (the operations retire and cancel), its driver freed first.
    for (const role of ['dispatcher', 'admin', 'owner']) {
      const tenant = await demoTenant();
      const w = await ids(tenant);
      await ok(tenant, CANCEL_LOAD, { id: w.inTransit.id, reason: 'weather' });
      for (const [name, query, variables] of attempts(w)) {
        const res = await as(tenant, query, variables, role);
        expect(res.body.errors, `${name} as ${role}`).toBeUndefined();
      }
    }
  });
});

/** `n` vehicles, trailers and drivers (a quarter of them retired), straight to the database. */
async function populate(tenant: ProvisionedTenant, n: number): Promise<void> {
  const scope = tenantScope({ tenantId: tenant.id });
  const createdBy = new mongoose.Types.ObjectId(tenant.users[0]!.id);
  const status = (i: number) => (i % 4 === 0 ? 'retired' : 'active');
  const vin = (i: number) => `1FUJHHDR${(i % 10).toString()}NA${String(100_000 + i)}`;
  const each = <T>(make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  await insertDocuments(stack.mongodbUri, 'trucking', [
    { model: 'Vehicle', docs: each((i) => ({ ...scope, unitNumber: `V${i}`, vin: vin(i), make: 'Volvo', model: 'VNL', year: 2021, status: status(i), createdBy })) },
    {
      model: 'Trailer',
      docs: each((i) => ({ ...scope, unitNumber: `T${i}`, vin: vin(i), type: 'dry_van', make: 'Wabash', model: 'DuraPlate', year: 2021, status: status(i), createdBy })),
    },
    {
      model: 'Driver',
      docs: each((i) => ({
        ...scope,
        userId: new mongoose.Types.ObjectId(),
        licenseNumber: `LIC${i}`,
        licenseClass: 'A',
        licenseState: 'TX',
        licenseExpiresOn: new Date('2099-12-31'),
        status: status(i),
        createdBy,
      })),
    },
  ]);
}

const PICKERS = /* GraphQL */ `
  query ($first: Int!) {
    vehicles(first: $first) {
      totalCount
      edges {
        node {
          id
          unitNumber
          status
          currentLoad {
            id
          }
          createdBy {
            id
            email
          }
        }
      }
    }
    trailers(first: $first) {
      totalCount
      edges {
        node {
          id
          unitNumber
          status
          currentLoad {
            id
          }
        }
      }
    }
    drivers(first: $first) {
      totalCount
      edges {
        node {
          id
          status
          user {
            id
          }
          currentVehicle {
            id
          }
          currentLoad {
            id
          }
        }
      }
    }
  }
`;

async function costOfPickers(tenant: ProvisionedTenant, first: number): Promise<Record<string, number>> {
  const token = await tokenFor(tenant, 'dispatcher');
  await post(stack, { query: '{ me { id } }', token });
  stack.commands.trucking.reset();
  stack.commands.core.reset();
  const res = await post<Record<string, { totalCount: number; edges: { node: { status: string } }[] }>>(stack, { query: PICKERS, variables: { first }, token });
  expect(res.body.errors).toBeUndefined();
  for (const list of ['vehicles', 'trailers', 'drivers']) {
    const page = res.body.data![list]!;
    expect(page.edges, list).toHaveLength(first);
    expect(
      page.edges.every((e) => e.node.status === 'active'),
      list,
    ).toBe(true);
  }
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

describe('the lists that hide retired records', () => {
  it('a page of vehicles, trailers and drivers (retired left out) costs the same commands for 8 as for 40', async () => {
    const [small, large] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    await Promise.all([populate(small, 12), populate(large, 60)]);
    const eight = await costOfPickers(small, 8);
    const forty = await costOfPickers(large, 40);
    console.log('database commands for one page each of vehicles, trailers and drivers:');
    console.table(
      Object.keys({ ...eight, ...forty })
        .sort()
        .map((command) => ({ command, '8 each': eight[command] ?? 0, '40 each': forty[command] ?? 0 })),
    );
    expect(forty).toEqual(eight);
    expect(forty['trucking find vehicles']).toBe(1);
    expect(forty['trucking find trailers']).toBe(1);
    expect(forty['trucking find drivers']).toBe(1);
  });
});
