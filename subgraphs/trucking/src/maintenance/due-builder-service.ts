import { type Connection } from 'mongoose';
import { type Logger } from '@attunelogic/shared';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { type TruckingConfig } from '../env';
import { createTruckingModels, type TruckingModels } from '../models';
import { startDueBuilder, type DueBuilder } from './due-index';

/**
 * The trucking server with the maintenance due builder running beside it in the same process:
 * started after the server, stopped (its turn finished) before it. `MAINTENANCE_DUE_BUILD_INTERVAL_MS`
 * 0 leaves it off.
 */
export function withDueBuilder(
  server: SubgraphServer<TruckingModels>,
  config: Pick<TruckingConfig, 'MAINTENANCE_DUE_BUILD_INTERVAL_MS' | 'MAINTENANCE_DUE_BUILD_BATCH'>,
  deps: { connection: Connection; coreConnection?: Connection; logger: Logger },
): SubgraphServer<TruckingModels> {
  let builder: DueBuilder | undefined;
  return {
    ...server,
    http: server.http,
    apollo: server.apollo,
    async start() {
      await server.start();
      if (config.MAINTENANCE_DUE_BUILD_INTERVAL_MS > 0) {
        builder = startDueBuilder(createTruckingModels(deps.connection, deps.coreConnection), {
          intervalMs: config.MAINTENANCE_DUE_BUILD_INTERVAL_MS,
          batch: config.MAINTENANCE_DUE_BUILD_BATCH,
          logger: deps.logger,
        });
      }
    },
    async stop() {
      await builder?.stop();
      await server.stop();
    },
  };
}
