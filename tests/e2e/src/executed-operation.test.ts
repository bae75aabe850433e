// Decisions the gateway takes about an operation read it as executed: fragments, inline fragments
// and aliases change how an operation is written, never what it does.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let trucking: ProvisionedTenant;

beforeAll(async () => {
  // A cache lifetime far longer than the test: only an invalidation can make a change visible.
  stack = await startStack({ tenantCacheTtlMs: 300_000 });
  trucking = await freshTenant(stack, 'trucking');
});

afterAll(async () => {
  await stack?.stop();
});

const userOf = (tenant: ProvisionedTenant, role: ProvisionedTenant['users'][number]['roles'][number]) => tenant.users.find((u) => u.roles.includes(role))!;
const typeNames = (res: { body: { data?: Record<string, unknown> | null } }) =>
  ((res.body.data?.['__schema'] as { types: { name: string }[] } | undefined)?.types ?? []).map((t) => t.name);

describe('introspection read as executed', () => {
  it.each([
    ['a named fragment', '{ ...F } fragment F on Query { __schema { types { name } } }'],
    ['an inline fragment', '{ ... on Query { __schema { types { name } } } }'],
    ['an aliased field in a fragment', '{ ...F } fragment F on Query { s: __schema { types { name } } }'],
  ])('through %s shows only the tenant’s industry', async (_how, query) => {
    const res = await post(stack, { query, token: await tokenFor(trucking, 'viewer') });
    const data = res.body.data as Record<string, { types: { name: string }[] }> | undefined;
    const names = Object.values(data ?? {}).flatMap((s) => s.types.map((t) => t.name));
    expect(names).toContain('Vehicle');
    expect(names).not.toContain('WorkOrder');
    expect(names).not.toContain('InventoryItem');
  });

  it('refuses introspection mixed with data behind a fragment', async () => {
    const res = await post(stack, { query: '{ me { id } ...F } fragment F on Query { __schema { types { name } } }', token: await tokenFor(trucking) });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(typeNames(res)).toEqual([]);
  });

  it('treats a skipped introspection field as absent', async () => {
    const res = await post(stack, { query: '{ me { id } __schema @skip(if: true) { types { name } } }', token: await tokenFor(trucking) });
    expect(codes(res)).toEqual([]);
    expect(res.body.data).toEqual({ me: { id: userOf(trucking, 'owner').id } });
  });
});

describe('cache invalidation read as executed', () => {
  it('a user deactivated through an aliased mutation inside a fragment is refused at once', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'dispatcher');
    expect((await post(stack, { query: '{ me { id } }', token })).status).toBe(200);
    const off = await post(stack, {
      query: 'mutation ($id: ID!) { ...Off } fragment Off on Mutation { gone: deactivateUser(id: $id) { active } }',
      variables: { id: userOf(tenant, 'dispatcher').id },
      token: await tokenFor(tenant),
    });
    expect(off.body.data).toEqual({ gone: { active: false } });
    const refused = await post(stack, { query: '{ me { id } }', token });
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
  });
});

describe('automatic persisted queries', () => {
  it('are off: an operation sent by hash is refused for every tenant, with or without its text', async () => {
    const query = '{ me { id } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const other = await freshTenant(stack, 'serviceRepair');
    const registering = await post(stack, { query, token: await tokenFor(trucking), extensions: { persistedQuery } });
    expect(codes(registering)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const byHash = await post(stack, { token: await tokenFor(other), extensions: { persistedQuery } });
    expect(codes(byHash)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(byHash.body.data ?? null).toBeNull();
  });
});
