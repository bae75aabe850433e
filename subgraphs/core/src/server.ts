import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Connection } from 'mongoose';
import { createSubgraphServer, type BatchObserver, type Logger, type SubgraphServer } from '@attunelogic/shared';
import { type CoreConfig } from './config';
import { createCoreModels, type CoreModels } from './models';
import { subgraph } from './subgraph';

export interface CoreServerDeps {
  connection: Connection;
  /** The audit database; the subgraph's own database when absent (tests). */
  auditConnection?: Connection;
  logger: Logger;
  /** Observes loader batches (tests count them). */
  observeBatches?: BatchObserver;
  /** How long an effective tenant configuration is cached (default 30 s). */
  configCacheTtlMs?: number;
}

/** The core subgraph's HTTP server, ready to `start()`; does not listen. */
export function createCoreServer(
  config: Pick<CoreConfig, 'INTERNAL_CONTEXT_SECRET'>,
  deps: CoreServerDeps,
): SubgraphServer<CoreModels> {
  return createSubgraphServer({
    name: subgraph.name,
    schema: buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers }]),
    internalContextSecret: config.INTERNAL_CONTEXT_SECRET,
    connection: deps.connection,
    models: createCoreModels(deps.connection, {
      ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
      ...(deps.configCacheTtlMs !== undefined ? { configCacheTtlMs: deps.configCacheTtlMs } : {}),
    }),
    logger: deps.logger,
    ...(deps.observeBatches ? { observeBatches: deps.observeBatches } : {}),
    ...(deps.auditConnection ? { auditConnection: deps.auditConnection } : {}),
  });
}
