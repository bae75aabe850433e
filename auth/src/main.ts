import { loadEnvFile } from '@attunelogic/shared/env-file';
import { startTelemetry } from '@attunelogic/shared/telemetry';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
// Tracing first, so http and the database driver are instrumented before they load.
await startTelemetry('auth');
const { connectRedis, runService } = await import('@attunelogic/shared');
const { connectDatabase } = await import('@attunelogic/shared/mongo');
const { loadAuthConfig } = await import('./env');
const { createAuthServer } = await import('./server');

/** The authorization server's process: its own database `<prefix>-auth` and, read-only, core's. */
await runService('auth', loadAuthConfig, async (config, logger) => {
  const [connection, coreConnection] = await Promise.all([
    connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-auth`),
    connectDatabase(config.MONGODB_URI, `${config.MONGODB_DB_PREFIX}-core`),
  ]);
  // Several instances: failed sign-ins are counted together in Redis.
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  const server = await createAuthServer(config, { connection, coreConnection, logger, redis });
  logger.info({ issuer: config.AUTH_ISSUER, jwks: `${config.AUTH_ISSUER}/jwks`, sharedThrottle: Boolean(redis) }, 'authorization server');
  return { server, close: () => Promise.all([connection.close(), coreConnection.close(), redis?.quit().catch(() => undefined)]) };
});
