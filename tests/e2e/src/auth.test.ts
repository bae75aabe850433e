// People sign in at the authorization server, and the gateway takes its access tokens unchanged:
// the gateway here verifies tokens from the authorization server's JWKS (JWT_JWKS_URL), with its
// issuer, as production does. The authorization server runs beside the stack, on the same database.
import { exportJWK, generateKeyPair, SignJWT, decodeProtectedHeader } from 'jose';
import { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { FORBIDDEN_TENANT_MESSAGE, UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { signIn, startAuth, tokenRequest, type RunningAuth } from '@attunelogic/auth/testing';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

const PASSWORD = 'a password of the e2e dispatcher';
const ME = '{ me { id email roles } tenant { slug } }';

let auth: RunningAuth;
let stack: Stack;
let connections: Connection[] = [];
let a: ProvisionedTenant;
let b: ProvisionedTenant;

async function withPassword(tenant: ProvisionedTenant, role: string): Promise<{ email: string; id: string }> {
  const user = tenant.users.find((u) => u.roles.includes(role as never));
  if (!user) throw new Error(`no ${role} in ${tenant.slug}`);
  await auth.server.credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: user.id }, PASSWORD);
  return user;
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
  [a, b] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'serviceRepair')]);
});

afterAll(async () => {
  await stack?.stop();
  await auth?.stop();
  await Promise.all(connections.map((c) => c.close()));
});

describe('tokens of the authorization server at the gateway', () => {
  it('a person signs in with a password and queries the API with the access token, unchanged', async () => {
    const dispatcher = await withPassword(a, 'dispatcher');
    const { tokens } = await signIn(auth.issuer, { organization: a.slug, email: dispatcher.email, password: PASSWORD });
    expect(decodeProtectedHeader(tokens.access_token ?? '')).toMatchObject({ alg: 'EdDSA' });
    const res = await post(stack, { query: ME, token: tokens.access_token ?? '' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { me: { id: dispatcher.id, email: dispatcher.email, roles: ['dispatcher'] }, tenant: { slug: a.slug } } });

    // A rotated refresh token's access token works the same.
    const refreshed = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    const again = await post(stack, { query: ME, token: refreshed.body.access_token ?? '' });
    expect(again.body.data).toMatchObject({ me: { id: dispatcher.id } });
  });

  it('a tenant-A token is refused for tenant B (X-Tenant), as FORBIDDEN with nothing about B', async () => {
    const owner = await withPassword(a, 'owner');
    const { tokens } = await signIn(auth.issuer, { organization: a.slug, email: owner.email, password: PASSWORD });
    const res = await post(stack, { query: ME, token: tokens.access_token ?? '', tenant: b.slug });
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.body.errors?.[0]?.message).toBe(FORBIDDEN_TENANT_MESSAGE);
    expect(JSON.stringify(res.body)).not.toContain(b.id);
  });

  it('refuses a token signed by a key the JWKS does not hold, even with its kid, and (development tokens off) an HS256 development token', async () => {
    const dispatcher = await withPassword(b, 'dispatcher');
    const { tokens } = await signIn(auth.issuer, { organization: b.slug, email: dispatcher.email, password: PASSWORD });
    const { kid } = decodeProtectedHeader(tokens.access_token ?? '');
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    expect((await exportJWK(privateKey)).d).toBeTruthy();
    const forged = await new SignJWT({ tenant: b.slug })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...(kid ? { kid } : {}) })
      .setSubject(dispatcher.id)
      .setIssuer(auth.issuer)
      .setAudience('attunelogic-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    for (const token of [forged, await tokenFor(b, 'dispatcher')]) {
      const res = await post(stack, { query: ME, token });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.body.errors?.[0]?.message).toBe(UNAUTHENTICATED_MESSAGE);
    }
  });
});

describe("a person's sessions through the gateway", () => {
  it("the owner's deactivateUser ends the person's sessions at the authorization server at once (core's user.deactivated event)", async () => {
    const viewer = await withPassword(a, 'viewer');
    const { tokens } = await signIn(auth.issuer, { organization: a.slug, email: viewer.email, password: PASSWORD });
    const mine = await fetch(`${stack.url}/api/v1/auth/sessions`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { sessions: unknown[] }).sessions).toHaveLength(1);

    const owner = await withPassword(a, 'owner');
    const ownerTokens = (await signIn(auth.issuer, { organization: a.slug, email: owner.email, password: PASSWORD })).tokens;
    const deactivated = await post(stack, {
      query: 'mutation ($id: ID!) { deactivateUser(id: $id) { active } }',
      variables: { id: viewer.id },
      token: ownerTokens.access_token ?? '',
    });
    expect(deactivated.body).toEqual({ data: { deactivateUser: { active: false } } });
    // The server follows the outbox every AUTH_DEACTIVATION_POLL_MS; the test reads it now.
    await auth.server.readCoreEvents();
    expect(await connections[0]!.collection('oidc').countDocuments({ 'payload.accountId': viewer.id })).toBe(0);
    const refused = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The owner's own session stays.
    expect((await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: ownerTokens.refresh_token ?? '' })).status).toBe(200);
  });
});

describe('the authorization server through the gateway (/api/v1/auth)', () => {
  it('a person signs in entirely at the API address: discovery, sign-in page, code, token, query', async () => {
    const viaGateway = `${stack.url}/api/v1/auth`;
    const discovery = (await (await fetch(`${viaGateway}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    // The endpoints are the gateway's (X-Forwarded-Host); the issuer is the configured one.
    expect(discovery['token_endpoint']).toBe(`${viaGateway}/token`);
    expect(discovery['issuer']).toBe(auth.issuer);
    const jwks = await fetch(`${viaGateway}/jwks`);
    expect(jwks.status).toBe(200);

    const viewer = await withPassword(b, 'viewer');
    const { tokens } = await signIn(viaGateway, { organization: b.slug, email: viewer.email, password: PASSWORD });
    const res = await post(stack, { query: ME, token: tokens.access_token ?? '' });
    expect(res.body).toEqual({ data: { me: { id: viewer.id, email: viewer.email, roles: ['viewer'] }, tenant: { slug: b.slug } } });
  });

  it('a wrong password through the gateway is refused with the same code and message', async () => {
    const viewer = await withPassword(b, 'viewer');
    await expect(signIn(`${stack.url}/api/v1/auth`, { organization: b.slug, email: viewer.email, password: 'not the password' })).rejects.toThrow(
      /sign-in refused: 401 .*data-code="UNAUTHENTICATED"/s,
    );
  });

  it('is 503 SERVICE_UNAVAILABLE while the authorization server is down', async () => {
    const down = await startStack({ gatewayEnv: { AUTH_SERVER_URL: 'http://127.0.0.1:9' } });
    try {
      const res = await fetch(`${down.url}/api/v1/auth/jwks`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        errors: [{ message: 'The authorization server is unavailable; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'auth' } }],
      });
    } finally {
      await down.stop();
    }
  });
});
