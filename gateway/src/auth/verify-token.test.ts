import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { SignJWT, generateKeyPair, type JWTPayload, exportJWK } from 'jose';
import { testClock, listen } from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { createTokenVerifier, RefusalError } from './verify-token';
import { readTenantHeader, resolveTenant } from './resolve-tenant';
import { type webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';

const SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
const NOW = new Date('2026-11-27T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const verify = createTokenVerifier({ secret: SECRET, issuer: 'attunelogic', audience: 'attunelogic-api', maxAgeSeconds: 86_400, clock: testClock(NOW) });

const key = new TextEncoder().encode(SECRET);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function sign(claims: JWTPayload, options: { omit?: string[]; secret?: Uint8Array } = {}): Promise<string> {
  const payload: JWTPayload = {
    sub: '6650f1f1f1f1f1f1f1f1f1f1',
    tenant: 'acme-trucking',
    iss: 'attunelogic',
    aud: 'attunelogic-api',
    iat: nowSeconds - 10,
    exp: nowSeconds + 600,
    ...claims,
  };
  for (const name of options.omit ?? []) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(options.secret ?? key);
}

async function refusal(authorization: string | undefined): Promise<RefusalError> {
  try {
    await verify(authorization);
  } catch (error) {
    expect(error).toBeInstanceOf(RefusalError);
    return error as RefusalError;
  }
  throw new Error('token was accepted');
}

describe('createTokenVerifier', () => {
  it('accepts a valid token and returns its subject and tenant', async () => {
    await expect(verify(`Bearer ${await sign({})}`)).resolves.toEqual({
      sub: '6650f1f1f1f1f1f1f1f1f1f1',
      tenant: 'acme-trucking',
      principal: 'user',
      exp: expect.any(Number),
    });
  });

  const rsaToken = async () => {
    const { privateKey } = await generateKeyPair('RS256');
    return new SignJWT({ sub: 'x', tenant: 'acme-trucking', iss: 'attunelogic', aud: 'attunelogic-api', exp: nowSeconds + 600 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
  };

  const cases: [string, () => Promise<string | undefined>, string][] = [
    ['no header', async () => undefined, 'no token'],
    ['a non-bearer scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`, 'malformed authorization header'],
    ['garbage', async () => 'Bearer not-a-jwt', 'ERR_JWS_INVALID'],
    ['an expired token', async () => `Bearer ${await sign({ exp: nowSeconds - 60 })}`, 'ERR_JWT_EXPIRED'],
    ['a token without exp', async () => `Bearer ${await sign({}, { omit: ['exp'] })}`, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['a token without tenant', async () => `Bearer ${await sign({}, { omit: ['tenant'] })}`, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['a wrong issuer', async () => `Bearer ${await sign({ iss: 'someone-else' })}`, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['a wrong audience', async () => `Bearer ${await sign({ aud: 'another-api' })}`, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['iat in the future', async () => `Bearer ${await sign({ iat: nowSeconds + 3600 })}`, 'iat in the future'],
    [
      'a bad signature',
      async () => `Bearer ${await sign({}, { secret: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') })}`,
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ],
    [
      'alg none',
      async () =>
        `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', tenant: 'acme-trucking', iss: 'attunelogic', aud: 'attunelogic-api', exp: nowSeconds + 600 })}.`,
      'ERR_JOSE_ALG_NOT_ALLOWED',
    ],
    ['an RS256 token where HS256 is configured', async () => `Bearer ${await rsaToken()}`, 'ERR_JOSE_ALG_NOT_ALLOWED'],
    ['a token living longer than the maximum age', async () => `Bearer ${await sign({ exp: nowSeconds + 2 * 86_400 })}`, 'lifetime over the maximum age'],
    ['a token issued longer ago than the maximum age', async () => `Bearer ${await sign({ iat: nowSeconds - 86_401 })}`, 'older than the maximum age'],
    ['an oversized token', async () => `Bearer ${'a'.repeat(9_000)}.b.c`, 'token too large'],
  ];

  it.each(cases)('refuses %s with one generic message', async (_name, make, reason) => {
    const error = await refusal(await make());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe(UNAUTHENTICATED_MESSAGE);
    expect(error.reason).toBe(reason);
  });
});

describe('resolveTenant', () => {
  it('takes the claim when the header is absent', () => {
    expect(resolveTenant(undefined, 'acme-trucking')).toBe('acme-trucking');
  });
  it('accepts a header equal to the claim', () => {
    expect(resolveTenant('acme-trucking', 'acme-trucking')).toBe('acme-trucking');
  });
  it('refuses a header that differs from the claim', () => {
    expect(() => resolveTenant('beta-freight', 'acme-trucking')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
  it.each(['A', 'Acme', '-acme', 'acme-', 'acme_trucking', 'acme\r\nx', 'a'.repeat(64)])('refuses the malformed slug %j', (slug) => {
    expect(() => readTenantHeader(slug)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('verified tokens remembered for a minute', () => {
  const clock = testClock(NOW);
  const remembering = createTokenVerifier({ secret: SECRET, issuer: 'attunelogic', audience: 'attunelogic-api', maxAgeSeconds: 3_600, clock });

  it("checks a token's signature once; its next uses return the same claims without checking it again", async () => {
    clock.set(NOW);
    const token = await sign({ sub: '6650f1f1f1f1f1f1f1f1f1aa' });
    const before = remembering.stats();
    const first = await remembering(`Bearer ${token}`);
    const second = await remembering(`Bearer ${token}`);
    expect(second).toEqual(first);
    expect(first).toEqual({ sub: '6650f1f1f1f1f1f1f1f1f1aa', tenant: 'acme-trucking', principal: 'user', exp: expect.any(Number) });
    expect(remembering.stats()).toEqual({ verified: before.verified + 1, remembered: before.remembered + 1 });
  });

  it('refuses a remembered token once it expires, and once it is older than the maximum age', async () => {
    clock.set(NOW);
    const expiring = await sign({ exp: nowSeconds + 60, sub: '6650f1f1f1f1f1f1f1f1f1ab' });
    await expect(remembering(`Bearer ${expiring}`)).resolves.toMatchObject({ sub: '6650f1f1f1f1f1f1f1f1f1ab' });
    clock.set((nowSeconds + 60 + 6) * 1000);
    await expect(remembering(`Bearer ${expiring}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ERR_JWT_EXPIRED' });

    clock.set(NOW);
    const aging = await sign({ iat: nowSeconds - 3_500, exp: nowSeconds + 600, sub: '6650f1f1f1f1f1f1f1f1f1ac' });
    await expect(remembering(`Bearer ${aging}`)).resolves.toMatchObject({ sub: '6650f1f1f1f1f1f1f1f1f1ac' });
    clock.set((nowSeconds + 101) * 1000);
    await expect(remembering(`Bearer ${aging}`)).rejects.toMatchObject({ reason: 'older than the maximum age' });
  });

  it('never remembers a refusal: a forged token is checked, and refused, every time', async () => {
    clock.set(NOW);
    const forged = await sign({}, { secret: new TextEncoder().encode('another-secret-that-is-at-least-32-bytes!') });
    const before = remembering.stats();
    for (let i = 0; i < 3; i++) await expect(remembering(`Bearer ${forged}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(remembering.stats()).toEqual(before);
    // One character of the signature changed is another string, so never a remembered one.
    const valid = await sign({ sub: '6650f1f1f1f1f1f1f1f1f1ad' });
    await remembering(`Bearer ${valid}`);
    const tampered = valid.slice(0, -2) + (valid.at(-2) === 'A' ? 'B' : 'A') + valid.at(-1);
    await expect(remembering(`Bearer ${tampered}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('createTokenVerifier with a JWKS and development tokens', () => {
  const AUTH_ISSUER = 'http://127.0.0.1/api/v1/auth';
  let jwksServer: Server;
  let jwksUrl: string;
  let signingKey: webcrypto.CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    const address = await listen(jwksServer, 0, '127.0.0.1');
    jwksUrl = `http://127.0.0.1:${address.port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

  const eddsa = (claims: JWTPayload) =>
    new SignJWT({ sub: '6650f1f1f1f1f1f1f1f1f1f1', tenant: 'acme-trucking', aud: 'attunelogic-api', iat: nowSeconds - 10, exp: nowSeconds + 300, ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .sign(signingKey);
  const options = { issuer: 'attunelogic', jwksIssuer: AUTH_ISSUER, audience: 'attunelogic-api', maxAgeSeconds: 86_400, clock: testClock(NOW) };
  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof RefusalError ? error.reason : String(error)),
    );

  it('with both sources, takes each token from its own source, with its own issuer', async () => {
    const both = createTokenVerifier({ ...options, secret: SECRET, jwksUrl });
    await expect(both(`Bearer ${await eddsa({ iss: AUTH_ISSUER })}`)).resolves.toMatchObject({ tenant: 'acme-trucking' });
    await expect(both(`Bearer ${await sign({})}`)).resolves.toMatchObject({ tenant: 'acme-trucking' });
    // Each issuer belongs to one source: neither crosses over.
    expect(await reasonOf(both(`Bearer ${await eddsa({ iss: 'attunelogic' })}`))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await reasonOf(both(`Bearer ${await sign({ iss: AUTH_ISSUER })}`))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('with the JWKS alone, refuses an HS256 token signed with the secret', async () => {
    const jwksOnly = createTokenVerifier({ ...options, jwksUrl });
    await expect(jwksOnly(`Bearer ${await eddsa({ iss: AUTH_ISSUER })}`)).resolves.toMatchObject({ sub: '6650f1f1f1f1f1f1f1f1f1f1' });
    expect(await reasonOf(jwksOnly(`Bearer ${await sign({})}`))).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it("a token of the authorization server whose sub is its client_id is an API client's; a development token never is", async () => {
    const both = createTokenVerifier({ ...options, secret: SECRET, jwksUrl });
    const client = '6650f1f1f1f1f1f1f1f1f1cc';
    await expect(both(`Bearer ${await eddsa({ iss: AUTH_ISSUER, sub: client, client_id: client })}`)).resolves.toMatchObject({ sub: client, principal: 'client' });
    await expect(both(`Bearer ${await eddsa({ iss: AUTH_ISSUER, client_id: 'attunelogic-web' })}`)).resolves.toMatchObject({ principal: 'user' });
    await expect(both(`Bearer ${await sign({ sub: client, client_id: client })}`)).resolves.toMatchObject({ principal: 'user' });
  });
});
