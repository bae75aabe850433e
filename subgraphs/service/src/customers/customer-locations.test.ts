// A customer's locations added, corrected and retired, and the customer retired: kept for history,
// hidden by default, refused for new work orders, and refused while open work orders need them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createCustomer, createOrder, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-customer-locations');
});

afterAll(async () => {
  await h?.close();
});

const LOCATION = 'id label address { line1 city postalCode } coordinates { lat lng } retiredAt';
const CUSTOMER = `id name retiredAt locations { ${LOCATION} } all: locations(includeRetired: true) { ${LOCATION} }`;
const ADD = `mutation ($customerId: ID!, $input: CustomerLocationInput!) { addCustomerLocation(customerId: $customerId, input: $input) { ${CUSTOMER} } }`;
const EDIT = `mutation ($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
  updateCustomerLocation(customerId: $customerId, locationId: $locationId, input: $input) { ${CUSTOMER} }
}`;
const RETIRE_LOCATION = `mutation ($customerId: ID!, $locationId: ID!) { retireCustomerLocation(customerId: $customerId, locationId: $locationId) { ${CUSTOMER} } }`;
const RETIRE = `mutation ($id: ID!) { retireCustomer(id: $id) { ${CUSTOMER} } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateCustomer(id: $id) { ${CUSTOMER} } }`;
const GET = `query ($id: ID!) { customer(id: $id) { ${CUSTOMER} } }`;
const LIST = 'query ($filter: CustomerFilter, $first: Int) { customers(first: $first, filter: $filter) { totalCount edges { node { id locations { id } } } } }';
const CANCEL = 'mutation ($id: ID!) { cancelWorkOrder(id: $id, reason: "No longer needed") { id } }';
const ORDER_LOCATION = 'query ($id: ID!) { workOrder(id: $id) { location { id label address { line1 } retiredAt } } }';

interface LocationView {
  id: string;
  label: string | null;
  address: { line1: string; city: string; postalCode: string };
  coordinates: { lat: number; lng: number } | null;
  retiredAt: string | null;
}
interface CustomerView {
  id: string;
  name: string;
  retiredAt: string | null;
  locations: LocationView[];
  all: LocationView[];
}

const SHOP = { label: 'Shop', address: { line1: '2400 N Lincoln Ave', city: 'Chicago', postalCode: '60614' }, coordinates: { lat: 41.9256, lng: -87.6489 } };
const get = async (tenant: TenantContext, id: string) => (await ok<{ customer: CustomerView }>(h, tenant, GET, { id })).customer;
const as = (tenant: TenantContext, role: string): TenantContext => serviceTenant({ tenantId: tenant.tenantId, slug: tenant.slug, roles: [role] });

async function withTwoLocations(tenant: TenantContext): Promise<{ id: string; home: string; shop: string }> {
  const customer = await createCustomer(h, tenant);
  const added = (await ok<{ addCustomerLocation: CustomerView }>(h, tenant, ADD, { customerId: customer.id, input: SHOP })).addCustomerLocation;
  return { id: customer.id, home: customer.locationIds[0]!, shop: added.locations[1]!.id };
}

