// List pages read only the large stored fields their nodes are asked for (listProjection): a work
// order's history and parts, a service area's polygon, a customer's locations and search tokens. A
// page that asks for everything answers exactly what the single-record query answers.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { commandsOn } from '@attunelogic/shared/testing';
import { createArea, createCustomer, serviceTenant, startHarness, type ServiceHarness } from './testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-list-projection');
});

afterAll(async () => {
  await h?.close();
});

const WORK_ORDER_FIELDS = `id number title status priority statusHistory { status at changedBy { id } } timestamps { created scheduled cancelled }
  parts { id qty } partsCostCents createdBy { id } createdAt updatedAt`;
const AREA_FIELDS = 'id name zipCodes polygon { type coordinates } retiredAt createdAt updatedAt';
const CUSTOMER_FIELDS = 'id name email locations { id address { line1 postalCode } } createdAt';
const SQUARE = [
  [
    [-87.7, 41.8],
    [-87.6, 41.8],
    [-87.6, 41.9],
    [-87.7, 41.9],
    [-87.7, 41.8],
  ],
];

async function ok<T>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await h.run<T>(tenant, query, variables);
  if (result.errors || !result.data) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The projections of the tenant's `find`s on `collection` while `run` runs. */
async function projections(tenant: TenantContext, collection: string, run: () => Promise<unknown>): Promise<unknown[]> {
  const seen = await commandsOn(h.models.WorkOrder.db, collection, async () => void (await run()));
  return seen
    .filter((c) => c.name === 'find' && String((c.command['filter'] as { parentCompany?: unknown }).parentCompany) === tenant.tenantId)
    .map((c) => c.command['projection'] ?? null);
}

describe.concurrent('list projections', () => {
  it('work orders: history and parts only when a field that reads them is asked for; every field as the single query', async ({ expect }) => {
    const tenant = serviceTenant();
    const customer = await createCustomer(h, tenant);
    const created = await ok<{ createWorkOrder: { id: string } }>(tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
      input: { title: 'Boiler', customerId: customer.id },
    });
    await ok(tenant, 'mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: scheduled) { id } }', { id: created.createWorkOrder.id });

    expect(await projections(tenant, 'workOrders', () => ok(tenant, '{ workOrders { edges { node { id status } } } }'))).toEqual([{ statusHistory: 0, parts: 0 }]);
    expect(await projections(tenant, 'workOrders', () => ok(tenant, '{ workOrders { edges { node { id timestamps { scheduled } } } } }'))).toEqual([{ parts: 0 }]);
    expect(await projections(tenant, 'workOrders', () => ok(tenant, '{ workOrders { edges { node { partsCostCents } } } }'))).toEqual([{ statusHistory: 0 }]);

    const single = (
      await ok<{ workOrder: Record<string, unknown> }>(tenant, `query ($id: ID!) { workOrder(id: $id) { ${WORK_ORDER_FIELDS} } }`, { id: created.createWorkOrder.id })
    ).workOrder;
    const list = await ok<{ workOrders: { edges: { node: Record<string, unknown> }[] } }>(tenant, `{ workOrders { edges { node { ${WORK_ORDER_FIELDS} } } } }`);
    expect(list.workOrders.edges.map((e) => e.node)).toEqual([single]);
    expect(single['timestamps']).toMatchObject({ scheduled: expect.any(String) });
  });

  it('service areas: the polygon only when asked for; every field as the single query', async ({ expect }) => {
    const tenant = serviceTenant();
    const id = await createArea(h, tenant, { zipCodes: ['60614'], polygon: { coordinates: SQUARE } });
    expect(await projections(tenant, 'serviceAreas', () => ok(tenant, '{ serviceAreas { edges { node { id name zipCodes } } } }'))).toEqual([{ polygon: 0 }]);
    const single = (await ok<{ serviceArea: Record<string, unknown> }>(tenant, `query ($id: ID!) { serviceArea(id: $id) { ${AREA_FIELDS} } }`, { id })).serviceArea;
    const list = await ok<{ serviceAreas: { edges: { node: Record<string, unknown> }[] } }>(tenant, `{ serviceAreas { edges { node { ${AREA_FIELDS} } } } }`);
    expect(list.serviceAreas.edges.map((e) => e.node)).toEqual([single]);
    expect(single['polygon']).toEqual({ type: 'Polygon', coordinates: SQUARE });
  });

  it('customers: never the search tokens, the locations only when asked for', async ({ expect }) => {
    const tenant = serviceTenant();
    const { id } = await createCustomer(h, tenant);
    expect(await projections(tenant, 'customers', () => ok(tenant, '{ customers { edges { node { id name } } } }'))).toEqual([{ searchTokens: 0, locations: 0 }]);
    expect(await projections(tenant, 'customers', () => ok(tenant, '{ customers(filter: { search: "ada" }) { edges { node { id locations { id } } } } }'))).toEqual([
      { searchTokens: 0 },
    ]);
    const single = (await ok<{ customer: Record<string, unknown> }>(tenant, `query ($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id })).customer;
    const list = await ok<{ customers: { edges: { node: Record<string, unknown> }[] } }>(tenant, `{ customers { edges { node { ${CUSTOMER_FIELDS} } } } }`);
    expect(list.customers.edges.map((e) => e.node)).toEqual([single]);
  });
});
