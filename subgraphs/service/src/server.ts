import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Connection } from 'mongoose';
import { createSubgraphServer, type BatchObserver, type Logger, type SubgraphServer } from '@attunelogic/shared';
import { type ServiceConfig } from './config';
import { createServiceModels, type ServiceModels } from './models';
import { serviceSettings, type ServiceSettings } from './settings';
import { createServiceResolvers, subgraph } from './subgraph';

export interface ServiceServerDeps {
  connection: Connection;
  /** The audit database; the subgraph's own database when absent (tests). */
  auditConnection?: Connection;
  /** Core's database, to check the users profiles link to; the subgraph's own when absent (tests). */
  coreConnection?: Connection;
  logger: Logger;
  /** Observes loader batches (tests count them). */
  observeBatches?: BatchObserver;
  /** The clock and dispatch policy; the defaults of settings.ts where absent. */
  settings?: Partial<ServiceSettings>;
}

/** The service subgraph's HTTP server, ready to `start()`; does not listen. */
export function createServiceServer(
  config: Pick<ServiceConfig, 'INTERNAL_CONTEXT_SECRET'>,
  deps: ServiceServerDeps,
): SubgraphServer<ServiceModels> {
  return createSubgraphServer({
    name: subgraph.name,
    schema: buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: createServiceResolvers(serviceSettings(deps.settings)) }]),
    internalContextSecret: config.INTERNAL_CONTEXT_SECRET,
    connection: deps.connection,
    models: createServiceModels(deps.connection, deps.coreConnection),
    logger: deps.logger,
    ...(deps.observeBatches ? { observeBatches: deps.observeBatches } : {}),
    ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
  });
}
