// Identical subgraph queries in flight at once: sent once for the same user, never shared between
// users, never for mutations. Through the real gateway over HTTP, counted on core's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { freshTenant, post, startStack, tokenFor, type Stack } from './stack';

const CONCURRENT = 20;
const TENANT_QUERY = '{ tenant { id name slug } }';

let stack: Stack;
let undeduped: Stack;
let tenant: ProvisionedTenant;

beforeAll(async () => {
  // Each with a core of its own, so that its reads of `customers` are counted apart.
  [stack, undeduped] = await Promise.all([startStack({ ownSubgraphs: ['core'] }), startStack({ ownSubgraphs: ['core'], gatewayEnv: { SUBGRAPH_DEDUPE: 'off' } })]);
  tenant = await freshTenant(stack, 'trucking');
});

afterAll(async () => {
  await Promise.all([stack?.stop(), undeduped?.stop()]);
});

/** Sends the same query `CONCURRENT` times at once; returns the bodies and the reads of core's `customers` it caused. */
async function burst(target: Stack, token: string, query: string): Promise<{ bodies: unknown[]; reads: number }> {
  await post(target, { query, token }); // warm: the tenant directory and the query plan
  target.commands.core.reset();
  const responses = await Promise.all(Array.from({ length: CONCURRENT }, () => post(target, { query, token })));
  for (const res of responses) expect(res.status).toBe(200);
  return { bodies: responses.map((res) => res.body), reads: target.commands.core.count('find', 'customers') };
}

describe('subgraph query deduplication', () => {
  it(`sends ${CONCURRENT} identical queries of one user to the subgraph fewer times, each answered in full`, async () => {
    const token = await tokenFor(tenant, 'dispatcher');
    const expected = { data: { tenant: { id: tenant.id, name: `Tenant ${tenant.slug}`, slug: tenant.slug } } };
    const on = await burst(stack, token, TENANT_QUERY);
    const off = await burst(undeduped, token, TENANT_QUERY);
    expect(on.bodies).toEqual(Array(CONCURRENT).fill(expected));
    expect(off.bodies).toEqual(Array(CONCURRENT).fill(expected));
    console.log(`dedupe: ${CONCURRENT} concurrent identical queries → ${on.reads} subgraph reads (without dedupe: ${off.reads})`);
    expect(off.reads).toBe(CONCURRENT);
    expect(on.reads).toBeLessThan(CONCURRENT);
  });

  it('never shares an answer between users, even for the same query text', async () => {
    const users = ['owner', 'admin', 'dispatcher', 'viewer', 'driver'] as const;
    const tokens = await Promise.all(users.map((role) => tokenFor(tenant, role)));
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post<{ me: { email: string } }>(stack, { query: '{ me { email roles } }', token: tokens[i % users.length]! })),
    );
    expect(responses.map((res) => res.body.data?.me.email)).toEqual(Array.from({ length: 40 }, (_, i) => `${users[i % users.length]}@${tenant.slug}.test`));
  });

  it('sends every mutation, however identical', async () => {
    const token = await tokenFor(tenant, 'owner');
    const mutation = `mutation { renameTenant(name: "Renamed ${tenant.slug}") { name } }`;
    const before = await stack.audit.AuditEvent.countDocuments({ ...tenantScope({ tenantId: tenant.id }), operation: 'renameTenant' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(stack, { query: mutation, token })));
    for (const res of responses) expect(res.body.errors).toBeUndefined();
    const after = await stack.audit.AuditEvent.countDocuments({ ...tenantScope({ tenantId: tenant.id }), operation: 'renameTenant' });
    expect(after - before).toBe(5);
  });
});
