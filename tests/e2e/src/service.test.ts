// The service subgraph through the real gateway: loaders across a page of work orders, tenant
// isolation of every operation that takes an id, and the industry boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';
import { insertDocuments } from './subgraph-commands';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ownSubgraphs: ['service', 'core'] });
});

afterAll(async () => {
  await stack?.stop();
});

const userOf = (tenant: ProvisionedTenant, role: string): string => tenant.users.find((u) => u.roles.includes(role as never))!.id;

/** Runs an operation as the tenant's owner that must succeed. */
async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await post<T>(stack, { query, variables, token: await tokenFor(tenant) });
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

/**
 * `n` dispatched work orders with two parts each, spread over 5 customers, 3 technicians (the
 * tenant's technician, dispatcher and viewer users), 3 items and 2 stock locations; written
 * straight to the service database, since this is about reading them.
 */
async function populate(tenant: ProvisionedTenant, n: number): Promise<void> {
  const scope = tenantScope({ tenantId: tenant.id });
  const owner = new mongoose.Types.ObjectId(userOf(tenant, 'owner'));
  const newId = () => new mongoose.Types.ObjectId();
  const customers = Array.from({ length: 5 }, (_, i) => ({
    _id: newId(),
    ...scope,
    name: `Customer ${i}`,
    locations: [
      {
        _id: newId(),
        label: `Site ${i}`,
        address: { line1: `${i} Main St`, city: 'Chicago', postalCode: '60614', country: 'US' },
        coordinates: null,
      },
    ],
    searchTokens: ['customer', String(i)],
    createdBy: owner,
  }));
  const technicians = ['technician', 'dispatcher', 'viewer'].map((role) => ({
    _id: newId(),
    ...scope,
    userId: new mongoose.Types.ObjectId(userOf(tenant, role)),
    createdBy: owner,
  }));
  const items = Array.from({ length: 3 }, (_, i) => ({ _id: newId(), ...scope, sku: `PART-${i}`, name: `Part ${i}`, unitCostCents: 100 * (i + 1), createdBy: owner }));
  const locations = ['Warehouse A', 'Warehouse B'].map((name) => ({ _id: newId(), ...scope, name, kind: 'warehouse', createdBy: owner }));
  const at = new Date('2031-03-03T15:00:00Z');
  const workOrders = Array.from({ length: n }, (_, i) => {
    const customer = customers[i % 5]!;
    return {
      ...scope,
      number: i + 1,
      title: `Job ${i + 1}`,
      status: 'dispatched',
      statusHistory: ['new', 'scheduled', 'dispatched'].map((status) => ({ status, at, by: owner })),
      customerId: customer._id,
      locationId: customer.locations[0]!._id,
      technicianId: technicians[i % 3]!._id,
      schedule: { start: at, end: new Date(at.getTime() + 3_600_000) },
      parts: [0, 1].map((k) => ({
        _id: newId(),
        itemId: items[(i + k) % 3]!._id,
        locationId: locations[k]!._id,
        qty: k + 1,
        unitCostCents: items[(i + k) % 3]!.unitCostCents,
        consumedAt: at,
        consumedBy: owner,
      })),
      createdBy: owner,
    };
  });
  await insertDocuments(stack.mongodbUri, 'service', [
    { model: 'Customer', docs: customers },
    { model: 'Technician', docs: technicians },
    { model: 'InventoryItem', docs: items },
    { model: 'InventoryLocation', docs: locations },
    { model: 'WorkOrder', docs: workOrders },
  ]);
}

const PAGE = /* GraphQL */ `
  query ($first: Int) {
    workOrders(first: $first) {
      totalCount
      edges {
        node {
          number
          status
          customer {
            name
          }
          location {
            label
          }
          technician {
            id
            user {
              name
            }
          }
          parts {
            qty
            item {
              sku
            }
            location {
              name
            }
          }
          partsCostCents
          createdBy {
            email
          }
        }
      }
    }
  }
`;

interface Page {
  workOrders: {
    totalCount: number;
    edges: { node: { number: number; customer: { name: string }; technician: { user: { name: string } }; parts: { item: { sku: string } }[]; partsCostCents: number } }[];
  };
}

