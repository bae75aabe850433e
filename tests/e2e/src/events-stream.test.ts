// The live event stream at the gateway (GET /api/v1/events): entries written to the event log as the
// relay writes them reach the connections of their tenant whose roles may see them, once each and in
// log order; a reconnection with Last-Event-ID receives what it missed; two writers inserting out of
// order never make the stream skip an event; the usual refusals apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type mongo } from 'mongoose';
import { appendToEventLog, newEventId, type DomainEvent, type EventType } from '@attunelogic/shared/events';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { openStream, type OpenStream } from './event-stream';
import { freshTenant, startStack, tokenFor, type Stack } from './stack';
import { DB_PREFIX } from './subgraph-processes';

let stack: Stack;
let eventsDb: mongo.Db;
let running = true;
const streams: OpenStream[] = [];

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { EVENTS_STREAM_POLL_MS: '50', EVENTS_STREAM_PER_USER: '3', EVENTS_STREAM_HEARTBEAT_MS: '300', EVENTS_STREAM_SETTLE_MS: '2000' },
  });
  eventsDb = stack.connections.core.getClient().db(`${DB_PREFIX}-events`);
});

afterAll(async () => {
  streams.forEach((s) => s.close());
  if (running) await stack?.stop();
});

async function open(tenant: ProvisionedTenant | undefined, role = 'owner', headers: Record<string, string> = {}): Promise<OpenStream> {
  const stream = await openStream(stack, tenant ? await tokenFor(tenant, role) : undefined, headers);
  streams.push(stream);
  return stream;
}

const event = (tenant: ProvisionedTenant, type: EventType, payload: Record<string, unknown> = {}): DomainEvent => ({
  id: newEventId(),
  type,
  version: 1,
  tenant: tenant.id,
  occurredAt: new Date(),
  subject: { type: type.startsWith('user') ? 'User' : 'Load', id: tenant.id },
  payload,
});

const publish = (...events: DomainEvent[]) => appendToEventLog(eventsDb, events, new Date());

