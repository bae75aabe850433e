import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import {
  generateInternalContextKeys,
  internalContextKey,
  internalContextVerifier,
  SeenContexts,
  signInternalContext,
  verifyInternalContext,
  type InternalContextVerifier,
} from './internal-context';
import { makeTenantContext } from './testing/tenants';

const keys = generateInternalContextKeys();
const key = internalContextKey(keys.privateKey);
const tenant = makeTenantContext({ appType: 'trucking', roles: ['dispatcher'] });

/** The reason `verifyInternalContext` gives for refusing `token`, or `accepted`. */
async function outcome(verifier: InternalContextVerifier, token: string, audience = 'core'): Promise<string> {
  try {
    await verifyInternalContext(verifier, audience, token);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('internal contexts', () => {
  it('are signed with EdDSA under the key id of the public key, each with its own jti', async () => {
    const [first, second] = [await signInternalContext(key, 'core', tenant), await signInternalContext(key, 'core', tenant)];
    expect(decodeProtectedHeader(first)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: keys.kid });
    expect(decodeJwt(first).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
  });

  it('verify with the public key alone, once', async () => {
    const verifier = internalContextVerifier(keys.publicKey);
    const token = await signInternalContext(key, 'core', tenant);
    const verified = await verifyInternalContext(verifier, 'core', token);
    expect({ tenantId: verified.tenantId, userId: verified.userId, roles: verified.roles }).toEqual({
      tenantId: tenant.tenantId,
      userId: tenant.userId,
      roles: ['dispatcher'],
    });
    expect(await outcome(verifier, token)).toBe('replayed internal context (jti already seen)');
    // A fresh context of the same request is no replay.
    expect(await outcome(verifier, await signInternalContext(key, 'core', tenant))).toBe('accepted');
  });

  it("carry the tenant's placement (mode, version, whether on another server), and none for a pooled tenant", async () => {
    const verifier = internalContextVerifier(keys.publicKey);
    const placed = { ...tenant, placement: { mode: 'dedicated' as const, version: 3, external: true } };
    expect((await verifyInternalContext(verifier, 'core', await signInternalContext(key, 'core', placed))).placement).toEqual(placed.placement);
    const pooled = await signInternalContext(key, 'core', tenant);
    expect(JSON.parse(Buffer.from(pooled.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('pl');
    expect((await verifyInternalContext(verifier, 'core', pooled)).placement).toBeUndefined();
  });

  it('are refused when minted for another audience, with another key, or with the public key as an HMAC secret', async () => {
    const verifier = internalContextVerifier(keys.publicKey);
    const other = internalContextKey(generateInternalContextKeys().privateKey);
    const now = Math.floor(Date.now() / 1000);
    const hs256 = (secret: string) => {
      const header = { alg: 'HS256', typ: 'JWT', kid: keys.kid };
      const payload = {
        tid: tenant.tenantId,
        slug: tenant.slug,
        app: 'trucking',
        sub: tenant.userId,
        roles: [],
        flags: {},
        rid: 'r',
        jti: crypto.randomUUID(),
        iss: 'attunelogic-gateway',
        aud: 'core',
        iat: now,
        exp: now + 30,
      };
      const input = [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.');
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
    const noJti = await new SignJWT({ tid: tenant.tenantId, slug: tenant.slug, app: 'trucking', roles: [], flags: {}, rid: 'r' })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setIssuer('attunelogic-gateway')
      .setAudience('core')
      .setSubject(tenant.userId)
      .setIssuedAt()
      .setExpirationTime('30s')
      .sign(key.privateKey);
    expect(await outcome(verifier, await signInternalContext(key, 'trucking', tenant))).toBe('invalid internal context (ERR_JWT_CLAIM_VALIDATION_FAILED)');
    expect(await outcome(verifier, await signInternalContext(other, 'core', tenant))).toBe('invalid internal context (ERR_JWKS_NO_MATCHING_KEY)');
    // The attacker's key under the gateway's key id: the signature is checked with the gateway's key.
    expect(await outcome(verifier, await signInternalContext({ ...other, kid: key.kid }, 'core', tenant))).toBe(
      'invalid internal context (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
    );
    expect(await outcome(verifier, hs256(keys.publicKey))).toBe('invalid internal context (ERR_JOSE_ALG_NOT_ALLOWED)');
    expect(await outcome(verifier, noJti)).toBe('invalid internal context (ERR_JWT_CLAIM_VALIDATION_FAILED)');
  });

  it('are accepted from every key of a rotation, and from no other', async () => {
    const next = generateInternalContextKeys();
    const both = internalContextVerifier(JSON.stringify({ keys: [JSON.parse(keys.publicKey), JSON.parse(next.publicKey)] }));
    const oldOnly = internalContextVerifier(keys.publicKey);
    const fromNext = () => signInternalContext(internalContextKey(next.privateKey), 'core', tenant);
    expect(await outcome(both, await signInternalContext(key, 'core', tenant))).toBe('accepted');
    expect(await outcome(both, await fromNext())).toBe('accepted');
    expect(await outcome(oldOnly, await fromNext())).toBe('invalid internal context (ERR_JWKS_NO_MATCHING_KEY)');
  });
});

describe('SeenContexts', () => {
  it('remembers a jti until its context expires, then forgets it', () => {
    let now = 1_000_000;
    const seen = new SeenContexts(10, () => now);
    expect(seen.remember('a', now + 30_000)).toBe('fresh');
    expect(seen.remember('a', now + 30_000)).toBe('replayed');
    now += 30_000;
    expect(seen.remember('b', now + 30_000)).toBe('fresh');
    expect(seen.size).toBe(1);
  });

  it('refuses a new context when full of unexpired ones, rather than forget one early', () => {
    let now = 0;
    const seen = new SeenContexts(3, () => now);
    for (const jti of ['a', 'b', 'c']) expect(seen.remember(jti, 30_000)).toBe('fresh');
    expect(seen.remember('d', 30_000)).toBe('full');
    expect(seen.remember('a', 30_000)).toBe('replayed');
    now = 30_000;
    expect(seen.remember('d', 60_000)).toBe('fresh');
    expect(seen.size).toBe(1);
  });
});
