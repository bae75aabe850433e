import { describe, expect, it } from 'vitest';
import { generateInternalContextKeys, internalContextKey, internalContextVerifier, verifyInternalContext } from '@attunelogic/shared';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { contextSigner } from './contexts';

describe('contextSigner', () => {
  it('signs contexts a subgraph accepts, each once', async () => {
    const keys = generateInternalContextKeys();
    const tenant = makeTenantContext({ appType: 'trucking', roles: ['owner'] });
    const next = contextSigner(internalContextKey(keys.privateKey), 'core', tenant);
    const verifier = internalContextVerifier(keys.publicKey);
    const [first, second] = [next(), next()];
    expect((await verifyInternalContext(verifier, 'core', first)).tenantId).toBe(tenant.tenantId);
    expect((await verifyInternalContext(verifier, 'core', second)).userId).toBe(tenant.userId);
    await expect(verifyInternalContext(verifier, 'core', first)).rejects.toThrow('replayed internal context');
  });
});
