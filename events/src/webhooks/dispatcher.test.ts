import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '@attunelogic/shared/testing';
import mongoose, { type Connection } from 'mongoose';
import { createAuditModels, createLogger, verifyAuditChain } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import {
  OUTBOX_COLLECTION,
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_ENDPOINTS_COLLECTION,
  newEventId,
  endpointSecretContext,
  isSealed,
  parseSecretKeys,
  sealedWith,
  sealSecret,
  type DomainEvent,
  type EventType,
  type WebhookDeliveryDocument,
} from '@attunelogic/shared/events';
import { EventLog } from '../event-log';
import { DeliveryMetrics } from '../metrics';
import { Dispatcher, ensureDispatcherIndexes, type DispatcherOptions } from './dispatcher';
import { TestReceiver, testSecret } from './test-receiver';

const prefix = `test-dispatcher-${process.pid}`;
let core: Connection;
let events: Connection;
let audit: Connection;
const receiver = new TestReceiver();
const secrets = receiver.secrets;
const logger = createLogger('events', 'silent');

beforeAll(async () => {
  [core, events, audit] = (await Promise.all(['core', 'events', 'audit'].map((db) => connectDatabase(inject('mongodbUri'), `${prefix}-${db}`)))) as [
    Connection,
    Connection,
    Connection,
  ];
  await ensureDispatcherIndexes(events.db!, core.db!);
  await receiver.start();
});

afterAll(async () => {
  await receiver.kill();
  await Promise.all([core?.close(), events?.close(), audit?.close()]);
});

const oid = () => new mongoose.Types.ObjectId();
const deliveries = () => core.db!.collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES_COLLECTION);
const endpoints = () => core.db!.collection(WEBHOOK_ENDPOINTS_COLLECTION);
const at = new Date('2026-06-01T12:00:00Z');

/** An endpoint as core stores it, receiving at its own path of the receiver. */
async function endpoint(tenant: mongoose.Types.ObjectId, types: EventType[], extra: Record<string, unknown> = {}) {
  const _id = oid();
  const path = `/hooks/${_id.toHexString()}`;
  secrets[path] = testSecret(_id.toHexString());
  await endpoints().insertOne({
    _id,
    parentCompany: tenant,
    url: receiver.url(path),
    eventTypes: types,
    description: null,
    secret: secrets[path],
    active: true,
    disabledReason: null,
    createdBy: oid(),
    createdAt: new Date(at.getTime() - 60_000),
    ...extra,
  });
  return { id: _id, path };
}

const event = (tenant: mongoose.Types.ObjectId, type: EventType, occurredAt = at): DomainEvent => ({
  id: newEventId(),
  type,
  version: 1,
  tenant: tenant.toHexString(),
  occurredAt,
  subject: { type: 'Load', id: oid().toHexString() },
  payload: { n: 1 },
});

function dispatcher(options: Partial<DispatcherOptions> = {}): Dispatcher {
  return new Dispatcher({
    events: events.db!,
    core: core.db!,
    audit: createAuditModels(audit),
    batch: 100,
    pollMs: 20,
    concurrency: 8,
    leaseMs: 30_000,
    retry: { baseMs: 1, maxMs: 2, maxAttempts: 5 },
    send: { allowPrivate: true, timeoutMs: 5_000 },
    autoDisable: { afterParked: 1_000, afterMs: 30 * 24 * 3_600_000 },
    logger,
    ...options,
  });
}

