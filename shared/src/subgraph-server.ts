import { type IncomingMessage, type ServerResponse } from 'node:http';
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { auditPlugin } from './audit/audit-plugin';
import { AuditTrail } from './audit/audit-trail';
import { createAuditModels } from './audit/audit.model';
import { type GraphQLSchema } from 'graphql';
import { type Connection } from 'mongoose';
import { UNAUTHENTICATED_MESSAGE } from './errors/codes';
import { formatError } from './errors/mapper';
import { close, createHttpServer, errorBody, executeApollo, readBody, sendJson, PayloadTooLargeError } from './http';
import { INTERNAL_CONTEXT_HEADER, InternalContextError, internalContextVerifier, verifyInternalContext, type ReplayStore } from './internal-context';
import { TenantLoaders, type BatchObserver } from './loaders';
import { pingDatabase } from './mongo/connect';
import { requestLogger, type Logger } from './logger';
import { type TenantContext } from './tenant';
import { systemClock, type Clock } from './clock';
import { handleDownload, handleUpload, DOWNLOAD_PATH, UPLOAD_PATH, type DocumentRoutes } from './documents/http';
import { type Documents } from './documents/documents';
import { type SubgraphConcurrency } from './concurrency';
import { DEADLINE_HEADER, DEFAULT_REQUEST_DEADLINE_MS, requestDeadline, requestWork, WorkLimiter, type RequestWork, type WorkLimits } from './work';

/** What every resolver of every subgraph receives; `models` are the subgraph's own. */
export interface SubgraphContext<TModels = unknown> {
  readonly tenant: TenantContext;
  readonly loaders: TenantLoaders;
  readonly log: Logger;
  readonly models: TModels;
  /** What this request's mutations changed, for the audit log. */
  readonly audit: AuditTrail;
  /** The source of "now" for everything the request decides or stamps. */
  readonly clock: Clock;
  /** CPU-heavy work of the request: in slices, in the tenant's slots, under the request's deadline. */
  readonly work: RequestWork;
  /** The subgraph's documents (storage, links); absent where it keeps none or they are switched off. */
  readonly documents?: Documents;
}

export interface SubgraphServerOptions<TModels> {
  /** The subgraph's name: the audience its internal contexts must carry. */
  name: string;
  schema: GraphQLSchema;
  /** The gateway's public keys (`INTERNAL_CONTEXT_PUBLIC_KEYS`): the subgraph verifies, it cannot sign. */
  internalContextPublicKeys: string;
  /** How many unexpired contexts the subgraph remembers to refuse replays (default `DEFAULT_SEEN_CONTEXTS_CAPACITY`). */
  seenContextsCapacity?: number;
  /** Where accepted contexts are remembered instead of this process's memory (Redis, for several instances). */
  replayStore?: ReplayStore;
  connection: Connection;
  /** The pooled tenants' models (and the ones of everything that is not a request of a tenant). */
  models: TModels;
  /** The request's tenant's models by its placement (tenancy/placement.ts); `models` for every tenant when absent. */
  modelsFor?: (tenant: TenantContext) => TModels | Promise<TModels>;
  /** The audit database (every mutation writes one event there); the subgraph's own when absent. */
  auditConnection?: Connection;
  logger: Logger;
  /** Observes loader batches (tests count them). */
  observeBatches?: BatchObserver;
  /** The requests' clock (default: the system clock). */
  clock?: Clock;
  bodyLimitBytes?: number;
  /** How long one request may work (default DEFAULT_REQUEST_DEADLINE_MS); the gateway may ask for less. */
  deadlineMs?: number;
  /** Slots for expensive work, per tenant and in all (default DEFAULT_WORK_LIMITS). */
  workLimits?: WorkLimits;
  /** The upload and download routes of a subgraph that keeps documents (`shared/src/documents`). */
  documentRoutes?: DocumentRoutes;
}

