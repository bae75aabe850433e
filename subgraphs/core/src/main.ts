import { ConfigError, connectDatabase, createLogger, listen } from '@attunelogic/shared';
import { loadCoreConfig, type CoreConfig } from './config';
import { createCoreServer } from './server';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process gives up. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

function configOrExit(): CoreConfig {
  try {
    return loadCoreConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger('core', config.LOG_LEVEL);
  const connection = await connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`);
  const server = createCoreServer(config, { connection, logger });
  await server.start();
  const address = await listen(server.http, config.PORT, config.HOST);
  logger.info({ host: address.address, port: address.port }, 'core subgraph listening');

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
      .then(() => connection.close())
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
}

main().catch((error: unknown) => {
  console.error('core subgraph failed to start:', error);
  process.exit(1);
});
