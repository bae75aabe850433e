import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Connection } from 'mongoose';
import { createSubgraphServer, type BatchObserver, type Logger, type SubgraphServer } from '@attunelogic/shared';
import { type TruckingConfig } from './config';
import { createTruckingModels, type TruckingModels } from './models';
import { subgraph } from './subgraph';

export interface TruckingServerDeps {
  connection: Connection;
  /** The audit database; the subgraph's own database when absent (tests). */
  auditConnection?: Connection;
  /** Core's database, to check the users profiles link to; the subgraph's own when absent (tests). */
  coreConnection?: Connection;
  logger: Logger;
  /** Observes loader batches (tests count them). */
  observeBatches?: BatchObserver;
}

/** The trucking subgraph's HTTP server, ready to `start()`; does not listen. */
export function createTruckingServer(
  config: Pick<TruckingConfig, 'INTERNAL_CONTEXT_SECRET'>,
  deps: TruckingServerDeps,
): SubgraphServer<TruckingModels> {
  return createSubgraphServer({
    name: subgraph.name,
    schema: buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers }]),
    internalContextSecret: config.INTERNAL_CONTEXT_SECRET,
    connection: deps.connection,
    models: createTruckingModels(deps.connection, deps.coreConnection),
    logger: deps.logger,
    ...(deps.observeBatches ? { observeBatches: deps.observeBatches } : {}),
    ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
  });
}
