import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from 'graphql-tag';
import { z } from 'zod';
import { type Connection } from 'mongoose';
import {
  gatewayConcurrency,
  gatewayConcurrencyEnv,
  subgraphConcurrency,
  subgraphConcurrencyEnv,
  SUBGRAPH_SOCKETS,
  USER_QUEUE,
  type SubgraphConcurrencyConfig,
} from './concurrency';
import { loadConfig } from './config';
import { listen } from './http';
import { generateInternalContextKeys, INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext } from './internal-context';
import { createLogger } from './logger';
import { defineSubgraph } from './subgraph/define';
import { type SubgraphContext, type SubgraphServer } from './subgraph-server';
import { connectTestDatabase } from './testing/harness';
import { makeTenantContext } from './testing/tenants';
import { DEFAULT_REQUEST_DEADLINE_MS, DEFAULT_WORK_LIMITS } from './work';

describe('the limits’ one home', () => {
  it('gives each tier, unconfigured, the limits it had before they moved here', () => {
    expect(gatewayConcurrency()).toEqual({
      userInFlight: { perUser: 16, waitMs: 2_000, queuePerUser: 64 },
      tenantCostInFlight: 20_000,
      requestDeadlineMs: 5_000,
      subgraphSockets: 256,
    });
    expect(subgraphConcurrency()).toEqual({ work: DEFAULT_WORK_LIMITS, deadlineMs: DEFAULT_REQUEST_DEADLINE_MS });
    expect(DEFAULT_WORK_LIMITS).toEqual({ perTenant: 1, total: 2, queuePerTenant: 16 });
    expect([USER_QUEUE, SUBGRAPH_SOCKETS]).toEqual([64, 256]);
  });

  it('turns every variable into the limit it names, from the environment’s text', () => {
    const gateway = loadConfig(z.object(gatewayConcurrencyEnv), {
      USER_IN_FLIGHT: '4',
      USER_IN_FLIGHT_WAIT_MS: '500',
      REQUEST_DEADLINE_MS: '8000',
      TENANT_COST_IN_FLIGHT: '9000',
    });
    expect(gatewayConcurrency(gateway)).toEqual({
      userInFlight: { perUser: 4, waitMs: 500, queuePerUser: USER_QUEUE },
      tenantCostInFlight: 9_000,
      requestDeadlineMs: 8_000,
      subgraphSockets: SUBGRAPH_SOCKETS,
    });
    const subgraph = loadConfig(z.object(subgraphConcurrencyEnv), { WORK_PER_TENANT: '3', WORK_TOTAL: '8', WORK_QUEUE_PER_TENANT: '5', SUBGRAPH_DEADLINE_MS: '1500' });
    expect(subgraphConcurrency(subgraph)).toEqual({ work: { perTenant: 3, total: 8, queuePerTenant: 5 }, deadlineMs: 1_500 });
    expect(() => loadConfig(z.object(subgraphConcurrencyEnv), { WORK_PER_TENANT: '0' })).toThrow(/WORK_PER_TENANT/);
  });
});

// A subgraph built as every subgraph is (defineSubgraph), configured through the variables: its
// expensive work runs as many at once as they say, and its requests get the time they say.
const keys = generateInternalContextKeys();
const key = internalContextKey(keys.privateKey);
let connection: Connection;
const servers: SubgraphServer<Record<string, never>>[] = [];

/** Pieces of expensive work running now, and the most seen at once. */
const pieces = { running: 0, most: 0 };
const probe = defineSubgraph<Record<string, never>>({
  name: 'probe',
  typeDefs: gql('type Query { piece: Boolean timeLeftMs: Int }'),
  resolvers: {
    Query: {
      piece: (_p: unknown, _a: unknown, ctx: SubgraphContext) =>
        ctx.work.hold(async () => {
          pieces.running += 1;
          pieces.most = Math.max(pieces.most, pieces.running);
          await sleep(60);
          pieces.running -= 1;
          return true;
        }),
      timeLeftMs: (_p: unknown, _a: unknown, ctx: SubgraphContext) => ctx.work.deadline.remainingMs,
    },
  },
  models: () => ({}),
});

async function serve(
  config: Partial<Record<keyof SubgraphConcurrencyConfig, string>>,
): Promise<(query: string, tenant?: ReturnType<typeof makeTenantContext>) => Promise<{ data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }>> {
  const parsed = loadConfig(z.object(subgraphConcurrencyEnv), config);
  const server = probe.createServer({ INTERNAL_CONTEXT_PUBLIC_KEYS: keys.publicKey, ...parsed }, { connection, logger: createLogger('concurrency-test', 'silent') });
  servers.push(server);
  await server.start();
  const url = `http://127.0.0.1:${(await listen(server.http, 0, '127.0.0.1')).port}/graphql`;
  return async (query, tenant = makeTenantContext({ appType: 'trucking' })) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_CONTEXT_HEADER]: await signInternalContext(key, 'probe', tenant) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as never;
  };
}

const most = async (run: () => Promise<unknown>): Promise<number> => {
  pieces.most = 0;
  await run();
  return pieces.most;
};

const FOUR = '{ a: piece b: piece c: piece d: piece }';

describe('a subgraph configured through the variables', () => {
  beforeAll(async () => {
    connection = await connectTestDatabase('test-concurrency');
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await connection?.close();
  });

  it('WORK_PER_TENANT: one tenant’s pieces run that many at once (one by default)', async () => {
    const byDefault = await serve({});
    expect(await most(() => byDefault(FOUR))).toBe(1);
    const three = await serve({ WORK_PER_TENANT: '3', WORK_TOTAL: '8' });
    expect(await most(() => three(FOUR))).toBe(3);
  });

  it('WORK_TOTAL: all tenants’ pieces together run that many at once (two by default)', async () => {
    const tenants = () => [makeTenantContext({ appType: 'trucking' }), makeTenantContext({ appType: 'trucking' }), makeTenantContext({ appType: 'trucking' })];
    const byDefault = await serve({});
    expect(await most(() => Promise.all(tenants().map((t) => byDefault('{ piece }', t))))).toBe(2);
    const one = await serve({ WORK_TOTAL: '1' });
    expect(await most(() => Promise.all(tenants().map((t) => one('{ piece }', t))))).toBe(1);
  });

  it('WORK_QUEUE_PER_TENANT: pieces beyond those running and waiting are refused at once with RATE_LIMITED', async () => {
    const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);
    expect(codes(await (await serve({}))(FOUR))).toEqual([]);
    expect(codes(await (await serve({ WORK_QUEUE_PER_TENANT: '1' }))(FOUR))).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('SUBGRAPH_DEADLINE_MS: the time a request has in the subgraph (3 s by default)', async () => {
    const left = async (ask: (q: string) => Promise<{ data?: Record<string, unknown> }>) => (await ask('{ timeLeftMs }')).data?.['timeLeftMs'] as number;
    const byDefault = await left(await serve({}));
    expect(byDefault).toBeGreaterThan(1_000);
    expect(byDefault).toBeLessThanOrEqual(DEFAULT_REQUEST_DEADLINE_MS);
    expect(await left(await serve({ SUBGRAPH_DEADLINE_MS: '400' }))).toBeLessThanOrEqual(400);
  });
});
