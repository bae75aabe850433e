import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { roundSizeFor, unexpectedErrors } from './load';
import { documentCount, FULL, QUICK } from './profiles';
import { buildQueries } from './queries';
import { prng, serviceDocs, tenants, truckingDocs } from './seed/data';

const BASE = `
type Query { me: User! tenant: Tenant! vehicles(first: Int, after: String): VehicleConnection! workOrders(first: Int): WorkOrderConnection! }
type Tenant { id: ID! name: String! appType: String! slug: String! active: Boolean! paymentStatus: String! }
type User { id: ID! name: String! roles: [String!]! }
type Vehicle { id: ID! unitNumber: String! make: String! model: String! createdBy: User! }
type VehicleEdge { node: Vehicle! }
type VehicleConnection { edges: [VehicleEdge!]! totalCount: Int! }
type WorkOrder { id: ID! title: String! createdBy: User! }
type WorkOrderEdge { node: WorkOrder! }
type WorkOrderConnection { edges: [WorkOrderEdge!]! totalCount: Int! }
`;

const FULL_SCHEMA = `${BASE.replace('type Query {', 'type Query { loads(first: Int): LoadConnection!')}
extend type User { driverProfile: Driver technicianProfile: Technician }
type Driver { id: ID! licenseNumber: String! }
type Technician { id: ID! active: Boolean! }
type Load { id: ID! referenceNumber: String! status: String! driver: Driver vehicle: Vehicle createdBy: User! }
type LoadEdge { node: Load! }
type LoadConnection { edges: [LoadEdge!]! totalCount: Int! }
extend type WorkOrder { customer: Customer! technician: Technician parts: [WorkOrderPart!]! }
type Customer { id: ID! name: String! }
type InventoryItem { id: ID! name: String! }
type WorkOrderPart { id: ID! qty: Int! item: InventoryItem! }
`;

describe('buildQueries', () => {
  it('uses loads and work orders with their relations when the schema has them', () => {
    const q = buildQueries(FULL_SCHEMA);
    expect(q.nested.map((n) => [n.name, n.list, n.relations])).toEqual([
      ['NestedLoads', 'loads', ['driver', 'vehicle', 'createdBy']],
      ['NestedWorkOrders', 'workOrders', ['customer', 'technician', 'parts']],
    ]);
    const loads = q.nested[0]!.query;
    expect(loads).toContain('driver { id licenseNumber }');
    expect(loads).toContain('createdBy { id name }');
    expect(q.nested[1]!.query).toContain('parts { id qty item { id name } }');
    expect(q.nested[1]!.query).toContain('technician { id active }');
    expect(q.threeSubgraphs.name).toBe('ThreeSubgraphs');
    expect(q.threeSubgraphs.expectedErrors).toEqual(['FEATURE_DISABLED']);
    expect(q.tenantList.list).toBe('loads');
  });

  it('falls back to vehicles and work orders with createdBy, and says so', () => {
    const q = buildQueries(BASE);
    expect(q.nested.map((n) => [n.name, n.relations])).toEqual([
      ['NestedVehicles', ['createdBy']],
      ['NestedWorkOrdersCreatedBy', ['createdBy']],
    ]);
    expect(q.notes.join('\n')).toMatch(/falls back/);
    expect(q.threeSubgraphs.name).toBe('FanOut');
    expect(q.tenantList.list).toBe('vehicles');
  });

  it('produces operations that parse and pass their size as a variable', () => {
    const q = buildQueries(FULL_SCHEMA);
    for (const op of [q.single, q.fanOut, q.threeSubgraphs, q.tenantList, ...q.nested.map((n) => n.at(50))]) expect(() => parse(op.query)).not.toThrow();
    expect(q.nested[0]!.at(25).variables).toEqual({ first: 25 });
  });
});

describe('data set', () => {
  it('seeds what documentCount says, with the bench tenants first', () => {
    const shape = QUICK.shape;
    const all = tenants(shape);
    const random = prng(1);
    const docs =
      all.length +
      all.reduce((sum, t) => sum + t.users.length, 0) +
      all.filter((t) => t.appType === 'trucking').reduce((sum, t) => sum + Object.values(truckingDocs(t, shape, random)).reduce((n, list) => n + list.length, 0), 0) +
      all.filter((t) => t.appType === 'serviceRepair').reduce((sum, t) => sum + Object.values(serviceDocs(t, shape, random)).reduce((n, list) => n + list.length, 0), 0);
    expect(docs).toBe(documentCount(shape));
    expect(all[0]!.slug).toBe('bench-trk-01');
    expect(all.find((t) => t.appType === 'serviceRepair')!.slug).toBe('bench-svc-01');
  });

  it('has about 100k documents in 50 tenants in the full profile, and enough for a list of 50', () => {
    expect(FULL.shape.truckingTenants + FULL.shape.serviceTenants).toBe(50);
    expect(documentCount(FULL.shape)).toBeGreaterThan(95_000);
    expect(documentCount(FULL.shape)).toBeLessThan(105_000);
    for (const profile of [FULL, QUICK]) {
      expect(profile.shape.loads).toBeGreaterThanOrEqual(Math.max(...profile.nestedSizes));
      expect(profile.shape.workOrders).toBeGreaterThanOrEqual(Math.max(...profile.nestedSizes));
    }
  });

  it("refers only to its own tenant's records", () => {
    const shape = QUICK.shape;
    const [t] = tenants(shape);
    const { loads, drivers, vehicles } = truckingDocs(t!, shape, prng(2));
    const own = (ids: { _id: unknown }[]) => new Set(ids.map((d) => String(d._id)));
    const users = own([...t!.users]);
    for (const load of loads) {
      expect(load.parentCompany).toBe(t!._id);
      expect(own(drivers).has(String(load.driver))).toBe(true);
      expect(own(vehicles).has(String(load.vehicle))).toBe(true);
      expect(users.has(String(load.createdBy))).toBe(true);
    }
    expect(new Set(loads.map((l) => l.referenceNumber)).size).toBe(loads.length);
  });

  it('is deterministic for a seed', () => {
    const a = prng(42);
    const b = prng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('load helpers', () => {
  it('sizes a fast side by time and a slow side by requests', () => {
    expect(roundSizeFor(500, 8, 8)).toEqual({ seconds: 8 });
    expect(roundSizeFor(2, 8, 4)).toEqual({ requests: 16 });
    expect(roundSizeFor(0.1, 8, 4)).toEqual({ requests: 4 });
  });

  it('keeps only the errors an operation does not expect', () => {
    const body = {
      errors: [
        { message: 'off', extensions: { code: 'FEATURE_DISABLED' } },
        { message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    };
    expect(unexpectedErrors(body, ['FEATURE_DISABLED'])).toEqual(['INTERNAL_SERVER_ERROR: boom']);
    expect(unexpectedErrors({})).toEqual([]);
  });
});
