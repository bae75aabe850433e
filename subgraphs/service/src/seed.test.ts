import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type SeedTenant } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { seedService } from './seed';
import { DISPATCH, ok, startHarness, type DispatchView, type ServiceHarness } from './testing';
import { nextStatuses } from './work-orders/work-orders.service';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-seed');
});

afterAll(async () => {
  await h?.close();
});

const id = () => new mongoose.Types.ObjectId().toHexString();

function seedTenant(appType: SeedTenant['appType']): SeedTenant {
  const slug = `seed-${id().slice(-8)}`;
  return {
    id: id(),
    slug,
    appType,
    users: [
      { id: id(), email: `tech@${slug}.test`, roles: ['technician'] },
      { id: id(), email: `owner@${slug}.test`, roles: ['owner'] },
    ],
  };
}

// Every list of the service schema, and what must be in it.
const LISTS = `{
  serviceAreas { totalCount }
  serviceAreaAt(zip: "60614") { totalCount }
  customers(filter: { search: "grace" }) { totalCount }
  technicians { totalCount edges { node { user { id } bookings { workOrder { number status } } } } }
  workOrders(first: 10) { totalCount edges { node { number status customer { name } location { label } technician { id } parts { item { sku } } } } }
  inventoryItems { totalCount }
  lowStock: inventoryItems(filter: { lowStock: true }) { totalCount edges { node { sku onHand } } }
  inventoryLocations { totalCount }
  followUpsDue: workOrders(filter: { followUpPending: true }) { totalCount }
  refunded: invoices(filter: { status: partially_paid }) { totalCount edges { node { paid { amountCents } refunds { reason amount { amountCents } } } } }
}`;

