import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import type http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind } from 'graphql';
import { type Redis } from 'ioredis';
import { type Connection } from 'mongoose';
import {
  close,
  createHttpServer,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
  errorBody,
  executeApollo,
  formatError,
  freezeTenant,
  httpStatusOf,
  internalContextKey,
  PayloadTooLargeError,
  pingDatabase,
  readBody,
  requestLogger,
  sendJson,
  type AppType,
  type Logger,
} from '@attunelogic/shared';
import { readTenantHeader, resolveTenant } from './auth/resolve-tenant';
import { createTokenVerifier, RefusalError, unauthenticated } from './auth/verify-token';
import { type GatewayConfig } from './config';
import { createGatewayContext, type GatewayContext } from './context';
import { createSubgraphAgents, InternalContextDataSource } from './data-source';
import { industryIntrospectionPlugin } from './introspection';
import { OPERATION_LIMITS, operationLimits } from './limits';
import { createMetrics } from './metrics';
import { createRateLimiter, estimateCost, type Budgets, type RateLimiter } from './rate-limit';
import { createPlayground, PLAYGROUND_ASSETS } from './playground';
import { createDirectory, type Directory } from './verification/directory';
import { createInvalidationBus, TENANT_STATE_MUTATIONS } from './verification/invalidation';
import { verifyParent } from './verification/verify-parent';

export const GRAPHQL_PATH = '/api/v1/graphql';

export interface GatewayDeps {
  /** Connection to core's database, for parent verification. */
  connection: Connection;
  logger: Logger;
  /** The committed, statically composed supergraph. */
  supergraphSdl: string;
  /** Each industry's API schema (schema/api/*.graphql): what introspection shows its tenants. */
  industrySchemas: Record<AppType, string>;
  /** For tests with a frozen clock. */
  now?: () => Date;
  onDirectoryRead?: (collection: 'customers' | 'users') => void;
  /** Shared rate-limit state across gateway instances (REDIS_URL). */
  redis?: Redis;
}

export interface GatewayServer {
  readonly http: http.Server;
  readonly apollo: ApolloServer<GatewayContext>;
  readonly directory: Directory;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/** No input of the schema nests this deep; deeper JSON would only exhaust the stack downstream. */
const MAX_VARIABLE_DEPTH = 32;

/** Whether a request body's JSON nests deeper than the limit, counted without recursion. */
function tooDeep(body: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_VARIABLE_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** `past_due` tenants are read-only: a mutation is refused with 402 before anything runs. */
const paymentPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation' && contextValue.paymentStatus === 'past_due') {
          throw new GraphQLError('The tenant is past due: the API is read-only until payment is settled.', {
            extensions: { code: 'PAYMENT_REQUIRED', http: { status: httpStatusOf('PAYMENT_REQUIRED') } },
          });
        }
      },
    };
  },
};

/** Notes the operation's name and outcome (success, or the first error's code) for metrics and logs. */
const reportPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operationName, response }) {
        contextValue.report.operation = operationName ?? undefined;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        contextValue.report.outcome = errors?.length ? String(errors[0]?.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR') : 'success';
      },
    };
  },
};

/** After a mutation that changes a tenant's or a user's state, every instance forgets its cache of them. */
const invalidationPlugin = (bus: ReturnType<typeof createInvalidationBus>): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ operation, contextValue }) {
        if (operation?.operation !== 'mutation') return;
        const touched = operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && TENANT_STATE_MUTATIONS.has(s.name.value));
        if (touched) await bus.publish(contextValue.tenant.slug);
      },
    };
  },
});

/** Refuses an operation whose estimated cost exceeds what is left of the tenant's cost budget. */
const costPlugin = (limiter: RateLimiter): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request, contextValue }) {
        const verdict = await limiter.cost(contextValue.tenant.tenantId, estimateCost(document, request.variables ?? {}), contextValue.budgets);
        if (!verdict.ok) throw rateLimited(verdict.retryAfterSeconds);
      },
    };
  },
});

const RATE_LIMITED_MESSAGE = 'Request budget exceeded; retry after the time in Retry-After.';
const rateLimited = (retryAfterSeconds: number) =>
  new GraphQLError(RATE_LIMITED_MESSAGE, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) } },
  });

/**
 * The public gateway: tenant resolution → authentication → parent verification → the federated
 * operation. Does not listen.
 */
