// The audit log through the gateway: one event per mutation of any subgraph, in one hash chain per
// tenant, none lost under 50 concurrent mutations, none readable by another tenant, and tampering
// reported by verifyAuditChain.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

const VIN = '1M8GDM9AXKP042788';
const CREATE_USER = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';
const CREATE_VEHICLE = 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }';
const VERIFY = '{ verifyAuditChain { ok checked brokenAt { seq reason } } }';

interface AuditNode {
  seq: number;
  operation: string;
  subgraph: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  actorId: string;
  actor: { email: string } | null;
  requestId: string;
  clientRequestId: string | null;
  at: string;
  diff: Record<string, { from: unknown; to: unknown }> | null;
}
interface AuditLog {
  auditLog: { totalCount: number; edges: { node: AuditNode }[] };
}
const AUDIT_LOG =
  'query ($first: Int, $filter: AuditLogFilter) { auditLog(first: $first, filter: $filter) { totalCount edges { node { seq operation subgraph outcome targetType targetId actorId actor { email } requestId clientRequestId at diff } } } }';

async function auditLog(tenant: ProvisionedTenant, variables: Record<string, unknown> = {}): Promise<AuditLog['auditLog']> {
  const res = await post<AuditLog>(stack, { query: AUDIT_LOG, variables: { first: 100, ...variables }, token: await tokenFor(tenant, 'admin') });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.auditLog;
}

async function verify(tenant: ProvisionedTenant): Promise<unknown> {
  return (await post<{ verifyAuditChain: unknown }>(stack, { query: VERIFY, token: await tokenFor(tenant) })).body.data?.verifyAuditChain;
}

