// Per-tenant placement through the whole system: a tenant moved from the pool to databases of its
// own by the operators' `pnpm tenant move` (a process of its own) while a load generator writes to
// it through the gateway; a mover killed with SIGKILL in the middle of its copy, then resumed; and
// isolation between a pooled and a dedicated tenant.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@attunelogic/shared/dev';
import { placementOf } from '@attunelogic/shared/tenancy';
import { DB_PREFIX, codes, freshTenant, oid, post, startStack, tokenFor, type Stack } from './stack';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';

// Short, so the mover's waits for the gateways' cache are short too.
const CACHE_TTL_MS = 300;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: CACHE_TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

const VIN = '1M8GDM9AXKP042788';
const CREATE = 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }';
const LIST = 'query { vehicles(first: 100) { totalCount edges { node { id unitNumber } } } }';
const GET = 'query ($id: ID!) { vehicle(id: $id) { id unitNumber } }';

/** `pnpm tenant move <slug> ...` as an operator runs it, in a process of its own. */
function mover(slug: string, args: readonly string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/tenant-cli.ts', 'move', slug, '--cache-ttl-ms', String(CACHE_TTL_MS), '--actor', 'operator:e2e', ...args],
    {
      cwd: path.join(repoRoot(), 'subgraphs', 'core'),
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '',
        MONGODB_URI: stack.mongodbUri,
        MONGODB_DB_PREFIX: DB_PREFIX,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const placementNow = async (tenant: ProvisionedTenant) => placementOf((await stack.collection('core', 'customers').findOne({ _id: oid(tenant.id) }))?.['placement']);
const vehiclesIn = (db: string, tenant: ProvisionedTenant) =>
  stack.connections.core
    .getClient()
    .db(db)
    .collection('vehicles')
    .countDocuments({ parentCompany: oid(tenant.id) });

async function addVehicles(token: string, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await post<{ createVehicle: { id: string } }>(stack, {
      query: CREATE,
      token,
      variables: { input: { unitNumber: `${prefix}-${i}`, vin: VIN, make: 'Volvo', model: 'VNL', year: 2022 } },
    });
    expect(res.body.errors).toBeUndefined();
    ids.push(res.body.data!.createVehicle.id);
  }
  return ids;
}

// A dedicated database's first request builds the subgraph's indexes there (seconds on FerretDB).
describe('moving a tenant between placements', { timeout: 120_000 }, () => {
  it('moves a tenant to dedicated databases while it is written to: every acknowledged write kept, reads never fail, held writes 503 with Retry-After', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'dispatcher');
    const acknowledged = await addVehicles(token, 12, 'A');

    let running = true;
    const held: { status: number; retryAfter: string | null; code: unknown }[] = [];
    const readFailures: unknown[] = [];
    let reads = 0;
    const writer = (async () => {
      for (let i = 0; running; i += 1) {
        const res = await post<{ createVehicle: { id: string } }>(stack, {
          query: CREATE,
          token,
          variables: { input: { unitNumber: `W-${i}`, vin: VIN, make: 'Volvo', model: 'VNL', year: 2022 } },
        });
        if (res.status === 200 && !res.body.errors) acknowledged.push(res.body.data!.createVehicle.id);
        else held.push({ status: res.status, retryAfter: res.headers.get('retry-after'), code: codes(res)[0] });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const reader = (async () => {
      while (running) {
        const res = await post<{ vehicles: { totalCount: number } }>(stack, { query: LIST, token });
        reads += 1;
        if (res.status !== 200 || res.body.errors) readFailures.push({ status: res.status, errors: res.body.errors });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const { done } = mover(tenant.slug, ['--to', 'dedicated', '--batch-size', '4']);
    const result = await done;
    // A few more writes after the move, which land in the tenant's own databases.
    await new Promise((resolve) => setTimeout(resolve, 2 * CACHE_TTL_MS));
    running = false;
    await Promise.all([writer, reader]);

    console.log(`placement: moved with ${acknowledged.length} acknowledged writes, ${held.length} held (503), ${reads} reads, 0 failed`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dedicated');
    expect(readFailures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held.map((h) => JSON.stringify(h)))).toEqual(new Set([JSON.stringify({ status: 503, retryAfter: '5', code: 'SERVICE_UNAVAILABLE' })]));

    const listed = await post<{ vehicles: { totalCount: number; edges: { node: { id: string } }[] } }>(stack, { query: LIST, token });
    expect(listed.body.data!.vehicles.totalCount).toBe(acknowledged.length);
    expect(new Set(listed.body.data!.vehicles.edges.map((edge) => edge.node.id))).toEqual(new Set(acknowledged));
    expect(await vehiclesIn(`${DB_PREFIX}-trucking-t-${tenant.id}`, tenant)).toBe(acknowledged.length);
    expect(await vehiclesIn(`${DB_PREFIX}-trucking`, tenant)).toBe(0);
    expect(await placementNow(tenant)).toMatchObject({ mode: 'dedicated', version: 1, moving: null });

    const steps = await stack.audit.AuditEvent.find({ parentCompany: oid(tenant.id), operation: /^moveTenant/ })
      .sort({ seq: 1 })
      .lean();
    expect(steps.map((step) => step.operation)).toEqual([
      'moveTenantHold',
      'moveTenantCopy',
      'moveTenantCopied',
      'moveTenantSwitch',
      'moveTenantRelease',
      'moveTenantFinish',
    ]);
    expect(steps.every((step) => step.actor === 'operator:e2e')).toBe(true);
  });

  it('resumes a move whose mover was killed with SIGKILL in the middle of its copy', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const token = await tokenFor(tenant, 'dispatcher');
    const ids = await addVehicles(token, 10, 'K');

    // One document per batch with a pause after each: the copy takes long enough to be cut.
    const { child, done } = mover(tenant.slug, ['--to', 'dedicated', '--batch-size', '1', '--pause-ms', '200']);
    for (;;) {
      const moving = (await placementNow(tenant)).moving;
      const copied = await vehiclesIn(`${DB_PREFIX}-trucking-t-${tenant.id}`, tenant);
      if (moving?.phase === 'copying' && copied >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    expect((await done).code).toBe(null);
    const cut = await placementNow(tenant);
    expect(cut).toMatchObject({ mode: 'pooled', moving: { phase: 'copying', hold: true } });
    // Reads continue from the source, which is complete; writes are still held.
    const during = await post<{ vehicles: { totalCount: number } }>(stack, { query: LIST, token });
    expect(during.body.data?.vehicles.totalCount).toBe(10);
    const write = await post(stack, { query: CREATE, token, variables: { input: { unitNumber: 'X-1', vin: VIN, make: 'Volvo', model: 'VNL', year: 2022 } } });
    expect([write.status, write.headers.get('retry-after'), codes(write)]).toEqual([503, '5', ['SERVICE_UNAVAILABLE']]);

    const resumed = await mover(tenant.slug, ['--resume']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming the move');
    expect(await placementNow(tenant)).toMatchObject({ mode: 'dedicated', moving: null });
    expect(await vehiclesIn(`${DB_PREFIX}-trucking-t-${tenant.id}`, tenant)).toBe(10);
    expect(await vehiclesIn(`${DB_PREFIX}-trucking`, tenant)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2 * CACHE_TTL_MS));
    const after = await post<{ vehicles: { edges: { node: { id: string } }[] } }>(stack, { query: LIST, token });
    expect(new Set(after.body.data!.vehicles.edges.map((edge) => edge.node.id))).toEqual(new Set(ids));
  });

  it('keeps a pooled and a dedicated tenant apart: NOT_FOUND both ways', async () => {
    const [dedicated, pooled] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    const [dedicatedToken, pooledToken] = await Promise.all([tokenFor(dedicated, 'dispatcher'), tokenFor(pooled, 'dispatcher')]);
    const [ofDedicated] = await addVehicles(dedicatedToken, 1, 'D');
    const [ofPooled] = await addVehicles(pooledToken, 1, 'P');
    const moved = await mover(dedicated.slug, ['--to', 'dedicated']).done;
    expect(moved.code, moved.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2 * CACHE_TTL_MS));

    for (const [token, id] of [
      [pooledToken, ofDedicated],
      [dedicatedToken, ofPooled],
    ] as const) {
      const read = await post<{ vehicle: unknown }>(stack, { query: GET, token, variables: { id } });
      expect([read.body.data, codes(read)]).toEqual([{ vehicle: null }, ['NOT_FOUND']]);
    }
    const own = await post<{ vehicles: { totalCount: number } }>(stack, { query: LIST, token: dedicatedToken });
    expect(own.body.data?.vehicles.totalCount).toBe(1);
    const other = await post<{ vehicles: { totalCount: number } }>(stack, { query: LIST, token: pooledToken });
    expect(other.body.data?.vehicles.totalCount).toBe(1);
  });
});
