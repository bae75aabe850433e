// Test helpers of the trucking subgraph: never imported by production code.
import { inject } from 'vitest';
import { type Connection } from 'mongoose';
import { connectDatabase, createLogger, type BatchObserver, type SubgraphServer, type TenantContext } from '@attunelogic/shared';
import { executeAs, type SingleResult } from '@attunelogic/shared/testing';
import { createTruckingModels, type TruckingModels } from './models';
import { createTruckingServer } from './server';

// The globalSetup (shared/src/testing/global-setup.ts) provides this; the declaration there is not
// part of this package's program, so it is repeated here for `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export const TEST_SECRET = 'trucking-test-internal-context-secret-0123456789';
export const silentLogger = createLogger('trucking-test', 'silent');

export interface TruckingHarness {
  readonly connection: Connection;
  readonly models: TruckingModels;
  readonly server: SubgraphServer<TruckingModels>;
  /** One operation as `tenant`, in memory, with the context a signed request would get. */
  run<TData = Record<string, unknown>>(
    tenant: TenantContext,
    query: string,
    variables?: Record<string, unknown>,
    observe?: BatchObserver,
  ): Promise<SingleResult<TData>>;
  close(): Promise<void>;
}

/** A started trucking server on this package's test database, its indexes built. */
export async function startHarness(dbName = 'test-trucking'): Promise<TruckingHarness> {
  const connection = await connectDatabase(inject('mongodbUri'), dbName);
  const models = createTruckingModels(connection);
  // Unique indexes must exist before tests race to violate them.
  await Promise.all(Object.values(models).map((model) => model.init()));
  const server = createTruckingServer({ INTERNAL_CONTEXT_SECRET: TEST_SECRET }, { connection, logger: silentLogger });
  await server.start();
  return {
    connection,
    models,
    server,
    run<TData>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}, observe?: BatchObserver) {
      return executeAs<TruckingModels, TData>(server, models, tenant, query, variables, observe ? { observe } : {});
    },
    async close() {
      await server.stop();
      await connection.close();
    },
  };
}