/** The database commands one page of `n` work orders costs, by subgraph, command and collection. */
async function commandsForPage(n: number): Promise<{ service: Record<string, number>; core: Record<string, number> }> {
  const tenant = await freshTenant(stack, 'serviceRepair');
  await populate(tenant, n);
  const token = await tokenFor(tenant, 'dispatcher');
  await post(stack, { query: '{ me { id } }', token }); // warms the gateway's tenant and user cache
  stack.commands.service.reset();
  stack.commands.core.reset();
  const res = await post<Page>(stack, { query: PAGE, variables: { first: n }, token });
  expect(res.body.errors).toBeUndefined();
  const page = res.body.data!.workOrders;
  expect(page.totalCount).toBe(n);
  expect(page.edges).toHaveLength(n);
  expect(page.edges.every((e) => e.node.customer.name.startsWith('Customer ') && e.node.parts.length === 2 && e.node.technician.user.name)).toBe(true);
  const tally = (commands: readonly { name: string; collection: string }[]) =>
    commands.reduce<Record<string, number>>((acc, c) => ({ ...acc, [`${c.name} ${c.collection}`]: (acc[`${c.name} ${c.collection}`] ?? 0) + 1 }), {});
  return { service: tally(stack.commands.service.commands), core: tally(stack.commands.core.commands) };
}

describe('a page of work orders with customer, technician and parts', () => {
  it('costs the same constant number of database commands for 10 and for 50 work orders', { timeout: 120_000 }, async () => {
    const ten = await commandsForPage(10);
    const fifty = await commandsForPage(50);
    expect(fifty).toEqual(ten);
    // One query per collection: the page, its count, and one batch per kind of object it references.
    expect(fifty.service).toEqual({
      'find workOrders': 1,
      'aggregate workOrders': 1,
      'find customers': 1,
      'find technicians': 1,
      'find inventoryItems': 1,
      'find inventoryLocations': 1,
    });
    // Core resolves users in one batch per fetch of the query plan: createdBy, then technician.user.
    expect(fifty.core).toEqual({ 'find users': 2 });
  });
});