describe('the live event stream', () => {
  it('refuses a request without a token, with a bad token, or for a tenant the caller is not a member of', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const none = await open(undefined, 'owner', { 'x-tenant': tenant.slug });
    expect([none.status, none.refusal?.errors[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const forged = await openStream(stack, 'not-a-token', { 'x-tenant': tenant.slug });
    expect([forged.status, forged.refusal?.errors[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const stranger = await open(other, 'owner', { 'x-tenant': tenant.slug });
    expect([stranger.status, stranger.refusal?.errors[0]?.extensions.code]).toEqual([403, 'FORBIDDEN']);
    const badResume = await open(tenant, 'owner', { 'last-event-id': 'evt_x' });
    expect([badResume.status, badResume.refusal?.errors[0]?.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it("a tenant receives its own events only, those its role may see, in log order; never another tenant's", async () => {
    const [a, b] = [await freshTenant(stack, 'trucking'), await freshTenant(stack, 'serviceRepair')];
    const [aOwner, aDispatcher, aDriver, bOwner, bTechnician] = await Promise.all([
      open(a, 'owner'),
      open(a, 'dispatcher'),
      open(a, 'driver'),
      open(b, 'owner'),
      open(b, 'technician'),
    ]);
    for (const s of [aOwner, aDispatcher, aDriver, bOwner, bTechnician]) expect(s.status).toBe(200);
    await publish(
      event(a, 'load.created', { referenceNumber: 'L-1' }),
      event(b, 'work_order.created', { number: 'WO-1' }),
      event(a, 'user.created', { email: 'x@a.test' }),
      event(a, 'load.status_changed', { referenceNumber: 'L-1', from: 'tendered', to: 'assigned' }),
      event(b, 'user.deactivated', { email: 'y@b.test' }),
    );
    const owner = await aOwner.waitFor(3);
    expect(owner.map((e) => [e.type, e.data.tenant])).toEqual([
      ['load.created', a.id],
      ['user.created', a.id],
      ['load.status_changed', a.id],
    ]);
    expect(owner.map((e) => Number(e.position))).toEqual([...owner.map((e) => Number(e.position))].sort((x, y) => x - y));
    expect((await bOwner.waitFor(2)).map((e) => [e.type, e.data.tenant])).toEqual([
      ['work_order.created', b.id],
      ['user.deactivated', b.id],
    ]);
    // The dispatcher reads loads and users; the driver and the technician see only the events naming them (none here).
    expect((await aDispatcher.waitFor(3)).map((e) => e.type)).toEqual(['load.created', 'user.created', 'load.status_changed']);
    // Every connection was handed the same pass of the log; the heartbeat after it shows the field roles' streams are alive and empty.
    await expect.poll(() => aDriver.comments.length + bTechnician.comments.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect([aDriver.events, bTechnician.events]).toEqual([[], []]);
    expect([...aOwner.events, ...aDispatcher.events].every((e) => e.data.tenant === a.id)).toBe(true);
    // The gateway's metrics count the open streams and what they were sent (no tenant labels).
    const metrics = await (await fetch(`${stack.metricsUrl}/metrics`)).text();
    expect(Number(/^attunelogic_gateway_event_streams_open (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(5);
    expect(Number(/^attunelogic_gateway_event_stream_events_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(8);
  });

  it("a driver or technician receives the events of their own loads and work orders, not another's", async () => {
    const [a, b] = [await freshTenant(stack, 'trucking'), await freshTenant(stack, 'serviceRepair')];
    const driver = a.users.find((u) => u.roles.includes('driver'))!.id;
    const technician = b.users.find((u) => u.roles.includes('technician'))!.id;
    const someoneElse = '64f0000000000000000000ff';
    const [aDriver, bTechnician] = await Promise.all([open(a, 'driver'), open(b, 'technician')]);
    const mine = (e: DomainEvent, assignees: string[]): DomainEvent => ({ ...e, assignees });
    await publish(
      mine(event(a, 'load.status_changed', { referenceNumber: 'OTHER', from: 'assigned', to: 'in_transit' }), [someoneElse]),
      mine(event(a, 'load.assigned', { referenceNumber: 'MINE' }), [driver]),
      event(a, 'load.created', { referenceNumber: 'TENDERED' }),
      mine(event(b, 'work_order.dispatched', { number: 7 }), [technician]),
      mine(event(b, 'work_order.status_changed', { number: 8, from: 'dispatched', to: 'en_route' }), [someoneElse]),
      // The driver named on another tenant's event (ids are not shared, but the stream is per tenant anyway).
      mine(event(b, 'work_order.completed', { number: 9 }), [driver]),
      mine(event(a, 'load.status_changed', { referenceNumber: 'MINE', from: 'assigned', to: 'in_transit' }), [driver]),
    );
    expect((await aDriver.waitFor(2)).map((e) => [e.type, e.data.payload['referenceNumber']])).toEqual([
      ['load.assigned', 'MINE'],
      ['load.status_changed', 'MINE'],
    ]);
    expect((await bTechnician.waitFor(1)).map((e) => [e.type, e.data.payload['number']])).toEqual([['work_order.dispatched', 7]]);
    // Nothing more comes: a heartbeat after the pass shows the streams are alive.
    const heartbeats = aDriver.comments.length + bTechnician.comments.length;
    await expect.poll(() => aDriver.comments.length + bTechnician.comments.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(heartbeats + 2);
    expect([aDriver.events.length, bTechnician.events.length]).toEqual([2, 1]);
    // The assignees are the stream's to filter by, not part of what a subscriber receives.
    expect(aDriver.events.every((e) => !('assignees' in e.data))).toBe(true);
  });

  it('a reconnection with Last-Event-ID receives what it missed, then the live events, without a repeat', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const other = await freshTenant(stack, 'trucking');
    const first = await open(tenant);
    await publish(event(tenant, 'load.created', { referenceNumber: 'R-1' }), event(tenant, 'load.created', { referenceNumber: 'R-2' }));
    const seen = await first.waitFor(2);
    first.close();
    await publish(
      event(tenant, 'load.created', { referenceNumber: 'R-3' }),
      event(other, 'load.created', { referenceNumber: 'X-1' }),
      event(tenant, 'load.created', { referenceNumber: 'R-4' }),
    );
    const resumed = await open(tenant, 'owner', { 'last-event-id': seen[1]!.position });
    await resumed.waitFor(2);
    await publish(event(tenant, 'load.created', { referenceNumber: 'R-5' }));
    const after = await resumed.waitFor(3);
    expect(after.map((e) => e.data.payload['referenceNumber'])).toEqual(['R-3', 'R-4', 'R-5']);
    expect(new Set(after.map((e) => e.data.id)).size).toBe(3);
    // From the very start of the log: everything of the tenant's, nothing of the other's.
    const replay = await open(tenant, 'owner', { 'last-event-id': '0' });
    expect((await replay.waitFor(5)).map((e) => e.data.payload['referenceNumber'])).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
  });

  it('two writers inserting out of order: the stream waits for the missing position and skips nothing', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const stream = await open(tenant);
    const counters = eventsDb.collection<{ _id: string; seq: number }>('counters');
    // Two writers take positions n+1 and n+2; the second inserts first.
    const take = async () => (await counters.findOneAndUpdate({ _id: 'log' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }))!.seq;
    const [slow, fast] = [await take(), await take()];
    const insert = (seq: number, reference: string) => {
      const { id, ...rest } = event(tenant, 'load.created', { referenceNumber: reference });
      return eventsDb.collection('log').insertOne({ _id: id as never, ...rest, seq, copies: 1, firstRelayedAt: new Date() });
    };
    await insert(fast, 'second');
    // Heartbeats prove the stream is served while the tail holds the later entry back.
    await expect.poll(() => stream.comments.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(stream.events).toEqual([]);
    await insert(slow, 'first');
    expect((await stream.waitFor(2)).map((e) => e.data.payload['referenceNumber'])).toEqual(['first', 'second']);
  });

  it('a writer slower than the settle window: the later entry goes out after the window, the slow one when it arrives', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const stream = await open(tenant);
    const counters = eventsDb.collection<{ _id: string; seq: number }>('counters');
    const take = async () => (await counters.findOneAndUpdate({ _id: 'log' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }))!.seq;
    const [slow, fast] = [await take(), await take()];
    const insert = (seq: number, reference: string) => {
      const { id, ...rest } = event(tenant, 'load.created', { referenceNumber: reference });
      return eventsDb.collection('log').insertOne({ _id: id as never, ...rest, seq, copies: 1, firstRelayedAt: new Date() });
    };
    await insert(fast, 'on time');
    expect((await stream.waitFor(1)).map((e) => e.data.payload['referenceNumber'])).toEqual(['on time']);
    await insert(slow, 'late');
    expect((await stream.waitFor(2)).map((e) => [e.data.payload['referenceNumber'], Number(e.position)])).toEqual([
      ['on time', fast],
      ['late', slow],
    ]);
  });

  it('a user has at most EVENTS_STREAM_PER_USER streams open at once (429 beyond, free again once one closes)', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const open3 = await Promise.all([open(tenant, 'viewer'), open(tenant, 'viewer'), open(tenant, 'viewer')]);
    expect(open3.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await open(tenant, 'viewer');
    expect([fourth.status, fourth.refusal?.errors[0]?.extensions.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await open(tenant, 'owner')).status).toBe(200);
    open3[0]!.close();
    await expect.poll(async () => (await open(tenant, 'viewer')).status, { timeout: 5_000 }).toBe(200);
  });

  it('a stream ends when its token expires (the client reconnects with a fresh token and Last-Event-ID)', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const stream = await openStream(stack, await tokenFor(tenant, 'owner', { ttlSeconds: 2 }));
    streams.push(stream);
    expect(stream.status).toBe(200);
    await publish(event(tenant, 'load.created', { referenceNumber: 'E-1' }));
    await stream.waitFor(1);
    await stream.ended;
    await publish(event(tenant, 'load.created', { referenceNumber: 'E-2' }));
    const fresh = await open(tenant, 'owner', { 'last-event-id': stream.events[0]!.position });
    expect((await fresh.waitFor(1)).map((e) => e.data.payload['referenceNumber'])).toEqual(['E-2']);
  });

  it('the gateway ends every open stream when it shuts down (the last test of the file: it stops the stack)', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const open2 = [await open(tenant, 'dispatcher'), await open(tenant, 'viewer')];
    expect(open2.map((s) => s.status)).toEqual([200, 200]);
    running = false;
    await stack.stop();
    await Promise.all(open2.map((s) => s.ended));
  });
});
