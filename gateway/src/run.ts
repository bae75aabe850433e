import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { listenOrExit, runService } from '@attunelogic/shared';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { loadGatewayConfig } from './config';
import { readIndustrySchemas } from './industry-schemas';
import { createGatewayServer } from './server';

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The gateway's process: the supergraph from disk, core's database, Redis when configured; run by the shared service runner. */
export function runGateway(): Promise<void> {
  return runService('gateway', loadGatewayConfig, async (config, logger) => {
    const supergraphPath = config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH;
    const supergraphSdl = readFileSync(supergraphPath, 'utf8');
    const industrySchemas = readIndustrySchemas(path.dirname(supergraphPath));
    const connection = await connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`);
    const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis unavailable; rate limits fall back to this process'));
    const server = createGatewayServer(config, { connection, logger, supergraphSdl, industrySchemas, ...(redis ? { redis } : {}) });
    const start = server.start.bind(server);
    const withMetrics = {
      ...server,
      async start() {
        await start();
        const address = await listenOrExit('gateway', server.metricsHttp, config.METRICS_PORT, '127.0.0.1', { env: 'METRICS_PORT', dev: 'METRICS_PORT' });
        logger.info({ host: address.address, port: address.port }, 'metrics listening (loopback only)');
      },
    };
    return { server: withMetrics, close: async () => Promise.all([connection.close(), redis?.disconnect()]) };
  });
}
