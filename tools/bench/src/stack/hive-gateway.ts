// Hive Gateway (The Guild) serving the committed supergraph over the bench's subgraphs, in its own
// process like our gateway. Subgraphs refuse any request without a signed internal context, so a
// propagateHeaders hook adds one per subgraph fetch (audience = its name, a new jti: a subgraph
// accepts a context once) for a fixed bench tenant and user. It does no authentication of its own.
//
// HIVE_DEDUPLICATE_INFLIGHT=off turns off its deduplication of identical in-flight subgraph
// requests (on by default for queries). It compares the requests, headers included, and every
// fetch carries its own context, so it finds fewer identical requests than when a context could be
// reused; our gateway compares what the context says instead.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freezeTenant, INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext, type TenantContext } from '@attunelogic/shared';
import { rewriteSubgraphUrls } from './supergraph';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`hive-gateway: ${name} is required`);
  return value;
};

/** The part of @graphql-hive/gateway used here. */
interface HiveGatewayModule {
  createGatewayRuntime(config: {
    supergraph: () => string;
    logging: string;
    graphiql: boolean;
    landingPage: boolean;
    propagateHeaders: { fromClientToSubgraphs: (payload: { subgraphName: string }) => Promise<Record<string, string>> };
    transportEntries: Record<string, { options: { deduplicateInflightRequests: boolean } }>;
  }): ((req: IncomingMessage, res: ServerResponse) => void) & { dispose(): Promise<void> | void };
}

// Imported by a computed name, so its typings stay out of this package's type-check: they augment
// graphql's error extensions as Yoga does, which conflicts with Apollo Server's augmentation when
// tsc checks the gateway's sources through this package.
const HIVE_GATEWAY = '@graphql-hive/gateway';
const { createGatewayRuntime } = (await import(HIVE_GATEWAY)) as HiveGatewayModule;

const tenant: TenantContext = freezeTenant(JSON.parse(env('BENCH_TENANT_CONTEXT')) as TenantContext);
const key = internalContextKey(env('INTERNAL_CONTEXT_PRIVATE_KEY'));

/** A context per subgraph fetch, as our gateway signs them: a subgraph accepts each one once. */
const contextFor = (subgraph: string): Promise<string> => signInternalContext(key, subgraph, tenant, 60);

const supergraph = rewriteSubgraphUrls(readFileSync(env('SUPERGRAPH_PATH'), 'utf8'), {
  core: env('SUBGRAPH_CORE_URL'),
  trucking: env('SUBGRAPH_TRUCKING_URL'),
  service: env('SUBGRAPH_SERVICE_URL'),
});

const gateway = createGatewayRuntime({
  supergraph: () => supergraph,
  logging: 'error',
  graphiql: false,
  landingPage: false,
  transportEntries: { '*': { options: { deduplicateInflightRequests: process.env['HIVE_DEDUPLICATE_INFLIGHT'] !== 'off' } } },
  propagateHeaders: {
    fromClientToSubgraphs: async ({ subgraphName }) => ({ [INTERNAL_CONTEXT_HEADER]: await contextFor(subgraphName) }),
  },
});

const server = createServer(gateway);
server.listen(Number(env('PORT')), '127.0.0.1');
const shutdown = () => {
  server.close();
  void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