describe('tenant isolation of every service operation that takes an id', () => {
  const AREA = 'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }';
  const CUSTOMER = 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id locations { id } } }';
  const TECHNICIAN = 'mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }';
  const ORDER = 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }';
  const ITEM = 'mutation ($input: CreateInventoryItemInput!) { createInventoryItem(input: $input) { id } }';
  const LOCATION = 'mutation ($input: CreateInventoryLocationInput!) { createInventoryLocation(input: $input) { id } }';
  const ADJUST = 'mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { kind } }';
  const DISPATCH = 'mutation ($id: ID!, $technicianId: ID) { dispatchWorkOrder(id: $id, technicianId: $technicianId) { workOrder { id } } }';
  const ALL_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

  /** A tenant's service data, created through the API: area, customer, technician, a dispatched order, stock. */
  async function serviceData(tenant: ProvisionedTenant) {
    const area = (await ok<{ createServiceArea: { id: string } }>(tenant, AREA, { input: { name: 'Lincoln Park', zipCodes: ['60614'] } })).createServiceArea.id;
    const customer = (
      await ok<{ createCustomer: { id: string; locations: { id: string }[] } }>(tenant, CUSTOMER, {
        input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] },
      })
    ).createCustomer;
    const technician = (
      await ok<{ createTechnician: { id: string } }>(tenant, TECHNICIAN, {
        input: { userId: userOf(tenant, 'technician'), serviceAreaIds: [area], workingHours: ALL_DAY },
      })
    ).createTechnician.id;
    const order = (await ok<{ createWorkOrder: { id: string } }>(tenant, ORDER, { input: { title: 'Fix', customerId: customer.id } })).createWorkOrder.id;
    await ok(tenant, DISPATCH, { id: order, technicianId: technician });
    const item = (await ok<{ createInventoryItem: { id: string } }>(tenant, ITEM, { input: { sku: 'CAP-455', name: 'Capacitor', unitCostCents: 1_250 } }))
      .createInventoryItem.id;
    const warehouse = (await ok<{ createInventoryLocation: { id: string } }>(tenant, LOCATION, { input: { name: 'Warehouse', kind: 'warehouse' } }))
      .createInventoryLocation.id;
    await ok(tenant, ADJUST, { input: { kind: 'receive', itemId: item, locationId: warehouse, qty: 5 } });
    return { area, customer: customer.id, location: customer.locations[0]!.id, technician, order, item, warehouse };
  }

  /** Every service document of a tenant, collection by collection. */
  async function snapshot(tenant: ProvisionedTenant): Promise<Record<string, unknown[]>> {
    const scope = tenantScope({ tenantId: tenant.id });
    const names = (await stack.connections.service.listCollections()).map((c) => c.name).sort();
    const entries = await Promise.all(names.map(async (name) => [name, await stack.collection('service', name).find(scope).sort({ _id: 1 }).toArray()] as const));
    return Object.fromEntries(entries);
  }

  it("answers NOT_FOUND to tenant B for each of tenant A's ids, and A's data stays as it was", { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([freshTenant(stack, 'serviceRepair'), freshTenant(stack, 'serviceRepair')]);
    const [A, B] = await Promise.all([serviceData(a), serviceData(b)]);
    const before = await snapshot(a);

    const cases: [string, string, Record<string, unknown>][] = [
      ['serviceArea', 'query ($id: ID!) { serviceArea(id: $id) { id } }', { id: A.area }],
      ['customer', 'query ($id: ID!) { customer(id: $id) { id } }', { id: A.customer }],
      ['technician', 'query ($id: ID!) { technician(id: $id) { id } }', { id: A.technician }],
      ['workOrder', 'query ($id: ID!) { workOrder(id: $id) { id } }', { id: A.order }],
      ['inventoryItem', 'query ($id: ID!) { inventoryItem(id: $id) { id } }', { id: A.item }],
      ['updateCustomer', 'mutation ($id: ID!) { updateCustomer(id: $id, input: { name: "Mallory" }) { id } }', { id: A.customer }],
      ['updateTechnician', 'mutation ($id: ID!) { updateTechnician(id: $id, input: { active: false }) { id } }', { id: A.technician }],
      ['createTechnician with A’s area', TECHNICIAN, { input: { userId: userOf(b, 'viewer'), serviceAreaIds: [A.area] } }],
      ['createWorkOrder for A’s customer', ORDER, { input: { title: 'Steal', customerId: A.customer } }],
      ['createWorkOrder at A’s location', ORDER, { input: { title: 'Mix', customerId: B.customer, locationId: A.location } }],
      ['updateWorkOrderStatus', 'mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: en_route) { id } }', { id: A.order }],
      ['dispatchWorkOrder of A’s order', DISPATCH, { id: A.order }],
      ['dispatchWorkOrder to A’s technician', DISPATCH, { id: B.order, technicianId: A.technician }],
      ['createInventoryLocation for A’s technician', LOCATION, { input: { name: 'Van', kind: 'van', technicianId: A.technician } }],
      ['adjustInventory of A’s item', ADJUST, { input: { kind: 'receive', itemId: A.item, locationId: B.warehouse, qty: 1 } }],
      ['adjustInventory at A’s location', ADJUST, { input: { kind: 'count', itemId: B.item, locationId: A.warehouse, qty: 0 } }],
      ['adjustInventory from A’s location', ADJUST, { input: { kind: 'transfer', itemId: B.item, fromLocationId: A.warehouse, toLocationId: B.warehouse, qty: 1 } }],
      [
        'consumePart for A’s order',
        'mutation ($w: ID!, $i: ID!, $l: ID!) { consumePart(workOrderId: $w, itemId: $i, locationId: $l, qty: 1) { part { id } } }',
        { w: A.order, i: B.item, l: B.warehouse },
      ],
      [
        'consumePart of A’s item',
        'mutation ($w: ID!, $i: ID!, $l: ID!) { consumePart(workOrderId: $w, itemId: $i, locationId: $l, qty: 1) { part { id } } }',
        { w: B.order, i: A.item, l: B.warehouse },
      ],
      [
        'consumePart from A’s location',
        'mutation ($w: ID!, $i: ID!, $l: ID!) { consumePart(workOrderId: $w, itemId: $i, locationId: $l, qty: 1) { part { id } } }',
        { w: B.order, i: B.item, l: A.warehouse },
      ],
    ];
    const token = await tokenFor(b);
    for (const [name, query, variables] of cases) {
      const res = await post(stack, { query, variables, token });
      expect(codes(res), name).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(res.body.data ?? null), name).not.toMatch(/"id":"[0-9a-f]{24}"/);
    }
    // Lists filtered by A's ids find nothing of A's.
    const lists = await ok<{ workOrders: { totalCount: number }; technicians: { totalCount: number }; inventoryLocations: { totalCount: number } }>(
      b,
      'query ($c: ID!, $a: ID!, $t: ID!) { workOrders(filter: { customerId: $c }) { totalCount } technicians(filter: { serviceAreaId: $a }) { totalCount } inventoryLocations(filter: { technicianId: $t }) { totalCount } }',
      { c: A.customer, a: A.area, t: A.technician },
    );
    expect(lists).toEqual({ workOrders: { totalCount: 0 }, technicians: { totalCount: 0 }, inventoryLocations: { totalCount: 0 } });
    expect(await snapshot(a)).toEqual(before);
  });

  it("gives a technician user their profile on me, and another tenant's technician nothing", { timeout: 60_000 }, async () => {
    const [a, b] = await Promise.all([freshTenant(stack, 'serviceRepair'), freshTenant(stack, 'serviceRepair')]);
    const { technician } = await serviceData(a);
    const mine = await post<{ me: { technicianProfile: { id: string } | null } }>(stack, {
      query: '{ me { email technicianProfile { id serviceAreas { name } } } }',
      token: await tokenFor(a, 'technician'),
    });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data?.me).toEqual({ email: `technician@${a.slug}.test`, technicianProfile: { id: technician, serviceAreas: [{ name: 'Lincoln Park' }] } });
    const theirs = await post(stack, { query: '{ me { technicianProfile { id } } }', token: await tokenFor(b, 'technician') });
    expect(theirs.body).toEqual({ data: { me: { technicianProfile: null } } });
  });
});

