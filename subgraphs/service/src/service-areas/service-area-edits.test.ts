// Service areas edited and retired: a retired area is kept (and stays on its technicians), hidden from
// the list by default, covers nothing for lookups and dispatch, and is refused as a technician's new area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { codes, createArea, createCustomer, createOrder, createTechnician, DISPATCH, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-area-edits', { now: () => new Date('2031-03-03T06:00:00Z') });
});

afterAll(async () => {
  await h?.close();
});

const SQUARE = [
  [-87.7, 41.9],
  [-87.6, 41.9],
  [-87.6, 41.98],
  [-87.7, 41.98],
  [-87.7, 41.9],
];
const FIELDS = 'id name zipCodes polygon { coordinates } retiredAt';
const UPDATE = `mutation ($id: ID!, $input: UpdateServiceAreaInput!) { updateServiceArea(id: $id, input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!) { retireServiceArea(id: $id) { ${FIELDS} } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateServiceArea(id: $id) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { serviceArea(id: $id) { ${FIELDS} } }`;
const LIST = 'query ($filter: ServiceAreaFilter) { serviceAreas(first: 50, filter: $filter) { totalCount edges { node { id } } } }';
const AT = 'query ($zip: String) { serviceAreaAt(zip: $zip) { edges { node { id } } } }';

interface AreaView {
  id: string;
  name: string;
  zipCodes: string[];
  polygon: { coordinates: number[][][] } | null;
  retiredAt: string | null;
}

const get = async (tenant: TenantContext, id: string) => (await ok<{ serviceArea: AreaView }>(h, tenant, GET, { id })).serviceArea;
const as = (tenant: TenantContext, role: string): TenantContext => serviceTenant({ tenantId: tenant.tenantId, slug: tenant.slug, roles: [role] });

describe('updateServiceArea', () => {
  it('renames, replaces ZIP codes and removes the polygon; keeps at least one of them', async () => {
    const tenant = serviceTenant();
    const id = await createArea(h, tenant, { name: 'North', zipCodes: ['60614'], polygon: { coordinates: [SQUARE] } });
    const updated = (
      await ok<{ updateServiceArea: AreaView }>(h, tenant, UPDATE, { id, input: { name: 'North Side', zipCodes: ['60657', '60614-1234', '60657'], polygon: null } })
    ).updateServiceArea;
    expect(updated).toEqual({ id, name: 'North Side', zipCodes: ['60614', '60657'], polygon: null, retiredAt: null });
    expect(codes(await h.run(tenant, UPDATE, { id, input: { zipCodes: [] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, UPDATE, { id, input: {} }))).toEqual(['BAD_USER_INPUT']);
    await createArea(h, tenant, { name: 'Loop', zipCodes: ['60601'] });
    expect(codes(await h.run(tenant, UPDATE, { id, input: { name: 'Loop' } }))).toEqual(['CONFLICT']);
    expect(await get(tenant, id)).toEqual(updated);
  });

  it("is NOT_FOUND on another tenant's area and FORBIDDEN for dispatcher, viewer and technician", async () => {
    const [mine, theirs] = [serviceTenant(), serviceTenant()];
    const id = await createArea(h, mine, { name: 'North', zipCodes: ['60614'] });
    const before = await get(mine, id);
    for (const [query, variables] of [
      [UPDATE, { id, input: { name: 'Taken' } }],
      [RETIRE, { id }],
      [REACTIVATE, { id }],
    ] as const) {
      expect(codes(await h.run(theirs, query, variables))).toEqual(['NOT_FOUND']);
      for (const role of ['dispatcher', 'viewer', 'technician']) expect(codes(await h.run(as(mine, role), query, variables)), role).toEqual(['FORBIDDEN']);
    }
    expect(codes(await h.run(as(mine, 'admin'), UPDATE, { id, input: { name: 'By admin' } }))).toBeUndefined();
    expect(await get(mine, id)).toEqual({ ...before, name: 'By admin' });
  });
});

describe('retireServiceArea', () => {
  it('hides the area, stops it covering, refuses it for new technicians; reactivated it is back', async () => {
    const tenant = serviceTenant();
    const [north, other] = [await createArea(h, tenant, { name: 'North', zipCodes: ['60614'] }), await createArea(h, tenant, { name: 'Other', zipCodes: ['60601'] })];
    const technician = await createTechnician(h, tenant, { serviceAreaIds: [north] });
    const customer = await createCustomer(h, tenant);

    const retired = (await ok<{ retireServiceArea: AreaView }>(h, tenant, RETIRE, { id: north })).retireServiceArea;
    expect(retired.retiredAt).toBe('2031-03-03T06:00:00.000Z');
    const list = async (filter?: Record<string, unknown>) =>
      (await ok<{ serviceAreas: { totalCount: number; edges: { node: { id: string } }[] } }>(h, tenant, LIST, { filter })).serviceAreas;
    expect((await list()).edges.map((e) => e.node.id)).toEqual([other]);
    expect((await list()).totalCount).toBe(1);
    expect((await list({ includeRetired: true })).edges.map((e) => e.node.id)).toEqual([other, north]);
    expect((await ok<{ serviceAreaAt: { edges: unknown[] } }>(h, tenant, AT, { zip: '60614' })).serviceAreaAt.edges).toEqual([]);

    // Dispatch finds no area at the customer's ZIP any more.
    const order = await createOrder(h, tenant, { customerId: customer.id });
    const refused = await h.run(tenant, DISPATCH, { id: order.id, technicianId: technician });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('no service area covers the location');

    // Kept on the technician who had it; refused as a new area.
    const TECH = 'query ($id: ID!) { technician(id: $id) { serviceAreas { id } } }';
    expect((await ok<{ technician: { serviceAreas: { id: string }[] } }>(h, tenant, TECH, { id: technician })).technician.serviceAreas.map((a) => a.id)).toEqual([north]);
    const UPDATE_TECH = 'mutation ($id: ID!, $input: UpdateTechnicianInput!) { updateTechnician(id: $id, input: $input) { id } }';
    expect(codes(await h.run(tenant, UPDATE_TECH, { id: technician, input: { serviceAreaIds: [north, other] } }))).toBeUndefined();
    const fresh = await createTechnician(h, tenant, { serviceAreaIds: [other] });
    expect(codes(await h.run(tenant, UPDATE_TECH, { id: fresh, input: { serviceAreaIds: [north] } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, UPDATE, { id: north, input: { name: 'x' } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, RETIRE, { id: north }))).toEqual(['CONFLICT']);

    expect((await ok<{ reactivateServiceArea: AreaView }>(h, tenant, REACTIVATE, { id: north })).reactivateServiceArea.retiredAt).toBeNull();
    expect(codes(await h.run(tenant, DISPATCH, { id: order.id, technicianId: technician }))).toBeUndefined();
  });
});