describe('customer locations', () => {
  it('adds a second address and corrects it; its work orders show the corrected address; audited with the diff', async () => {
    const tenant = serviceTenant();
    const { id, home, shop } = await withTwoLocations(tenant);
    const added = await get(tenant, id);
    expect(added.locations.map((l) => l.id)).toEqual([home, shop]);
    expect(added.locations[1]).toMatchObject({ label: 'Shop', address: { line1: '2400 N Lincoln Ave', postalCode: '60614' }, retiredAt: null });

    const order = await createOrder(h, tenant, { customerId: id, locationId: shop });
    const edited = (
      await ok<{ updateCustomerLocation: CustomerView }>(h, tenant, EDIT, {
        customerId: id,
        locationId: shop,
        input: { label: 'Workshop', address: { line1: '2410 N Lincoln Ave', city: 'Chicago', postalCode: '60614-1234' }, coordinates: null },
      })
    ).updateCustomerLocation;
    expect(edited.locations[1]).toEqual({
      id: shop,
      label: 'Workshop',
      address: { line1: '2410 N Lincoln Ave', city: 'Chicago', postalCode: '60614' },
      coordinates: null,
      retiredAt: null,
    });
    expect(edited.locations[0]!.id).toBe(home);
    const onOrder = (await ok<{ workOrder: { location: { id: string; label: string } } }>(h, tenant, ORDER_LOCATION, { id: order.id })).workOrder.location;
    expect(onOrder).toMatchObject({ id: shop, label: 'Workshop', address: { line1: '2410 N Lincoln Ave' } });

    const events = await createAuditModels(h.connection)
      .AuditEvent.find({ ...tenantScope(tenant), targetType: 'Customer' })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => e.operation)).toEqual(['createCustomer', 'addCustomerLocation', 'updateCustomerLocation']);
    expect(Object.keys(events[2]!.diff as object)).toEqual(['locations']);
  });

  it('refuses bad input with BAD_USER_INPUT and an unknown location with NOT_FOUND, changing nothing', async () => {
    const tenant = serviceTenant();
    const { id, shop } = await withTwoLocations(tenant);
    const before = await get(tenant, id);
    expect(codes(await h.run(tenant, ADD, { customerId: id, input: { address: { line1: 'x', city: 'Chicago', postalCode: '123' } } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, EDIT, { customerId: id, locationId: shop, input: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, EDIT, { customerId: id, locationId: shop, input: { label: 'x'.repeat(101) } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, EDIT, { customerId: id, locationId: 'nope', input: { label: 'x' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, EDIT, { customerId: id, locationId: '0123456789abcdef01234567', input: { label: 'x' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, RETIRE_LOCATION, { customerId: id, locationId: '0123456789abcdef01234567' }))).toEqual(['NOT_FOUND']);
    expect(await get(tenant, id)).toEqual(before);
  });

  it('retires a location only once no open work order is at it; kept for history, hidden by default, refused for new work', async () => {
    const tenant = serviceTenant();
    const { id, home, shop } = await withTwoLocations(tenant);
    const order = await createOrder(h, tenant, { customerId: id, locationId: shop });
    const refused = await h.run(tenant, RETIRE_LOCATION, { customerId: id, locationId: shop });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('1 open work order is at this location');

    await ok(h, tenant, CANCEL, { id: order.id });
    const retired = (await ok<{ retireCustomerLocation: CustomerView }>(h, tenant, RETIRE_LOCATION, { customerId: id, locationId: shop })).retireCustomerLocation;
    expect(retired.locations.map((l) => l.id)).toEqual([home]);
    expect(retired.all.map((l) => [l.id, l.retiredAt !== null])).toEqual([
      [home, false],
      [shop, true],
    ]);
    // The cancelled order still shows where it was.
    expect((await ok<{ workOrder: { location: LocationView } }>(h, tenant, ORDER_LOCATION, { id: order.id })).workOrder.location).toMatchObject({ id: shop });
    // No new work there, and no edits of what the history shows.
    expect(
      codes(
        await h.run(tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
          input: { title: 'x', customerId: id, locationId: shop },
        }),
      ),
    ).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, EDIT, { customerId: id, locationId: shop, input: { label: 'x' } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, RETIRE_LOCATION, { customerId: id, locationId: shop }))).toEqual(['CONFLICT']);
    // The default location of a new work order is the first one in use; the last one in use stays.
    expect(codes(await h.run(tenant, RETIRE_LOCATION, { customerId: id, locationId: home }))).toEqual(['CONFLICT']);
  });

  it('defaults a new work order to the first location in use', async () => {
    const tenant = serviceTenant();
    const { id, home, shop } = await withTwoLocations(tenant);
    await ok(h, tenant, RETIRE_LOCATION, { customerId: id, locationId: home });
    const order = await createOrder(h, tenant, { customerId: id });
    expect((await ok<{ workOrder: { location: { id: string } } }>(h, tenant, ORDER_LOCATION, { id: order.id })).workOrder.location.id).toBe(shop);
  });
});

describe('retiring a customer', () => {
  it('is refused with open work orders; once retired, hidden from the list, refused for new work, and reactivated', async () => {
    const tenant = serviceTenant();
    const { id } = await withTwoLocations(tenant);
    const other = await createCustomer(h, tenant, { name: 'Bea' });
    const order = await createOrder(h, tenant, { customerId: id });
    const refused = await h.run(tenant, RETIRE, { id });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('1 open work order');

    await ok(h, tenant, CANCEL, { id: order.id });
    expect((await ok<{ retireCustomer: CustomerView }>(h, tenant, RETIRE, { id })).retireCustomer.retiredAt).not.toBeNull();
    const list = async (filter?: Record<string, unknown>) =>
      (await ok<{ customers: { totalCount: number; edges: { node: { id: string } }[] } }>(h, tenant, LIST, { filter })).customers;
    expect((await list()).edges.map((e) => e.node.id)).toEqual([other.id]);
    expect((await list()).totalCount).toBe(1);
    expect((await list({ includeRetired: true })).edges.map((e) => e.node.id)).toEqual([other.id, id]);
    expect((await get(tenant, id)).retiredAt).not.toBeNull();
    expect(
      codes(await h.run(tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', { input: { title: 'x', customerId: id } })),
    ).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, ADD, { customerId: id, input: SHOP }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, RETIRE, { id }))).toEqual(['CONFLICT']);

    expect((await ok<{ reactivateCustomer: CustomerView }>(h, tenant, REACTIVATE, { id })).reactivateCustomer.retiredAt).toBeNull();
    expect((await list()).totalCount).toBe(2);
    await createOrder(h, tenant, { customerId: id });
  });

  it('lists a page of customers with their locations in a constant number of database commands', async () => {
    const counts: Record<string, number>[] = [];
    for (const n of [3, 12]) {
      const tenant = serviceTenant();
      for (let i = 0; i < n; i++) await withTwoLocations(tenant);
      const counter = await h.commands(() => ok(h, tenant, LIST, { first: 50, filter: { includeRetired: true } }));
      counts.push({ find: counter.count('find', 'customers'), aggregate: counter.count('aggregate', 'customers') });
      counter.stop();
    }
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0]!.find).toBe(1);
  });
});

