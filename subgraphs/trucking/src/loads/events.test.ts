import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';

const STOP_EVENT = `mutation ($id: ID!, $stop: ID!, $event: StopEvent!) { recordStopEvent(id: $id, stopId: $stop, event: $event) { id } }`;
const PING = `mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id } }`;

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
async function eventsOf(tenant: TenantContext, subject = 'Load'): Promise<StoredEvent[]> {
  const all = await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': subject }).toArray();
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

  it('stop arrived and departed: recorded with the stop and its time; a repeated or refused recording records nothing', async ({ expect }) => {
    const [tenant, intruder] = [truckingTenant(), truckingTenant()];
    const { load } = await fx.assignedLoad(tenant);
    const stop = load.stops[0]!;
    for (const event of ['arrived', 'departed']) await fx.ok(tenant, STOP_EVENT, { id: load.id, stop: stop.id, event });
    expect((await h.run(tenant, STOP_EVENT, { id: load.id, stop: stop.id, event: 'arrived' })).errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect((await h.run(intruder, STOP_EVENT, { id: load.id, stop: stop.id, event: 'departed' })).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const stops = (await eventsOf(tenant)).filter((e) => e.type.startsWith('load.stop_'));
    expect(stops.map((e) => [e.type, e.payload['stopId'], e.payload['sequence'], e.payload['stopType']])).toEqual([
      ['load.stop_arrived', stop.id, 1, stop.type],
      ['load.stop_departed', stop.id, 1, stop.type],
    ]);
    expect(stops.every((e) => e.payload['referenceNumber'] === load.referenceNumber && e.payload['at'] instanceof Date)).toBe(true);
    expect(await eventsOf(intruder)).toEqual([]);
  });

  it("driver.position: a newer ping moves the driver and records the event; an older one (kept in the track) and another tenant's attempt record none", async ({
    expect,
  }) => {
    const [tenant, intruder] = [truckingTenant(), truckingTenant()];
    const driver = await fx.driver(tenant);
    const ping = (minutes: number, latitude: number) => ({
      driverId: driver.id,
      latitude,
      longitude: -96.8,
      recordedAt: new Date(Date.now() - 60 * 60_000 + minutes * 60_000).toISOString(),
    });
    await fx.ok(tenant, PING, { input: ping(10, 32.71) });
    await fx.ok(tenant, PING, { input: ping(20, 32.72) });
    await fx.ok(tenant, PING, { input: ping(15, 32.715) });
    expect((await h.run(intruder, PING, { input: ping(30, 32.8) })).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const events = await eventsOf(tenant, 'Driver');
    expect(events.map((e) => [e.type, e.subject.id, e.payload['latitude']])).toEqual([
      ['driver.position', driver.id, 32.71],
      ['driver.position', driver.id, 32.72],
    ]);
    expect(await eventsOf(intruder, 'Driver')).toEqual([]);
    // The event left the driver's record for the outbox: nothing pending remains.
    const stored = await h.connection.db!.collection('drivers').findOne({ _id: new mongoose.Types.ObjectId(driver.id) });
    expect(stored?.['pendingEvents'] ?? {}).toEqual({});
  });
});