describe('industries', () => {
  it('a trucking tenant gets FEATURE_DISABLED for every service operation and writes nothing', { timeout: 60_000 }, async () => {
    const trucking = await freshTenant(stack, 'trucking');
    const token = await tokenFor(trucking);
    const id = new mongoose.Types.ObjectId().toHexString();
    const operations: [string, Record<string, unknown>][] = [
      ['{ serviceAreas { totalCount } }', {}],
      ['query ($id: ID!) { serviceArea(id: $id) { id } }', { id }],
      ['{ serviceAreaAt(zip: "60614") { totalCount } }', {}],
      ['{ technicians { totalCount } }', {}],
      ['query ($id: ID!) { technician(id: $id) { id } }', { id }],
      ['{ customers { totalCount } }', {}],
      ['query ($id: ID!) { customer(id: $id) { id } }', { id }],
      ['{ workOrders { totalCount } }', {}],
      ['query ($id: ID!) { workOrder(id: $id) { id } }', { id }],
      ['{ inventoryItems { totalCount } }', {}],
      ['query ($id: ID!) { inventoryItem(id: $id) { id } }', { id }],
      ['{ inventoryLocations { totalCount } }', {}],
      ['mutation { createServiceArea(input: { name: "A", zipCodes: ["60614"] }) { id } }', {}],
      ['mutation ($id: ID!) { createTechnician(input: { userId: $id }) { id } }', { id }],
      ['mutation ($id: ID!) { updateTechnician(id: $id, input: { active: false }) { id } }', { id }],
      ['mutation { createCustomer(input: { name: "A", locations: [{ address: { line1: "1 A St", city: "C", postalCode: "60614" } }] }) { id } }', {}],
      ['mutation ($id: ID!) { updateCustomer(id: $id, input: { name: "B" }) { id } }', { id }],
      ['mutation ($id: ID!) { createWorkOrder(input: { title: "A", customerId: $id }) { id } }', { id }],
      ['mutation ($id: ID!) { dispatchWorkOrder(id: $id) { workOrder { id } } }', { id }],
      ['mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: scheduled) { id } }', { id }],
      ['mutation { createInventoryItem(input: { sku: "A", name: "A", unitCostCents: 1 }) { id } }', {}],
      ['mutation { createInventoryLocation(input: { name: "W", kind: warehouse }) { id } }', {}],
      ['mutation ($id: ID!) { adjustInventory(input: { kind: receive, itemId: $id, locationId: $id, qty: 1 }) { kind } }', { id }],
      ['mutation ($id: ID!) { consumePart(workOrderId: $id, itemId: $id, locationId: $id, qty: 1) { part { id } } }', { id }],
    ];
    for (const [query, variables] of operations) {
      expect(codes(await post(stack, { query, variables, token })), query).toEqual(['FEATURE_DISABLED']);
    }
    const scope = tenantScope({ tenantId: trucking.id });
    // Every collection of the service database.
    for (const { name } of await stack.connections.service.listCollections()) {
      expect(await stack.collection('service', name).countDocuments(scope), name).toBe(0);
    }
  });
});
