// Partners' API clients through the gateway: an owner (signed in with a password) creates a client
// in core, the partner obtains a token by client credentials at /api/v1/auth/token, queries within
// its scopes, is refused beyond them, and once the owner revokes it, its token stops working and its
// next token request fails. The gateway verifies tokens from the authorization server's JWKS.
import { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { FORBIDDEN_TENANT_MESSAGE } from '@attunelogic/shared/errors';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { clientCredentials, signIn, startAuth, type RunningAuth } from '@attunelogic/auth/testing';
import { codes, freshTenant, post, startStack, type Stack } from './stack';

const PASSWORD = 'a password of the e2e owner';
const CREATE = 'mutation ($input: CreateApiClientInput!) { createApiClient(input: $input) { secret client { id roles active } } }';
const REVOKE = 'mutation ($id: ID!) { revokeApiClient(id: $id) { id active } }';
const VEHICLES = '{ vehicles(first: 5) { totalCount } tenant { slug } }';
const CREATE_VEHICLE =
  'mutation { createVehicle(input: { unitNumber: "P-1", make: "Volvo", model: "VNL", year: 2024, vin: "4V4NC9EH9PN000001" }) { id createdBy { id name } } }';

let auth: RunningAuth;
let stack: Stack;
let connections: Connection[] = [];
let a: ProvisionedTenant;
let b: ProvisionedTenant;

/** An access token of the tenant's owner, signed in at the authorization server with a password. */
async function ownerToken(tenant: ProvisionedTenant): Promise<string> {
  const owner = tenant.users.find((u) => u.roles.includes('owner'));
  if (!owner) throw new Error(`no owner in ${tenant.slug}`);
  await auth.server.credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: owner.id }, PASSWORD);
  const { tokens } = await signIn(auth.issuer, { organization: tenant.slug, email: owner.email, password: PASSWORD });
  return tokens.access_token ?? '';
}

async function createClient(token: string, roles: string[]): Promise<{ id: string; secret: string }> {
  const res = await post<{ createApiClient: { secret: string; client: { id: string } } }>(stack, {
    query: CREATE,
    variables: { input: { name: 'Partner TMS', roles } },
    token,
  });
  expect(res.body.errors).toBeUndefined();
  const created = res.body.data!.createApiClient;
  return { id: created.client.id, secret: created.secret };
}

beforeAll(async () => {
  const uri = inject('mongodbUri');
  connections = await Promise.all([connectDatabase(uri, 'e2e-auth'), connectDatabase(uri, 'e2e-core')]);
  auth = await startAuth({ connection: connections[0]!, coreConnection: connections[1]! });
  stack = await startStack({
    // These tests send operation text with the SPA client's tokens; registered operations have their own file.
    gatewayEnv: {
      JWT_JWKS_URL: `${auth.issuer}/jwks`,
      JWT_JWKS_ISSUER: auth.issuer,
      AUTH_SERVER_URL: new URL(auth.issuer).origin,
      REGISTERED_OPERATIONS_CLIENTS: 'none',
    },
  });
  [a, b] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
});

afterAll(async () => {
  await stack?.stop();
  await auth?.stop();
  await Promise.all(connections.map((c) => c.close()));
});

describe("a partner's API client through the gateway", () => {
  it('owner creates a client, the partner queries within its scopes, is refused beyond them, and the revoked client gets no token', async () => {
    const owner = await ownerToken(a);
    const client = await createClient(owner, ['viewer']);
    const viaGateway = `${stack.url}/api/v1/auth`;

    const issued = await clientCredentials(viaGateway, client.id, client.secret);
    expect(issued.status).toBe(200);
    const token = issued.body.access_token ?? '';

    const allowed = await post(stack, { query: VEHICLES, token });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ data: { vehicles: { totalCount: expect.any(Number) }, tenant: { slug: a.slug } } });

    // Beyond a viewer's permissions: a write, and the audit log.
    const write = await post(stack, { query: CREATE_VEHICLE, token });
    expect(codes(write)).toEqual(['FORBIDDEN']);
    expect(codes(await post(stack, { query: '{ auditLog(first: 1) { totalCount } }', token }))).toEqual(['FORBIDDEN']);
    // Nor may a client manage clients, whatever its scopes.
    expect(codes(await post(stack, { query: CREATE, variables: { input: { name: 'x', roles: ['viewer'] } }, token }))).toEqual(['FORBIDDEN']);

    const revoked = await post(stack, { query: REVOKE, variables: { id: client.id }, token: owner });
    expect(revoked.body.data).toEqual({ revokeApiClient: { id: client.id, active: false } });

    // The token already issued stops working at once on this gateway (its directory cache dropped by the revocation)...
    const after = await post(stack, { query: VEHICLES, token });
    expect(after.status).toBe(403);
    expect(codes(after)).toEqual(['FORBIDDEN']);
    // ...and the next token request fails.
    const refused = await clientCredentials(viaGateway, client.id, client.secret);
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('the client is the principal of what it does: createdBy and the audit actor are the client', async () => {
    const owner = await ownerToken(a);
    const client = await createClient(owner, ['dispatcher']);
    const { body } = await clientCredentials(auth.issuer, client.id, client.secret);
    const created = await post<{ createVehicle: { id: string; createdBy: { id: string; name: string } } }>(stack, {
      query: CREATE_VEHICLE,
      token: body.access_token ?? '',
    });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createVehicle.createdBy).toEqual({ id: client.id, name: 'Partner TMS (API client)' });
    const audit = await post<{ auditLog: { edges: { node: { actorId: string; operation: string; actor: { name: string } | null } }[] } }>(stack, {
      query: '{ auditLog(first: 5) { edges { node { actorId operation actor { name } } } } }',
      token: owner,
    });
    expect(audit.body.data?.auditLog.edges.map((e) => e.node)).toContainEqual({
      actorId: client.id,
      operation: 'createVehicle',
      actor: { name: 'Partner TMS (API client)' },
    });
  });

  it("cross-tenant: a client of A never acts on B, and B's owner cannot see or revoke A's client", async () => {
    const client = await createClient(await ownerToken(a), ['admin']);
    const { body } = await clientCredentials(auth.issuer, client.id, client.secret);
    const res = await post(stack, { query: VEHICLES, token: body.access_token ?? '', tenant: b.slug });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.message).toBe(FORBIDDEN_TENANT_MESSAGE);
    expect(JSON.stringify(res.body)).not.toContain(b.id);

    const ownerB = await ownerToken(b);
    expect(codes(await post(stack, { query: REVOKE, variables: { id: client.id }, token: ownerB }))).toEqual(['NOT_FOUND']);
    const listB = await post(stack, { query: '{ apiClients { edges { node { id } } } }', token: ownerB });
    expect(JSON.stringify(listB.body)).not.toContain(client.id);
    expect((await post(stack, { query: VEHICLES, token: body.access_token ?? '' })).status).toBe(200);
  });
});
