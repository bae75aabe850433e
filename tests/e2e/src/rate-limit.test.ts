import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { estimateCost } from '@attunelogic/gateway';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let a: ProvisionedTenant;
let b: ProvisionedTenant;

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { RATE_LIMIT_TENANT_REQUESTS: '12', RATE_LIMIT_USER_REQUESTS: '5', RATE_LIMIT_TENANT_COST: '500', RATE_LIMIT_WINDOW_SECONDS: '60' },
  });
  [a, b] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
});

afterAll(async () => {
  await stack?.stop();
});

const me = '{ me { id } }';

describe('rate limits', () => {
  it('refuse a user over its budget with 429 RATE_LIMITED and Retry-After', async () => {
    const token = await tokenFor(a, 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(stack, { query: me, token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await post(stack, { query: me, token });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('refuse the tenant as a whole past its budget, while another tenant is untouched', async () => {
    // viewer used 7 of the tenant's 12 above; four more users' requests exhaust the rest.
    const results: number[] = [];
    for (const role of ['owner', 'admin', 'dispatcher', 'driver']) {
      const token = await tokenFor(a, role);
      for (let i = 0; i < 2; i++) results.push((await post(stack, { query: me, token })).status);
    }
    expect(results.filter((s) => s === 429).length).toBeGreaterThan(0);
    const other = await post(stack, { query: me, token: await tokenFor(b) });
    expect(other.status).toBe(200);
  });

  it('count the estimated cost of operations against the tenant’s cost budget', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant);
    const expensive = '{ vehicles(first: 100) { edges { node { id unitNumber make } } } }';
    expect(estimateCost(parse(expensive))).toBe(402);
    expect((await post(stack, { query: expensive, token })).status).toBe(200);
    const second = await post(stack, { query: expensive, token });
    expect(second.status).toBe(429);
    expect(codes(second)).toEqual(['RATE_LIMITED']);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('estimateCost', () => {
  it('counts fields, multiplying a connection’s edges by its page size', () => {
    expect(estimateCost(parse('{ me { id email } }'))).toBe(3);
    expect(estimateCost(parse('{ vehicles { edges { node { id } } } }'))).toBe(1 + 1 + 20 * 2);
    expect(estimateCost(parse('query ($n: Int) { vehicles(first: $n) { totalCount edges { node { id } } } }'), { n: 5 })).toBe(1 + 1 + 1 + 5 * 2);
    expect(estimateCost(parse('{ ...F } fragment F on Query { me { id } }'))).toBe(2);
  });
});

describe('the per-address budget before authentication', () => {
  it('refuses an address after its failed authentications reach the budget, before verifying anything; another tenant’s budget is untouched', async () => {
    const guarded = await startStack({ gatewayEnv: { RATE_LIMIT_ADDRESS_FAILURES: '5', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    try {
      const tenant = await freshTenant(guarded, 'trucking');
      const good = await tokenFor(tenant);
      expect((await post(guarded, { query: me, token: good })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(guarded, { query: me, token: 'not-a-token' })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const directoryReads = guarded.commands.gateway.commands.length;
      const refused = await post(guarded, { query: me, token: 'not-a-token' });
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The address is refused as a whole, a valid token included, and nothing is read for it.
      expect((await post(guarded, { query: me, token: good })).status).toBe(429);
      expect(guarded.commands.gateway.commands.length).toBe(directoryReads);
    } finally {
      await guarded.stop();
    }
  });

  it('does not count successful requests against the address', async () => {
    const guarded = await startStack({ gatewayEnv: { RATE_LIMIT_ADDRESS_FAILURES: '2' } });
    try {
      const token = await tokenFor(await freshTenant(guarded, 'trucking'));
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(guarded, { query: me, token })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      await guarded.stop();
    }
  });
});

describe('the maximum token age', () => {
  it('JWT_MAX_AGE_SECONDS refuses a token that would live longer, and takes one within it', async () => {
    const strict = await startStack({ gatewayEnv: { JWT_MAX_AGE_SECONDS: '300' } });
    try {
      const tenant = await freshTenant(strict, 'trucking');
      const long = await post(strict, { query: me, token: await tokenFor(tenant, 'owner', { ttlSeconds: 3_600 }) });
      expect(long.status).toBe(401);
      expect(codes(long)).toEqual(['UNAUTHENTICATED']);
      expect((await post(strict, { query: me, token: await tokenFor(tenant, 'owner', { ttlSeconds: 240 }) })).status).toBe(200);
    } finally {
      await strict.stop();
    }
    // The default (one day) takes the hour-long token.
    const tenant = await freshTenant(stack, 'trucking');
    expect((await post(stack, { query: me, token: await tokenFor(tenant, 'owner', { ttlSeconds: 3_600 }) })).status).toBe(200);
  });
});
