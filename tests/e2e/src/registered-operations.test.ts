// Registered operations through the gateway: the SPA's client (`attunelogic-web`) may run only the
// operations of the published manifest (schema/client/generated/persisted-documents.json), sent by
// documentId; a tenant's owner can require the same of its partners' API clients
// (`api.partnerRegisteredOperationsOnly`, through updateTenantConfig). Other senders are unaffected.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SessionDocument } from '@attunelogic/schema/client';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { clientCredentials, signIn, startAuth, type RunningAuth } from '@attunelogic/auth/testing';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

const PASSWORD = 'a password of the e2e registered-operations test';
const MANIFEST = JSON.parse(readFileSync(new URL('../../../schema/client/generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
const sessionId = SessionDocument.__meta__?.['hash'] as string;

let auth: RunningAuth;
let stack: Stack;
let connections: Awaited<ReturnType<typeof connectDatabase>>[] = [];
let a: ProvisionedTenant;
let b: ProvisionedTenant;

beforeAll(async () => {
  const uri = inject('mongodbUri');
  connections = await Promise.all([connectDatabase(uri, 'e2e-auth'), connectDatabase(uri, 'e2e-core')]);
  auth = await startAuth({ connection: connections[0]!, coreConnection: connections[1]! });
  // REGISTERED_OPERATIONS_CLIENTS at its default: attunelogic-web.
  stack = await startStack({
    gatewayEnv: { JWT_JWKS_URL: `${auth.issuer}/jwks`, JWT_JWKS_ISSUER: auth.issuer, AUTH_SERVER_URL: new URL(auth.issuer).origin, JWT_DEVELOPMENT_TOKENS: 'on' },
  });
  [a, b] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'serviceRepair')]);
});

afterAll(async () => {
  await stack?.stop();
  await auth?.stop();
  await Promise.all(connections.map((c) => c.close()));
});

/** POSTs any JSON body (a documentId, with or without text). */
async function send<T = Record<string, unknown>>(token: string, body: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${stack.url}/api/v1/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

/** A token of the SPA's client (`attunelogic-web`) for the tenant's user of that role. */
async function spaToken(tenant: ProvisionedTenant, role: string): Promise<string> {
  const user = tenant.users.find((u) => u.roles.includes(role as never));
  if (!user) throw new Error(`no ${role} in ${tenant.slug}`);
  await auth.server.credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: user.id }, PASSWORD);
  const { tokens } = await signIn(auth.issuer, { organization: tenant.slug, email: user.email, password: PASSWORD });
  return tokens.access_token ?? '';
}

async function partnerToken(tenant: ProvisionedTenant): Promise<string> {
  const owner = await tokenFor(tenant, 'owner');
  const created = await post<{ createApiClient: { secret: string; client: { id: string } } }>(stack, {
    query: 'mutation ($input: CreateApiClientInput!) { createApiClient(input: $input) { secret client { id } } }',
    variables: { input: { name: 'Partner TMS', roles: ['viewer'] } },
    token: owner,
  });
  expect(created.body.errors).toBeUndefined();
  const { client, secret } = created.body.data!.createApiClient;
  const issued = await clientCredentials(auth.issuer, client.id, secret);
  expect(issued.status).toBe(200);
  return issued.body.access_token ?? '';
}

const setPartnerRule = (token: string, on: boolean) =>
  post<{ updateTenantConfig: { config: { api: { partnerRegisteredOperationsOnly: boolean } } } }>(stack, {
    query: 'mutation ($set: JSON) { updateTenantConfig(set: $set) { config } }',
    variables: { set: { api: { partnerRegisteredOperationsOnly: on } } },
    token,
  });

