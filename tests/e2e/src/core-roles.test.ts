// The role matrix through the gateway: every role of each industry against every core mutation
// (and the core queries that need a permission), expected outcome taken from the one permission
// matrix in shared/src/permissions.ts, and exactly one audit event per request either way.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { hasPermission, rolesOf, type AppType, type Permission, type Role } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** A user made directly in core's database, to be the target of one request. */
async function targetUser(tenant: ProvisionedTenant, state: { roles?: Role[]; active?: boolean } = {}): Promise<string> {
  const doc = await stack.directory.User.create({
    ...tenantScope({ tenantId: tenant.id }),
    email: `target-${randomUUID()}@example.test`,
    name: 'Target',
    roles: state.roles ?? ['viewer'],
    active: state.active ?? true,
  });
  return doc._id.toHexString();
}

interface Case {
  readonly operation: string;
  readonly permission: Permission;
  /** The request, with a fresh target where it needs one; valid for every role that has the permission. */
  request(tenant: ProvisionedTenant, role: Role): Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const MUTATIONS: readonly Case[] = [
  {
    operation: 'createUser',
    permission: 'users:manage',
    request: async () => ({
      query: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      variables: { input: { email: `new-${randomUUID()}@example.test`, name: 'New', roles: ['viewer'] } },
    }),
  },
  {
    operation: 'updateUserRoles',
    permission: 'users:manage',
    request: async (tenant) => ({
      query: 'mutation ($id: ID!) { updateUserRoles(id: $id, roles: [dispatcher]) { id roles } }',
      variables: { id: await targetUser(tenant) },
    }),
  },
  {
    operation: 'deactivateUser',
    permission: 'users:manage',
    request: async (tenant) => ({ query: 'mutation ($id: ID!) { deactivateUser(id: $id) { id active } }', variables: { id: await targetUser(tenant) } }),
  },
  {
    operation: 'reactivateUser',
    permission: 'users:manage',
    request: async (tenant) => ({
      query: 'mutation ($id: ID!) { reactivateUser(id: $id) { id active } }',
      variables: { id: await targetUser(tenant, { active: false }) },
    }),
  },
  {
    operation: 'renameTenant',
    permission: 'tenant:write',
    request: async (_tenant, role) => ({ query: 'mutation ($name: String!) { renameTenant(name: $name) { name } }', variables: { name: `Renamed by ${role}` } }),
  },
  {
    operation: 'updateTenantConfig',
    permission: 'config:write',
    request: async () => ({ query: 'mutation { updateTenantConfig(set: { units: { distance: "km" } }) { overriddenKeys } }' }),
  },
];

const QUERIES: readonly Case[] = [
  { operation: 'users', permission: 'users:read', request: async () => ({ query: '{ users { totalCount } }' }) },
  {
    operation: 'user',
    permission: 'users:read',
    request: async (tenant) => ({ query: 'query ($id: ID!) { user(id: $id) { id } }', variables: { id: tenant.users[0]!.id } }),
  },
  { operation: 'tenantConfig', permission: 'config:read', request: async () => ({ query: '{ tenantConfig { overriddenKeys } }' }) },
  { operation: 'auditLog', permission: 'audit:read', request: async () => ({ query: '{ auditLog { totalCount } }' }) },
  { operation: 'verifyAuditChain', permission: 'audit:read', request: async () => ({ query: '{ verifyAuditChain { ok } }' }) },
];

async function send(tenant: ProvisionedTenant, role: Role, request: { query: string; variables?: Record<string, unknown> }) {
  const requestId = randomUUID();
  const response = await post(stack, { ...request, token: await tokenFor(tenant, role), headers: { 'x-request-id': requestId } });
  const events = await stack.audit.AuditEvent.find({ ...tenantScope({ tenantId: tenant.id }), clientRequestId: requestId }).lean();
  return { response, events };
}

const userOf = (tenant: ProvisionedTenant, role: Role) => tenant.users.find((u) => u.roles.includes(role))!;

function expectOutcome(response: GraphQLResponse, allowed: boolean, label: string): void {
  expect(response.status, label).toBe(200);
  if (allowed) {
    expect(response.body.errors, label).toBeUndefined();
  } else {
    expect(codes(response), label).toEqual(['FORBIDDEN']);
    expect(response.body.errors?.[0]?.path, label).toHaveLength(1);
  }
}

describe.each(['trucking', 'serviceRepair'] as const)('the role matrix of a %s tenant', (appType: AppType) => {
  let tenant: ProvisionedTenant;

  beforeAll(async () => {
    tenant = await freshTenant(stack, appType);
  });

  it.each(rolesOf(appType))('%s × every core mutation: allowed or FORBIDDEN as the matrix says, one audit event each', async (role) => {
    for (const mutation of MUTATIONS) {
      const allowed = hasPermission(appType, [role], mutation.permission);
      const label = `${appType}/${role}/${mutation.operation} (${allowed ? 'allowed' : 'denied'})`;
      const { response, events } = await send(tenant, role, await mutation.request(tenant, role));
      expectOutcome(response, allowed, label);
      expect(
        events.map((e) => ({ operation: e.operation, outcome: e.outcome, actor: e.actor, subgraph: e.subgraph })),
        label,
      ).toEqual([{ operation: mutation.operation, outcome: allowed ? 'success' : 'denied', actor: userOf(tenant, role).id, subgraph: 'core' }]);
    }
  });

  it.each(rolesOf(appType))('%s × every core query that needs a permission: denials are audited, reads are not', async (role) => {
    for (const query of QUERIES) {
      const allowed = hasPermission(appType, [role], query.permission);
      const label = `${appType}/${role}/${query.operation}`;
      const { response, events } = await send(tenant, role, await query.request(tenant, role));
      expectOutcome(response, allowed, label);
      expect(
        events.map((e) => [e.operation, e.outcome]),
        label,
      ).toEqual(allowed ? [] : [[query.operation, 'denied']]);
    }
  });
});

describe('owner protections and no privilege escalation', () => {
  const UPDATE_ROLES = 'mutation ($id: ID!, $roles: [Role!]!) { updateUserRoles(id: $id, roles: $roles) { id roles } }';
  const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }';
  const stored = (tenant: ProvisionedTenant, id: string) =>
    stack.directory.User.findOne({ ...tenantScope({ tenantId: tenant.id }), _id: new mongoose.Types.ObjectId(id) }).lean();

  it('an admin cannot make anyone an owner, nor demote or deactivate the owner: FORBIDDEN, audited as denied', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const owner = userOf(tenant, 'owner');
    const attempts = [
      { query: UPDATE_ROLES, variables: { id: userOf(tenant, 'admin').id, roles: ['owner'] } },
      { query: UPDATE_ROLES, variables: { id: await targetUser(tenant), roles: ['admin', 'owner'] } },
      { query: UPDATE_ROLES, variables: { id: owner.id, roles: ['viewer'] } },
      { query: DEACTIVATE, variables: { id: owner.id } },
      { query: 'mutation { createUser(input: { email: "boss2@example.test", name: "Boss", roles: [owner] }) { id } }' },
    ];
    for (const attempt of attempts) {
      const { response, events } = await send(tenant, 'admin', attempt);
      expect(codes(response), JSON.stringify(attempt.variables)).toEqual(['FORBIDDEN']);
      expect(events.map((e) => e.outcome)).toEqual(['denied']);
    }
    expect(await stored(tenant, owner.id)).toMatchObject({ roles: ['owner'], active: true });
    expect(await stored(tenant, userOf(tenant, 'admin').id)).toMatchObject({ roles: ['admin'] });
  });

