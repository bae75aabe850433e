// The whole system in one test process: three subgraphs and the gateway, each on its own HTTP port
// (0 = a free one), against the real database server of the test run. Nothing is mocked.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { createLogger, listen, type Clock, generateInternalContextKeys } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { CommandCounter } from '@attunelogic/shared/dev';
import { uniqueSlug } from '@attunelogic/shared/testing';
import { provisionTenant, type Plan, type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { createCoreModels, createCoreServer, loadCoreConfig, type CoreModels } from '@attunelogic/subgraph-core';
import { createTruckingModels, createTruckingServer, loadTruckingConfig, type TruckingModels } from '@attunelogic/subgraph-trucking';
import { createServiceModels, createServiceServer, loadServiceConfig, type ServiceModels } from '@attunelogic/subgraph-service';
import { createGatewayServer, GRAPHQL_PATH, loadGatewayConfig, readIndustrySchemas, signDevelopmentToken, type GatewayServer } from '@attunelogic/gateway';
import path from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export const JWT_SECRET = 'e2e-jwt-secret-at-least-thirty-two-bytes';
/** The internal-context key pair of the test process: the gateway signs with the private key, the subgraphs hold the public one. */
export const INTERNAL_CONTEXT_KEYS = generateInternalContextKeys();
const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));

export interface Stack {
  readonly url: string;
  /** The gateway's metrics listener (loopback, not the public port). */
  readonly metricsUrl: string;
  /** The database server the stack runs on. */
  readonly mongodbUri: string;
  readonly gateway: GatewayServer;
  readonly subgraphs: { core: SubgraphServer<CoreModels>; trucking: SubgraphServer<TruckingModels>; service: SubgraphServer<ServiceModels> };
  readonly subgraphUrls: { core: string; trucking: string; service: string };
  readonly models: { core: CoreModels; trucking: TruckingModels; service: ServiceModels };
  readonly commands: { core: CommandCounter; trucking: CommandCounter; service: CommandCounter; gateway: CommandCounter };
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Another database server than the test run's (fault tests start and stop their own). */
  mongodbUri?: string;
  /** Extra gateway environment (e.g. small rate-limit budgets). */
  gatewayEnv?: Record<string, string>;
  tenantCacheTtlMs?: number;
  clock?: Clock;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const uri = options.mongodbUri ?? inject('mongodbUri');
  // Unexpected errors (a resolver's INTERNAL_SERVER_ERROR, a failed request) reach the test's output;
  // E2E_LOG_LEVEL=info shows everything, =silent nothing.
  const logLevel = process.env['E2E_LOG_LEVEL'] ?? 'error';
  const logger = createLogger('e2e', logLevel);
  const env = { MONGODB_URI: uri, INTERNAL_CONTEXT_PUBLIC_KEYS: INTERNAL_CONTEXT_KEYS.publicKey, LOG_LEVEL: logLevel, NODE_ENV: 'test', PORT: '0' };
  const [coreDb, truckingDb, serviceDb, gatewayDb, auditDb] = await Promise.all([
    connectDatabase(uri, 'e2e-core', { monitorCommands: true }),
    connectDatabase(uri, 'e2e-trucking', { monitorCommands: true }),
    connectDatabase(uri, 'e2e-service', { monitorCommands: true }),
    connectDatabase(uri, 'e2e-core', { monitorCommands: true }),
    // One audit database for every subgraph, as in production (runSubgraph): core's auditLog reads it.
    connectDatabase(uri, 'e2e-audit'),
  ]);
  const core = createCoreServer(loadCoreConfig(env), { connection: coreDb, auditConnection: auditDb, logger });
  const trucking = createTruckingServer(loadTruckingConfig(env), { connection: truckingDb, coreConnection: coreDb, auditConnection: auditDb, logger });
  const service = createServiceServer(loadServiceConfig(env), { connection: serviceDb, coreConnection: coreDb, auditConnection: auditDb, logger });
  const servers = { core, trucking, service };
  const subgraphUrls = { core: '', trucking: '', service: '' };
  for (const [name, server] of Object.entries(servers) as [keyof typeof servers, Pick<SubgraphServer, 'start' | 'http'>][]) {
    await server.start();
    const address = await listen(server.http, 0, '127.0.0.1');
    subgraphUrls[name] = `http://127.0.0.1:${address.port}/graphql`;
  }
  const gatewayConfig = loadGatewayConfig({
    ...env,
    INTERNAL_CONTEXT_PRIVATE_KEY: INTERNAL_CONTEXT_KEYS.privateKey,
    JWT_SECRET,
    SUBGRAPH_CORE_URL: subgraphUrls.core,
    SUBGRAPH_TRUCKING_URL: subgraphUrls.trucking,
    SUBGRAPH_SERVICE_URL: subgraphUrls.service,
    TENANT_CACHE_TTL_MS: String(options.tenantCacheTtlMs ?? 30_000),
    // Every suite's requests come from 127.0.0.1, many of them refused on purpose.
    RATE_LIMIT_ADDRESS_FAILURES: '1000000',
    ...options.gatewayEnv,
  });
  const gateway = createGatewayServer(gatewayConfig, {
    connection: gatewayDb,
    logger,
    supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
    industrySchemas: readIndustrySchemas(path.dirname(SUPERGRAPH)),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await gateway.start();
  const address = await listen(gateway.http, 0, '127.0.0.1');
  const metricsAddress = await listen(gateway.metricsHttp, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    metricsUrl: `http://127.0.0.1:${metricsAddress.port}`,
    mongodbUri: uri,
    gateway,
    subgraphs: servers,
    subgraphUrls,
    models: {
      core: createCoreModels(coreDb, { auditConnection: auditDb }),
      trucking: createTruckingModels(truckingDb, coreDb),
      service: createServiceModels(serviceDb, coreDb),
    },
    commands: {
      core: new CommandCounter(coreDb),
      trucking: new CommandCounter(truckingDb),
      service: new CommandCounter(serviceDb),
      gateway: new CommandCounter(gatewayDb),
    },
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(servers).map((s) => s.stop()));
      await Promise.all([coreDb, truckingDb, serviceDb, gatewayDb, auditDb].map((c) => c.close()));
    },
  };
}