describe('registered operations', () => {
  it('the manifest holds the typed client’s operations, by the id each document carries', () => {
    expect(sessionId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(MANIFEST[sessionId]).toContain('query Session');
    expect(Object.keys(MANIFEST).length).toBeGreaterThan(20);
  });

  it("the SPA's client: an unregistered operation is refused with OPERATION_NOT_REGISTERED; a registered one runs by its id", async () => {
    const token = await spaToken(a, 'dispatcher');
    const text = await post(stack, { query: '{ me { id email } }', token });
    expect(text.status).toBe(400);
    expect(codes(text)).toEqual(['OPERATION_NOT_REGISTERED']);
    expect(text.body.data).toBeUndefined();
    // The text of a registered operation is still text: the SPA's client sends ids.
    const registeredText = await post(stack, { query: SessionDocument.toString(), token });
    expect(codes(registeredText)).toEqual(['OPERATION_NOT_REGISTERED']);

    const byId = await send<{ me: { email: string }; tenant: { slug: string } }>(token, { documentId: sessionId, variables: {} });
    expect(byId.status).toBe(200);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data?.tenant.slug).toBe(a.slug);

    const unknown = await send(token, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(codes(unknown)).toEqual(['OPERATION_NOT_REGISTERED']);
    expect(unknown.body.errors?.[0]?.message).toBe('No registered operation has this documentId.');

    // An id with other text beside it runs the manifest's document, never the text.
    const smuggled = await send<Record<string, unknown>>(token, { documentId: sessionId, query: '{ users(first: 50) { edges { node { email } } } }' });
    expect(smuggled.status).toBe(200);
    expect(Object.keys(smuggled.body.data ?? {}).sort()).toEqual(['me', 'tenant']);
  });

  it('a documentId works for any sender; text stays open to the others (a development token, a partner by default)', async () => {
    const developer = await tokenFor(a, 'dispatcher');
    expect((await post(stack, { query: '{ me { id } }', token: developer })).status).toBe(200);
    expect((await send(developer, { documentId: sessionId })).body.errors).toBeUndefined();
    const partner = await partnerToken(b);
    const res = await post(stack, { query: '{ tenant { slug } }', token: partner });
    expect(res.body).toEqual({ data: { tenant: { slug: b.slug } } });
  });

  it("a tenant's owner requires registered operations of its partners: their text is refused at once, their ids run; another tenant's partners are unaffected", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const partner = await partnerToken(tenant);
    const elsewhere = await partnerToken(b);
    expect((await post(stack, { query: '{ tenant { slug } }', token: partner })).status).toBe(200);

    // Only who may write the configuration may set it (owners and admins): a dispatcher is FORBIDDEN.
    expect(codes(await setPartnerRule(await tokenFor(tenant, 'dispatcher'), true))).toEqual(['FORBIDDEN']);
    const set = await setPartnerRule(await tokenFor(tenant, 'owner'), true);
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data?.updateTenantConfig.config.api.partnerRegisteredOperationsOnly).toBe(true);

    const refused = await post(stack, { query: '{ tenant { slug } }', token: partner });
    expect(refused.status).toBe(400);
    expect(codes(refused)).toEqual(['OPERATION_NOT_REGISTERED']);
    const byId = await send<{ tenant: { slug: string } }>(partner, { documentId: sessionId });
    expect(byId.status).toBe(200);
    expect(codes(byId)).not.toContain('OPERATION_NOT_REGISTERED');
    expect(byId.body.data?.tenant.slug).toBe(tenant.slug);
    expect((await post(stack, { query: '{ tenant { slug } }', token: elsewhere })).body.data).toEqual({ tenant: { slug: b.slug } });
    // People of the tenant (development tokens here) are not partners: their text still runs.
    expect((await post(stack, { query: '{ tenant { slug } }', token: await tokenFor(tenant, 'viewer') })).status).toBe(200);

    // Turned off again, text runs again.
    expect((await setPartnerRule(await tokenFor(tenant, 'owner'), false)).body.errors).toBeUndefined();
    expect((await post(stack, { query: '{ tenant { slug } }', token: partner })).status).toBe(200);
  });
});
