// Two gateway instances over the same subgraphs and one Redis (Debian's redis-server, started
// here): a suspension made through one takes effect on the other at once, and rate limits are one
// budget across both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger, listen } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { startRedisServer, type RedisServer } from '@attunelogic/shared/dev';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { createGatewayServer, loadGatewayConfig, readIndustrySchemas, type GatewayServer } from '@attunelogic/gateway';
import { freshTenant, INTERNAL_CONTEXT_KEYS, JWT_SECRET, startStack, tokenFor, type Stack } from './stack';

const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));

let stack: Stack;
let redisServer: RedisServer;
const clients: Redis[] = [];
const gateways: { server: GatewayServer; url: string }[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  stack = await startStack();
  redisServer = await startRedisServer();
  const redisPort = redisServer.port;
  for (let i = 0; i < 2; i++) {
    const redis = new Redis({ port: redisPort, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    clients.push(redis);
    const connection = await connectDatabase(stack.mongodbUri, 'e2e-core');
    const config = loadGatewayConfig({
      MONGODB_URI: stack.mongodbUri,
      INTERNAL_CONTEXT_PRIVATE_KEY: INTERNAL_CONTEXT_KEYS.privateKey,
      JWT_SECRET,
      NODE_ENV: 'test',
      SUBGRAPH_CORE_URL: stack.subgraphUrls.core,
      SUBGRAPH_TRUCKING_URL: stack.subgraphUrls.trucking,
      SUBGRAPH_SERVICE_URL: stack.subgraphUrls.service,
      TENANT_CACHE_TTL_MS: '60000',
      RATE_LIMIT_USER_REQUESTS: '6',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    const server = createGatewayServer(config, {
      connection,
      logger: createLogger('gateway-scale-out', 'silent'),
      supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
      industrySchemas: readIndustrySchemas(path.dirname(SUPERGRAPH)),
      redis,
    });
    await server.start();
    const { port } = await listen(server.http, 0, '127.0.0.1');
    gateways.push({ server, url: `http://127.0.0.1:${port}/api/v1/graphql` });
    closers.push(async () => {
      await server.stop();
      await connection.close();
    });
  }
}, 60_000);

afterAll(async () => {
  for (const close of closers) await close();
  for (const client of clients) client.disconnect();
  await redisServer?.stop();
  await stack?.stop();
});

async function call(gateway: number, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(gateways[gateway]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] } };
}

describe('two gateway instances with one Redis', () => {
  let tenant: ProvisionedTenant;

  it('a user deactivated through one instance is refused by the other at once (no waiting for the cache lifetime)', async () => {
    tenant = await freshTenant(stack, 'trucking');
    const viewer = tenant.users.find((u) => u.roles.includes('viewer'))!;
    const viewerToken = await tokenFor(tenant, 'viewer');
    const ownerToken = await tokenFor(tenant, 'owner');
    // Both instances have the viewer cached as active (60 s lifetime).
    expect((await call(0, viewerToken, '{ me { id } }')).status).toBe(200);
    expect((await call(1, viewerToken, '{ me { id } }')).status).toBe(200);

    const deactivated = await call(0, ownerToken, 'mutation ($id: ID!) { deactivateUser(id: $id) { id active } }', { id: viewer.id });
    expect(deactivated.body.errors).toBeUndefined();

    let refused = 0;
    for (let i = 0; i < 20 && refused === 0; i++) {
      const res = await call(1, viewerToken, '{ me { id } }');
      if (res.status === 403) refused += 1;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(refused).toBe(1);
  });

  it('counts one user’s requests against one budget across both instances', async () => {
    const other = await freshTenant(stack, 'trucking');
    const token = await tokenFor(other, 'dispatcher');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await call(i % 2, token, '{ me { id } }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
