import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Connection } from 'mongoose';
import { ConfigError } from './config';
import { listen } from './http';
import { type ReplayStore } from './internal-context';
import { createLogger, type Logger } from './logger';
import { connectDatabase } from './mongo/connect';
import { connectRedis, RedisSeenContexts } from './replay-store';
import { stopTelemetry } from './telemetry';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process gives up. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface ServiceConfig {
  LOG_LEVEL: string;
  PORT: number;
  HOST: string;
  MONGODB_URI: string;
}

interface SubgraphConfig extends ServiceConfig {
  MONGODB_DB_PREFIX: string;
  REDIS_URL?: string | undefined;
}

interface Startable {
  readonly http: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What a service opens at start: its server, and what to close after the server has drained. */
export interface OpenedService {
  readonly server: Startable;
  close(): Promise<unknown>;
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
export async function listenOrExit(
  name: string,
  server: Server,
  port: number,
  host: string,
  variables: { env: string; dev: string } = { env: 'PORT', dev: `${name.toUpperCase()}_PORT` },
): Promise<AddressInfo> {
  try {
    return await listen(server, port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be used by this user';
    console.error(`${name}: port ${port} on ${host} ${why}: set ${variables.env} to another port (under pnpm dev: ${variables.dev}).`);
    process.exit(1);
  }
}

/**
 * The `main` of every service (the gateway and each subgraph): loads config (printing every problem
 * and exiting 1 when invalid), opens the service's resources, listens, and drains on SIGTERM/SIGINT
 * within a deadline. The only place a service exits the process.
 */
export async function runService<C extends ServiceConfig>(
  name: string,
  loadConfig: (env: Record<string, string | undefined>) => C,
  open: (config: C, logger: Logger) => Promise<OpenedService>,
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
    const { server, close } = await open(config, logger).catch((error: unknown) => {
      if (!isDatabaseUnreachable(error)) throw error;
      console.error(`${name}: ${databaseUnreachableMessage(config.MONGODB_URI)}`);
      process.exit(1);
    });
    await server.start();
    const address = await listenOrExit(name, server.http, config.PORT, config.HOST);
    logger.info({ host: address.address, port: address.port }, `${name} listening`);

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
        .then(() => Promise.all([close(), stopTelemetry()]))
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
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}

/**
 * The `main` of a subgraph: `runService` with the subgraph's database `<prefix>-<name>`, the audit
 * database and (for the industry subgraphs, read-only) core's.
 */
export async function runSubgraph<C extends SubgraphConfig>(
  name: string,
  loadConfig: (env: Record<string, string | undefined>) => C,
  create: (config: C, deps: { connection: Connection; auditConnection: Connection; coreConnection: Connection; logger: Logger; replayStore?: ReplayStore }) => Startable,
): Promise<void> {
  await runService(name, loadConfig, async (config, logger) => {
    const [connection, auditConnection, coreConnection] = await Promise.all([
      connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-${name}`),
      connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-audit`),
      // Industry subgraphs read core's users (read-only) to check the users their profiles link to.
      name === 'core' ? undefined : connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`),
    ]);
    // Several instances of this subgraph: one memory of accepted contexts for all of them.
    const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
    const replayStore = redis ? new RedisSeenContexts(redis, logger) : undefined;
    const server = create(config, { connection, auditConnection, coreConnection: coreConnection ?? connection, logger, ...(replayStore ? { replayStore } : {}) });
    return {
      server,
      close: () => Promise.all([connection.close(), auditConnection.close(), coreConnection?.close(), redis?.quit().catch(() => undefined)]),
    };
  });
}