/** Passes until nothing is due (retries are due within milliseconds here). */
async function drain(d: Dispatcher): Promise<void> {
  for (let idle = 0; idle < 3;) {
    idle = (await d.pass()) === 0 ? idle + 1 : 0;
    if (idle > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ofEndpoint = (id: mongoose.Types.ObjectId) => deliveries().find({ endpoint: id }).toArray();

describe('the webhook dispatcher', () => {
  it("makes one delivery per matching enabled endpoint of the event's own tenant, none twice when a batch runs again, and sends each to its endpoint only", async () => {
    const [a, b] = [oid(), oid()];
    const delivered = await endpoint(a, ['load.delivered']);
    const created = await endpoint(a, ['load.created']);
    const disabled = await endpoint(a, ['load.delivered'], { active: false, disabledReason: 'disabled by a user' });
    const late = await endpoint(a, ['load.delivered'], { createdAt: new Date(at.getTime() + 60_000) });
    const other = await endpoint(b, ['load.delivered']);
    const published = [event(a, 'load.delivered'), event(a, 'load.created'), event(a, 'load.status_changed'), event(b, 'load.delivered')];
    await new EventLog(events.db!).publish(published);

    const d = dispatcher();
    await d.dispatch();
    // A dispatcher killed after making the deliveries but before marking the entries: the batch runs again.
    await events.db!.collection('log').updateMany({ _id: { $in: published.map((e) => e.id) as never[] } }, { $set: { dispatchedAt: null } });
    await d.dispatch();

    expect((await ofEndpoint(delivered.id)).map((x) => x.eventId)).toEqual([published[0]!.id]);
    expect((await ofEndpoint(created.id)).map((x) => x.eventId)).toEqual([published[1]!.id]);
    expect((await ofEndpoint(other.id)).map((x) => [x.eventId, x.parentCompany.toHexString()])).toEqual([[published[3]!.id, b.toHexString()]]);
    expect(await ofEndpoint(disabled.id)).toEqual([]);
    // Registered after the event occurred: it receives what happens from then on only.
    expect(await ofEndpoint(late.id)).toEqual([]);

    await drain(d);
    const got = (path: string) => receiver.received.filter((r) => r.path === path).map((r) => [r.id, r.body.tenant, r.verified]);
    expect(got(delivered.path)).toEqual([[published[0]!.id, a.toHexString(), true]]);
    expect(got(created.path)).toEqual([[published[1]!.id, a.toHexString(), true]]);
    expect(got(other.path)).toEqual([[published[3]!.id, b.toHexString(), true]]);
    expect(got(disabled.path)).toEqual([]);
    const done = await ofEndpoint(delivered.id);
    expect(done[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastResponseCode: 204, lastError: null, leaseOwner: null, nextAttemptAt: null });
  });

  it('two dispatchers at once never send the same attempt twice: each delivery is claimed by one', async () => {
    const tenant = oid();
    const target = await endpoint(tenant, ['load.status_changed']);
    const published = Array.from({ length: 150 }, () => event(tenant, 'load.status_changed'));
    await new EventLog(events.db!).publish(published);
    const [one, two] = [dispatcher({ owner: 'one', concurrency: 4 }), dispatcher({ owner: 'two', concurrency: 4 })];
    await one.dispatch();
    await Promise.all([drain(one), drain(two)]);
    const ids = receiver.received.filter((r) => r.path === target.path).map((r) => r.id);
    expect(ids).toHaveLength(150);
    expect(new Set(ids)).toEqual(new Set(published.map((e) => e.id)));
    expect(await deliveries().countDocuments({ endpoint: target.id, status: 'succeeded', attempts: 1 })).toBe(150);
  });

  it('retries a failing endpoint with backoff, then parks the delivery with its last response code; counts each outcome', async () => {
    const tenant = oid();
    const target = await endpoint(tenant, ['load.delivered']);
    receiver.answer = (request) => (request.path === target.path ? 503 : 204);
    const metrics = new DeliveryMetrics(5);
    const waits: number[] = [];
    const d = dispatcher({ metrics, retry: { baseMs: 1, maxMs: 4, maxAttempts: 3 }, random: () => (waits.push(1), 0.5) });
    await new EventLog(events.db!).publish([event(tenant, 'load.delivered')]);
    await drain(d);
    receiver.answer = () => 204;
    const [parked] = await ofEndpoint(target.id);
    expect(parked).toMatchObject({ status: 'parked', attempts: 3, lastResponseCode: 503, lastError: 'HTTP 503', nextAttemptAt: null, leaseOwner: null });
    expect(receiver.received.filter((r) => r.path === target.path)).toHaveLength(3);
    // Two waits were drawn (after attempts 1 and 2); after the third the delivery was parked.
    expect(waits).toHaveLength(2);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/webhook_deliveries_total\{outcome="failed"\} 2/);
    expect(text).toMatch(/webhook_deliveries_total\{outcome="parked"\} 1/);
    expect(text).toMatch(/webhook_deliveries_total\{outcome="succeeded"\} 0/);
  });

  it('a delivery claimed by a dispatcher that died is sent again once its lease expires, with the same webhook-id', async () => {
    const tenant = oid();
    const target = await endpoint(tenant, ['load.delivered']);
    const published = event(tenant, 'load.delivered');
    await new EventLog(events.db!).publish([published]);
    let now = at.getTime() + 120_000;
    const d = dispatcher({ now: () => new Date(now), leaseMs: 10_000 });
    await d.dispatch();
    // A dispatcher that claimed it and was killed before sending: its lease still holds.
    await deliveries().updateOne({ endpoint: target.id }, { $set: { leaseOwner: 'killed:1', leaseUntil: new Date(now + 10_000) } });
    await drain(d);
    expect(receiver.received.filter((r) => r.path === target.path)).toEqual([]);
    now += 10_001;
    await drain(d);
    expect(receiver.received.filter((r) => r.path === target.path).map((r) => r.id)).toEqual([published.id]);
  });

  it('disables an endpoint after N deliveries parked in a row: audit event in the tenant chain, a webhook_endpoint.disabled event in core’s outbox, later events not sent to it', async () => {
    const tenant = oid();
    const target = await endpoint(tenant, ['load.delivered']);
    receiver.answer = (request) => (request.path === target.path ? 500 : 204);
    const d = dispatcher({ retry: { baseMs: 1, maxMs: 1, maxAttempts: 1 }, autoDisable: { afterParked: 3, afterMs: 30 * 24 * 3_600_000 } });
    await new EventLog(events.db!).publish(Array.from({ length: 3 }, () => event(tenant, 'load.delivered')));
    await drain(d);
    const stored = await endpoints().findOne({ _id: target.id });
    expect(stored).toMatchObject({ active: false, disabledReason: 'disabled by the system: 3 deliveries in a row were parked', consecutiveParked: 3 });
    expect(stored!['pendingEvents']).toEqual({});
    const notice = await core.db!.collection(OUTBOX_COLLECTION).findOne({ type: 'webhook_endpoint.disabled', 'subject.id': target.id.toHexString() });
    expect(notice).toMatchObject({ parentCompany: tenant, payload: { reason: stored!['disabledReason'] } });
    const models = createAuditModels(audit);
    const entries = await models.AuditEvent.find({ parentCompany: tenant }).lean();
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'system:webhooks', operation: 'disableWebhookEndpoint', targetId: target.id.toHexString(), outcome: 'success' }),
    ]);
    expect((await verifyAuditChain(models, tenant.toHexString())).ok).toBe(true);

    const sent = receiver.received.length;
    await new EventLog(events.db!).publish([event(tenant, 'load.delivered')]);
    await drain(d);
    expect(receiver.received.length).toBe(sent);
    receiver.answer = () => 204;
  });

  it('disables an endpoint that has failed, with no success, for longer than the window; a success in between starts it again', async () => {
    const tenant = oid();
    const target = await endpoint(tenant, ['load.delivered']);
    let failing = true;
    receiver.answer = (request) => (request.path === target.path && failing ? 500 : 204);
    let now = at.getTime() + 120_000;
    const d = dispatcher({ now: () => new Date(now), retry: { baseMs: 1, maxMs: 1, maxAttempts: 100 }, autoDisable: { afterParked: 1_000, afterMs: 60_000 } });
    await new EventLog(events.db!).publish([event(tenant, 'load.delivered')]);
    await d.dispatch();
    await d.sendDue();
    expect(await endpoints().findOne({ _id: target.id })).toMatchObject({ active: true, failingSince: new Date(now) });
    failing = false;
    now += 50_000;
    await drain(d);
    expect(await endpoints().findOne({ _id: target.id })).toMatchObject({ active: true, failingSince: null });
    failing = true;
    await new EventLog(events.db!).publish([event(tenant, 'load.delivered', new Date(now))]);
    await d.dispatch();
    await d.sendDue();
    now += 59_000;
    await d.sendDue();
    expect(await endpoints().findOne({ _id: target.id })).toMatchObject({ active: true });
    now += 2_000;
    await d.sendDue();
    expect(await endpoints().findOne({ _id: target.id })).toMatchObject({
      active: false,
      disabledReason: expect.stringMatching(/^disabled by the system: every delivery failed since /),
    });
    receiver.answer = () => 204;
  });

  it('reports the queue depth of the deepest tenants only, the rest summed under "other"', async () => {
    const tenants = [oid(), oid(), oid()];
    const d = dispatcher();
    const metrics = new DeliveryMetrics(1);
    metrics.readQueueDepthWith(() => d.queueDepth());
    // Deliveries waiting, without a dispatcher sending them: 3, 2 and 1 for three tenants.
    for (const [i, tenant] of tenants.entries()) {
      const target = await endpoint(tenant, ['load.created'], { active: false });
      await deliveries().insertMany(
        Array.from({ length: 3 - i }, () => {
          const e = event(tenant, 'load.created');
          return {
            parentCompany: tenant,
            endpoint: target.id,
            eventId: e.id,
            eventType: e.type,
            occurredAt: at,
            event: e,
            status: 'failed' as const,
            attempts: 1,
            nextAttemptAt: new Date('2100-01-01'),
            leaseOwner: null,
            leaseUntil: null,
            lastAttemptAt: null,
            lastResponseCode: null,
            lastError: null,
            succeededAt: null,
            replays: 0,
            createdAt: at,
            updatedAt: at,
          };
        }),
      );
    }
    const depth = await d.queueDepth();
    expect(tenants.map((t) => depth.get(t.toHexString()))).toEqual([3, 2, 1]);
    const lines = (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('webhook_queue_depth{'));
    expect(lines).toHaveLength(2);
    expect(lines).toContain(`webhook_queue_depth{tenant="${tenants[0]!.toHexString()}"} 3`);
    // Every other queued delivery of the database (other tests' tenants included) is under "other".
    expect(lines.some((line) => line.startsWith('webhook_queue_depth{tenant="other"}'))).toBe(true);
  });
  // Last: it seals every endpoint of this database under its own keys.
  it('seals the secrets stored as they are and reseals an old key’s at start; a secret whose key is gone fails its delivery, not the endpoint', async () => {
    const tenant = oid();
    const [plain, old, lost] = [await endpoint(tenant, ['load.created']), await endpoint(tenant, ['load.created']), await endpoint(tenant, ['load.created'])];
    const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
    const [oldRing, ring] = [parseSecretKeys(`old:${key(1)}`), parseSecretKeys(`new:${key(2)},old:${key(1)}`)];
    const seal = (r: typeof ring, target: typeof old) =>
      endpoints().updateOne(
        { _id: target.id },
        { $set: { secret: sealSecret(r, secrets[target.path]!, endpointSecretContext(tenant.toHexString(), target.id.toHexString())) } },
      );
    await seal(oldRing, old);
    await seal(parseSecretKeys(`gone:${key(9)}`), lost);
    const d = dispatcher({ secrets: ring, retry: { baseMs: 1, maxMs: 2, maxAttempts: 2 } });
    expect(await d.sealSecrets()).toMatchObject({ unavailable: 1 });
    const stored = async (target: typeof old) => (await endpoints().findOne({ _id: target.id }))!['secret'] as string;
    for (const target of [plain, old]) expect([isSealed(await stored(target)), sealedWith(await stored(target))]).toEqual([true, 'new']);
    expect(sealedWith(await stored(lost))).toBe('gone');

    const published = event(tenant, 'load.created');
    await new EventLog(events.db!).publish([published]);
    await drain(d);
    const got = (path: string) => receiver.received.filter((r) => r.path === path && r.id === published.id).map((r) => r.verified);
    expect([got(plain.path), got(old.path), got(lost.path)]).toEqual([[true], [true], []]);
    const [failed] = await ofEndpoint(lost.id);
    expect(failed).toMatchObject({ status: 'parked', lastResponseCode: null, lastError: expect.stringContaining('does not open') });
    const after = (await endpoints().findOne({ _id: lost.id }))!;
    expect([after['active'], after['failingSince'] ?? null, after['consecutiveParked'] ?? 0]).toEqual([true, null, 0]);
  });
});