describe('seedService', () => {
  // 3 areas + 3 customers + 1 technician + 3 items + 2 locations + 4 stock records + 7 work orders + 3 quotes + 1 invoice
  // + 1 checklist template + 1 quarterly agreement and its one work order within the 60-day horizon.
  const PER_TENANT = 30;

  it('gives each serviceRepair tenant its demo data by its owner, once; trucking tenants get none', async () => {
    const tenants = [seedTenant('serviceRepair'), seedTenant('serviceRepair'), seedTenant('trucking')];
    const [rapid, fixit, trucking] = tenants as [SeedTenant, SeedTenant, SeedTenant];

    expect(await seedService(h.models, tenants)).toEqual({ created: 2 * PER_TENANT });
    expect(await seedService(h.models, tenants)).toEqual({ created: 0 });

    const orders = await h.models.WorkOrder.find(tenantScope({ tenantId: rapid.id }))
      .sort({ number: 1 })
      .lean();
    expect(orders.map((order) => order.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(orders.map((order) => String(order.createdBy)))).toEqual(new Set([rapid.users[1]!.id]));
    expect(new Set(orders.map((order) => order.status))).toEqual(new Set(['in_progress', 'scheduled', 'new', 'invoiced', 'dispatched', 'cancelled']));
    // The eighth is the agreement's first visit, a week out.
    const agreement = await h.models.ServiceAgreement.findOne(tenantScope({ tenantId: rapid.id })).lean();
    expect(agreement).toMatchObject({ rrule: 'FREQ=MONTHLY;INTERVAL=3', retiredAt: null });
    expect(orders[7]).toMatchObject({ status: 'new', agreementId: agreement!._id, occursAt: agreement!.startsAt, jobType: 'hvac-maintenance' });
    // Every recorded history is a walk the lifecycle allows, ending in the current status.
    for (const order of orders) {
      const steps = order.statusHistory.map((step) => step.status);
      expect(steps[0]).toBe('new');
      expect(steps.at(-1)).toBe(order.status);
      steps.slice(1).forEach((to, i) => expect(nextStatuses({ status: steps[i]!, heldFrom: null })).toContain(to));
    }
    expect(await h.models.WorkOrder.countDocuments(tenantScope({ tenantId: fixit.id }))).toBe(8);
    for (const model of Object.values(h.models)) {
      expect(await (model as mongoose.Model<unknown>).countDocuments(tenantScope({ tenantId: trucking.id }))).toBe(0);
    }

    // Every list is non-empty for the owner, and the data hangs together.
    const owner = makeTenantContext({ tenantId: rapid.id, slug: rapid.slug, appType: 'serviceRepair', userId: rapid.users[1]!.id });
    const lists = await ok<Record<string, { totalCount: number; edges?: { node: Record<string, unknown> }[] }>>(h, owner, LISTS);
    for (const [name, list] of Object.entries(lists)) expect(list.totalCount, name).toBeGreaterThan(0);
    expect(lists['technicians']?.edges?.[0]?.node).toEqual({
      user: { id: rapid.users[0]!.id },
      bookings: [
        { workOrder: { number: 1, status: 'in_progress' } },
        { workOrder: { number: 5, status: 'dispatched' } },
        { workOrder: { number: 6, status: 'dispatched' } },
      ],
    });
    // The office's corrections show: a rescheduled order with its note, a cancelled one with its reason.
    const [rescheduled, cancelled] = [orders[5]!, orders[6]!];
    expect(rescheduled).toMatchObject({ status: 'dispatched', notes: expect.stringContaining('Rescheduled') });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Customer cleared it with the hex key.' } });
    expect(cancelled.statusHistory.map((step) => step.status)).toEqual(['new', 'cancelled']);
    expect(lists['lowStock']?.edges?.map((e) => e.node)).toEqual([{ sku: 'FUSE-10', onHand: 6 }]);
    // The invoice's deposit, partly given back.
    expect(lists['refunded']?.edges?.[0]?.node).toEqual({
      paid: { amountCents: 8_500 },
      refunds: [{ reason: 'Goodwill: the technician arrived late.', amount: { amountCents: 1_500 } }],
    });
    const invoiced = lists['workOrders']?.edges?.find((e) => e.node['status'] === 'invoiced')?.node;
    expect(invoiced).toMatchObject({ customer: { name: 'Grace Hopper' }, location: { label: 'Office' }, parts: [{ item: { sku: 'CAP-455' } }] });

    // The tech user sees their profile; the seeded new order can be dispatched to them.
    const tech = makeTenantContext({ tenantId: rapid.id, slug: rapid.slug, appType: 'serviceRepair', userId: rapid.users[0]!.id, roles: ['technician'] });
    const entities = await ok<{ _entities: { technicianProfile: { id: string } | null }[] }>(
      h,
      tech,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { technicianProfile { id } } } }',
      { r: [{ __typename: 'User', id: rapid.users[0]!.id }] },
    );
    expect(entities._entities[0]?.technicianProfile).not.toBeNull();
    const fresh = orders.find((order) => order.status === 'new')!;
    const dispatched = await ok<{ dispatchWorkOrder: DispatchView }>(h, owner, DISPATCH, { id: fresh._id.toHexString() });
    expect(dispatched.dispatchWorkOrder.technician.id).toBe(entities._entities[0]?.technicianProfile?.id);

    // The counter was moved past the seeded numbers: the next work order is number 9.
    const customer = await h.models.Customer.findOne(tenantScope({ tenantId: rapid.id })).lean();
    const next = await ok<{ createWorkOrder: { number: number } }>(
      h,
      owner,
      'mutation ($c: ID!) { createWorkOrder(input: { title: "After the seed", customerId: $c }) { number } }',
      {
        c: customer!._id.toHexString(),
      },
    );
    expect(next).toEqual({ createWorkOrder: { number: 9 } });
    expect(await seedService(h.models, [rapid])).toEqual({ created: 0 });
  });

  it('gives work orders seeded before customers existed a customer, once', async () => {
    const tenant = seedTenant('serviceRepair');
    const scope = tenantScope({ tenantId: tenant.id });
    await h.models.WorkOrder.collection.insertOne({
      ...scope,
      number: 3,
      title: 'Old demo order',
      description: null,
      priority: 'low',
      status: 'new',
      heldFrom: null,
      statusHistory: [],
      createdBy: new mongoose.Types.ObjectId(),
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await seedService(h.models, [tenant]);
    const old = await h.models.WorkOrder.findOne({ ...scope, number: 3 }).lean();
    expect(old?.title).toBe('Old demo order');
    expect(old?.customerId).toBeInstanceOf(mongoose.Types.ObjectId);
  });

  it('with documents on, gives the invoiced job its photo and the customer’s signature, with links, once', async () => {
    const tenant = seedTenant('serviceRepair');
    expect((await seedService(h.models, [tenant], new Date(), h.server.documents!)).created).toBe(PER_TENANT + 2);
    expect((await seedService(h.models, [tenant], new Date(), h.server.documents!)).created).toBe(0);
    const owner = makeTenantContext({ tenantId: tenant.id, slug: tenant.slug, appType: 'serviceRepair', userId: tenant.users[1]!.id });
    const orders = await ok<{ workOrders: { edges: { node: { status: string; attachments: { kind: string; downloadLink: { url: string } | null }[] } }[] } }>(
      h,
      owner,
      '{ workOrders(first: 10) { edges { node { status attachments { kind downloadLink { url } } } } } }',
    );
    const invoiced = orders.workOrders.edges.find((e) => e.node.status === 'invoiced')!.node;
    expect(invoiced.attachments.map((a) => a.kind)).toEqual(['photo', 'signature']);
    expect(invoiced.attachments.every((a) => a.downloadLink !== null)).toBe(true);
  });
});