export function createGatewayServer(config: GatewayConfig, deps: GatewayDeps): GatewayServer {
  const { logger } = deps;
  const key = internalContextKey(config.INTERNAL_CONTEXT_SECRET);
  const subgraphUrls: Record<string, string> = {
    core: config.SUBGRAPH_CORE_URL,
    trucking: config.SUBGRAPH_TRUCKING_URL,
    service: config.SUBGRAPH_SERVICE_URL,
  };
  const verifyToken = createTokenVerifier({
    secret: config.JWT_SECRET,
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const limiter = createRateLimiter({ windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS, redis: deps.redis });
  const defaultBudgets: Budgets = {
    tenantRequests: config.RATE_LIMIT_TENANT_REQUESTS,
    userRequests: config.RATE_LIMIT_USER_REQUESTS,
    tenantCost: config.RATE_LIMIT_TENANT_COST,
  };
  const metrics = createMetrics();
  const directory = createDirectory(deps.connection, {
    ttlMs: config.TENANT_CACHE_TTL_MS,
    onDatabaseRead: (collection) => {
      metrics.directoryRead(collection);
      deps.onDirectoryRead?.(collection);
    },
  });

  const invalidation = createInvalidationBus({ redis: deps.redis, logger, onInvalidate: (slug) => directory.invalidateTenant(slug) });

  // @apollo/gateway otherwise exports usage metrics to Apollo and, to label them, probes the cloud
  // metadata endpoints of AWS, GCP, Azure and Alibaba from the gateway's network. We send nothing
  // anywhere; the variable is read by the constructor below.
  process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
  const agents = createSubgraphAgents();
  const gateway = new ApolloGateway({
    supergraphSdl: deps.supergraphSdl,
    buildService: ({ name, url }) =>
      new InternalContextDataSource(name, subgraphUrls[name] ?? url ?? '', { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, logger, agents, dedupe: config.SUBGRAPH_DEDUPE === 'on' }),
  });

  const limits = operationLimits(OPERATION_LIMITS, { hideSuggestions: config.NODE_ENV === 'production' });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    introspection: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      paymentPlugin,
      costPlugin(limiter),
      invalidationPlugin(invalidation),
      industryIntrospectionPlugin(deps.industrySchemas),
      reportPlugin,
    ],
    formatError: (formatted, error) => formatError(formatted, error, (e) => logger.error({ err: e }, 'unexpected error')),
  });

  let started = false;
  const playground = createPlayground(GRAPHQL_PATH);

  async function ready(): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = { supergraph: started, database: await pingDatabase(deps.connection) };
    await Promise.all(
      Object.entries(subgraphUrls).map(async ([name, url]) => {
        try {
          const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
          checks[name] = res.ok;
        } catch {
          checks[name] = false;
        }
      }),
    );
    return { ok: Object.values(checks).every(Boolean), checks };
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (playground.wantsPage(req)) return playground.servePage(res);
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    if (req.method !== 'POST' && req.method !== 'GET') {
      return sendJson(res, 405, errorBody('BAD_USER_INPUT', 'Use POST (or GET for queries).'), { allow: 'GET, POST' });
    }
    let body = '';
    try {
      body = await readBody(req, config.BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendJson(res, 413, errorBody('BAD_USER_INPUT', 'Request body too large.'));
      throw error;
    }

    let context: GatewayContext;
    try {
      // Node keeps only the first of repeated Authorization headers; a request carrying two tokens is
      // refused rather than judged by whichever came first. Two X-Tenant headers likewise.
      const authorizations = req.headersDistinct['authorization'] ?? [];
      if (authorizations.length > 1) throw unauthenticated('repeated authorization header');
      const tenants = req.headersDistinct['x-tenant'] ?? [];
      const header = readTenantHeader(tenants.length > 1 ? tenants : tenants[0]);
      const claims = await verifyToken(authorizations[0]);
      const slug = resolveTenant(header, claims.tenant);
      const { tenant, user } = await verifyParent(directory, slug, claims.sub);
      const tenantContext = freezeTenant({
        tenantId: tenant.id,
        slug: tenant.slug,
        appType: tenant.appType,
        userId: user.id,
        roles: user.roles,
        flags: tenant.flags,
        settings: tenant.settings,
        requestId,
      });
      const budgets = defaultBudgets;
      const verdict = await limiter.request(tenant.id, user.id, budgets);
      if (!verdict.ok) {
        logger.info({ requestId, tenant: tenant.slug, limit: verdict.limit }, 'rate limited');
        metrics.observe({ operation: undefined, industry: tenant.appType, outcome: 'RATE_LIMITED', tenant: tenant.slug, seconds: seconds() });
        return sendJson(res, 429, errorBody('RATE_LIMITED', RATE_LIMITED_MESSAGE), { 'retry-after': String(verdict.retryAfterSeconds) });
      }
      context = createGatewayContext(tenantContext, tenant, budgets, requestLogger(logger, tenantContext), key);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.warn({ requestId, err: error }, 'parent verification: database unavailable');
        return sendJson(res, 503, { errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE', service: 'database' } }] });
      }
      if (!(error instanceof RefusalError)) throw error;
      logger.info({ requestId, code: error.code, reason: error.reason }, 'request refused');
      metrics.observe({ operation: undefined, industry: 'unknown', outcome: error.code, tenant: undefined, seconds: seconds() });
      return sendJson(res, httpStatusOf(error.code), errorBody(error.code, error.message));
    }
    if (tooDeep(body)) {
      return sendJson(res, 400, errorBody('BAD_USER_INPUT', `Variables nest deeper than ${MAX_VARIABLE_DEPTH} levels.`));
    }
    await executeApollo(apollo, req, res, body, async () => context);
    const { operation, outcome = 'INTERNAL_SERVER_ERROR' } = context.report;
    metrics.observe({ operation, industry: context.tenant.appType, outcome, tenant: context.tenant.slug, seconds: seconds() });
    context.log.info({ operation, outcome, status: res.statusCode, ms: Math.round(seconds() * 1000) }, 'request completed');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    switch (path) {
      case GRAPHQL_PATH:
        return handleGraphQL(req, res, requestId);
      case `${GRAPHQL_PATH}${PLAYGROUND_ASSETS}graphiql.js`:
      case `${GRAPHQL_PATH}${PLAYGROUND_ASSETS}graphiql.css`:
      case `${GRAPHQL_PATH}${PLAYGROUND_ASSETS}init.js`:
        playground.serveAsset(path.slice(GRAPHQL_PATH.length + PLAYGROUND_ASSETS.length), res);
        return;
      case '/metrics': {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return;
      }
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', service: 'gateway' });
      case '/readyz': {
        const { ok, checks } = await ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', checks });
      }
      default:
        return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
    }
  }

  const server = createHttpServer(handle, (error) => logger.error({ err: error }, 'request failed'));
  return {
    http: server,
    apollo,
    directory,
    async start() {
      await invalidation.ready;
      await apollo.start();
      started = true;
    },
    async stop() {
      await close(server);
      await apollo.stop();
      agents.destroy();
      await invalidation.close();
      started = false;
    },
  };
}
