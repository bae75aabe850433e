import { type GraphQLFormattedError } from 'graphql';
import { createLogger, type Logger } from '../logger';
import { TenantLoaders, type BatchObserver } from '../loaders';
import { AuditTrail } from '../audit/audit-trail';
import { type SubgraphContext, type SubgraphServer } from '../subgraph-server';
import { type TenantContext } from '../tenant';
import { systemClock, type Clock } from '../clock';
import { Deadline, requestWork, WorkLimiter } from '../work';

/** What one operation returns through `executeOperation`, without the incremental-delivery union. */
export interface SingleResult<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: readonly GraphQLFormattedError[];
}

const silent = createLogger('test', 'silent');
/** The in-memory runs' slots for expensive work, one set per server with its limits, as one subgraph process has them. */
const limiters = new WeakMap<object, WorkLimiter>();
const limiterOf = (server: SubgraphServer<unknown>): WorkLimiter => {
  let limiter = limiters.get(server);
  if (!limiter) limiters.set(server, (limiter = new WorkLimiter(server.concurrency.work)));
  return limiter;
};

/**
 * Runs one operation in memory against a started subgraph server, with the context the HTTP path
 * builds from a valid internal context for `tenant`. `observe` records the loader batches; `clock`
 * is the request's clock (default: the system clock); `deadlineMs` the time its work is given, or
 * `deadline` the request's deadline itself (a test that moves its clock).
 * @example await executeAs(server, models, makeTenantContext(), '{ vehicles { totalCount } }')
 */
export async function executeAs<TModels, TData = Record<string, unknown>>(
  server: SubgraphServer<TModels>,
  models: TModels,
  tenant: TenantContext,
  query: string,
  variables: Record<string, unknown> = {},
  options: { observe?: BatchObserver; log?: Logger; clock?: Clock; deadlineMs?: number; deadline?: Deadline } = {},
): Promise<SingleResult<TData>> {
  const contextValue: SubgraphContext<TModels> = {
    tenant,
    loaders: new TenantLoaders(tenant, options.observe),
    log: options.log ?? silent,
    models,
    audit: new AuditTrail(),
    clock: options.clock ?? systemClock,
    work: requestWork(
      limiterOf(server as SubgraphServer<unknown>),
      tenant.tenantId,
      options.deadline ?? Deadline.in(options.deadlineMs ?? server.concurrency.deadlineMs),
    ),
    ...(server.documents ? { documents: server.documents } : {}),
  };
  const response = await server.apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('expected a single result, not incremental delivery');
  return response.body.singleResult as SingleResult<TData>;
}