/** A fresh tenant with one user per role of its industry; unique slug, so tests never collide. */
export async function freshTenant(
  stack: Stack,
  appType: 'trucking' | 'serviceRepair',
  state: { paymentStatus?: 'trialing' | 'active' | 'past_due' | 'canceled'; active?: boolean; plan?: Plan } = {},
): Promise<ProvisionedTenant> {
  const slug = uniqueSlug(appType === 'trucking' ? 'trk' : 'svc');
  const field = appType === 'trucking' ? 'driver' : 'technician';
  return provisionTenant(stack.models.core, {
    slug,
    name: `Tenant ${slug}`,
    appType,
    ...state,
    users: ['owner', 'admin', 'dispatcher', 'viewer', field].map((role) => ({ email: `${role}@${slug}.test`, name: role, roles: [role as 'owner'] })),
  });
}

/** A development token for a user of a tenant (the owner unless a role is named). */
export function tokenFor(tenant: ProvisionedTenant, role = 'owner', overrides: { tenantClaim?: string; ttlSeconds?: number } = {}): Promise<string> {
  const user = tenant.users.find((u) => u.roles.includes(role as never));
  if (!user) throw new Error(`no ${role} in ${tenant.slug}`);
  return signDevelopmentToken({
    secret: JWT_SECRET,
    issuer: 'attunelogic',
    audience: 'attunelogic-api',
    userId: user.id,
    tenant: overrides.tenantClaim ?? tenant.slug,
    ...(overrides.ttlSeconds !== undefined ? { ttlSeconds: overrides.ttlSeconds } : {}),
  });
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs an operation to the gateway over real HTTP. */
export async function post<T = Record<string, unknown>>(
  stack: Stack,
  request: {
    query?: string;
    variables?: Record<string, unknown>;
    extensions?: Record<string, unknown>;
    token?: string;
    tenant?: string;
    headers?: Record<string, string>;
  },
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  if (request.tenant) headers['x-tenant'] = request.tenant;
  const res = await fetch(`${stack.url}${GRAPHQL_PATH}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: request.query, variables: request.variables ?? {}, ...(request.extensions ? { extensions: request.extensions } : {}) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

/** The codes of a response's errors, in order. */
export const codes = (response: GraphQLResponse): unknown[] => (response.body.errors ?? []).map((e) => e.extensions?.['code']);

export { uniqueSlug };
