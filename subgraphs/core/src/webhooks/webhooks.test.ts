import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { endpointSecretContext, isSealed, newEventId, openSecret, type DeliveryStatus } from '@attunelogic/shared/events';
import { DEMO_WEBHOOK_ENDPOINT, seedDemoWebhooks } from './webhooks.seed';
import { commandsOn, contextFor, type CoreHarness, provisionStaffedTenant, startHarness, userWith } from '../testing';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness('test-core-webhooks');
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id url eventTypes description active disabledReason createdAt';
const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${FIELDS} } } }`;
const LIST = `query { webhookEndpoints(first: 20) { totalCount edges { node { ${FIELDS} } } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { ${FIELDS} } }`;
const DISABLE = `mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { ${FIELDS} } }`;
const ENABLE = `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { ${FIELDS} } }`;
const DELETE = `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`;

interface EndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  disabledReason: string | null;
}

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.['code']);

async function create(ctx: TenantContext, input: Record<string, unknown> = { url: 'https://partner.example/hooks', eventTypes: ['load.delivered'] }) {
  return h.run<{ createWebhookEndpoint: { secret: string; endpoint: EndpointView } }>(ctx, CREATE, { input });
}

async function listOf(ctx: TenantContext): Promise<EndpointView[]> {
  const result = await h.run<{ webhookEndpoints: { edges: { node: EndpointView }[] } }>(ctx, LIST);
  return result.data?.webhookEndpoints.edges.map((e) => e.node) ?? [];
}

describe.concurrent('webhook endpoints', () => {
  it('an owner creates one (its secret shown once), lists, corrects, disables, enables and deletes it', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const created = await create(owner, { url: 'https://partner.example/hooks', eventTypes: ['load.delivered', 'load.created', 'load.delivered'], description: 'TMS' });
    expect(created.errors).toBeUndefined();
    const { secret, endpoint } = created.data!.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Stored sealed (not as it is), bound to this endpoint: it opens with the keyring to the secret answered.
    const stored = (await h.connection.db!.collection('webhookendpoints').findOne({ _id: new mongoose.Types.ObjectId(endpoint.id) }))!['secret'] as string;
    expect([isSealed(stored), stored.includes(secret.slice(6))]).toEqual([true, false]);
    expect(openSecret(h.models.webhookSecrets, stored, endpointSecretContext(tenant.id, endpoint.id))).toBe(secret);
    expect(endpoint).toMatchObject({ url: 'https://partner.example/hooks', eventTypes: ['load.delivered', 'load.created'], active: true, disabledReason: null });
    expect(await listOf(owner)).toEqual([expect.objectContaining({ id: endpoint.id })]);

    const updated = await h.run<{ updateWebhookEndpoint: EndpointView }>(owner, UPDATE, { id: endpoint.id, input: { eventTypes: ['load.status_changed'] } });
    expect(updated.data?.updateWebhookEndpoint.eventTypes).toEqual(['load.status_changed']);
    const disabled = await h.run<{ disableWebhookEndpoint: EndpointView }>(owner, DISABLE, { id: endpoint.id });
    expect(disabled.data?.disableWebhookEndpoint).toMatchObject({ active: false, disabledReason: 'disabled by a user' });
    const enabled = await h.run<{ enableWebhookEndpoint: EndpointView }>(owner, ENABLE, { id: endpoint.id });
    expect(enabled.data?.enableWebhookEndpoint).toMatchObject({ active: true, disabledReason: null });
    expect((await h.run(owner, DELETE, { id: endpoint.id })).data).toEqual({ deleteWebhookEndpoint: true });
    expect(await listOf(owner)).toEqual([]);
    expect(codes(await h.run(owner, DELETE, { id: endpoint.id }))).toEqual(['NOT_FOUND']);
  });

  it('an admin may manage them; a dispatcher or viewer may not even list them', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    expect((await create(contextFor(tenant, userWith(tenant, 'admin')))).errors).toBeUndefined();
    for (const role of ['dispatcher', 'viewer'] as const) {
      const ctx = contextFor(tenant, userWith(tenant, role));
      expect(codes(await create(ctx))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(ctx, LIST))).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses an unknown event type, a URL that is not http(s) or carries credentials', async ({ expect }) => {
    const owner = contextFor(await provisionStaffedTenant(h.models));
    for (const input of [
      { url: 'https://partner.example/hooks', eventTypes: ['load.exploded'] },
      { url: 'https://partner.example/hooks', eventTypes: [] },
      { url: 'ftp://partner.example/hooks', eventTypes: ['load.created'] },
      { url: 'https://user:pw@partner.example/hooks', eventTypes: ['load.created'] },
    ]) {
      expect(codes(await create(owner, input))).toEqual(['BAD_USER_INPUT']);
    }
    expect(await listOf(owner)).toEqual([]);
  });

  it("another tenant's endpoint: not listed; update, disable, enable and delete are NOT_FOUND and change nothing", async ({ expect }) => {
    const [a, b] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const [owner, intruder] = [contextFor(a), contextFor(b)];
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    expect(await listOf(intruder)).toEqual([]);
    for (const [query, variables] of [
      [UPDATE, { id: endpoint.id, input: { url: 'https://evil.example/' } }],
      [DISABLE, { id: endpoint.id }],
      [ENABLE, { id: endpoint.id }],
      [DELETE, { id: endpoint.id }],
    ] as const) {
      expect(codes(await h.run(intruder, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect(await listOf(owner)).toEqual([expect.objectContaining({ id: endpoint.id, url: 'https://partner.example/hooks', active: true })]);
  });
});

const DELIVERY = 'id endpointId eventId eventType occurredAt status attempts nextAttemptAt lastAttemptAt lastResponseCode lastError succeededAt replays createdAt';
const DELIVERIES = `query ($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${DELIVERY} } }
  }
}`;
const REPLAY = `mutation ($id: ID!) { replayWebhookDelivery(id: $id) { ${DELIVERY} } }`;
const REPLAY_RANGE = `mutation ($endpointId: ID!, $from: String!, $to: String!) { replayWebhookDeliveries(endpointId: $endpointId, from: $from, to: $to) }`;

interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  replays: number;
  lastResponseCode: number | null;
  nextAttemptAt: string | null;
}

const base = new Date('2026-06-01T12:00:00Z');

/** Deliveries as the dispatcher writes them: one per event, an hour apart, with the given statuses. */
async function deliveriesOf(tenantId: string, endpointId: string, statuses: readonly DeliveryStatus[]) {
  const parentCompany = new mongoose.Types.ObjectId(tenantId);
  const endpoint = new mongoose.Types.ObjectId(endpointId);
  return h.models.WebhookDelivery.insertMany(
    statuses.map((status, i) => {
      const occurredAt = new Date(base.getTime() + i * 3_600_000);
      const eventId = newEventId();
      return {
        parentCompany,
        endpoint,
        eventId,
        eventType: 'load.delivered',
        occurredAt,
        event: { id: eventId, type: 'load.delivered', version: 1, tenant: tenantId, occurredAt, subject: { type: 'Load', id: eventId.slice(4) }, payload: {} },
        status,
        attempts: status === 'pending' ? 0 : 3,
        nextAttemptAt: status === 'failed' ? new Date(occurredAt.getTime() + 60_000) : null,
        lastAttemptAt: status === 'pending' ? null : occurredAt,
        lastResponseCode: status === 'succeeded' ? 200 : status === 'pending' ? null : 503,
        lastError: status === 'failed' || status === 'parked' ? 'HTTP 503' : null,
        succeededAt: status === 'succeeded' ? occurredAt : null,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }),
  );
}

async function page(ctx: TenantContext, variables: Record<string, unknown>) {
  return h.run<{ webhookDeliveries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: DeliveryView }[] } }>(
    ctx,
    DELIVERIES,
    variables,
  );
}

describe.concurrent('webhook deliveries: the log and replay', () => {
  it("lists an endpoint's deliveries newest first, by status, a page at a time", async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    const { endpoint: other } = (await create(owner)).data!.createWebhookEndpoint;
    const made = await deliveriesOf(tenant.id, endpoint.id, ['succeeded', 'parked', 'failed', 'succeeded', 'pending']);
    await deliveriesOf(tenant.id, other.id, ['parked']);

    const first = await page(owner, { endpointId: endpoint.id, first: 3 });
    expect(first.errors).toBeUndefined();
    const { totalCount, pageInfo, edges } = first.data!.webhookDeliveries;
    expect(totalCount).toBe(5);
    expect(edges.map((e) => e.node.id)).toEqual(
      made
        .slice(2)
        .reverse()
        .map((d) => d._id.toHexString()),
    );
    expect(edges[0]!.node).toMatchObject({ endpointId: endpoint.id, eventId: made[4]!.eventId, status: 'pending', attempts: 0, lastResponseCode: null });
    const rest = await page(owner, { endpointId: endpoint.id, first: 3, after: pageInfo.endCursor });
    expect(rest.data!.webhookDeliveries.edges.map((e) => e.node.id)).toEqual(
      made
        .slice(0, 2)
        .reverse()
        .map((d) => d._id.toHexString()),
    );
    expect(rest.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(false);

    const parked = await page(owner, { endpointId: endpoint.id, status: 'parked' });
    expect(parked.data!.webhookDeliveries.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: made[1]!._id.toHexString(), status: 'parked', lastResponseCode: 503, attempts: 3 }),
    ]);
  });

  it('reads a page with the same commands however long it is: one find and one count (an aggregate) of the deliveries, one read of the endpoint', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    await deliveriesOf(
      tenant.id,
      endpoint.id,
      Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'parked' : 'succeeded')),
    );
    const counts: number[] = [];
    for (const first of [5, 50]) {
      // Only this tenant's commands: the other tests of the file run at the same time.
      const ours = <T extends { command: Record<string, unknown> }>(commands: T[]) => commands.filter(({ command }) => JSON.stringify(command).includes(tenant.id));
      const commands = ours(
        await commandsOn(h.connection, 'webhookdeliveries', async () => {
          const result = await page(owner, { endpointId: endpoint.id, first });
          expect(result.data!.webhookDeliveries.edges).toHaveLength(first);
        }),
      );
      const endpointReads = ours(
        await commandsOn(h.connection, 'webhookendpoints', async () => {
          await page(owner, { endpointId: endpoint.id, first });
        }),
      );
      expect(endpointReads).toHaveLength(1);
      counts.push(commands.length);
      // The page and, as totalCount is selected, its count.
      expect(commands.map((c) => c.name)).toEqual(['find', 'aggregate']);
      // Scoped to the tenant and the endpoint, on the (parentCompany, endpoint, _id) index.
      const filter = commands[0]!.command['filter'] as Record<string, unknown>;
      expect(String(filter['parentCompany'])).toBe(tenant.id);
      expect(String(filter['endpoint'])).toBe(endpoint.id);
    }
    expect(counts).toEqual([2, 2]);
  });

  it('replays one delivery from its first attempt, whatever its status', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    const [parked, succeeded] = await deliveriesOf(tenant.id, endpoint.id, ['parked', 'succeeded']);
    for (const delivery of [parked!, succeeded!]) {
      const replayed = await h.run<{ replayWebhookDelivery: DeliveryView }>(owner, REPLAY, { id: delivery._id.toHexString() });
      expect(replayed.errors).toBeUndefined();
      expect(replayed.data!.replayWebhookDelivery).toMatchObject({
        status: 'pending',
        attempts: 0,
        replays: 1,
        eventId: delivery.eventId,
        nextAttemptAt: expect.any(String),
      });
    }
    const stored = await h.models.WebhookDelivery.findOne({ parentCompany: tenant.id, _id: parked!._id }).lean();
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, replays: 1, leaseOwner: null, leaseUntil: null });
  });

  it('replays the deliveries of a time range of one endpoint, and refuses a range that is backwards or longer than 31 days', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    const { endpoint: other } = (await create(owner)).data!.createWebhookEndpoint;
    // Events at 12:00, 13:00, ... 17:00.
    await deliveriesOf(tenant.id, endpoint.id, ['succeeded', 'parked', 'parked', 'succeeded', 'failed', 'parked']);
    await deliveriesOf(tenant.id, other.id, ['parked', 'parked', 'parked']);
    const at = (hours: number) => new Date(base.getTime() + hours * 3_600_000).toISOString();
    const replayed = await h.run<{ replayWebhookDeliveries: number }>(owner, REPLAY_RANGE, { endpointId: endpoint.id, from: at(1), to: at(4) });
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data!.replayWebhookDeliveries).toBe(3);
    const pending = await page(owner, { endpointId: endpoint.id, status: 'pending' });
    expect(pending.data!.webhookDeliveries.edges.map((e) => e.node.replays)).toEqual([1, 1, 1]);
    expect((await page(owner, { endpointId: other.id, status: 'pending' })).data!.webhookDeliveries.totalCount).toBe(0);
    for (const [from, to] of [
      [at(4), at(1)],
      [at(0), at(0)],
      [at(0), at(32 * 24)],
      ['yesterday', at(1)],
    ]) {
      expect(codes(await h.run(owner, REPLAY_RANGE, { endpointId: endpoint.id, from, to }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('a dispatcher or viewer may neither read the log nor replay', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const { endpoint } = (await create(contextFor(tenant))).data!.createWebhookEndpoint;
    const [delivery] = await deliveriesOf(tenant.id, endpoint.id, ['parked']);
    for (const role of ['dispatcher', 'viewer'] as const) {
      const ctx = contextFor(tenant, userWith(tenant, role));
      expect(codes(await page(ctx, { endpointId: endpoint.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(ctx, REPLAY, { id: delivery!._id.toHexString() }))).toEqual(['FORBIDDEN']);
      expect(
        codes(await h.run(ctx, REPLAY_RANGE, { endpointId: endpoint.id, from: base.toISOString(), to: new Date(base.getTime() + 3_600_000).toISOString() })),
      ).toEqual(['FORBIDDEN']);
    }
  });

  it("another tenant's endpoint and deliveries: the log, a replay and a range replay are NOT_FOUND and change nothing", async ({ expect }) => {
    const [a, b] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const [owner, intruder] = [contextFor(a), contextFor(b)];
    const { endpoint } = (await create(owner)).data!.createWebhookEndpoint;
    const [delivery] = await deliveriesOf(a.id, endpoint.id, ['parked']);
    expect(codes(await page(intruder, { endpointId: endpoint.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, REPLAY, { id: delivery!._id.toHexString() }))).toEqual(['NOT_FOUND']);
    expect(
      codes(await h.run(intruder, REPLAY_RANGE, { endpointId: endpoint.id, from: base.toISOString(), to: new Date(base.getTime() + 3_600_000).toISOString() })),
    ).toEqual(['NOT_FOUND']);
    expect(await h.models.WebhookDelivery.findOne({ parentCompany: a.id, _id: delivery!._id }).lean()).toMatchObject({ status: 'parked', replays: 0 });
  });
});

describe('the demo webhook endpoint', () => {
  it('is seeded once however often the seed runs, disabled, with a delivered and a parked delivery its owner reads and replays', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    // The seed looks the demo tenant up by slug: this test's tenant stands in for it.
    const demo = { ...tenant, slug: DEMO_WEBHOOK_ENDPOINT.tenant };
    await seedDemoWebhooks(h.models.WebhookEndpoint, h.models.WebhookDelivery, [demo]);
    await seedDemoWebhooks(h.models.WebhookEndpoint, h.models.WebhookDelivery, [demo]);
    const owner = contextFor(tenant);
    expect(await listOf(owner)).toEqual([expect.objectContaining({ id: DEMO_WEBHOOK_ENDPOINT.id, active: false })]);
    const log = await page(owner, { endpointId: DEMO_WEBHOOK_ENDPOINT.id });
    expect(log.data!.webhookDeliveries.edges.map((e) => e.node.status)).toEqual(['parked', 'succeeded']);
    const parked = log.data!.webhookDeliveries.edges[0]!.node;
    expect((await h.run<{ replayWebhookDelivery: DeliveryView }>(owner, REPLAY, { id: parked.id })).data?.replayWebhookDelivery.status).toBe('pending');
  });
});
