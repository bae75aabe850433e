// The events of invoices and stock, each written with its change, and the assignees that let a
// technician's live stream carry the events of their own work orders.
import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { tenantScope } from '@attunelogic/shared/mongo';
import {
  codes,
  createArea,
  createCustomer,
  createItem,
  createOrder,
  createStockLocation,
  createTechnician,
  DISPATCH,
  ok,
  receive,
  serviceTenant,
  startHarness,
  type ServiceHarness,
} from './testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-events', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';
const CREATE_INVOICE = 'mutation ($workOrderId: ID!) { createInvoice(workOrderId: $workOrderId) { id number totals { total { amountCents } } } }';
const ISSUE = 'mutation ($id: ID!) { issueInvoice(id: $id) { id status } }';
const PAY = 'mutation ($id: ID!, $input: RecordPaymentInput!) { recordPayment(id: $id, input: $input) { id status } }';
const ADJUST = 'mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { kind } }';
const BILLING = { 'billing.taxRateBasisPoints': 1000, 'billing.labourRateCents': 12_000, 'units.currency': 'USD' };

const eventsOf = async (tenant: TenantContext, subject: string): Promise<StoredEvent[]> =>
  (await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': subject }).toArray())
    .filter((e) => e.parentCompany.toHexString() === tenant.tenantId)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

/** A completed work order of a fresh tenant, dispatched to a new technician; the technician's user. */
async function completedOrder(): Promise<{ tenant: TenantContext; workOrderId: string; technicianUser: string }> {
  const tenant = serviceTenant({ settings: BILLING });
  const [area, customer] = await Promise.all([createArea(h, tenant, { zipCodes: ['60614'] }), createCustomer(h, tenant)]);
  const tech = await createTechnician(h, tenant, { serviceAreaIds: [area] });
  const { id } = await createOrder(h, tenant, { customerId: customer.id });
  await ok(h, tenant, DISPATCH, { id, technicianId: tech });
  // Recorded time to invoice: in progress from 09:00 to 10:15.
  const clock = h.clock(tenant);
  clock.set(NOW);
  await ok(h, tenant, MOVE, { id, status: 'en_route' });
  clock.set('2031-03-03T09:00:00Z');
  await ok(h, tenant, MOVE, { id, status: 'in_progress' });
  clock.set('2031-03-03T10:15:00Z');
  await ok(h, tenant, MOVE, { id, status: 'completed' });
  const technician = await h.models.Technician.findOne({ _id: new mongoose.Types.ObjectId(tech), ...tenantScope(tenant) }).lean();
  return { tenant, workOrderId: id, technicianUser: technician!.userId.toHexString() };
}

const count = (tenant: TenantContext, itemId: string, locationId: string, qty: number) => ok(h, tenant, ADJUST, { input: { kind: 'count', itemId, locationId, qty } });

describe.concurrent('service events', () => {
  it('invoice.issued, then invoice.paid by the payment that settles it, not by a partial one', async ({ expect }) => {
    const { tenant, workOrderId } = await completedOrder();
    const invoice = (await ok<{ createInvoice: { id: string; number: number; totals: { total: { amountCents: number } } } }>(h, tenant, CREATE_INVOICE, { workOrderId }))
      .createInvoice;
    const total = invoice.totals.total.amountCents;
    await ok(h, tenant, ISSUE, { id: invoice.id });
    await ok(h, tenant, PAY, { id: invoice.id, input: { amountCents: 100, method: 'card' } });
    expect((await eventsOf(tenant, 'Invoice')).map((e) => e.type)).toEqual(['invoice.issued']);
    await ok(h, tenant, PAY, { id: invoice.id, input: { amountCents: total - 100, method: 'card' } });
    const events = await eventsOf(tenant, 'Invoice');
    expect(events.map((e) => [e.type, e.subject.id, e.payload['number'], e.payload['totalCents']])).toEqual([
      ['invoice.issued', invoice.id, invoice.number, total],
      ['invoice.paid', invoice.id, invoice.number, total],
    ]);
    expect(events[0]!.payload).toMatchObject({ workOrderId, currency: 'USD' });
  });

  it("another tenant's payment is NOT_FOUND and records no event for either", async ({ expect }) => {
    const { tenant, workOrderId } = await completedOrder();
    const intruder = serviceTenant();
    const invoice = (await ok<{ createInvoice: { id: string; totals: { total: { amountCents: number } } } }>(h, tenant, CREATE_INVOICE, { workOrderId })).createInvoice;
    await ok(h, tenant, ISSUE, { id: invoice.id });
    expect(codes(await h.run(intruder, PAY, { id: invoice.id, input: { amountCents: invoice.totals.total.amountCents, method: 'card' } }))).toEqual(['NOT_FOUND']);
    expect((await eventsOf(tenant, 'Invoice')).map((e) => e.type)).toEqual(['invoice.issued']);
    expect(await eventsOf(intruder, 'Invoice')).toEqual([]);
  });

  it("a work order's events after its dispatch name its technician", async ({ expect }) => {
    const { tenant, technicianUser } = await completedOrder();
    const events = await eventsOf(tenant, 'WorkOrder');
    expect(events.map((e) => [e.type, e.assignees ?? null])).toEqual([
      ['work_order.created', null],
      ['work_order.dispatched', [technicianUser]],
      ['work_order.status_changed', [technicianUser]],
      ['work_order.status_changed', [technicianUser]],
      ['work_order.status_changed', [technicianUser]],
      ['work_order.status_changed', [technicianUser]],
      ['work_order.completed', [technicianUser]],
    ]);
  });

  it('inventory.low_stock once per crossing of the reorder point, over all locations', async ({ expect }) => {
    const tenant = serviceTenant();
    const [item, a, b] = await Promise.all([createItem(h, tenant, { reorderPoint: 5 }), createStockLocation(h, tenant), createStockLocation(h, tenant)]);
    await receive(h, tenant, item, a, 6);
    await receive(h, tenant, item, b, 2);
    // 8 on hand: above the point.
    expect(await eventsOf(tenant, 'InventoryItem')).toEqual([]);
    await count(tenant, item, a, 3); // 5: at the point, low
    await count(tenant, item, b, 0); // 3: still low, not told again
    const low = await eventsOf(tenant, 'InventoryItem');
    expect(low.map((e) => [e.type, e.subject.id, e.payload])).toEqual([['inventory.low_stock', item, expect.objectContaining({ onHand: 5, reorderPoint: 5 })]]);
    await receive(h, tenant, item, a, 10); // 13: above again
    await count(tenant, item, a, 1); // 1: a second crossing
    expect((await eventsOf(tenant, 'InventoryItem')).map((e) => e.payload['onHand'])).toEqual([5, 1]);
    // The record carries no pending event once its events are in the outbox.
    const stored = await h.connection.db!.collection('inventoryItems').findOne({ _id: new mongoose.Types.ObjectId(item) });
    expect(stored?.['pendingEvents']).toEqual({});
  });

  it('of concurrent changes that all find the item low, exactly one tells it', async ({ expect }) => {
    const tenant = serviceTenant();
    const [item, location] = await Promise.all([createItem(h, tenant, { reorderPoint: 50 }), createStockLocation(h, tenant)]);
    await receive(h, tenant, item, location, 100);
    await Promise.all(Array.from({ length: 8 }, (_, i) => count(tenant, item, location, 10 + i)));
    expect((await eventsOf(tenant, 'InventoryItem')).map((e) => e.type)).toEqual(['inventory.low_stock']);
  });

  it("another tenant's adjustment of the item is NOT_FOUND and tells nothing", async ({ expect }) => {
    const [owner, intruder] = [serviceTenant(), serviceTenant()];
    const [item, location] = await Promise.all([createItem(h, owner, { reorderPoint: 5 }), createStockLocation(h, owner)]);
    await receive(h, owner, item, location, 10);
    const theirs = await createStockLocation(h, intruder);
    expect(codes(await h.run(intruder, ADJUST, { input: { kind: 'count', itemId: item, locationId: theirs, qty: 0 } }))).toEqual(['NOT_FOUND']);
    expect(await eventsOf(owner, 'InventoryItem')).toEqual([]);
    expect(await eventsOf(intruder, 'InventoryItem')).toEqual([]);
  });
});