describe('one event per mutation', () => {
  it('50 concurrent mutations of one tenant, in core and trucking: 50 events, seq 1..50, chain intact', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const [owner, dispatcher] = await Promise.all([tokenFor(tenant), tokenFor(tenant, 'dispatcher')]);
    const requests = Array.from({ length: 50 }, (_, i) => {
      const requestId = randomUUID();
      const request =
        i % 5 === 4
          ? { query: CREATE_VEHICLE, token: dispatcher, variables: { input: { unitNumber: `C-${i}`, vin: VIN, make: 'Volvo', model: 'VNL', year: 2021 } } }
          : { query: CREATE_USER, token: owner, variables: { input: { email: `c${i}@${tenant.slug}.test`, name: `C ${i}`, roles: ['viewer'] } } };
      return { requestId, ...request, headers: { 'x-request-id': requestId } };
    });

    const started = performance.now();
    const responses = await Promise.all(requests.map((request) => post(stack, request)));
    const elapsed = performance.now() - started;
    console.log(`audit: 50 concurrent mutations (40 core, 10 trucking) answered in ${elapsed.toFixed(0)} ms`);

    expect(responses.map((r) => [r.status, r.body.errors])).toEqual(requests.map(() => [200, undefined]));
    const events = await stack.audit.AuditEvent.find(tenantScope({ tenantId: tenant.id }))
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Each event carries the gateway's id of its request (the response header) and, labelled apart, the id the client sent.
    expect(events.map((e) => e.clientRequestId).sort()).toEqual(requests.map((r) => r.requestId).sort());
    expect(events.map((e) => e.requestId).sort()).toEqual(responses.map((r) => r.headers.get('x-request-id')).sort());
    expect(events.filter((e) => requests.some((r) => r.requestId === e.requestId))).toEqual([]);
    expect(events.filter((e) => e.subgraph === 'trucking').map((e) => [e.operation, e.outcome])).toEqual(Array.from({ length: 10 }, () => ['createVehicle', 'success']));
    expect(events.every((e) => e.outcome === 'success' && e.targetId !== null)).toBe(true);
    expect(await verify(tenant)).toEqual({ ok: true, checked: 50, brokenAt: null });
    expect((await auditLog(tenant)).totalCount).toBe(50);
  });

  it('an event holds tenant, actor, operation, target, outcome, diff, request id and time', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const requestId = randomUUID();
    const before = new Date();
    const res = await post<{ createUser: { id: string } }>(stack, {
      query: CREATE_USER,
      variables: { input: { email: `full@${tenant.slug}.test`, name: 'Full', roles: ['technician'] } },
      token: await tokenFor(tenant, 'admin'),
      headers: { 'x-request-id': requestId },
    });
    const id = res.body.data!.createUser.id;
    const [event] = (await auditLog(tenant)).edges.map((e) => e.node);
    const serverId = res.headers.get('x-request-id');
    expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
    expect(serverId).not.toBe(requestId);
    expect(event).toMatchObject({
      seq: 1,
      operation: 'createUser',
      subgraph: 'core',
      outcome: 'success',
      targetType: 'User',
      targetId: id,
      actorId: tenant.users.find((u) => u.roles.includes('admin'))!.id,
      actor: { email: `admin@${tenant.slug}.test` },
      requestId: serverId,
      clientRequestId: requestId,
    });
    expect(event!.diff).toMatchObject({
      email: { from: null, to: `full@${tenant.slug}.test` },
      roles: { from: null, to: ['technician'] },
      active: { from: null, to: true },
    });
    expect(new Date(event!.at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('filters by actor, target type and id, operation and time range', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const owner = await tokenFor(tenant);
    const created = await post<{ createUser: { id: string } }>(stack, {
      query: CREATE_USER,
      variables: { input: { email: `f@${tenant.slug}.test`, name: 'F', roles: ['viewer'] } },
      token: owner,
    });
    const userId = created.body.data!.createUser.id;
    // Apart by a few milliseconds on both sides, so no event shares the midpoint's millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const midpoint = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await post(stack, { query: 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', variables: { id: userId }, token: await tokenFor(tenant, 'admin') });
    await post(stack, { query: 'mutation { updateTenantConfig(set: { units: { weight: "kg" } }) { overriddenKeys } }', token: owner });
    const ops = async (filter: Record<string, unknown>) => (await auditLog(tenant, { filter })).edges.map((e) => e.node.operation);

    expect(await ops({ targetId: userId })).toEqual(['deactivateUser', 'createUser']);
    expect(await ops({ targetType: 'TenantConfig' })).toEqual(['updateTenantConfig']);
    expect(await ops({ actorId: tenant.users.find((u) => u.roles.includes('admin'))!.id })).toEqual(['deactivateUser']);
    expect(await ops({ operation: 'createUser' })).toEqual(['createUser']);
    expect(await ops({ from: midpoint })).toEqual(['updateTenantConfig', 'deactivateUser']);
    expect(await ops({ to: midpoint })).toEqual(['createUser']);
  });
});

describe('isolation', () => {
  it('no tenant reads another tenant’s events, whatever the filter', async () => {
    const [tenant, other] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    const created = await post<{ createUser: { id: string } }>(stack, {
      query: CREATE_USER,
      variables: { input: { email: `secret@${other.slug}.test`, name: 'Secret', roles: ['viewer'] } },
      token: await tokenFor(other),
    });
    const foreignId = created.body.data!.createUser.id;
    expect((await auditLog(other)).totalCount).toBe(1);
    expect((await auditLog(tenant)).totalCount).toBe(0);
    expect((await auditLog(tenant, { filter: { targetId: foreignId } })).totalCount).toBe(0);
    expect((await auditLog(tenant, { filter: { actorId: other.users[0]!.id } })).totalCount).toBe(0);
    expect(await verify(tenant)).toEqual({ ok: true, checked: 0, brokenAt: null });
  });

  it('roles without audit:read are refused, and the refusal is itself an event', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    for (const role of ['dispatcher', 'viewer', 'technician']) {
      const res = await post(stack, { query: '{ auditLog { totalCount } }', token: await tokenFor(tenant, role) });
      expect(codes(res), role).toEqual(['FORBIDDEN']);
    }
    const log = await auditLog(tenant);
    expect(log.edges.map((e) => [e.node.operation, e.node.outcome])).toEqual([
      ['auditLog', 'denied'],
      ['auditLog', 'denied'],
      ['auditLog', 'denied'],
    ]);
  });
});

describe('tampering', () => {
  it('an edited event is reported as the first broken link; a removed newest event as truncated', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const owner = await tokenFor(tenant);
    for (let i = 0; i < 5; i++) {
      await post(stack, { query: CREATE_USER, variables: { input: { email: `t${i}@${tenant.slug}.test`, name: `T ${i}`, roles: ['viewer'] } }, token: owner });
    }
    expect(await verify(tenant)).toEqual({ ok: true, checked: 5, brokenAt: null });
    const scope = tenantScope({ tenantId: tenant.id });
    // Someone with database access rewrites history: who was created by whom.
    await stack.audit.AuditEvent.updateOne({ ...scope, seq: 3 }, { $set: { actor: tenant.users[1]!.id } });
    expect(await verify(tenant)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, reason: 'hash_mismatch' } });

    const other = await freshTenant(stack, 'trucking');
    const otherOwner = await tokenFor(other);
    for (let i = 0; i < 3; i++) {
      await post(stack, { query: CREATE_USER, variables: { input: { email: `r${i}@${other.slug}.test`, name: `R ${i}`, roles: ['viewer'] } }, token: otherOwner });
    }
    await stack.audit.AuditEvent.deleteOne({ ...tenantScope({ tenantId: other.id }), seq: 3 });
    expect(await verify(other)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, reason: 'truncated' } });
  });
});
