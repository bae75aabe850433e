import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import {
  codes,
  createCustomer,
  createItem,
  createOrder,
  createStockLocation,
  createTechnician,
  ok,
  receive,
  serviceTenant,
  startHarness,
  type ServiceHarness,
} from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-inventory', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const CREATE_ITEM =
  'mutation ($input: CreateInventoryItemInput!) { createInventoryItem(input: $input) { id sku name unitCostCents reorderPoint onHand lowStock stock { qty } } }';
const CREATE_LOCATION = 'mutation ($input: CreateInventoryLocationInput!) { createInventoryLocation(input: $input) { id name kind technician { id } } }';
const ADJUST = 'mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { kind item { id onHand } stock { location { id } qty } deltas } }';
const CONSUME = `mutation ($workOrderId: ID!, $itemId: ID!, $locationId: ID!, $qty: Int!) {
  consumePart(workOrderId: $workOrderId, itemId: $itemId, locationId: $locationId, qty: $qty) {
    workOrder { id partsCostCents parts { id qty } }
    part { id item { id sku } location { id } qty unitCostCents totalCostCents consumedAt consumedBy { id } }
    stock { qty }
  }
}`;
const ITEM = 'query ($id: ID!) { inventoryItem(id: $id) { id sku onHand lowStock stock { location { name } qty } } }';
const ITEMS =
  'query ($filter: InventoryItemFilter, $first: Int) { inventoryItems(filter: $filter, first: $first) { totalCount edges { node { sku onHand lowStock } } } }';
const LOCATIONS = 'query ($filter: InventoryLocationFilter) { inventoryLocations(filter: $filter) { totalCount edges { node { id kind } } } }';
const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id } }';

const stockQty = async (tenant: TenantContext, itemId: string, locationId: string): Promise<number | undefined> =>
  (await h.models.Stock.findOne({ ...tenantScope(tenant), itemId: new mongoose.Types.ObjectId(itemId), locationId: new mongoose.Types.ObjectId(locationId) }).lean())
    ?.qty;
const partsOf = async (tenant: TenantContext, id: string) =>
  (await h.models.WorkOrder.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean())?.parts ?? [];

/** A tenant with a work order, an item (12.50) and a warehouse holding `qty` of it. */
async function stocked(qty: number, tenant = serviceTenant()) {
  const customer = await createCustomer(h, tenant);
  const [order, item, warehouse] = await Promise.all([
    createOrder(h, tenant, { customerId: customer.id }),
    createItem(h, tenant, { sku: 'CAP-455', unitCostCents: 1_250, reorderPoint: 5 }),
    createStockLocation(h, tenant, { name: 'Main warehouse' }),
  ]);
  if (qty > 0) await receive(h, tenant, item, warehouse, qty);
  return { tenant, order: order.id, item, warehouse };
}