export interface SubgraphServer<TModels = unknown> {
  readonly http: http.Server;
  readonly apollo: ApolloServer<SubgraphContext<TModels>>;
  /** What the requests' context carries as `documents` (the in-memory test runs give it too). */
  readonly documents?: Documents;
  /** The limits this server enforces: its slots for expensive work and its requests' time. */
  readonly concurrency: SubgraphConcurrency;
  /** The models of a tenant's requests, by its placement (the pooled `models` for a pooled tenant). */
  modelsFor(tenant: TenantContext): TModels | Promise<TModels>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/**
 * The HTTP server of a subgraph: `POST /graphql` only with a valid internal context minted for this
 * subgraph (`_service` and `_entities` included), plus `/healthz` and `/readyz`. Does not listen.
 */
export function createSubgraphServer<TModels>(options: SubgraphServerOptions<TModels>): SubgraphServer<TModels> {
  const { name, logger, connection } = options;
  const verifier = internalContextVerifier(options.internalContextPublicKeys, options.replayStore ?? options.seenContextsCapacity);
  const bodyLimit = options.bodyLimitBytes ?? 1_000_000;
  const deadlineMs = options.deadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
  const limiter = new WorkLimiter(options.workLimits);

  const apollo = new ApolloServer<SubgraphContext<TModels>>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would stop the server and re-raise the signal,
    // killing the process (exit 143) before the database connection is closed.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, (e) => logger.error({ err: e }, 'unexpected error')),
    // Traces are the gateway's business (OpenTelemetry); the subgraph does not send Apollo's own.
    plugins: [ApolloServerPluginInlineTraceDisabled(), auditPlugin(createAuditModels(options.auditConnection ?? connection), name, logger)],
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', service: name });
    if (path === '/readyz') {
      const ready = await pingDatabase(connection);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', service: name, database: ready });
    }
    const routes = options.documentRoutes;
    // A download link is its own credential: a browser opens it, with no internal context.
    if (routes && req.method === 'GET' && path !== undefined && DOWNLOAD_PATH.test(path)) return handleDownload(routes, req, res, (options.clock ?? systemClock).now());
    const upload = routes !== undefined && path === UPLOAD_PATH;
    if (path !== GRAPHQL_PATH && !upload) return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
    if (req.method !== 'POST') return sendJson(res, 405, errorBody('BAD_USER_INPUT', 'Use POST.'), { allow: 'POST' });

    const header = req.headers[INTERNAL_CONTEXT_HEADER];
    let tenant: TenantContext;
    try {
      tenant = await verifyInternalContext(verifier, name, Array.isArray(header) ? undefined : header);
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, 'refused request without a valid internal context');
      if (error instanceof InternalContextError && error.reason === 'replay-store-full') {
        return sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', 'Too many requests in flight; try again shortly.'), { 'retry-after': '1' });
      }
      return sendJson(res, 401, errorBody('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE));
    }

    if (upload) return handleUpload(routes, req, res, tenant, requestLogger(logger, tenant));

    let body: string;
    try {
      body = await readBody(req, bodyLimit);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendJson(res, 413, errorBody('BAD_USER_INPUT', 'Request body too large.'));
      throw error;
    }
    const log = requestLogger(logger, tenant);
    let models: TModels;
    try {
      models = options.modelsFor ? await options.modelsFor(tenant) : options.models;
    } catch (error) {
      log.error({ err: error }, "the tenant's databases are unavailable");
      return sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', "The tenant's data is unavailable; try again shortly."), { 'retry-after': '1' });
    }
    // From the moment the request is read: the gateway's own timeout runs from before it was sent.
    const deadline = requestDeadline(deadlineMs, req.headers[DEADLINE_HEADER]);
    await executeApollo(apollo, req, res, body, async () => ({
      tenant,
      loaders: new TenantLoaders(tenant, options.observeBatches),
      log,
      models,
      audit: new AuditTrail(),
      clock: options.clock ?? systemClock,
      work: requestWork(limiter, tenant.tenantId, deadline),
      ...(options.documentRoutes ? { documents: options.documentRoutes.documents } : {}),
    }));
  }

  const server = createHttpServer(handle, (error) => logger.error({ err: error }, 'request failed'));
  return {
    http: server,
    apollo,
    concurrency: { work: limiter.limits, deadlineMs },
    ...(options.documentRoutes ? { documents: options.documentRoutes.documents } : {}),
    modelsFor: (tenant) => (options.modelsFor ? options.modelsFor(tenant) : options.models),
    start: () => apollo.start(),
    async stop() {
      await close(server);
      await apollo.stop();
    },
  };
}
