// 200 interleaved requests of two tenants for the same operations, all in flight at once, across
// the gateway's caches, the per-request loaders and entity resolution between subgraphs: every answer
// holds only its own tenant's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenant, oid, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { errorCodes, gql, type GraphQLResponse } from './support/client';
import { randomVin } from './support/generate';
import { type Tenant } from './support/seed';
import { record } from './support/summary';

let stack: Stack;
const tenants: Tenant[] = [];
// Roles that may read everything the operation asks for (a driver may not list users).
const ROLES = ['owner', 'admin', 'dispatcher', 'viewer'];

const CREATE = 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id unitNumber createdBy { id email } } }';
const READ = /* GraphQL */ `
  query Mixed {
    me {
      id
      email
    }
    tenant {
      id
      slug
    }
    vehicles(first: 10) {
      totalCount
      edges {
        node {
          id
          unitNumber
          createdBy {
            id
            email
          }
        }
      }
    }
    users(first: 10) {
      edges {
        node {
          id
          email
        }
      }
    }
  }
`;

interface Read {
  me: { id: string; email: string };
  tenant: { id: string; slug: string };
  vehicles: { totalCount: number; edges: { node: { id: string; unitNumber: string; createdBy: { id: string; email: string } } }[] };
  users: { edges: { node: { id: string; email: string } }[] };
}

beforeAll(async () => {
  // What is tested here is isolation, not latency: on a loaded machine a write through the
  // serialising database proxy can take longer than the default 10 s subgraph timeout.
  stack = await startStack({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '30000' } });
  tenants.push(...(await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')])));
  for (const tenant of tenants) {
    const token = await tokenFor(tenant);
    for (let i = 0; i < 3; i++) {
      const res = await gql<{ createVehicle: { id: string } }>(stack, 'concurrency', {
        query: CREATE,
        variables: { input: { unitNumber: `${tenant.slug}-${i}`, vin: randomVin(), make: 'Volvo', model: 'VNL', year: 2022 } },
        token,
      });
      expect(res.body.errors).toBeUndefined();
    }
  }
});

afterAll(async () => {
  await stack?.stop();
});

/** Everything in an answer that is not the tenant's own, judged against who owns what in the database. */
function foreignIn(tenant: Tenant, data: Read | null | undefined, owner: ReadonlyMap<string, string>): string[] {
  if (!data) return ['no data'];
  const own = (email: string) => email.endsWith(`@${tenant.slug}.test`);
  const userIds = new Set(tenant.users.map((u) => u.id));
  const problems: string[] = [];
  if (!userIds.has(data.me.id) || !own(data.me.email)) problems.push(`leak: me ${data.me.email}`);
  if (data.tenant.id !== tenant.id || data.tenant.slug !== tenant.slug) problems.push(`leak: tenant ${data.tenant.slug}`);
  for (const { node } of data.vehicles.edges) {
    if (owner.get(node.id) !== tenant.id || !node.unitNumber.startsWith(tenant.slug)) problems.push(`leak: vehicle ${node.id} ${node.unitNumber}`);
    if (!own(node.createdBy.email) || !userIds.has(node.createdBy.id)) problems.push(`leak: vehicle creator ${node.createdBy.email}`);
  }
  for (const { node } of data.users.edges) if (!own(node.email)) problems.push(`leak: user ${node.email}`);
  return problems;
}

/** Runs tasks with at most `width` in flight, in order: the two tenants' requests stay interleaved. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** In flight at once: enough to interleave every step of the two tenants' requests, not so many that a loaded CI machine times out. */
const IN_FLIGHT = 10;

describe('two tenants at once', () => {
  it('200 interleaved requests, reads and writes: each answer holds only its own tenant’s data', async () => {
    const tokens = await Promise.all(tenants.map((t) => Promise.all(ROLES.map((role) => tokenFor(t, role)))));
    const tasks = Array.from({ length: 200 }, (_, i) => async () => {
      const which = i % 2;
      const tenant = tenants[which]!;
      if (i % 10 < 2) {
        // One request in five writes (as the owner): a vehicle whose unit number names its tenant.
        const res = await gql<{ createVehicle: { id: string; unitNumber: string; createdBy: { id: string; email: string } } }>(stack, 'concurrency', {
          query: CREATE,
          variables: { input: { unitNumber: `${tenant.slug}-c${i}`, vin: randomVin(), make: 'Volvo', model: 'VNL', year: 2022 } },
          token: tokens[which]![0]!,
        });
        const vehicle = res.body.data?.createVehicle;
        const problems = !vehicle
          ? ['no data']
          : vehicle.createdBy.email.endsWith(`@${tenant.slug}.test`) && vehicle.unitNumber.startsWith(tenant.slug)
            ? []
            : [`leak: creator ${vehicle.createdBy.email}`];
        return { tenant, kind: 'write' as const, res, problems, read: undefined };
      }
      const res: GraphQLResponse<Read> = await gql<Read>(stack, 'concurrency', { query: READ, token: tokens[which]![Math.floor(i / 2) % ROLES.length]! });
      return { tenant, kind: 'read' as const, res, problems: [] as string[], read: res.body.data };
    });
    const results = await pool(tasks, IN_FLIGHT);

    // Who owns each vehicle, from the database once every write is done.
    const owner = new Map<string, string>();
    for (const tenant of tenants) {
      const stored = await stack
        .collection('trucking', 'vehicles')
        .find({ parentCompany: oid(tenant.id) }, { projection: { _id: 1 } })
        .toArray();
      for (const v of stored) owner.set(v._id.toHexString(), tenant.id);
    }
    const problems = results.flatMap((r) => {
      const found = r.kind === 'read' ? foreignIn(r.tenant, r.read, owner) : r.problems;
      return [...found, ...errorCodes(r.res).map((code) => `error ${code}`)].map((p) => `${r.kind} ${r.tenant.slug}: ${p}`);
    });
    const leaks = problems.filter((p) => p.includes('leak: '));
    record('concurrency', { cases: results.length, leaks: leaks.length, unexpected: problems.length });
    expect(results).toHaveLength(200);
    expect(leaks).toEqual([]);
    expect(problems).toEqual([]);

    // And in the database: each tenant holds exactly its own vehicles, one per acknowledged create.
    for (const tenant of tenants) {
      const stored = await stack
        .collection('trucking', 'vehicles')
        .find({ parentCompany: oid(tenant.id) }, { projection: { unitNumber: 1 } })
        .toArray();
      expect(stored.map((v) => String(v['unitNumber'])).filter((unit) => !unit.startsWith(tenant.slug))).toEqual([]);
      const writes = results.filter((r) => r.tenant === tenant && r.kind === 'write' && r.res.body.data);
      expect(stored).toHaveLength(3 + writes.length);
    }
  });
});
