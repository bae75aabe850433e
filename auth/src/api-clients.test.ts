import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CLIENT_COLLECTION } from '@attunelogic/shared/tenancy';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { apiClientOfNewTenant, clientCredentials, startAuth, type RunningAuth } from './testing';

let connection: Connection;
let coreConnection: Connection;
let auth: RunningAuth;

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-test-clients'), connectTestDatabase('auth-test-clients-core')]);
  auth = await startAuth({ connection, coreConnection });
});

afterAll(async () => {
  await auth?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

const setClient = (clientId: string, set: Record<string, unknown>) =>
  coreConnection.collection(API_CLIENT_COLLECTION).updateOne({ _id: new mongoose.Types.ObjectId(clientId) }, { $set: set });

describe('client credentials (partners)', () => {
  it("issues a JWT access token for the API: sub is the client, tenant its tenant's slug", async () => {
    const partner = await apiClientOfNewTenant(coreConnection);
    const { status, body } = await clientCredentials(auth.issuer, partner.clientId, partner.secret);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(body.refresh_token).toBeUndefined();
    const { payload, protectedHeader } = await jwtVerify(body.access_token!, createRemoteJWKSet(new URL(`${auth.issuer}/jwks`)), {
      issuer: auth.issuer,
      audience: 'attunelogic-api',
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: partner.clientId, client_id: partner.clientId, tenant: partner.slug });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('refuses a wrong secret, an unknown client and a malformed id alike (invalid_client)', async () => {
    const partner = await apiClientOfNewTenant(coreConnection);
    const refusals = await Promise.all([
      clientCredentials(auth.issuer, partner.clientId, `${partner.secret}x`),
      clientCredentials(auth.issuer, new mongoose.Types.ObjectId().toHexString(), partner.secret),
      clientCredentials(auth.issuer, 'attunelogic-web', partner.secret),
      clientCredentials(auth.issuer, 'not-an-id', partner.secret),
    ]);
    for (const { status, body } of refusals) {
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
      expect(body.access_token).toBeUndefined();
    }
  });

  it('reads the record at every request: a rotated secret and a revoked client are refused at once', async () => {
    const partner = await apiClientOfNewTenant(coreConnection);
    expect((await clientCredentials(auth.issuer, partner.clientId, partner.secret)).status).toBe(200);
    await setClient(partner.clientId, { active: false, revokedAt: new Date() });
    const revoked = await clientCredentials(auth.issuer, partner.clientId, partner.secret);
    expect(revoked).toMatchObject({ status: 401, body: { error: 'invalid_client' } });

    const rotated = await apiClientOfNewTenant(coreConnection);
    await setClient(rotated.clientId, { secretHash: 'another' });
    expect((await clientCredentials(auth.issuer, rotated.clientId, rotated.secret)).body.error).toBe('invalid_client');
  });

  it('refuses the client of a deactivated or canceled tenant', async () => {
    for (const set of [{ active: false }, { paymentStatus: 'canceled' }]) {
      const partner = await apiClientOfNewTenant(coreConnection);
      await coreConnection.collection('customers').updateOne({ _id: new mongoose.Types.ObjectId(partner.tenantId) }, { $set: set });
      expect((await clientCredentials(auth.issuer, partner.clientId, partner.secret)).body.error).toBe('invalid_client');
    }
  });

  it('a client cannot use the grants of people (a refresh token)', async () => {
    const partner = await apiClientOfNewTenant(coreConnection);
    const { status, body } = await clientCredentials(auth.issuer, partner.clientId, partner.secret, { grant_type: 'refresh_token', refresh_token: 'x' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
  });

  it("a token names its own client's tenant, whatever the request says", async () => {
    const [a, b] = await Promise.all([apiClientOfNewTenant(coreConnection), apiClientOfNewTenant(coreConnection)]);
    const { body } = await clientCredentials(auth.issuer, a.clientId, a.secret, { tenant: b.slug });
    expect(decodeJwt(body.access_token!)['tenant']).toBe(a.slug);
  });
});
