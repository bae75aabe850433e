import { afterAll, beforeAll, describe, it } from 'vitest';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness } from '../testing';

// API client and user changes, each recorded with its change; the secret is never in an event.

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness('test-core-client-events');
});

afterAll(async () => {
  await h?.close();
});

const CREATE = 'mutation ($input: CreateApiClientInput!) { createApiClient(input: $input) { secret client { id } } }';
const ROTATE = 'mutation ($id: ID!) { rotateApiClientSecret(id: $id) { secret } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiClient(id: $id) { id active } }';
const CREATE_USER = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';
const ROLES = 'mutation ($id: ID!, $roles: [Role!]!) { updateUserRoles(id: $id, roles: $roles) { id } }';
const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }';
const REACTIVATE = 'mutation ($id: ID!) { reactivateUser(id: $id) { id } }';

const eventsOf = async (tenantId: string, subject: string): Promise<StoredEvent[]> =>
  (await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': subject }).toArray())
    .filter((e) => e.parentCompany.toHexString() === tenantId)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe.concurrent('API client and user events', () => {
  it('api_client.created, rotated and revoked, without the secret; a repeated revocation records nothing', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const created = await h.run<{ createApiClient: { secret: string; client: { id: string } } }>(owner, CREATE, { input: { name: 'Partner TMS', roles: ['viewer'] } });
    const id = created.data!.createApiClient.client.id;
    const rotated = await h.run<{ rotateApiClientSecret: { secret: string } }>(owner, ROTATE, { id });
    expect((await h.run(owner, REVOKE, { id })).errors).toBeUndefined();
    expect((await h.run(owner, REVOKE, { id })).errors).toBeUndefined();
    const events = await eventsOf(tenant.id, 'ApiClient');
    expect(events.map((e) => [e.type, e.subject.id, e.payload['name']])).toEqual([
      ['api_client.created', id, 'Partner TMS'],
      ['api_client.rotated', id, 'Partner TMS'],
      ['api_client.revoked', id, 'Partner TMS'],
    ]);
    expect(events[0]!.payload).toEqual({ name: 'Partner TMS', roles: ['viewer'] });
    const text = JSON.stringify(events);
    for (const secret of [created.data!.createApiClient.secret, rotated.data!.rotateApiClientSecret.secret]) expect(text).not.toContain(secret);
  });

  it("another tenant's revocation is NOT_FOUND and records no event for either", async ({ expect }) => {
    const [a, b] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const created = await h.run<{ createApiClient: { client: { id: string } } }>(contextFor(a), CREATE, { input: { name: 'TMS', roles: ['viewer'] } });
    const id = created.data!.createApiClient.client.id;
    expect((await h.run(contextFor(b), REVOKE, { id })).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect((await eventsOf(a.id, 'ApiClient')).map((e) => e.type)).toEqual(['api_client.created']);
    expect(await eventsOf(b.id, 'ApiClient')).toEqual([]);
  });

  it('user.roles_changed (from, to) and user.reactivated; giving the same roles records nothing', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const created = await h.run<{ createUser: { id: string } }>(owner, CREATE_USER, { input: { email: 'roles@example.test', name: 'R', roles: ['viewer'] } });
    const id = created.data!.createUser.id;
    for (const [query, variables] of [
      [ROLES, { id, roles: ['dispatcher'] }],
      [ROLES, { id, roles: ['dispatcher'] }],
      [DEACTIVATE, { id }],
      [REACTIVATE, { id }],
    ] as const) {
      expect((await h.run(owner, query, variables)).errors).toBeUndefined();
    }
    const events = await eventsOf(tenant.id, 'User');
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['user.created', { email: 'roles@example.test', name: 'R', roles: ['viewer'] }],
      ['user.roles_changed', { email: 'roles@example.test', from: ['viewer'], to: ['dispatcher'] }],
      ['user.deactivated', { email: 'roles@example.test' }],
      ['user.reactivated', { email: 'roles@example.test' }],
    ]);
  });
});
