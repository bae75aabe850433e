import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type ApolloServer } from '@apollo/server';
import { executeApollo, requestLogger, type InternalContextKey, type Logger } from '@attunelogic/shared';
import { createGatewayContext, type GatewayContext } from '../context';
import { refusals, sendRefusal, type Refusal } from '../http/refusals';
import { type RequestIds } from '../http/router';
import { type Metrics } from '../metrics';
import { type UserInFlight } from '../limits/in-flight';
import { type Budgets, type RateLimiter } from '../rate-limit';
import { type TenantRecord } from '@attunelogic/shared/tenancy';
import { type Authenticator } from './authenticate';
import { MAX_VARIABLE_DEPTH, readGraphQLBody, tooDeep } from './body';
import { type RegisterOperation } from './registered-operations';

export interface GraphQLPipeline {
  apollo: ApolloServer<GatewayContext>;
  authenticate: Authenticator;
  limiter: RateLimiter;
  /** Requests in flight per user. */
  inFlight: UserInFlight;
  /** A tenant's request and cost budgets. */
  budgetsFor(tenant: TenantRecord): Budgets;
  /** Failed authentications a client address may have per window before it is refused outright. */
  addressFailures: number;
  key: InternalContextKey;
  bodyLimitBytes: number;
  /** The time a request may take in all, its wait for a slot included. */
  requestDeadlineMs: number;
  metrics: Metrics;
  logger: Logger;
  /** A documentId to its registered operation; text refused from a client set to registered operations only. */
  register: RegisterOperation;
}

/**
 * One GraphQL request through the gateway's stages, each of which answers or passes on:
 * body → address budget → authentication (tenant, token, parent) → request budget → variable depth → registered
 * operations (a documentId resolved; text refused from a registered-only client) → the user's
 * share of requests in flight → the federated
 * operation (Apollo Server with the gateway's plugins) → metrics and the access log.
 */
export function createGraphQLHandler(p: GraphQLPipeline) {
  return async function handleGraphQL(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const { requestId } = ids;
    const started = process.hrtime.bigint();
    const deadlineAt = performance.now() + p.requestDeadlineMs;
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const refuse = (refusal: Refusal, observed?: { industry: string; tenant?: string }) => {
      if (observed) p.metrics.observe({ operation: undefined, industry: observed.industry, outcome: refusal.code, tenant: observed.tenant, seconds: seconds() });
      sendRefusal(res, refusal);
    };

    const read = await readGraphQLBody(req, p.bodyLimitBytes);
    if (!read.ok) return refuse(read.refusal);

    // Before anything is verified: an address that keeps failing to authenticate costs no more work.
    const address = req.socket.remoteAddress ?? 'unknown';
    const allowed = await p.limiter.address(address, p.addressFailures);
    if (!allowed.ok) {
      p.logger.info({ requestId, address, limit: 'addressFailures' }, 'rate limited');
      return refuse(refusals.rateLimited(allowed.retryAfterSeconds), { industry: 'unknown' });
    }
    const auth = await p.authenticate(req, ids);
    if (!auth.ok) {
      if (auth.refusal.code !== 'SERVICE_UNAVAILABLE') await p.limiter.addressFailed(address);
      p.logger.info({ requestId, code: auth.refusal.code, reason: auth.reason }, 'request refused');
      return refuse(auth.refusal, auth.refusal.code === 'SERVICE_UNAVAILABLE' ? undefined : { industry: 'unknown' });
    }
    const { tenant, record } = auth.value;

    const budgets = p.budgetsFor(record);
    const verdict = await p.limiter.request(tenant.tenantId, tenant.userId, budgets);
    if (!verdict.ok) {
      p.logger.info({ requestId, tenant: tenant.slug, limit: verdict.limit }, 'rate limited');
      return refuse(refusals.rateLimited(verdict.retryAfterSeconds), { industry: tenant.appType, tenant: tenant.slug });
    }
    if (tooDeep(read.body)) return refuse(refusals.tooDeep(MAX_VARIABLE_DEPTH));
    const registered = p.register(req, read.body, auth.value);
    if (!registered.ok) {
      p.logger.info({ requestId, tenant: tenant.slug, code: registered.refusal.code, clientId: auth.value.clientId, principal: auth.value.principal }, 'request refused');
      return refuse(registered.refusal, { industry: tenant.appType, tenant: tenant.slug });
    }

    // A user's requests beyond their share in flight wait their turn (or are refused after a while).
    const slot = await p.inFlight.enter(tenant.tenantId, tenant.userId, deadlineAt - performance.now());
    if (!slot.ok) {
      p.logger.info({ requestId, tenant: tenant.slug, limit: 'inFlight' }, 'rate limited');
      return refuse(refusals.rateLimited(slot.retryAfterSeconds), { industry: tenant.appType, tenant: tenant.slug });
    }
    const context = createGatewayContext(tenant, record, budgets, requestLogger(p.logger, tenant), p.key, deadlineAt);
    try {
      await executeApollo(p.apollo, req, res, registered.body, async () => context);
    } finally {
      slot.release();
    }
    const { operation, outcome = 'INTERNAL_SERVER_ERROR' } = context.report;
    p.metrics.observe({ operation, industry: tenant.appType, outcome, tenant: tenant.slug, seconds: seconds() });
    context.log.info({ operation, outcome, status: res.statusCode, ms: Math.round(seconds() * 1000) }, 'request completed');
  };
}
