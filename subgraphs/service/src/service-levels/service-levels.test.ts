// Service levels and stock from the tenant's configuration: due-by per priority
// (workOrders.responseHours), overdue work orders flagged and filtered, low stock from
// inventory.lowStockThreshold, negative stock only with inventory.allowNegativeStock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createCustomer, createItem, createOrder, createStockLocation, ok, receive, serviceTenant, startHarness, type ServiceHarness } from '../testing';

// Monday 2031-03-03, 06:00 UTC.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-levels', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const RESPONSE = {
  'workOrders.responseHours.low': 72,
  'workOrders.responseHours.normal': 48,
  'workOrders.responseHours.high': 24,
  'workOrders.responseHours.emergency': 4,
};
const ORDER = 'id number priority status dueBy overdue';
const CREATE = `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${ORDER} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWorkOrderInput!) { updateWorkOrder(id: $id, input: $input) { ${ORDER} } }`;
const LIST = `query ($filter: WorkOrderFilter) { workOrders(filter: $filter, first: 50) { totalCount edges { node { ${ORDER} customer { id } } } } }`;
const ITEMS = 'query ($filter: InventoryItemFilter) { inventoryItems(filter: $filter, first: 50) { totalCount edges { node { sku onHand reorderPoint lowStock } } } }';
const CONSUME = `mutation ($workOrderId: ID!, $itemId: ID!, $locationId: ID!, $qty: Int!) {
  consumePart(workOrderId: $workOrderId, itemId: $itemId, locationId: $locationId, qty: $qty) { stock { qty } }
}`;

interface Order {
  id: string;
  priority: string;
  status: string;
  dueBy: string | null;
  overdue: boolean;
}

async function orders(tenant: TenantContext, customerId: string) {
  const create = async (input: Record<string, unknown>) =>
    (await ok<{ createWorkOrder: Order }>(h, tenant, CREATE, { input: { title: 'Fix', customerId, ...input } })).createWorkOrder;
  return {
    emergency: await create({ priority: 'emergency' }),
    normal: await create({ priority: 'normal' }),
    booked: await create({ priority: 'high', requestedWindow: { start: '2031-03-10T08:00:00Z', end: '2031-03-10T12:00:00Z' } }),
  };
}

