import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { tenantScope } from '@attunelogic/shared/mongo';
import { clientSecretMatches, type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness, userWith } from '../testing';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const CREATE = /* GraphQL */ `
  mutation ($input: CreateApiClientInput!) {
    createApiClient(input: $input) {
      secret
      client {
        id
        name
        roles
        active
        createdBy {
          id
        }
      }
    }
  }
`;
const LIST = '{ apiClients { totalCount edges { node { id name roles active revokedAt } } } }';
const ROTATE = 'mutation ($id: ID!) { rotateApiClientSecret(id: $id) { secret client { id rotatedAt } } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiClient(id: $id) { id active revokedAt } }';

type Result = { data?: Record<string, unknown> | null; errors?: readonly { extensions?: Record<string, unknown> }[] };
const code = (result: Result) => result.errors?.[0]?.extensions?.['code'];
const stored = (tenant: ProvisionedTenant, id: string) =>
  h.models.ApiClient.findOne({ ...tenantScope({ tenantId: tenant.id }), _id: new mongoose.Types.ObjectId(id) }).lean();

async function create(tenant: ProvisionedTenant, roles: string[] = ['viewer'], role: 'owner' | 'admin' = 'owner') {
  const result = await h.run(contextFor(tenant, userWith(tenant, role)), CREATE, { input: { name: 'Partner TMS', roles } });
  expect(result.errors).toBeUndefined();
  return result.data?.['createApiClient'] as { secret: string; client: { id: string; name: string; roles: string[]; active: boolean; createdBy: { id: string } } };
}

describe('API clients', () => {
  let tenant: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    [tenant, other] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models, 'serviceRepair')]);
  });

  it('an owner creates a client: the secret is shown once and only its hash is stored', async () => {
    const { secret, client } = await create(tenant, ['dispatcher']);
    expect(client).toEqual({ id: expect.any(String), name: 'Partner TMS', roles: ['dispatcher'], active: true, createdBy: { id: userWith(tenant, 'owner').id } });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const record = await stored(tenant, client.id);
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(clientSecretMatches(record!.secretHash, secret)).toBe(true);
    const event = await h.models.audit.AuditEvent.findOne({ ...tenantScope({ tenantId: tenant.id }), operation: 'createApiClient', targetId: client.id }).lean();
    expect(event).toMatchObject({ targetType: 'ApiClient', outcome: 'success', actor: userWith(tenant, 'owner').id });
    expect(JSON.stringify(event)).not.toContain(record!.secretHash);
  });

  it('lists the clients without their secrets', async () => {
    const { client } = await create(tenant);
    const result = await h.run(contextFor(tenant, userWith(tenant, 'admin')), LIST);
    expect(result.errors).toBeUndefined();
    const list = result.data?.['apiClients'] as { edges: { node: { id: string } }[] };
    expect(list.edges.map((e) => e.node.id)).toContain(client.id);
  });

  it('scopes are office roles no higher than the creator: never owner, never a field role, at least one', async () => {
    const admin = contextFor(tenant, userWith(tenant, 'admin'));
    expect((await create(tenant, ['admin', 'viewer'], 'admin')).client.roles).toEqual(['admin', 'viewer']);
    expect(code(await h.run(admin, CREATE, { input: { name: 'x', roles: ['owner'] } }))).toBe('BAD_USER_INPUT');
    expect(code(await h.run(contextFor(tenant), CREATE, { input: { name: 'x', roles: ['owner'] } }))).toBe('BAD_USER_INPUT');
    expect(code(await h.run(contextFor(tenant), CREATE, { input: { name: 'x', roles: ['driver'] } }))).toBe('BAD_USER_INPUT');
    expect(code(await h.run(contextFor(tenant), CREATE, { input: { name: 'x', roles: [] } }))).toBe('BAD_USER_INPUT');
  });

  it('dispatchers and viewers may not manage clients, and an API client may not manage clients', async () => {
    for (const role of ['dispatcher', 'viewer'] as const) {
      expect(code(await h.run(contextFor(tenant, userWith(tenant, role)), LIST))).toBe('FORBIDDEN');
      expect(code(await h.run(contextFor(tenant, userWith(tenant, role)), CREATE, { input: { name: 'x', roles: ['viewer'] } }))).toBe('FORBIDDEN');
    }
    const { client } = await create(tenant, ['admin']);
    const asClient = { ...contextFor(tenant), userId: client.id, roles: ['admin'] };
    expect(code(await h.run(asClient, CREATE, { input: { name: 'x', roles: ['viewer'] } }))).toBe('FORBIDDEN');
    expect(code(await h.run(asClient, REVOKE, { id: client.id }))).toBe('FORBIDDEN');
  });

  it('rotation replaces the secret; the old one no longer matches', async () => {
    const { client, secret } = await create(tenant);
    const result = await h.run(contextFor(tenant), ROTATE, { id: client.id });
    expect(result.errors).toBeUndefined();
    const rotated = result.data?.['rotateApiClientSecret'] as { secret: string; client: { id: string; rotatedAt: string } };
    expect(rotated.client.id).toBe(client.id);
    expect(rotated.client.rotatedAt).toEqual(expect.any(String));
    expect(rotated.secret).not.toBe(secret);
    const record = await stored(tenant, client.id);
    expect(clientSecretMatches(record!.secretHash, rotated.secret)).toBe(true);
    expect(clientSecretMatches(record!.secretHash, secret)).toBe(false);
  });

  it('revocation marks the client inactive, once; a revoked client cannot be rotated', async () => {
    const { client } = await create(tenant);
    const first = await h.run(contextFor(tenant, userWith(tenant, 'admin')), REVOKE, { id: client.id });
    expect(first.data?.['revokeApiClient']).toMatchObject({ id: client.id, active: false, revokedAt: expect.any(String) });
    const again = await h.run(contextFor(tenant), REVOKE, { id: client.id });
    expect(again.data?.['revokeApiClient']).toEqual(first.data?.['revokeApiClient']);
    expect(code(await h.run(contextFor(tenant), ROTATE, { id: client.id }))).toBe('BAD_USER_INPUT');
    expect((await stored(tenant, client.id))?.active).toBe(false);
  });

  it("an admin manages an admin's client (no client ranks above an admin)", async () => {
    const { client } = await create(tenant, ['admin']);
    const admin = contextFor(tenant, userWith(tenant, 'admin'));
    expect((await h.run(admin, ROTATE, { id: client.id })).errors).toBeUndefined();
    expect((await h.run(admin, REVOKE, { id: client.id })).errors).toBeUndefined();
  });

  it("cross-tenant: another tenant's client is NOT_FOUND, never listed, never changed", async () => {
    const { client } = await create(tenant);
    const stranger = contextFor(other);
    expect(code(await h.run(stranger, ROTATE, { id: client.id }))).toBe('NOT_FOUND');
    expect(code(await h.run(stranger, REVOKE, { id: client.id }))).toBe('NOT_FOUND');
    const list = await h.run(stranger, LIST);
    expect(JSON.stringify(list.data)).not.toContain(client.id);
    expect((await stored(tenant, client.id))?.active).toBe(true);
    expect((await stored(tenant, client.id))?.rotatedAt).toBeNull();
  });
});
