// The whole system for a test file: the gateway in the test's process, on a real HTTP port, in front
// of the three subgraphs running as processes of their own (the suite's shared set unless the file
// asks for its own), against the real database server of the test run. Nothing is mocked, and no
// subgraph is imported: the tests see what a client and an operator see (the API, the databases by
// collection name, the directory of tenants, the subgraphs' commands).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { createAuditModels, createLogger, listen, type AuditModels, type Clock } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { CommandCounter, type ProxiedCommands } from '@attunelogic/shared/dev';
import { uniqueSlug } from '@attunelogic/shared/testing';
import { directoryModels, provisionTenant, type DirectoryModels, type Plan, type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { createGatewayServer, GRAPHQL_PATH, loadGatewayConfig, readIndustrySchemas, signDevelopmentToken, type GatewayServer } from '@attunelogic/gateway';
import path from 'node:path';
import { DB_PREFIX, SUBGRAPHS, startSubgraphs, type SubgraphName, type SubgraphProcess } from './subgraph-processes';
import type {} from './global-setup';

export type { SubgraphName };
/** The databases' prefix of the run (`e2e-core`, `e2e-events`, ...). */
export { DB_PREFIX };

export const JWT_SECRET = 'e2e-jwt-secret-at-least-thirty-two-bytes';
/** The internal-context key pair of the run (global setup): the gateway signs with the private key, the subgraphs hold the public one. */
export const INTERNAL_CONTEXT_KEYS = inject('internalContextKeys');
const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));

/** The database commands of a database since the last `reset`, as a subgraph process sent them. */
export interface Commands {
  readonly commands: readonly { name: string; collection: string }[];
  count(name: string, collection: string): number;
  reset(): void;
}

export interface Stack {
  readonly url: string;
  /** The gateway's metrics listener (loopback, not the public port). */
  readonly metricsUrl: string;
  /** The database server the stack runs on. */
  readonly mongodbUri: string;
  readonly gateway: GatewayServer;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** The subgraph processes of this stack's own (`ownSubgraphs`), which a test may stop and start again. */
  readonly own: Readonly<Partial<Record<SubgraphName, SubgraphProcess>>>;
  /** The databases (`e2e-<name>`), for reading and arranging data by collection name. */
  readonly connections: Readonly<Record<SubgraphName | 'audit', Connection>>;
  /** A collection of a database, through the driver. */
  collection(db: SubgraphName | 'audit', name: string): mongo.Collection;
  /** The directory of tenants and users (core's database), as every service reads it. */
  readonly directory: DirectoryModels;
  /** The audit log every subgraph writes. */
  readonly audit: AuditModels;
  /**
   * The commands this stack's own subgraph processes sent to each database (core's database counts
   * the industry subgraphs' reads of users too); the gateway's on its own connection. Reading the
   * commands of a database no own process uses is an error, not a silent zero.
   */
  readonly commands: Readonly<Record<SubgraphName, Commands>> & { readonly gateway: CommandCounter };
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Another database server than the test run's (fault tests start and stop their own); the stack then starts its own subgraphs. */
  mongodbUri?: string;
  /**
   * Subgraphs this stack starts for itself, behind a command-counting proxy, instead of using the
   * suite's shared processes: for counting their database commands, or stopping one.
   */
  ownSubgraphs?: readonly SubgraphName[];
  /** Extra gateway environment (e.g. small rate-limit budgets). */
  gatewayEnv?: Record<string, string>;
  tenantCacheTtlMs?: number;
  clock?: Clock;
  /** The gateway's port, when another server must know its address first (an authorization server's redirect URI); a free one when absent. */
  port?: number;
}

