// Plans at the gateway: the configured budgets are the standard plan's; a starter tenant gets a
// fifth of them and an enterprise tenant five times them. A tenant is refused at its own plan's
// budget while the others continue; an operator's plan change applies once the gateway reads the
// tenant again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';
import { tenantCommand } from './subgraph-commands';

let stack: Stack;

// Standard: 10 requests of a tenant per window; starter 2, enterprise 50. Users' budgets are larger
// than the tenant's here, so the tenant's is what refuses.
beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: { RATE_LIMIT_TENANT_REQUESTS: '10', RATE_LIMIT_USER_REQUESTS: '100', RATE_LIMIT_TENANT_COST: '100000', RATE_LIMIT_WINDOW_SECONDS: '60' },
    tenantCacheTtlMs: 0,
  });
});

afterAll(async () => {
  await stack?.stop();
});

const ME = '{ me { id } }';

async function statuses(token: string, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await post(stack, { query: ME, token })).status);
  return seen;
}

describe('plans', () => {
  it("a starter tenant is refused at its plan's budget while a standard and an enterprise tenant continue", async () => {
    const [starter, standard, enterprise] = await Promise.all([
      freshTenant(stack, 'trucking', { plan: 'starter' }),
      freshTenant(stack, 'trucking'),
      freshTenant(stack, 'serviceRepair', { plan: 'enterprise' }),
    ]);
    const starterToken = await tokenFor(starter, 'viewer');
    expect(await statuses(starterToken, 3)).toEqual([200, 200, 429]);
    const refused = await post(stack, { query: ME, token: starterToken });
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const standardToken = await tokenFor(standard, 'viewer');
    expect(await statuses(standardToken, 11)).toEqual([...Array<number>(10).fill(200), 429]);
    const enterpriseToken = await tokenFor(enterprise, 'viewer');
    expect(await statuses(enterpriseToken, 12)).toEqual(Array<number>(12).fill(200));
  });

  it("an operator's plan change sets the tenant's budget from the next read of its record", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'viewer');
    expect(await statuses(token, 2)).toEqual([200, 200]);
    // The operators' command, as a process: `pnpm tenant set-plan --slug <slug> --plan starter`.
    await tenantCommand(stack.mongodbUri, 'e2e', 'set-plan', { slug: tenant.slug, plan: 'starter' });
    // Two of the window's requests are spent: a starter tenant (2) is over its budget at once.
    expect((await post(stack, { query: ME, token })).status).toBe(429);
  });
});