  it('a dispatcher cannot grant anything, not even a role below its own', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const { response } = await send(tenant, 'dispatcher', { query: UPDATE_ROLES, variables: { id: await targetUser(tenant), roles: ['technician'] } });
    expect(codes(response)).toEqual(['FORBIDDEN']);
  });

  it('the last owner cannot demote or deactivate itself: CONFLICT, audited as failed, nothing changed', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = userOf(tenant, 'owner');
    for (const attempt of [
      { query: UPDATE_ROLES, variables: { id: owner.id, roles: ['admin'] } },
      { query: DEACTIVATE, variables: { id: owner.id } },
    ]) {
      const { response, events } = await send(tenant, 'owner', attempt);
      expect(codes(response)).toEqual(['CONFLICT']);
      expect(events.map((e) => [e.outcome, e.errorCode, e.targetId])).toEqual([['failed', 'CONFLICT', owner.id]]);
    }
    expect(await stored(tenant, owner.id)).toMatchObject({ roles: ['owner'], active: true });
  });

  it('roles of the other industry are BAD_USER_INPUT', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const { response } = await send(tenant, 'owner', { query: UPDATE_ROLES, variables: { id: await targetUser(tenant), roles: ['driver'] } });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('another tenant’s ids', () => {
  let tenant: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    [tenant, other] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
  });

  it('user(id) of another tenant: null and NOT_FOUND', async () => {
    const { response } = await send(tenant, 'owner', { query: 'query ($id: ID!) { user(id: $id) { id email } }', variables: { id: userOf(other, 'viewer').id } });
    expect(response.body.data).toEqual({ user: null });
    expect(codes(response)).toEqual(['NOT_FOUND']);
  });

  it.each([
    ['updateUserRoles', 'mutation ($id: ID!) { updateUserRoles(id: $id, roles: [admin]) { id } }'],
    ['deactivateUser', 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }'],
    ['reactivateUser', 'mutation ($id: ID!) { reactivateUser(id: $id) { id } }'],
  ])('%s of another tenant’s user: NOT_FOUND, the user unchanged, the event in the caller’s log only', async (operation, query) => {
    const victim = await targetUser(other, { active: operation !== 'reactivateUser' });
    const before = await stack.directory.User.findOne({ ...tenantScope({ tenantId: other.id }), _id: victim }).lean();
    const { response, events } = await send(tenant, 'owner', { query, variables: { id: victim } });
    expect(codes(response)).toEqual(['NOT_FOUND']);
    expect(await stack.directory.User.findOne({ ...tenantScope({ tenantId: other.id }), _id: victim }).lean()).toEqual(before);
    expect(events.map((e) => [e.operation, e.outcome, e.errorCode])).toEqual([[operation, 'failed', 'NOT_FOUND']]);
    expect(await stack.audit.AuditEvent.countDocuments({ ...tenantScope({ tenantId: other.id }), targetId: victim })).toBe(0);
  });
});
