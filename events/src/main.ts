import { createServer } from 'node:http';
import { loadEnvFile } from '@attunelogic/shared/env-file';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
const { runService, createAuditModels, listen } = await import('@attunelogic/shared');
const { connectDatabase } = await import('@attunelogic/shared/mongo');
const { loadRelayConfig } = await import('./env');
const { Relay } = await import('./relay');
const { EventLog } = await import('./event-log');
const { Dispatcher } = await import('./webhooks/dispatcher');
const { DeliveryMetrics, createMetricsServer } = await import('./metrics');
const { parseSecretKeys } = await import('@attunelogic/shared/events');
const { dedicatedSources } = await import('./placement');

await runService('events', loadRelayConfig, async (config, logger) => {
  const name = (db: string) => `${config.MONGODB_DB_PREFIX}-${db}`;
  // The sources' databases, core's (endpoints and deliveries; a source too, usually), the event log's and the audit database.
  const databases = [...new Set([...config.EVENTS_SOURCES, 'core'])];
  const connections = await Promise.all([...databases, 'events', 'audit'].map((db) => connectDatabase(config.MONGODB_URI, name(db))));
  const [logConnection, auditConnection] = connections.slice(-2);
  const core = connections[databases.indexOf('core')]!;
  const log = new EventLog(logConnection!.db!);
  await log.ensureIndexes();
  const relay = new Relay({
    sources: config.EVENTS_SOURCES.map((source) => ({ name: source, db: connections[databases.indexOf(source)]!.db! })),
    sink: log,
    moreSources: dedicatedSources(core, config.EVENTS_SOURCES, { prefix: config.MONGODB_DB_PREFIX, uri: config.MONGODB_URI }),
    batch: config.EVENTS_BATCH,
    pollMs: config.EVENTS_POLL_MS,
    logger,
  });
  const metrics = new DeliveryMetrics(config.WEBHOOKS_METRICS_TOP_TENANTS);
  const dispatcher = new Dispatcher({
    events: logConnection!.db!,
    core: core.db!,
    audit: createAuditModels(auditConnection!),
    batch: config.EVENTS_BATCH,
    pollMs: config.EVENTS_POLL_MS,
    concurrency: config.WEBHOOKS_CONCURRENCY,
    // Longer than an attempt may take: no other dispatcher sends a delivery while its attempt runs.
    leaseMs: 2 * config.WEBHOOKS_TIMEOUT_MS + 1_000,
    retry: { baseMs: config.WEBHOOKS_RETRY_BASE_MS, maxMs: config.WEBHOOKS_RETRY_MAX_MS, maxAttempts: config.WEBHOOKS_MAX_ATTEMPTS },
    send: { allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE === 'on', timeoutMs: config.WEBHOOKS_TIMEOUT_MS },
    autoDisable: { afterParked: config.WEBHOOKS_DISABLE_AFTER_PARKED, afterMs: config.WEBHOOKS_DISABLE_AFTER_MS },
    secrets: parseSecretKeys(config.WEBHOOK_SECRET_KEYS),
    metrics,
    logger,
  });
  metrics.readQueueDepthWith(() => dispatcher.queueDepth());
  const metricsHttp = createMetricsServer(metrics);
  const http = createServer((req, res) => {
    const ok = req.url === '/healthz' || req.url === '/readyz';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { status: 'ok', service: 'events' } : { error: 'not found' }));
  });
  return {
    server: {
      http,
      start: async () => {
        await relay.start();
        await dispatcher.start();
        const address = await listen(metricsHttp, config.EVENTS_METRICS_PORT, '127.0.0.1');
        logger.info({ host: address.address, port: address.port }, 'events metrics listening');
      },
      stop: async () => {
        await Promise.all([relay.stop(), dispatcher.stop()]);
        await Promise.all([http, metricsHttp].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      },
    },
    close: () => Promise.all(connections.map((c) => c.close())),
  };
});
