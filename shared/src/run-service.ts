import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
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

/** True for the driver's "no server answered" failure: nothing listens at the URI, or it is not a database. */
export function isDatabaseUnreachable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'MongooseServerSelectionError' || name === 'MongoServerSelectionError';
}

/** The URI without its credentials, fit for a message. */
const redact = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//***@');

/** What a service or script says, in one line, when no database answers at `uri`. */
export const databaseUnreachableMessage = (uri: string): string => `no database at ${redact(uri)}: start it with pnpm db / pnpm dev or set MONGODB_URI`;

/**
 * `listen`, except that a port another process holds (or one this user may not bind) ends the
 * process with one line naming the service, the port and the variable that moves it, not a stack
 * trace. For a service's `main` only.
 */
export async function listenOrExit(name: string, server: Server, port: number, host: string): Promise<AddressInfo> {
  try {
    return await listen(server, port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
    console.error(`${name}: port ${port} on ${host} ${why}: set PORT to another port (under pnpm dev: ${name.toUpperCase()}_PORT).`);
    process.exit(1);
  }
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
    ]).catch((error: unknown) => {
      if (!isDatabaseUnreachable(error)) throw error;
      console.error(`${name}: ${databaseUnreachableMessage(config.MONGODB_URI)}`);
      process.exit(1);
    });
    const server = create(config, { connection, auditConnection, coreConnection: coreConnection ?? connection, logger });
    await server.start();
    const address = await listenOrExit(name, server.http, config.PORT, config.HOST);
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
