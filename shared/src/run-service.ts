import { type Server } from 'node:http';
import { type Connection } from 'mongoose';
import { ConfigError } from './config';
import { listen } from './http';
import { createLogger, type Logger } from './logger';
import { connectDatabase } from './mongo/connect';
import { stopTelemetry } from './telemetry';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process gives up. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface ServiceConfig {
  LOG_LEVEL: string;
  MONGODB_URI: string;
  MONGODB_DB_PREFIX: string;
  PORT: number;
  HOST: string;
}

interface Startable {
  readonly http: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The `main` of a subgraph: loads config (printing every problem and exiting 1 when invalid),
 * connects to its database `<prefix>-<name>` and the audit database, listens, and drains on
 * SIGTERM/SIGINT. The only place a subgraph exits the process.
 */
export async function runSubgraph<C extends ServiceConfig>(
  name: string,
  loadConfig: (env: Record<string, string | undefined>) => C,
  create: (config: C, deps: { connection: Connection; auditConnection: Connection; coreConnection: Connection; logger: Logger }) => Startable,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  try {
    const [connection, auditConnection, coreConnection] = await Promise.all([
      connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-${name}`),
      connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-audit`),
      // Industry subgraphs read core's users (read-only) to check the users their profiles link to.
      name === 'core' ? undefined : connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`),
    ]);
    const server = create(config, { connection, auditConnection, coreConnection: coreConnection ?? connection, logger });
    await server.start();
    const address = await listen(server.http, config.PORT, config.HOST);
    logger.info({ host: address.address, port: address.port }, `${name} subgraph listening`);

    let stopping = false;
    const shutdown = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        logger.error('shutdown timed out');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      server
        .stop()
        .then(() => Promise.all([connection.close(), auditConnection.close(), coreConnection?.close(), stopTelemetry()]))
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (error) {
    logger.fatal({ err: error }, `${name} subgraph failed to start`);
    process.exit(1);
  }
}
