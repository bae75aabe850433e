import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { gatewayConcurrency, type AppType, type Logger } from '@attunelogic/shared';
import { formatError } from '@attunelogic/shared/errors';
import { type GatewayConfig } from './config';
import { type GatewayContext } from './context';
import { createSubgraphAgents, InternalContextDataSource } from './data-source';
import { OPERATION_LIMITS, operationLimits } from './limits/operation-limits';
import { costPlugin } from './plugins/cost';
import { TenantCostInFlight } from './limits/cost-in-flight';
import { schemaCosts } from './limits/cost';
import { industryIntrospectionPlugin } from './plugins/introspection';
import { invalidationPlugin } from './plugins/invalidation';
import { paymentPlugin } from './plugins/payment';
import { placementHoldPlugin } from './plugins/placement-hold';
import { reportPlugin } from './plugins/report';
import { type RateLimiter } from './rate-limit';
import { type InvalidationBus } from './verification/invalidation';

export type SubgraphUrls = Record<'core' | 'trucking' | 'service', string>;

/**
 * Apollo Server over the statically composed supergraph, with the gateway's operation limits and
 * plugins (payment, cost, cache invalidation, per-industry introspection, report). The subgraphs
 * are reached with a signed internal context, never with the client's headers.
 */
export function createApollo(
  config: GatewayConfig,
  deps: {
    supergraphSdl: string;
    subgraphUrls: SubgraphUrls;
    industrySchemas: Record<AppType, string>;
    limiter: RateLimiter;
    invalidation: InvalidationBus;
    logger: Logger;
  },
) {
  // @apollo/gateway otherwise exports usage metrics to Apollo and, to label them, probes the cloud
  // metadata endpoints of AWS, GCP, Azure and Alibaba from the gateway's network. We send nothing
  // anywhere; the variable is read by the constructor below.
  process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
  const { logger, subgraphUrls } = deps;
  const concurrency = gatewayConcurrency(config);
  const agents = createSubgraphAgents(concurrency.subgraphSockets);
  const dataSource = { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, logger, agents, dedupe: config.SUBGRAPH_DEDUPE === 'on' };
  const gateway = new ApolloGateway({
    supergraphSdl: deps.supergraphSdl,
    buildService: ({ name, url }) => new InternalContextDataSource(name, subgraphUrls[name as keyof SubgraphUrls] ?? url ?? '', dataSource),
  });
  const limits = operationLimits(OPERATION_LIMITS, { hideSuggestions: config.NODE_ENV === 'production' });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would share one cache of operations across tenants: off. Registered
    // operations (an allow-list per client) are the way to send operations by id.
    persistedQueries: false,
    introspection: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      paymentPlugin,
      placementHoldPlugin,
      costPlugin(deps.limiter, OPERATION_LIMITS.maxCost, schemaCosts(deps.supergraphSdl), new TenantCostInFlight(concurrency.tenantCostInFlight)),
      invalidationPlugin(deps.invalidation),
      industryIntrospectionPlugin(deps.industrySchemas),
      reportPlugin,
    ],
    formatError: (formatted, error) => formatError(formatted, error, (e) => logger.error({ err: e }, 'unexpected error')),
  });
  return { apollo, agents };
}
