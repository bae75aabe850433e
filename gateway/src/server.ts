import type http from 'node:http';
import { type ApolloServer } from '@apollo/server';
import { type Redis } from 'ioredis';
import { type Connection } from 'mongoose';
import { close, createHttpServer, gatewayConcurrency, internalContextKey, type AppType, type Clock, type Logger } from '@attunelogic/shared';
import { createApollo, type SubgraphUrls } from './apollo';
import { tokenVerifierFor } from './auth/verify-token';
import { type GatewayConfig } from './config';
import { createRegisteredOperations, DEFAULT_MANIFEST, readManifest } from './request/registered-operations';
import { type GatewayContext } from './context';
import { createReadiness } from './http/readiness';
import { AUTH_PATH, createAuthProxy } from './http/auth-proxy';
import { createRouter, GRAPHQL_PATH } from './http/router';
import { createMetrics, createMetricsServer } from './metrics';
import { createPlayground } from './playground';
import { createRateLimiter, type Budgets } from './rate-limit';
import { createAuthenticator } from './request/authenticate';
import { createDocumentsHandler } from './request/documents';
import { createGraphQLHandler } from './request/graphql';
import { UserInFlight } from './limits/in-flight';
import { budgetsOfPlan, createDirectory, type Directory, type TenantRecord } from '@attunelogic/shared/tenancy';
import { createInvalidationBus } from './verification/invalidation';
import { LogTail } from './events/tail';
import { createEventStreamHandler } from './events/stream';

export { GRAPHQL_PATH } from './http/router';

export interface GatewayDeps {
  /** Connection to core's database, for parent verification. */
  connection: Connection;
  logger: Logger;
  /** The committed, statically composed supergraph. */
  supergraphSdl: string;
  /** Each industry's API schema (schema/api/*.graphql): what introspection shows its tenants. */
  industrySchemas: Record<AppType, string>;
  /** Tests pass a test clock; the real time otherwise. */
  clock?: Clock;
  onDirectoryRead?: (collection: 'customers' | 'users' | 'apiClients') => void;
  /** Shared rate-limit state across gateway instances (REDIS_URL). */
  redis?: Redis;
}

export interface GatewayServer {
  readonly http: http.Server;
  /** `GET /metrics` alone; the caller binds it to loopback. */
  readonly metricsHttp: http.Server;
  readonly apollo: ApolloServer<GatewayContext>;
  readonly directory: Directory;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The public gateway, wired from its stages (request/, plugins/, http/): tenant resolution →
 * authentication → parent verification → budgets → the federated operation. Does not listen.
 */
export function createGatewayServer(config: GatewayConfig, deps: GatewayDeps): GatewayServer {
  const { logger } = deps;
  const subgraphUrls: SubgraphUrls = { core: config.SUBGRAPH_CORE_URL, trucking: config.SUBGRAPH_TRUCKING_URL, service: config.SUBGRAPH_SERVICE_URL };
  const metrics = createMetrics();
  const directory = createDirectory(deps.connection, {
    ttlMs: config.TENANT_CACHE_TTL_MS,
    onDatabaseRead: (collection) => {
      metrics.directoryRead(collection);
      deps.onDirectoryRead?.(collection);
    },
  });
  const invalidation = createInvalidationBus({ redis: deps.redis, logger, onInvalidate: (slug) => directory.invalidateTenant(slug) });
  const limiter = createRateLimiter({ windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS, redis: deps.redis });
  const { apollo, agents } = createApollo(config, { ...deps, subgraphUrls, limiter, invalidation });
  // The configured budgets are the standard plan's; each tenant gets its plan's share of them.
  const standard: Budgets = {
    tenantRequests: config.RATE_LIMIT_TENANT_REQUESTS,
    userRequests: config.RATE_LIMIT_USER_REQUESTS,
    tenantCost: config.RATE_LIMIT_TENANT_COST,
  };
  const verifyToken = tokenVerifierFor(config, deps.clock);
  const authenticate = createAuthenticator({ verifyToken, directory, logger });
  const key = internalContextKey(config.INTERNAL_CONTEXT_PRIVATE_KEY);
  const budgetsFor = (tenant: TenantRecord) => budgetsOfPlan(tenant.plan, standard);
  const concurrency = gatewayConcurrency(config);
  const graphql = createGraphQLHandler({
    apollo,
    authenticate,
    limiter,
    inFlight: new UserInFlight(concurrency.userInFlight),
    budgetsFor,
    addressFailures: config.RATE_LIMIT_ADDRESS_FAILURES,
    key,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    requestDeadlineMs: concurrency.requestDeadlineMs,
    metrics,
    logger,
    register: createRegisteredOperations({
      manifest: readManifest(config.REGISTERED_OPERATIONS_PATH ?? DEFAULT_MANIFEST),
      registeredOnlyClients: config.REGISTERED_OPERATIONS_CLIENTS,
    }),
  });
  // The event log (database `<prefix>-events`), read by this instance's one tail for every stream it serves.
  const eventsDb = deps.connection.getClient().db(`${config.MONGODB_DB_PREFIX}-events`);
  const tail = new LogTail({ db: eventsDb, pollMs: config.EVENTS_STREAM_POLL_MS, settleMs: config.EVENTS_STREAM_SETTLE_MS, logger });
  const events = createEventStreamHandler({
    authenticate,
    directory,
    limiter,
    budgetsFor,
    addressFailures: config.RATE_LIMIT_ADDRESS_FAILURES,
    tail,
    db: eventsDb,
    perUser: config.EVENTS_STREAM_PER_USER,
    perTenant: config.EVENTS_STREAM_PER_TENANT,
    heartbeatMs: config.EVENTS_STREAM_HEARTBEAT_MS,
    retryMs: 2_000,
    maxBufferedBytes: 1_000_000,
    logger,
    metrics,
    now: () => (deps.clock?.now() ?? new Date()).getTime(),
  });
  const documents = createDocumentsHandler({
    authenticate,
    limiter,
    budgetsFor,
    addressFailures: config.RATE_LIMIT_ADDRESS_FAILURES,
    directory,
    key,
    subgraphUrls,
    maxBytes: config.DOCUMENT_MAX_BYTES,
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    logger,
  });
  let started = false;
  const ready = createReadiness({ connection: deps.connection, subgraphUrls, started: () => started });
  // With an authorization server behind /api/v1/auth, the Playground offers sign-in with it.
  const playgroundSignIn = config.AUTH_SERVER_URL ? { authPath: AUTH_PATH, issuer: config.JWT_JWKS_ISSUER ?? config.JWT_ISSUER } : undefined;
  const auth = config.AUTH_SERVER_URL ? createAuthProxy(config.AUTH_SERVER_URL, { timeoutMs: config.SUBGRAPH_TIMEOUT_MS }) : undefined;
  const server = createHttpServer(
    createRouter({ graphql, events, documents, playground: createPlayground(GRAPHQL_PATH, playgroundSignIn), ready, ...(auth ? { auth } : {}) }),
    (error) => logger.error({ err: error }, 'request failed'),
  );
  const metricsHttp = createMetricsServer(metrics);
  return {
    http: server,
    metricsHttp,
    apollo,
    directory,
    async start() {
      await invalidation.ready;
      await apollo.start();
      tail.start();
      started = true;
    },
    async stop() {
      // Open streams never end by themselves: they are ended first, so the listener can close.
      await tail.stop();
      await Promise.all([close(server), close(metricsHttp)]);
      await apollo.stop();
      agents.destroy();
      await invalidation.close();
      started = false;
    },
  };
}
