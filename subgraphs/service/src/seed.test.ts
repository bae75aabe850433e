import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { tenantScope, type SeedTenant } from '@attunelogic/shared';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { seedService } from './seed';
import { startHarness, type ServiceHarness } from './testing';
import { nextStatuses } from './work-orders/work-orders.service';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness();
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

describe('seedService', () => {
  it('gives each serviceRepair tenant its demo work orders by its owner, once; trucking tenants get none', async () => {
    const tenants = [seedTenant('serviceRepair'), seedTenant('serviceRepair'), seedTenant('trucking')];
    const [rapid, fixit, trucking] = tenants as [SeedTenant, SeedTenant, SeedTenant];

    expect(await seedService(h.models, tenants)).toEqual({ created: 10 });
    expect(await seedService(h.models, tenants)).toEqual({ created: 0 });

    const orders = await h.models.WorkOrder.find(tenantScope({ tenantId: rapid.id })).sort({ number: 1 }).lean();
    expect(orders.map((order) => order.number)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(orders.map((order) => String(order.createdBy)))).toEqual(new Set([rapid.users[1]!.id]));
    // Every recorded history is a walk the lifecycle allows, ending in the current status.
    for (const order of orders) {
      const steps = order.statusHistory.map((step) => step.status);
      expect(steps[0]).toBe('new');
      expect(steps.at(-1)).toBe(order.status);
      steps.slice(1).forEach((to, i) => expect(nextStatuses({ status: steps[i]!, heldFrom: null })).toContain(to));
    }
    expect(await h.models.WorkOrder.countDocuments(tenantScope({ tenantId: fixit.id }))).toBe(5);
    expect(await h.models.WorkOrder.countDocuments(tenantScope({ tenantId: trucking.id }))).toBe(0);

    // The counter was moved past the seeded numbers: the next work order is number 6.
    const tenant = makeTenantContext({ tenantId: rapid.id, slug: rapid.slug, appType: 'serviceRepair', userId: rapid.users[1]!.id });
    const next = await h.run<{ createWorkOrder: { number: number } }>(tenant, 'mutation { createWorkOrder(input: { title: "After the seed" }) { number } }');
    expect(next.data).toEqual({ createWorkOrder: { number: 6 } });
    expect(await seedService(h.models, [rapid])).toEqual({ created: 0 });
    const listed = await h.run<{ workOrders: { totalCount: number } }>(tenant, '{ workOrders { totalCount } }');
    expect(listed.data).toEqual({ workOrders: { totalCount: 6 } });
  });
});