/** Commands of database `db` summed over `processes`; throws when none of them is counted there. */
function commandsOf(db: string, processes: readonly SubgraphProcess[]): Commands {
  const parts = (): ProxiedCommands[] => {
    if (processes.length === 0) throw new Error(`no subgraph of this stack's own reaches ${db}: start the stack with ownSubgraphs`);
    return processes.map((p) => p.commandsOn(db));
  };
  return {
    get commands() {
      return parts().flatMap((part) => part.commands);
    },
    count: (name, collection) => parts().reduce((n, part) => n + part.count(name, collection), 0),
    reset: () => parts().forEach((part) => part.reset()),
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const uri = options.mongodbUri ?? inject('mongodbUri');
  const logLevel = process.env['E2E_LOG_LEVEL'] ?? 'error';
  const logger = createLogger('e2e', logLevel);
  const ownNames = options.mongodbUri ? SUBGRAPHS : (options.ownSubgraphs ?? []);
  const ownSet = ownNames.length
    ? await startSubgraphs({ mongodbUri: uri, publicKey: INTERNAL_CONTEXT_KEYS.publicKey, counted: !options.mongodbUri }, ownNames)
    : undefined;
  const own: Partial<Record<SubgraphName, SubgraphProcess>> = { ...ownSet?.processes };
  const subgraphUrls = { ...(options.mongodbUri ? {} : inject('subgraphUrls')), ...ownSet?.urls } as Record<SubgraphName, string>;
  const [core, trucking, service, audit, gatewayDb] = await Promise.all([
    ...(['core', 'trucking', 'service', 'audit'] as const).map((name) => connectDatabase(uri, `${DB_PREFIX}-${name}`)),
    connectDatabase(uri, `${DB_PREFIX}-core`, { monitorCommands: true }),
  ]);
  const connections = { core: core!, trucking: trucking!, service: service!, audit: audit! };
  const gatewayConfig = loadGatewayConfig({
    MONGODB_URI: uri,
    MONGODB_DB_PREFIX: DB_PREFIX,
    LOG_LEVEL: logLevel,
    NODE_ENV: 'test',
    PORT: '0',
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
    connection: gatewayDb!,
    logger,
    supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
    industrySchemas: readIndustrySchemas(path.dirname(SUPERGRAPH)),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await gateway.start();
  const address = await listen(gateway.http, options.port ?? 0, '127.0.0.1');
  const metricsAddress = await listen(gateway.metricsHttp, 0, '127.0.0.1');
  const ownProcesses = Object.values(own);
  return {
    url: `http://127.0.0.1:${address.port}`,
    metricsUrl: `http://127.0.0.1:${metricsAddress.port}`,
    mongodbUri: uri,
    gateway,
    subgraphUrls,
    own,
    connections,
    collection: (db, name) => {
      const handle = connections[db].db;
      if (!handle) throw new Error(`database ${db} is not open`);
      return handle.collection(name);
    },
    directory: directoryModels(core!),
    audit: createAuditModels(audit!),
    commands: {
      core: commandsOf(`${DB_PREFIX}-core`, ownProcesses),
      trucking: commandsOf(`${DB_PREFIX}-trucking`, ownProcesses),
      service: commandsOf(`${DB_PREFIX}-service`, ownProcesses),
      gateway: new CommandCounter(gatewayDb!),
    },
    async stop() {
      await gateway.stop();
      await ownSet?.stop();
      await Promise.all([...Object.values(connections), gatewayDb!].map((c) => c.close()));
    },
  };
}

/** An id as stored (the driver does not cast strings as the models do). */
export const oid = (id: string): mongoose.Types.ObjectId => new mongoose.Types.ObjectId(id);

/** A fresh tenant with one user per role of its industry; unique slug, so tests never collide. */
export async function freshTenant(
  stack: Stack,
  appType: 'trucking' | 'serviceRepair',
  state: { paymentStatus?: 'trialing' | 'active' | 'past_due' | 'canceled'; active?: boolean; plan?: Plan } = {},
): Promise<ProvisionedTenant> {
  const slug = uniqueSlug(appType === 'trucking' ? 'trk' : 'svc');
  const field = appType === 'trucking' ? 'driver' : 'technician';
  return provisionTenant(stack.directory, {
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
