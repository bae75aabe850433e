import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-load-events');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

/** The tenant's events in the outbox, oldest first. */
async function eventsOf(tenant: TenantContext): Promise<StoredEvent[]> {
  const all = await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': 'Load' }).toArray();
  return all.filter((e) => e.parentCompany.toHexString() === tenant.tenantId).sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe.concurrent('load events', () => {
  it('created, assigned, status changed and delivered: each recorded with its change, in order, with tenant, type, version and time', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.assignedLoad(tenant);
    for (const to of ['in_transit', 'delivered'] as const) expect((await fx.status(tenant, load.id, to)).errors).toBeUndefined();

    const events = await eventsOf(tenant);
    expect(events.map((e) => [e.type, e.payload['to'] ?? null])).toEqual([
      ['load.created', null],
      ['load.assigned', null],
      ['load.status_changed', 'assigned'],
      ['load.status_changed', 'in_transit'],
      ['load.status_changed', 'delivered'],
      ['load.delivered', null],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ version: 1, subject: { type: 'Load', id: load.id } });
      expect(event.occurredAt).toBeInstanceOf(Date);
    }
    expect(events[1]!.payload).toMatchObject({ referenceNumber: load.referenceNumber, driverId: expect.any(String), vehicleId: expect.any(String) });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("a refused change records no event; another tenant's attempt records nothing for either tenant", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const load = await fx.load(owner);
    const before = await eventsOf(owner);
    expect((await fx.status(owner, load.id, 'delivered')).errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect((await fx.status(intruder, load.id, 'cancelled')).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(await eventsOf(owner)).toEqual(before);
    expect(await eventsOf(intruder)).toEqual([]);
  });
});
