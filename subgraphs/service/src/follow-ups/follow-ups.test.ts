// Warranty windows and follow-ups from the tenant's maintenance.warrantyDays / followUpDays: fixed
// when a work order completes; the follow-up visit opened once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createCustomer, createOrder, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-follow-ups', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const MAINTENANCE = { 'maintenance.warrantyDays': 90, 'maintenance.followUpDays': 30 };
const FIELDS = 'id number status title warrantyUntil followUpDueAt requestedWindow { start end } location { id } followUp { id title } followUpOf { id }';
const COMPLETE = `mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: completed) { ${FIELDS} } }`;
const FOLLOW_UP = `mutation ($id: ID!, $windowHours: Int) { scheduleFollowUp(id: $id, windowHours: $windowHours) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { workOrder(id: $id) { ${FIELDS} } }`;

interface View {
  id: string;
  status: string;
  title: string;
  warrantyUntil: string | null;
  followUpDueAt: string | null;
  requestedWindow: { start: string; end: string } | null;
  location: { id: string };
  followUp: { id: string; title: string } | null;
  followUpOf: { id: string } | null;
}

/** A work order of a fresh tenant, in progress (arranged in the database: dispatch is not what is tested here). */
async function inProgress(settings?: TenantContext['settings']): Promise<{ tenant: TenantContext; id: string; locationId: string }> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const customer = await createCustomer(h, tenant);
  const order = await createOrder(h, tenant, { customerId: customer.id, title: 'Replace capacitor' });
  await h.models.WorkOrder.updateOne({ ...tenantScope(tenant), _id: order.id }, { $set: { status: 'in_progress' } });
  return { tenant, id: order.id, locationId: customer.locationIds[0]! };
}

describe('warranty and follow-ups', () => {
  it("completion fixes the warranty end and the follow-up date from the tenant's keys", async () => {
    const w = await inProgress(MAINTENANCE);
    const done = (await ok<{ updateWorkOrderStatus: View }>(h, w.tenant, COMPLETE, { id: w.id })).updateWorkOrderStatus;
    expect(done.warrantyUntil).toBe('2031-06-01T06:00:00.000Z');
    expect(done.followUpDueAt).toBe('2031-04-02T06:00:00.000Z');
  });

  it('without the keys (or with 0) completed work has no warranty end and no follow-up due', async () => {
    for (const settings of [undefined, { 'maintenance.warrantyDays': 0, 'maintenance.followUpDays': 0 }]) {
      const w = await inProgress(settings);
      const done = (await ok<{ updateWorkOrderStatus: View }>(h, w.tenant, COMPLETE, { id: w.id })).updateWorkOrderStatus;
      expect(done).toMatchObject({ warrantyUntil: null, followUpDueAt: null });
      expect(codes(await h.run(w.tenant, FOLLOW_UP, { id: w.id }))).toEqual(['CONFLICT']);
    }
  });

  it('schedules the follow-up visit once, at the same location from its due date', async () => {
    const w = await inProgress(MAINTENANCE);
    expect(codes(await h.run(w.tenant, FOLLOW_UP, { id: w.id }))).toEqual(['CONFLICT']);
    await ok(h, w.tenant, COMPLETE, { id: w.id });
    const results = await Promise.all([
      h.run<{ scheduleFollowUp: View }>(w.tenant, FOLLOW_UP, { id: w.id, windowHours: 4 }),
      h.run<{ scheduleFollowUp: View }>(w.tenant, FOLLOW_UP, { id: w.id, windowHours: 4 }),
    ]);
    expect(results.map(codes).sort()).toEqual([['CONFLICT'], undefined]);
    const followUp = results.find((r) => !r.errors)!.data!.scheduleFollowUp;
    expect(followUp).toMatchObject({
      status: 'new',
      title: 'Follow-up: Replace capacitor',
      location: { id: w.locationId },
      followUpOf: { id: w.id },
      requestedWindow: { start: '2031-04-02T06:00:00.000Z', end: '2031-04-02T10:00:00.000Z' },
    });
    expect((await ok<{ workOrder: View }>(h, w.tenant, GET, { id: w.id })).workOrder.followUp).toEqual({ id: followUp.id, title: followUp.title });
  });

  it("is NOT_FOUND on another tenant's work order; a viewer may not schedule one, a dispatcher may", async () => {
    const mine = await inProgress(MAINTENANCE);
    await ok(h, mine.tenant, COMPLETE, { id: mine.id });
    const theirs = serviceTenant({ settings: MAINTENANCE });
    expect(codes(await h.run(theirs, FOLLOW_UP, { id: mine.id }))).toEqual(['NOT_FOUND']);
    const as = (role: string) => serviceTenant({ tenantId: mine.tenant.tenantId, slug: mine.tenant.slug, roles: [role] });
    expect(codes(await h.run(as('viewer'), FOLLOW_UP, { id: mine.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('technician'), FOLLOW_UP, { id: mine.id }))).toEqual(['FORBIDDEN']);
    expect((await ok<{ workOrder: View }>(h, mine.tenant, GET, { id: mine.id })).workOrder.followUp).toBeNull();
    expect(codes(await h.run(as('dispatcher'), FOLLOW_UP, { id: mine.id }))).toBeUndefined();
  });

  it('lists the work orders whose follow-up is due and not yet scheduled; another tenant sees none of them', async () => {
    const w = await inProgress(MAINTENANCE);
    const PENDING = 'query ($pending: Boolean) { workOrders(filter: { followUpPending: $pending }) { edges { node { id followUpDueAt } } } }';
    const pending = async (tenant: TenantContext, value: boolean) =>
      (await ok<{ workOrders: { edges: { node: { id: string } }[] } }>(h, tenant, PENDING, { pending: value })).workOrders.edges.map((e) => e.node.id);
    expect(await pending(w.tenant, true)).toEqual([]);
    await ok(h, w.tenant, COMPLETE, { id: w.id });
    expect(await pending(w.tenant, true)).toEqual([w.id]);
    expect(await pending(serviceTenant({ settings: MAINTENANCE }), true)).toEqual([]);
    const followUp = (await ok<{ scheduleFollowUp: View }>(h, w.tenant, FOLLOW_UP, { id: w.id })).scheduleFollowUp;
    expect(await pending(w.tenant, true)).toEqual([]);
    expect((await pending(w.tenant, false)).sort()).toEqual([w.id, followUp.id].sort());
  });
});
