// Test helpers of the service subgraph: never imported by production code.
import { inject } from 'vitest';
import { type Connection } from 'mongoose';
import { connectDatabase, createLogger, type BatchObserver, type SubgraphServer, type TenantContext } from '@attunelogic/shared';
import { executeAs, type SingleResult } from '@attunelogic/shared/testing';
import { createServiceModels, type ServiceModels } from './models';
import { createServiceServer } from './server';

// The globalSetup (shared/src/testing/global-setup.ts) provides this; the declaration there is not
// part of this package's program, so it is repeated here for `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export const TEST_SECRET = 'service-test-internal-context-secret-0123456789';
export const silentLogger = createLogger('service-test', 'silent');

export interface ServiceHarness {
  readonly connection: Connection;
  readonly models: ServiceModels;
  readonly server: SubgraphServer<ServiceModels>;
  /** One operation as `tenant`, in memory, with the context a signed request would get. */
  run<TData = Record<string, unknown>>(
    tenant: TenantContext,
    query: string,
    variables?: Record<string, unknown>,
    observe?: BatchObserver,
  ): Promise<SingleResult<TData>>;
  close(): Promise<void>;
}

/** A started service server on this package's test database, its indexes built. */
export async function startHarness(dbName = 'test-service'): Promise<ServiceHarness> {
  const connection = await connectDatabase(inject('mongodbUri'), dbName);
  const models = createServiceModels(connection);
  // Unique indexes must exist before tests race to violate them.
  await Promise.all(Object.values(models).map((model) => model.init()));
  const server = createServiceServer({ INTERNAL_CONTEXT_SECRET: TEST_SECRET }, { connection, logger: silentLogger });
  await server.start();
  return {
    connection,
    models,
    server,
    run<TData>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}, observe?: BatchObserver) {
      return executeAs<ServiceModels, TData>(server, models, tenant, query, variables, observe ? { observe } : {});
    },
    async close() {
      await server.stop();
      await connection.close();
    },
  };
}