describe('tenant isolation and roles', () => {
  it("every location and retire mutation is NOT_FOUND on another tenant's customer, which stays unchanged", async () => {
    const [mine, theirs] = [serviceTenant(), serviceTenant()];
    const { id, home, shop } = await withTwoLocations(mine);
    const own = await createCustomer(h, theirs);
    const before = await get(mine, id);
    for (const [query, variables] of [
      [ADD, { customerId: id, input: SHOP }],
      [EDIT, { customerId: id, locationId: shop, input: { label: 'Taken' } }],
      [RETIRE_LOCATION, { customerId: id, locationId: shop }],
      [RETIRE, { id }],
      [REACTIVATE, { id }],
      // Their own customer with my location's id.
      [EDIT, { customerId: own.id, locationId: home, input: { label: 'Taken' } }],
      [RETIRE_LOCATION, { customerId: own.id, locationId: home }],
    ] as const) {
      expect(codes(await h.run(theirs, query, variables)), query.slice(0, 40)).toEqual(['NOT_FOUND']);
    }
    expect(await get(mine, id)).toEqual(before);
  });

  it('owner, admin and dispatcher change locations; viewer and technician are FORBIDDEN', async () => {
    const tenant = serviceTenant();
    const { id, shop } = await withTwoLocations(tenant);
    for (const role of ['admin', 'dispatcher']) {
      expect(codes(await h.run(as(tenant, role), EDIT, { customerId: id, locationId: shop, input: { label: role } })), role).toBeUndefined();
    }
    for (const role of ['viewer', 'technician']) {
      for (const [query, variables] of [
        [ADD, { customerId: id, input: SHOP }],
        [EDIT, { customerId: id, locationId: shop, input: { label: role } }],
        [RETIRE_LOCATION, { customerId: id, locationId: shop }],
        [RETIRE, { id }],
      ] as const) {
        expect(codes(await h.run(as(tenant, role), query, variables)), `${role} ${query.slice(0, 40)}`).toEqual(['FORBIDDEN']);
      }
    }
    expect((await get(tenant, id)).locations.map((l) => l.label)).toEqual([null, 'dispatcher']);
  });
});
