// Tenant and user lifecycle through the gateway, with a short cache lifetime: a change made in core
// (by an operator's script or a mutation) takes effect at the gateway on the first request after
// the lifetime, with no restart; reversing it restores access the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { signDevelopmentToken } from '@attunelogic/gateway';
import { codes, freshTenant, JWT_SECRET, post, startStack, tokenFor, uniqueSlug, type Stack } from './stack';
import { tenantCommand } from './subgraph-commands';

const TTL_MS = 200;
const ACTOR = 'operator:e2e';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

/** An operator's `pnpm tenant` command (core's tenant CLI, in a process of its own). */
const operator = (on: Stack, command: string, options: Record<string, string>) => tenantCommand(on.mongodbUri, ACTOR, command, options);
const pastCacheLifetime = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
const ME = '{ me { id roles } }';
const CREATE_USER = 'mutation ($email: String!) { createUser(input: { email: $email, name: "N", roles: [viewer] }) { id } }';
const userOf = (tenant: ProvisionedTenant, role: string) => tenant.users.find((u) => u.roles.includes(role as never))!;

describe('tenant lifecycle', () => {
  it('a new tenant provisioned with its owner can be used at once', async () => {
    const slug = uniqueSlug('new');
    const said = await operator(stack, 'provision', { slug, name: 'New Co', 'app-type': 'serviceRepair', 'owner-email': `boss@${slug}.test`, 'owner-name': 'Boss' });
    const [, tenantId, ownerId] = /id ([0-9a-f]{24}),.* \(id ([0-9a-f]{24})\)$/.exec(said) ?? [];
    const token = await signDevelopmentToken({ secret: JWT_SECRET, issuer: 'attunelogic', audience: 'attunelogic-api', userId: ownerId!, tenant: slug });
    const res = await post(stack, { query: '{ me { email roles } tenant { slug name appType paymentStatus } }', token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      me: { email: `boss@${slug}.test`, roles: ['owner'] },
      tenant: { slug, name: 'New Co', appType: 'serviceRepair', paymentStatus: 'trialing' },
    });
    expect(tenantId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('deactivation blocks the next request after the cache lifetime (403 TENANT_INACTIVE); activation restores it', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'viewer');
    expect((await post(stack, { query: ME, token })).status).toBe(200);

    await operator(stack, 'deactivate', { slug: tenant.slug });
    await pastCacheLifetime();
    const refused = await post(stack, { query: ME, token });
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['TENANT_INACTIVE']);

    await operator(stack, 'activate', { slug: tenant.slug });
    await pastCacheLifetime();
    expect((await post(stack, { query: ME, token })).status).toBe(200);
  });

  it('cancellation blocks like deactivation; an active subscription restores access', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const token = await tokenFor(tenant);
    await operator(stack, 'set-payment', { slug: tenant.slug, status: 'canceled' });
    await pastCacheLifetime();
    const refused = await post(stack, { query: ME, token });
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['TENANT_INACTIVE']);

    await operator(stack, 'set-payment', { slug: tenant.slug, status: 'active' });
    await pastCacheLifetime();
    expect((await post(stack, { query: ME, token })).status).toBe(200);
  });

  it('past_due makes the tenant read-only (402 on mutations, nothing written); paying restores writes', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant);
    await operator(stack, 'set-payment', { slug: tenant.slug, status: 'past_due' });
    await pastCacheLifetime();
    expect((await post(stack, { query: '{ users { totalCount } }', token })).body.errors).toBeUndefined();
    const refused = await post(stack, { query: CREATE_USER, variables: { email: `late@${tenant.slug}.test` }, token });
    expect(refused.status).toBe(402);
    expect(codes(refused)).toEqual(['PAYMENT_REQUIRED']);
    expect(await stack.directory.User.countDocuments({ ...tenantScope({ tenantId: tenant.id }), email: `late@${tenant.slug}.test` })).toBe(0);

    await operator(stack, 'set-payment', { slug: tenant.slug, status: 'active' });
    await pastCacheLifetime();
    const allowed = await post(stack, { query: CREATE_USER, variables: { email: `paid@${tenant.slug}.test` }, token });
    expect(allowed.body.errors).toBeUndefined();
  });

  it('the operators’ changes are in the tenant’s audit log, readable by its owner', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    await operator(stack, 'rename', { slug: tenant.slug, name: 'Renamed By Ops' });
    const res = await post<{ auditLog: { edges: { node: { operation: string; actorId: string; actor: null; subgraph: string; diff: unknown } }[] } }>(stack, {
      query: '{ auditLog { edges { node { operation actorId actor { id } subgraph diff } } } }',
      token: await tokenFor(tenant),
    });
    expect(res.body.data?.auditLog.edges.map((e) => e.node)).toEqual([
      { operation: 'renameTenant', actorId: ACTOR, actor: null, subgraph: 'operator', diff: { name: { from: `Tenant ${tenant.slug}`, to: 'Renamed By Ops' } } },
    ]);
  });
});

describe('user lifecycle', () => {
  const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(id: $id) { active } }';
  const REACTIVATE = 'mutation ($id: ID!) { reactivateUser(id: $id) { active } }';

  it('a deactivated user’s token stops working after the cache lifetime (403); reactivation restores it', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant);
    const token = await tokenFor(tenant, 'dispatcher');
    expect((await post(stack, { query: ME, token })).status).toBe(200);

    const off = await post(stack, { query: DEACTIVATE, variables: { id: userOf(tenant, 'dispatcher').id }, token: owner });
    expect(off.body.data).toEqual({ deactivateUser: { active: false } });
    await pastCacheLifetime();
    const refused = await post(stack, { query: ME, token });
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['FORBIDDEN']);

    const on = await post(stack, { query: REACTIVATE, variables: { id: userOf(tenant, 'dispatcher').id }, token: owner });
    expect(on.body.data).toEqual({ reactivateUser: { active: true } });
    await pastCacheLifetime();
    expect((await post(stack, { query: ME, token })).status).toBe(200);
  });

  it('a demotion takes effect after the cache lifetime: the demoted admin can no longer manage users', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const admin = await tokenFor(tenant, 'admin');
    expect((await post(stack, { query: CREATE_USER, variables: { email: `a1@${tenant.slug}.test` }, token: admin })).body.errors).toBeUndefined();

    const demoted = await post(stack, {
      query: 'mutation ($id: ID!) { updateUserRoles(id: $id, roles: [viewer]) { roles } }',
      variables: { id: userOf(tenant, 'admin').id },
      token: await tokenFor(tenant),
    });
    expect(demoted.body.data).toEqual({ updateUserRoles: { roles: ['viewer'] } });
    await pastCacheLifetime();
    const refused = await post(stack, { query: CREATE_USER, variables: { email: `a2@${tenant.slug}.test` }, token: admin });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
  });
});
