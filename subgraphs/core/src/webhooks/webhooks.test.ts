import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness, userWith } from '../testing';

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
