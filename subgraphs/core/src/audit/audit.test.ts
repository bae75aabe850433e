import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness, userWith } from '../testing';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

interface EventNode {
  seq: number;
  operation: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  actorId: string;
  actor: { email: string } | null;
  errorCode: string | null;
  diff: unknown;
  requestId: string;
  subgraph: string;
  at: string;
}
interface AuditLogResult {
  auditLog: { totalCount: number; edges: { cursor: string; node: EventNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const AUDIT_LOG = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          seq
          operation
          outcome
          targetType
          targetId
          actorId
          actor {
            email
          }
          errorCode
          diff
          requestId
          subgraph
          at
        }
      }
    }
  }
`;
const VERIFY = '{ verifyAuditChain { ok checked brokenAt { seq reason } } }';
const CREATE = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown => result.errors?.[0]?.extensions?.['code'];

async function auditLog(tenant: ProvisionedTenant, variables: Record<string, unknown> = {}, role: 'owner' | 'admin' = 'owner') {
  const result = await h.run<AuditLogResult>(contextFor(tenant, userWith(tenant, role)), AUDIT_LOG, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.auditLog;
}

async function createUsers(tenant: ProvisionedTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await h.run<{ createUser: { id: string } }>(contextFor(tenant), CREATE, {
      input: { email: `u${i}@${tenant.slug}.test`, name: `User ${i}`, roles: ['viewer'] },
    });
    expect(result.errors).toBeUndefined();
    ids.push(result.data!.createUser.id);
  }
  return ids;
}

describe('auditLog', () => {
  it('lists one event per mutation root field, newest first, with the actor resolved', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = userWith(tenant, 'owner');
    const context = contextFor(tenant);
    const result = await h.run(
      context,
      `mutation {
        a: createUser(input: { email: "a@x.test", name: "A", roles: [viewer] }) { id }
        b: createUser(input: { email: "b@x.test", name: "B", roles: [driver] }) { id }
        c: createUser(input: { email: "a@x.test", name: "Again", roles: [viewer] }) { id }
      }`,
    );
    expect(result.errors?.map((e) => e.path)).toEqual([['c']]);
    const log = await auditLog(tenant);
    expect(log.totalCount).toBe(3);
    expect(log.edges.map((e) => [e.node.seq, e.node.operation, e.node.outcome, e.node.errorCode])).toEqual([
      [3, 'createUser', 'failed', 'CONFLICT'],
      [2, 'createUser', 'success', null],
      [1, 'createUser', 'success', null],
    ]);
    const first = log.edges[2]!.node;
    expect(first).toMatchObject({ actorId: owner.id, actor: { email: owner.email }, targetType: 'User', subgraph: 'core', requestId: context.requestId });
    expect(first.diff).toMatchObject({ email: { from: null, to: 'a@x.test' }, roles: { from: null, to: ['viewer'] } });
    expect(new Date(first.at).toISOString()).toBe(first.at);
  });

  it('pages with first/after in chain order', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    await createUsers(tenant, 5);
    const seqs: number[] = [];
    let after: string | null = null;
    do {
      const page: AuditLogResult['auditLog'] = await auditLog(tenant, { first: 2, ...(after ? { after } : {}) });
      seqs.push(...page.edges.map((e) => e.node.seq));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seqs).toEqual([5, 4, 3, 2, 1]);
  });

  it('filters by actor, target, operation, outcome and time range', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const [userA] = await createUsers(tenant, 2);
    const admin = contextFor(tenant, userWith(tenant, 'admin'));
    await h.run(admin, 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: userA });
    await h.run(contextFor(tenant, userWith(tenant, 'viewer')), 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: userA });
    const ops = async (filter: Record<string, unknown>) => (await auditLog(tenant, { filter })).edges.map((e) => `${e.node.operation}:${e.node.outcome}`);

    expect(await ops({ actorId: admin.userId })).toEqual(['deactivateUser:success']);
    expect(await ops({ targetId: userA })).toEqual(['deactivateUser:denied', 'deactivateUser:success', 'createUser:success']);
    expect(await ops({ targetType: 'User', operation: 'createUser' })).toEqual(['createUser:success', 'createUser:success']);
    expect(await ops({ outcome: 'denied' })).toEqual(['deactivateUser:denied']);

    const events = await h.models.audit.AuditEvent.find(tenantScope({ tenantId: tenant.id }))
      .sort({ seq: 1 })
      .lean();
    const third = events[2]!.at.toISOString();
    expect(await ops({ from: third })).toEqual(['deactivateUser:denied', 'deactivateUser:success']);
    expect(await ops({ to: third })).toEqual(['createUser:success', 'createUser:success']);
    expect(await ops({ from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).toEqual([]);
  });

  it('refuses a bad cursor, a bad date and an inverted range with BAD_USER_INPUT', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    for (const variables of [
      { after: 'bm9wZQ' },
      { filter: { from: 'yesterday' } },
      { filter: { from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' } },
      { first: 1000 },
    ]) {
      const result = await h.run(contextFor(tenant), AUDIT_LOG, variables);
      expect(code(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('needs audit:read; a dispatcher’s attempt is itself audited as denied', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const dispatcher = contextFor(tenant, userWith(tenant, 'dispatcher'));
    expect(code(await h.run(dispatcher, AUDIT_LOG))).toBe('FORBIDDEN');
    expect(code(await h.run(dispatcher, VERIFY))).toBe('FORBIDDEN');
    const log = await auditLog(tenant, {}, 'admin');
    expect(log.edges.map((e) => [e.node.operation, e.node.outcome, e.node.actorId])).toEqual([
      ['verifyAuditChain', 'denied', dispatcher.userId],
      ['auditLog', 'denied', dispatcher.userId],
    ]);
  });

  it('shows nothing of another tenant, even filtered by its ids', async () => {
    const [tenant, other] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const [foreignUser] = await createUsers(other, 1);
    const own = await auditLog(tenant, { filter: { targetId: foreignUser } });
    expect(own.totalCount).toBe(0);
    expect((await auditLog(tenant, { filter: { actorId: userWith(other, 'owner').id } })).totalCount).toBe(0);
    expect((await auditLog(tenant)).totalCount).toBe(0);
    expect((await auditLog(other)).totalCount).toBe(1);
  });
});

describe('verifyAuditChain', () => {
  it('reports an intact chain, then the first tampered event', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    await createUsers(tenant, 4);
    const verify = async () => (await h.run(contextFor(tenant), VERIFY)).data?.['verifyAuditChain'];
    expect(await verify()).toEqual({ ok: true, checked: 4, brokenAt: null });
    await h.models.audit.AuditEvent.updateOne({ ...tenantScope({ tenantId: tenant.id }), seq: 2 }, { $set: { 'diff.roles.to': ['owner'] } });
    expect(await verify()).toEqual({ ok: false, checked: 1, brokenAt: { seq: 2, reason: 'hash_mismatch' } });
  });
});
