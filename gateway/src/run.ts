import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  ConfigError,
  connectDatabase,
  createLogger,
  databaseUnreachableMessage,
  isDatabaseUnreachable,
  listenOrExit,
  stopTelemetry,
} from '@attunelogic/shared';
import { loadGatewayConfig } from './config';
import { readIndustrySchemas } from './industry-schemas';
import { createGatewayServer } from './server';

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** Loads config, connects, listens; drains on SIGTERM/SIGINT. The only place the gateway exits. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`gateway: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const supergraphPath = config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH;
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const industrySchemas = readIndustrySchemas(path.dirname(supergraphPath));
  const connection = await connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`).catch((error: unknown) => {
    if (!isDatabaseUnreachable(error)) throw error;
    console.error(`gateway: ${databaseUnreachableMessage(config.MONGODB_URI)}`);
    process.exit(1);
  });
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  redis?.on('error', (error) => logger.warn({ err: error }, 'redis unavailable; rate limits fall back to this process'));
  const server = createGatewayServer(config, { connection, logger, supergraphSdl, industrySchemas, ...(redis ? { redis } : {}) });
  await server.start();
  const address = await listenOrExit('gateway', server.http, config.PORT, config.HOST);
  logger.info({ url: `http://${address.address}:${address.port}/api/v1/graphql` }, 'gateway ready');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'draining');
    await server.stop();
    await connection.close();
    redis?.disconnect();
    await stopTelemetry();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

