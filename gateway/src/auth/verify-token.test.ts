import { describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, type JWTPayload } from 'jose';
import { testClock } from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { createTokenVerifier, RefusalError } from './verify-token';
import { readTenantHeader, resolveTenant } from './resolve-tenant';

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
    await expect(verify(`Bearer ${await sign({})}`)).resolves.toEqual({ sub: '6650f1f1f1f1f1f1f1f1f1f1', tenant: 'acme-trucking' });
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
