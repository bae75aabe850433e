import { type Connection } from 'mongoose';
import { type Logger } from '@attunelogic/shared';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { dedicatedTenants, placedCommandModels } from '@attunelogic/shared/tenancy';
import { type TruckingConfig } from '../env';
import { createTruckingModels, type TruckingModels } from '../models';
import { startDueBuilder, type DueBuilder } from './due-index';

/**
 * The trucking server with the maintenance due builder running beside it in the same process:
 * started after the server, stopped (its turn finished) before it. It builds the pool's tenants and
 * each dedicated tenant in its own database (the directory says which). `MAINTENANCE_DUE_BUILD_INTERVAL_MS`
 * 0 leaves it off.
 */
export function withDueBuilder(
  server: SubgraphServer<TruckingModels>,
  config: Pick<TruckingConfig, 'MAINTENANCE_DUE_BUILD_INTERVAL_MS' | 'MAINTENANCE_DUE_BUILD_BATCH'>,
  deps: { connection: Connection; coreConnection?: Connection; logger: Logger },
): SubgraphServer<TruckingModels> {
  let builder: DueBuilder | undefined;
  let placed: ReturnType<typeof placedCommandModels<TruckingModels>> | undefined;
  return {
    ...server,
    http: server.http,
    apollo: server.apollo,
    async start() {
      await server.start();
      if (config.MAINTENANCE_DUE_BUILD_INTERVAL_MS > 0) {
        const core = deps.coreConnection ?? deps.connection;
        const models = placedCommandModels(deps.connection, core, (connection) => createTruckingModels(connection, deps.coreConnection));
        placed = models;
        const pooled = createTruckingModels(deps.connection, deps.coreConnection);
        // The directory's dedicated tenants as of the last sweep: only they are looked up by placement,
        // so a turn reads no tenant record for the pool's tenants.
        let dedicated = new Set<string>();
        builder = startDueBuilder(pooled, {
          intervalMs: config.MAINTENANCE_DUE_BUILD_INTERVAL_MS,
          batch: config.MAINTENANCE_DUE_BUILD_BATCH,
          logger: deps.logger,
          modelsOf: async (tenantId) => (dedicated.has(tenantId) ? models.of(tenantId) : pooled),
          dedicated: async () => {
            dedicated = new Set((await dedicatedTenants(core)).map((tenant) => tenant.id));
            return [...dedicated];
          },
        });
      }
    },
    async stop() {
      await builder?.stop();
      await placed?.close();
      await server.stop();
    },
  };
}
