import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase, createLogger, listen, type SubgraphServer } from '@attunelogic/shared';
import { CommandCounter } from '@attunelogic/shared/dev';
import { createCoreServer } from '@attunelogic/subgraph-core';
import { createServiceServer } from '@attunelogic/subgraph-service';
import { createTruckingServer } from '@attunelogic/subgraph-trucking';
import { createGatewayServer, GRAPHQL_PATH, loadGatewayConfig, readIndustrySchemas, type GatewayServer } from '@attunelogic/gateway';

/**
 * The three subgraphs and the gateway in this process, on the bench's database, each connection
 * monitored: for counting the database commands a request costs. Throughput is never measured here.
 */
export interface CountingStack {
  readonly url: string;
  readonly counters: { readonly core: CommandCounter; readonly trucking: CommandCounter; readonly service: CommandCounter; readonly gateway: CommandCounter };
  stop(): Promise<void>;
}

export async function startCountingStack(options: {
  uri: string;
  prefix: string;
  internalContextKeys: { privateKey: string; publicKey: string };
  jwtSecret: string;
  supergraphPath: string;
  gatewayEnv: Record<string, string>;
}): Promise<CountingStack> {
  const logger = createLogger('bench', 'silent');
  const { uri, prefix } = options;
  const [coreDb, truckingDb, serviceDb, gatewayDb, auditDb] = await Promise.all([
    connectDatabase(uri, `${prefix}-core`, { monitorCommands: true }),
    connectDatabase(uri, `${prefix}-trucking`, { monitorCommands: true }),
    connectDatabase(uri, `${prefix}-service`, { monitorCommands: true }),
    connectDatabase(uri, `${prefix}-core`, { monitorCommands: true }),
    connectDatabase(uri, `${prefix}-audit`),
  ]);
  const counters = {
    core: new CommandCounter(coreDb),
    trucking: new CommandCounter(truckingDb),
    service: new CommandCounter(serviceDb),
    gateway: new CommandCounter(gatewayDb),
  };
  const config = { INTERNAL_CONTEXT_PUBLIC_KEYS: options.internalContextKeys.publicKey };
  const subgraphs: Record<'core' | 'trucking' | 'service', Pick<SubgraphServer, 'start' | 'stop' | 'http'>> = {
    core: createCoreServer(config, { connection: coreDb, auditConnection: auditDb, logger }),
    trucking: createTruckingServer(config, { connection: truckingDb, coreConnection: coreDb, auditConnection: auditDb, logger }),
    service: createServiceServer(config, { connection: serviceDb, coreConnection: coreDb, auditConnection: auditDb, logger }),
  };
  const urls: Record<string, string> = {};
  for (const [name, server] of Object.entries(subgraphs)) {
    await server.start();
    const address = await listen(server.http, 0, '127.0.0.1');
    urls[name] = `http://127.0.0.1:${address.port}/graphql`;
  }
  const gatewayConfig = loadGatewayConfig({
    ...options.gatewayEnv,
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    MONGODB_URI: uri,
    MONGODB_DB_PREFIX: prefix,
    INTERNAL_CONTEXT_PRIVATE_KEY: options.internalContextKeys.privateKey,
    JWT_SECRET: options.jwtSecret,
    SUBGRAPH_CORE_URL: urls['core'],
    SUBGRAPH_TRUCKING_URL: urls['trucking'],
    SUBGRAPH_SERVICE_URL: urls['service'],
  });
  const gateway: GatewayServer = createGatewayServer(gatewayConfig, {
    connection: gatewayDb,
    logger,
    supergraphSdl: readFileSync(options.supergraphPath, 'utf8'),
    industrySchemas: readIndustrySchemas(path.dirname(options.supergraphPath)),
  });
  await gateway.start();
  const address = await listen(gateway.http, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}${GRAPHQL_PATH}`,
    counters,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await Promise.all([coreDb, truckingDb, serviceDb, gatewayDb, auditDb].map((c) => c.close()));
    },
  };
}
