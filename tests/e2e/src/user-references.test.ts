// A user reached through another record (`createdBy`, from trucking and service) shows the same
// fields as the direct `user` query would to the same caller: email, roles and active need
// users:read (the caller's own record excepted); id and name every member sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, rolesOf } from '@attunelogic/shared';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let trucking: Awaited<ReturnType<typeof freshTenant>>;
let service: Awaited<ReturnType<typeof freshTenant>>;

beforeAll(async () => {
  stack = await startStack();
  [trucking, service] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'serviceRepair')]);
  // One record of each tenant created by its owner.
  const vehicle = await post(stack, {
    query: 'mutation { createVehicle(input: { unitNumber: "R-1", vin: "1M8GDM9AXKP042788", make: "Volvo", model: "VNL", year: 2022 }) { id } }',
    token: await tokenFor(trucking),
  });
  expect(vehicle.body.errors).toBeUndefined();
  const area = await post(stack, { query: 'mutation { createServiceArea(input: { name: "North", zipCodes: ["10001"] }) { id } }', token: await tokenFor(service) });
  expect(area.body.errors).toBeUndefined();
});

afterAll(async () => {
  await stack?.stop();
});

const FIELDS = 'id name email roles active';
const cases = [
  { industry: 'trucking' as const, tenant: () => trucking, list: 'vehicles' },
  { industry: 'serviceRepair' as const, tenant: () => service, list: 'serviceAreas' },
].flatMap((c) => rolesOf(c.industry).map((role) => ({ ...c, role })));

describe('User fields through references', () => {
  it.each(cases.map((c) => [`${c.industry} ${c.role}`, c] as const))('%s: the same as through user(id)', async (_name, c) => {
    const tenant = c.tenant();
    const owner = tenant.users.find((u) => u.roles.includes('owner'))!;
    const token = await tokenFor(tenant, c.role);
    const mayRead = hasPermission(c.industry, [c.role], 'users:read');

    const direct = await post(stack, { query: `query ($id: ID!) { user(id: $id) { ${FIELDS} } }`, variables: { id: owner.id }, token });
    const reference = await post<Record<string, { edges: { node: { createdBy: Record<string, unknown> } }[] }>>(stack, {
      query: `{ ${c.list}(first: 1) { edges { node { createdBy { ${FIELDS} } } } } }`,
      token,
    });
    const names = await post<Record<string, { edges: { node: { createdBy: Record<string, unknown> } }[] }>>(stack, {
      query: `{ ${c.list}(first: 1) { edges { node { createdBy { id name } } } } }`,
      token,
    });
    const own = await post<{ me: Record<string, unknown> }>(stack, { query: `{ me { ${FIELDS} } }`, token });

    if (c.role === 'owner') {
      // The owner's reference is their own record.
      expect(codes(reference)).toEqual([]);
      return;
    }
    if (mayRead) {
      expect(codes(direct)).toEqual([]);
      expect(codes(reference)).toEqual([]);
      expect(reference.body.data?.[c.list]?.edges[0]?.node.createdBy).toEqual({ id: owner.id, name: 'owner', email: owner.email, roles: ['owner'], active: true });
    } else {
      expect(codes(direct)).toEqual(['FORBIDDEN']);
      // Email, roles and active refused on the reference too, never shown.
      expect(codes(reference)).toContain('FORBIDDEN');
      expect(JSON.stringify(reference.body)).not.toContain(owner.email);
    }
    // id and name: every member of the tenant; and the caller's own record in full.
    expect(codes(names)).toEqual([]);
    expect(names.body.data?.[c.list]?.edges[0]?.node.createdBy).toEqual({ id: owner.id, name: 'owner' });
    expect(codes(own)).toEqual([]);
    expect(own.body.data?.me['roles']).toEqual([c.role]);
  });
});