describe('due-by and overdue', () => {
  it("sets due-by from the tenant's response hours of the priority, from the requested window when later", async () => {
    const tenant = serviceTenant({ settings: RESPONSE });
    const { emergency, normal, booked } = await orders(tenant, (await createCustomer(h, tenant)).id);
    expect(emergency).toMatchObject({ dueBy: '2031-03-03T10:00:00.000Z', overdue: false });
    expect(normal.dueBy).toBe('2031-03-05T06:00:00.000Z');
    expect(booked.dueBy).toBe('2031-03-11T08:00:00.000Z');
    // A change of priority moves it.
    expect((await ok<{ updateWorkOrder: Order }>(h, tenant, UPDATE, { id: normal.id, input: { priority: 'low' } })).updateWorkOrder.dueBy).toBe(
      '2031-03-06T06:00:00.000Z',
    );
  });

  it("opens a work order without a priority at the tenant's workOrders.defaultPriority, due by its response hours; normal without the key", async () => {
    const tenant = serviceTenant({ settings: { ...RESPONSE, 'workOrders.defaultPriority': 'high' } });
    const customerId = (await createCustomer(h, tenant)).id;
    const opened = (await ok<{ createWorkOrder: Order }>(h, tenant, CREATE, { input: { title: 'Fix', customerId } })).createWorkOrder;
    expect(opened).toMatchObject({ priority: 'high', dueBy: '2031-03-04T06:00:00.000Z' });
    // A priority given wins.
    expect((await ok<{ createWorkOrder: Order }>(h, tenant, CREATE, { input: { title: 'Fix', customerId, priority: 'low' } })).createWorkOrder.priority).toBe('low');
    const plain = serviceTenant();
    const order = (await ok<{ createWorkOrder: Order }>(h, plain, CREATE, { input: { title: 'Fix', customerId: (await createCustomer(h, plain)).id } })).createWorkOrder;
    expect(order.priority).toBe('normal');
  });

  it('without the keys a work order has no due-by and is never overdue', async () => {
    const tenant = serviceTenant();
    const { emergency } = await orders(tenant, (await createCustomer(h, tenant)).id);
    expect(emergency).toMatchObject({ dueBy: null, overdue: false });
    h.clock(tenant).set('2031-04-01T00:00:00Z');
    expect((await ok<{ workOrders: { totalCount: number } }>(h, tenant, LIST, { filter: { overdue: true } })).workOrders.totalCount).toBe(0);
  });

  it('flags and filters the open work orders past their due-by; done work is not overdue', async () => {
    const tenant = serviceTenant({ settings: RESPONSE });
    const { emergency, normal, booked } = await orders(tenant, (await createCustomer(h, tenant)).id);
    const second = await orders(tenant, (await createCustomer(h, tenant)).id);
    const done = second.emergency;
    await h.models.WorkOrder.updateOne({ ...tenantScope(tenant), _id: done.id }, { $set: { status: 'completed' } });
    h.clock(tenant).set('2031-03-04T06:00:00Z');
    const overdue = (await ok<{ workOrders: { edges: { node: Order }[] } }>(h, tenant, LIST, { filter: { overdue: true } })).workOrders.edges.map((e) => e.node);
    expect(overdue.map((o) => o.id)).toEqual([emergency.id]);
    expect(overdue[0]!.overdue).toBe(true);
    const others = (await ok<{ workOrders: { edges: { node: Order }[] } }>(h, tenant, LIST, { filter: { overdue: false } })).workOrders.edges.map((e) => e.node.id);
    expect(others.sort()).toEqual([normal.id, booked.id, done.id, second.normal.id, second.booked.id].sort());
    // Another tenant sees none of them.
    expect((await ok<{ workOrders: { totalCount: number } }>(h, serviceTenant({ settings: RESPONSE }), LIST, { filter: { overdue: true } })).workOrders.totalCount).toBe(
      0,
    );
  });

  it('lists overdue work orders with their customers in a constant number of database commands', async () => {
    const counts: number[] = [];
    for (const n of [1, 4]) {
      const tenant = serviceTenant({ settings: RESPONSE });
      for (let i = 0; i < n; i++) await orders(tenant, (await createCustomer(h, tenant)).id);
      h.clock(tenant).set('2031-04-01T00:00:00Z');
      const counter = await h.commands(() => ok(h, tenant, LIST, { filter: { overdue: true } }));
      counts.push(counter.commands.length);
      counter.stop();
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

describe('stock', () => {
  it("an item without a reorder point of its own is low at or below the tenant's inventory.lowStockThreshold", async () => {
    const tenant = serviceTenant({ settings: { 'inventory.lowStockThreshold': 5 } });
    const warehouse = await createStockLocation(h, tenant);
    const [plain, own] = await Promise.all([createItem(h, tenant, { sku: 'FLT-16' }), createItem(h, tenant, { sku: 'CAP-455', reorderPoint: 2 })]);
    await receive(h, tenant, plain, warehouse, 4);
    await receive(h, tenant, own, warehouse, 4);
    const low = (await ok<{ inventoryItems: { edges: { node: { sku: string; lowStock: boolean } }[] } }>(h, tenant, ITEMS, { filter: { lowStock: true } }))
      .inventoryItems;
    expect(low.edges.map((e) => e.node)).toEqual([{ sku: 'FLT-16', onHand: 4, reorderPoint: 0, lowStock: true }]);
    // Without the key, the same stock is not low.
    const plainTenant = serviceTenant();
    const other = await createStockLocation(h, plainTenant);
    const item = await createItem(h, plainTenant, { sku: 'FLT-16' });
    await receive(h, plainTenant, item, other, 4);
    expect((await ok<{ inventoryItems: { totalCount: number } }>(h, plainTenant, ITEMS, { filter: { lowStock: true } })).inventoryItems.totalCount).toBe(0);
  });

  async function shelf(settings?: TenantContext['settings']) {
    const tenant = serviceTenant(settings ? { settings } : {});
    const customer = await createCustomer(h, tenant);
    const [order, item, warehouse] = await Promise.all([createOrder(h, tenant, { customerId: customer.id }), createItem(h, tenant), createStockLocation(h, tenant)]);
    await receive(h, tenant, item, warehouse, 2);
    return { tenant, vars: { workOrderId: order.id, itemId: item, locationId: warehouse } };
  }

  it('with inventory.allowNegativeStock a part is consumed past zero; without it, CONFLICT', async () => {
    const allowed = await shelf({ 'inventory.allowNegativeStock': true });
    expect((await ok<{ consumePart: { stock: { qty: number } } }>(h, allowed.tenant, CONSUME, { ...allowed.vars, qty: 3 })).consumePart.stock.qty).toBe(-1);
    const refused = await shelf();
    expect(codes(await h.run(refused.tenant, CONSUME, { ...refused.vars, qty: 3 }))).toEqual(['CONFLICT']);
    const off = await shelf({ 'inventory.allowNegativeStock': false });
    expect(codes(await h.run(off.tenant, CONSUME, { ...off.vars, qty: 3 }))).toEqual(['CONFLICT']);
  });

  it('allowing negative stock keeps every concurrent take: the shelf ends at exactly what was taken', async () => {
    const { tenant, vars } = await shelf({ 'inventory.allowNegativeStock': true });
    const results = await Promise.all(Array.from({ length: 6 }, () => h.run(tenant, CONSUME, { ...vars, qty: 1 })));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect((await h.models.Stock.findOne({ ...tenantScope(tenant), itemId: vars.itemId, locationId: vars.locationId }).lean())?.qty).toBe(-4);
  });
});