describe.concurrent('inventory', () => {
  it('creates items (SKU upper-cased, unique per tenant) and locations (vans belong to technicians)', async ({ expect }) => {
    const tenant = serviceTenant();
    const item = await ok<{ createInventoryItem: Record<string, unknown> }>(h, tenant, CREATE_ITEM, {
      input: { sku: ' cap-455 ', name: 'Capacitor', unitCostCents: 1_250 },
    });
    expect(item.createInventoryItem).toMatchObject({ sku: 'CAP-455', unitCostCents: 1_250, reorderPoint: 0, onHand: 0, lowStock: true, stock: [] });
    expect(codes(await h.run(tenant, CREATE_ITEM, { input: { sku: 'CAP-455', name: 'Again', unitCostCents: 1 } }))).toEqual(['CONFLICT']);
    await createItem(h, serviceTenant(), { sku: 'CAP-455' }); // SKUs are per tenant

    const technician = await createTechnician(h, tenant);
    const van = await ok<{ createInventoryLocation: Record<string, unknown> }>(h, tenant, CREATE_LOCATION, {
      input: { name: 'Van 1', kind: 'van', technicianId: technician },
    });
    expect(van.createInventoryLocation).toMatchObject({ kind: 'van', technician: { id: technician } });
    expect(codes(await h.run(tenant, CREATE_LOCATION, { input: { name: 'Van 2', kind: 'van' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, CREATE_LOCATION, { input: { name: 'W', kind: 'warehouse', technicianId: technician } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, CREATE_LOCATION, { input: { name: 'Van 1', kind: 'warehouse' } }))).toEqual(['CONFLICT']);
    const vans = await ok<{ inventoryLocations: { edges: { node: { id: string } }[] } }>(h, tenant, LOCATIONS, { filter: { kind: 'van' } });
    expect(vans.inventoryLocations.edges.map((e) => e.node.id)).toEqual([(van.createInventoryLocation as { id: string }).id]);
  });

  it.for<[string, Record<string, unknown>]>([
    ['a SKU with spaces', { sku: 'CAP 455', name: 'A', unitCostCents: 1 }],
    ['a negative unit cost', { sku: 'A', name: 'A', unitCostCents: -1 }],
    ['a negative reorder point', { sku: 'A', name: 'A', unitCostCents: 1, reorderPoint: -1 }],
    ['a blank name', { sku: 'A', name: ' ', unitCostCents: 1 }],
  ])('createInventoryItem refuses %s with BAD_USER_INPUT', async ([, input], { expect }) => {
    const tenant = serviceTenant();
    expect(codes(await h.run(tenant, CREATE_ITEM, { input }))).toEqual(['BAD_USER_INPUT']);
    expect(await h.models.InventoryItem.countDocuments(tenantScope(tenant))).toBe(0);
  });

  it('receives, counts and transfers stock; onHand and stock per location follow', async ({ expect }) => {
    const { tenant, item, warehouse } = await stocked(10);
    const van = await createStockLocation(h, tenant, { name: 'Van 7', kind: 'van', technicianId: await createTechnician(h, tenant) });
    const transfer = await ok<{ adjustInventory: Record<string, unknown> }>(h, tenant, ADJUST, {
      input: { kind: 'transfer', itemId: item, fromLocationId: warehouse, toLocationId: van, qty: 4 },
    });
    expect(transfer.adjustInventory).toEqual({
      kind: 'transfer',
      item: { id: item, onHand: 10 },
      stock: [
        { location: { id: warehouse }, qty: 6 },
        { location: { id: van }, qty: 4 },
      ],
      deltas: [-4, 4],
    });
    const count = await ok<{ adjustInventory: Record<string, unknown> }>(h, tenant, ADJUST, {
      input: { kind: 'count', itemId: item, locationId: warehouse, qty: 5, note: 'Cycle count' },
    });
    expect(count.adjustInventory).toMatchObject({ stock: [{ qty: 5 }], deltas: [-1] });
    const read = await ok<{ inventoryItem: Record<string, unknown> }>(h, tenant, ITEM, { id: item });
    expect(read.inventoryItem).toEqual({
      id: item,
      sku: 'CAP-455',
      onHand: 9,
      lowStock: false,
      stock: [
        { location: { name: 'Main warehouse' }, qty: 5 },
        { location: { name: 'Van 7' }, qty: 4 },
      ],
    });
  });

  it('refuses a transfer of more than the source holds with CONFLICT and changes nothing', async ({ expect }) => {
    const { tenant, item, warehouse } = await stocked(3);
    const other = await createStockLocation(h, tenant);
    const result = await h.run(tenant, ADJUST, { input: { kind: 'transfer', itemId: item, fromLocationId: warehouse, toLocationId: other, qty: 4 } });
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ available: 3, requested: 4 });
    expect(await stockQty(tenant, item, warehouse)).toBe(3);
    expect(await stockQty(tenant, item, other)).toBeUndefined();
  });

  it.for<[string, (ids: { item: string; warehouse: string }) => Record<string, unknown>]>([
    ['a receipt of 0', ({ item, warehouse }) => ({ kind: 'receive', itemId: item, locationId: warehouse, qty: 0 })],
    ['a negative count', ({ item, warehouse }) => ({ kind: 'count', itemId: item, locationId: warehouse, qty: -1 })],
    ['a receipt without location', ({ item }) => ({ kind: 'receive', itemId: item, qty: 1 })],
    ['a transfer to the same location', ({ item, warehouse }) => ({ kind: 'transfer', itemId: item, fromLocationId: warehouse, toLocationId: warehouse, qty: 1 })],
    ['a transfer without destination', ({ item, warehouse }) => ({ kind: 'transfer', itemId: item, fromLocationId: warehouse, qty: 1 })],
  ])('adjustInventory refuses %s with BAD_USER_INPUT', async ([, input], { expect }) => {
    const s = await stocked(2);
    expect(codes(await h.run(s.tenant, ADJUST, { input: input(s) }))).toEqual(['BAD_USER_INPUT']);
    expect(await stockQty(s.tenant, s.item, s.warehouse)).toBe(2);
  });

  it('filters items to low stock (at or below the reorder point over all locations) and by SKU or name prefix', async ({ expect }) => {
    const tenant = serviceTenant();
    const warehouse = await createStockLocation(h, tenant);
    const van = await createStockLocation(h, tenant, { name: 'Van', kind: 'van', technicianId: await createTechnician(h, tenant) });
    const low = await createItem(h, tenant, { sku: 'LOW-1', name: 'Fuse 10A', reorderPoint: 10 });
    const fine = await createItem(h, tenant, { sku: 'OK-1', name: 'Filter 16x25', reorderPoint: 10 });
    await createItem(h, tenant, { sku: 'EMPTY-1', name: 'Belt', reorderPoint: 0 }); // none on hand: 0 ≤ 0
    await receive(h, tenant, low, warehouse, 6);
    await receive(h, tenant, low, van, 4); // 10 in all: at the reorder point
    await receive(h, tenant, fine, warehouse, 11);
    const skus = async (filter: Record<string, unknown>) =>
      (await ok<{ inventoryItems: { edges: { node: { sku: string } }[] } }>(h, tenant, ITEMS, { filter })).inventoryItems.edges.map((e) => e.node.sku).sort();
    expect(await skus({ lowStock: true })).toEqual(['EMPTY-1', 'LOW-1']);
    expect(await skus({ lowStock: false })).toEqual(['OK-1']);
    expect(await skus({ search: 'low' })).toEqual(['LOW-1']);
    expect(await skus({ search: 'fil' })).toEqual(['OK-1']);
    expect(await skus({ search: 'f', lowStock: true })).toEqual(['LOW-1']);
    expect(await skus({ search: '.*' })).toEqual([]);
  });

  it('consumes a part: stock down, part on the work order with the unit cost of the moment', async ({ expect }) => {
    const { tenant, order, item, warehouse } = await stocked(10);
    const data = await ok<{ consumePart: Record<string, unknown> }>(h, tenant, CONSUME, { workOrderId: order, itemId: item, locationId: warehouse, qty: 3 });
    expect(data.consumePart).toMatchObject({
      part: {
        item: { id: item, sku: 'CAP-455' },
        location: { id: warehouse },
        qty: 3,
        unitCostCents: 1_250,
        totalCostCents: 3_750,
        consumedAt: NOW.toISOString(),
        consumedBy: { id: tenant.userId },
      },
      stock: { qty: 7 },
      workOrder: { id: order, partsCostCents: 3_750 },
    });
    expect(await stockQty(tenant, item, warehouse)).toBe(7);
  });

  it('refuses to consume more than the location holds with CONFLICT; nothing changes', async ({ expect }) => {
    const { tenant, order, item, warehouse } = await stocked(2);
    const result = await h.run(tenant, CONSUME, { workOrderId: order, itemId: item, locationId: warehouse, qty: 3 });
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.message).toBe('Insufficient stock of CAP-455 at Main warehouse: 2 on hand, 3 needed.');
    expect(await stockQty(tenant, item, warehouse)).toBe(2);
    expect(await partsOf(tenant, order)).toEqual([]);
    // A location without any record of the item holds 0.
    const empty = await createStockLocation(h, tenant);
    expect(codes(await h.run(tenant, CONSUME, { workOrderId: order, itemId: item, locationId: empty, qty: 1 }))).toEqual(['CONFLICT']);
  });

  it('refuses parts for an invoiced or cancelled work order with CONFLICT; nothing changes', async ({ expect }) => {
    const { tenant, order, item, warehouse } = await stocked(5);
    await ok(h, tenant, MOVE, { id: order, status: 'cancelled' });
    expect(codes(await h.run(tenant, CONSUME, { workOrderId: order, itemId: item, locationId: warehouse, qty: 1 }))).toEqual(['CONFLICT']);
    expect(await stockQty(tenant, item, warehouse)).toBe(5);
  });

  it.for<[string, Record<string, unknown>]>([
    ['a qty of 0', { qty: 0 }],
    ['a negative qty', { qty: -5 }],
    ['a malformed item id', { itemId: 'CAP-455' }],
  ])('consumePart refuses %s with BAD_USER_INPUT; nothing changes', async ([, change], { expect }) => {
    const { tenant, order, item, warehouse } = await stocked(5);
    expect(codes(await h.run(tenant, CONSUME, { workOrderId: order, itemId: item, locationId: warehouse, qty: 1, ...change }))).toEqual(['BAD_USER_INPUT']);
    expect(await stockQty(tenant, item, warehouse)).toBe(5);
  });

  it("keeps tenants apart: another tenant's item, location and work order are NOT_FOUND everywhere; nothing changes", async ({ expect }) => {
    const owner = await stocked(5);
    const intruder = await stocked(5);
    const read = await h.run(intruder.tenant, ITEM, { id: owner.item });
    expect(read.data).toEqual({ inventoryItem: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    const mixes = [
      { workOrderId: owner.order, itemId: intruder.item, locationId: intruder.warehouse },
      { workOrderId: intruder.order, itemId: owner.item, locationId: intruder.warehouse },
      { workOrderId: intruder.order, itemId: intruder.item, locationId: owner.warehouse },
    ];
    for (const ids of mixes) expect(codes(await h.run(intruder.tenant, CONSUME, { ...ids, qty: 1 }))).toEqual(['NOT_FOUND']);
    for (const input of [
      { kind: 'receive', itemId: owner.item, locationId: intruder.warehouse, qty: 1 },
      { kind: 'count', itemId: intruder.item, locationId: owner.warehouse, qty: 0 },
      { kind: 'transfer', itemId: intruder.item, fromLocationId: owner.warehouse, toLocationId: intruder.warehouse, qty: 1 },
      { kind: 'transfer', itemId: intruder.item, fromLocationId: intruder.warehouse, toLocationId: owner.warehouse, qty: 1 },
    ]) {
      expect(codes(await h.run(intruder.tenant, ADJUST, { input }))).toEqual(['NOT_FOUND']);
    }
    const technician = await createTechnician(h, owner.tenant);
    expect(codes(await h.run(intruder.tenant, CREATE_LOCATION, { input: { name: 'Stolen van', kind: 'van', technicianId: technician } }))).toEqual(['NOT_FOUND']);
    expect(await stockQty(owner.tenant, owner.item, owner.warehouse)).toBe(5);
    expect(await stockQty(intruder.tenant, intruder.item, intruder.warehouse)).toBe(5);
    expect(await partsOf(owner.tenant, owner.order)).toEqual([]);
    expect(await partsOf(intruder.tenant, intruder.order)).toEqual([]);
    expect((await ok<{ inventoryItems: { totalCount: number } }>(h, intruder.tenant, ITEMS, {})).inventoryItems.totalCount).toBe(1);
  });

  it.for<[string, TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['a serviceRepair tenant with inventoryTracking switched off', serviceTenant({ flags: { inventoryTracking: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [ITEMS, {}],
      [ITEM, { id }],
      [LOCATIONS, {}],
      [CREATE_ITEM, { input: { sku: 'A', name: 'A', unitCostCents: 1 } }],
      [CREATE_LOCATION, { input: { name: 'W', kind: 'warehouse' } }],
      [ADJUST, { input: { kind: 'receive', itemId: id, locationId: id, qty: 1 } }],
      [CONSUME, { workOrderId: id, itemId: id, locationId: id, qty: 1 }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
  });

  it('lets a technician consume parts for a work order assigned to them, for no other, and never adjust stock (FORBIDDEN)', async ({ expect }) => {
    const s = await stocked(5);
    const technicianUser = async () => {
      const id = await createTechnician(h, s.tenant);
      const profile = await h.models.Technician.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(s.tenant) }).lean();
      return { id, user: makeTenantContext({ ...s.tenant, userId: String(profile!.userId), roles: ['technician'] }) };
    };
    const [assigned, other] = [await technicianUser(), await technicianUser()];
    await h.models.WorkOrder.updateOne(
      { _id: new mongoose.Types.ObjectId(s.order), ...tenantScope(s.tenant) },
      { technicianId: new mongoose.Types.ObjectId(assigned.id) },
    );
    const consume = { workOrderId: s.order, itemId: s.item, locationId: s.warehouse, qty: 1 };

    expect(codes(await h.run(assigned.user, ADJUST, { input: { kind: 'receive', itemId: s.item, locationId: s.warehouse, qty: 1 } }))).toEqual(['FORBIDDEN']);
    const refused = await h.run(other.user, CONSUME, consume);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toBe('A technician may only consume parts for work orders assigned to them.');
    // A technician with no profile at all is no exception.
    expect(codes(await h.run({ ...s.tenant, roles: ['technician'] }, CONSUME, consume))).toEqual(['FORBIDDEN']);
    expect(await stockQty(s.tenant, s.item, s.warehouse)).toBe(5);
    expect(await partsOf(s.tenant, s.order)).toEqual([]);

    expect(codes(await h.run(assigned.user, CONSUME, consume))).toBeUndefined();
    expect(codes(await h.run(serviceTenant({ roles: ['viewer'] }), CONSUME, consume))).toEqual(['FORBIDDEN']);
    expect(await stockQty(s.tenant, s.item, s.warehouse)).toBe(4);
    expect(await partsOf(s.tenant, s.order)).toHaveLength(1);
  });
});

// On its own: the database runs one write at a time, and this test is about exactly that.
describe('consumePart under concurrency', () => {
  it('100 concurrent calls on a stock of 30: exactly 30 succeed, 70 CONFLICT, stock 0, 30 parts recorded', { timeout: 180_000 }, async () => {
    const { tenant, order, item, warehouse } = await stocked(30);
    const results = await Promise.all(Array.from({ length: 100 }, () => h.run(tenant, CONSUME, { workOrderId: order, itemId: item, locationId: warehouse, qty: 1 })));
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(30);
    expect(results.flatMap((r) => codes(r) ?? [])).toEqual(Array.from({ length: 70 }, () => 'CONFLICT'));
    expect(await stockQty(tenant, item, warehouse)).toBe(0);
    const parts = await partsOf(tenant, order);
    expect(parts).toHaveLength(30);
    expect(parts.reduce((sum, p) => sum + p.qty, 0)).toBe(30);
    // Every success is one recorded part, and no part was recorded without a success.
    const returned = succeeded.map((r) => (r.data as { consumePart: { part: { id: string } } }).consumePart.part.id).sort();
    expect(parts.map((p) => p._id.toHexString()).sort()).toEqual(returned);
  });
});
