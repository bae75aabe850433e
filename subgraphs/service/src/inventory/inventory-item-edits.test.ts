// Inventory items edited and retired: a retired item is kept for its parts and stock, hidden from the
// list by default, and no longer received; what is on hand may still be counted and moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { codes, createItem, createStockLocation, ok, receive, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-inventory-item-edits');
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id sku name unitCostCents reorderPoint onHand retiredAt';
const UPDATE = `mutation ($id: ID!, $input: UpdateInventoryItemInput!) { updateInventoryItem(id: $id, input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!) { retireInventoryItem(id: $id) { ${FIELDS} } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateInventoryItem(id: $id) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { inventoryItem(id: $id) { ${FIELDS} } }`;
const LIST = 'query ($filter: InventoryItemFilter) { inventoryItems(first: 50, filter: $filter) { totalCount edges { node { id } } } }';
const ADJUST = 'mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { kind deltas } }';

interface ItemView {
  id: string;
  sku: string;
  name: string;
  unitCostCents: number;
  reorderPoint: number;
  onHand: number;
  retiredAt: string | null;
}

const get = async (tenant: TenantContext, id: string) => (await ok<{ inventoryItem: ItemView }>(h, tenant, GET, { id })).inventoryItem;
const as = (tenant: TenantContext, role: string): TenantContext => serviceTenant({ tenantId: tenant.tenantId, slug: tenant.slug, roles: [role] });

describe('updateInventoryItem', () => {
  it('changes SKU, name, cost and reorder point; a SKU in use is CONFLICT; bad input BAD_USER_INPUT', async () => {
    const tenant = serviceTenant();
    const id = await createItem(h, tenant, { sku: 'CAP-1', unitCostCents: 1_000 });
    await createItem(h, tenant, { sku: 'CAP-2' });
    const updated = (
      await ok<{ updateInventoryItem: ItemView }>(h, tenant, UPDATE, { id, input: { sku: 'cap-45', name: 'Capacitor 45 µF', unitCostCents: 1_400, reorderPoint: 3 } })
    ).updateInventoryItem;
    expect(updated).toMatchObject({ sku: 'CAP-45', name: 'Capacitor 45 µF', unitCostCents: 1_400, reorderPoint: 3, retiredAt: null });
    expect(codes(await h.run(tenant, UPDATE, { id, input: { sku: 'CAP-2' } }))).toEqual(['CONFLICT']);
    for (const input of [{}, { unitCostCents: -1 }, { sku: 'no spaces' }, { name: '' }]) {
      expect(codes(await h.run(tenant, UPDATE, { id, input })), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await get(tenant, id)).toEqual(updated);
  });

  it("is NOT_FOUND on another tenant's item; viewer and technician are FORBIDDEN, dispatcher may", async () => {
    const [mine, theirs] = [serviceTenant(), serviceTenant()];
    const id = await createItem(h, mine);
    const before = await get(mine, id);
    for (const [query, variables] of [
      [UPDATE, { id, input: { name: 'Taken' } }],
      [RETIRE, { id }],
      [REACTIVATE, { id }],
    ] as const) {
      expect(codes(await h.run(theirs, query, variables))).toEqual(['NOT_FOUND']);
      for (const role of ['viewer', 'technician']) expect(codes(await h.run(as(mine, role), query, variables)), role).toEqual(['FORBIDDEN']);
    }
    expect(await get(mine, id)).toEqual(before);
    expect(codes(await h.run(as(mine, 'dispatcher'), UPDATE, { id, input: { name: 'By dispatcher' } }))).toBeUndefined();
  });
});

describe('retireInventoryItem', () => {
  it('hides the item, refuses receiving it, keeps counting and moving what is on hand; reactivated it is back', async () => {
    const tenant = serviceTenant();
    const [id, other] = [await createItem(h, tenant), await createItem(h, tenant)];
    const [warehouse, van] = [await createStockLocation(h, tenant), await createStockLocation(h, tenant)];
    await receive(h, tenant, id, warehouse, 10);

    const retired = (await ok<{ retireInventoryItem: ItemView }>(h, tenant, RETIRE, { id })).retireInventoryItem;
    expect(retired.retiredAt).not.toBeNull();
    expect(retired.onHand).toBe(10);
    const list = async (filter?: Record<string, unknown>) =>
      (await ok<{ inventoryItems: { totalCount: number; edges: { node: { id: string } }[] } }>(h, tenant, LIST, { filter })).inventoryItems;
    expect((await list()).edges.map((e) => e.node.id)).toEqual([other]);
    expect((await list({ includeRetired: true })).edges.map((e) => e.node.id)).toEqual([other, id]);

    const refused = await h.run(tenant, ADJUST, { input: { kind: 'receive', itemId: id, locationId: warehouse, qty: 5 } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('no longer received');
    await ok(h, tenant, ADJUST, { input: { kind: 'transfer', itemId: id, fromLocationId: warehouse, toLocationId: van, qty: 4 } });
    await ok(h, tenant, ADJUST, { input: { kind: 'count', itemId: id, locationId: warehouse, qty: 5 } });
    expect((await get(tenant, id)).onHand).toBe(9);
    expect(codes(await h.run(tenant, UPDATE, { id, input: { name: 'x' } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, RETIRE, { id }))).toEqual(['CONFLICT']);

    expect((await ok<{ reactivateInventoryItem: ItemView }>(h, tenant, REACTIVATE, { id })).reactivateInventoryItem.retiredAt).toBeNull();
    await receive(h, tenant, id, warehouse, 1);
    expect((await get(tenant, id)).onHand).toBe(10);
  });
});
