import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { codes, createArea, createCustomer, createOrder, createTechnician, DISPATCH, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-work-order-events', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';
const MORNING = { start: '2031-03-03T15:00:00Z', end: '2031-03-03T19:00:00Z' };
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));

const eventsOf = async (tenant: TenantContext): Promise<StoredEvent[]> =>
  (await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': 'WorkOrder' }).toArray())
    .filter((e) => e.parentCompany.toHexString() === tenant.tenantId)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe.concurrent('work order events', () => {
  it('created, dispatched, status changed and completed, each with its change, in order', async ({ expect }) => {
    const tenant = serviceTenant();
    const [area, customer] = await Promise.all([createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] }), createCustomer(h, tenant, { name: 'Ada' })]);
    const technicianId = await createTechnician(h, tenant, {
      workingHours: WEEKDAYS,
      timeZone: 'America/Chicago',
      serviceAreaIds: [area],
      homeBase: { lat: 41.9214, lng: -87.6336 },
    });
    const order = await createOrder(h, tenant, { customerId: customer.id, requestedWindow: MORNING });
    await ok(h, tenant, DISPATCH, { id: order.id, technicianId });
    for (const status of ['en_route', 'in_progress', 'completed']) await ok(h, tenant, MOVE, { id: order.id, status });

    const events = await eventsOf(tenant);
    expect(events.map((e) => [e.type, e.payload['to'] ?? null])).toEqual([
      ['work_order.created', null],
      ['work_order.dispatched', null],
      ['work_order.status_changed', 'dispatched'],
      ['work_order.status_changed', 'en_route'],
      ['work_order.status_changed', 'in_progress'],
      ['work_order.status_changed', 'completed'],
      ['work_order.completed', null],
    ]);
    expect(events.every((e) => e.subject.id === order.id && e.version === 1 && e.occurredAt.getTime() === NOW.getTime())).toBe(true);
    expect(events[1]!.payload).toMatchObject({ number: order.number, technicianId });
  });

  it("another tenant's status change is NOT_FOUND and records no event for either", async ({ expect }) => {
    const [owner, intruder] = [serviceTenant(), serviceTenant()];
    const customer = await createCustomer(h, owner, { name: 'Bo' });
    const order = await createOrder(h, owner, { customerId: customer.id, requestedWindow: MORNING });
    const before = await eventsOf(owner);
    expect(codes(await h.run(intruder, MOVE, { id: order.id, status: 'cancelled' }))).toEqual(['NOT_FOUND']);
    expect(await eventsOf(owner)).toEqual(before);
    expect(await eventsOf(intruder)).toEqual([]);
  });
});
