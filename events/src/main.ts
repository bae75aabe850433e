import { createServer } from 'node:http';
import { loadEnvFile } from '@attunelogic/shared/env-file';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
const { runService } = await import('@attunelogic/shared');
const { connectDatabase } = await import('@attunelogic/shared/mongo');
const { loadRelayConfig } = await import('./env');
const { Relay } = await import('./relay');
const { EventLog } = await import('./event-log');

await runService('events', loadRelayConfig, async (config, logger) => {
  const name = (db: string) => `${config.MONGODB_DB_PREFIX}-${db}`;
  const connections = await Promise.all([...config.EVENTS_SOURCES, 'events'].map((db) => connectDatabase(config.MONGODB_URI, name(db))));
  const logConnection = connections.at(-1)!;
  const log = new EventLog(logConnection.db!);
  await log.ensureIndexes();
  const relay = new Relay({
    sources: config.EVENTS_SOURCES.map((source, i) => ({ name: source, db: connections[i]!.db! })),
    sink: log,
    batch: config.EVENTS_BATCH,
    pollMs: config.EVENTS_POLL_MS,
    logger,
  });
  const http = createServer((req, res) => {
    const ok = req.url === '/healthz' || req.url === '/readyz';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { status: 'ok', service: 'events' } : { error: 'not found' }));
  });
  return {
    server: {
      http,
      start: () => relay.start(),
      stop: async () => {
        await relay.stop();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    },
    close: () => Promise.all(connections.map((c) => c.close())),
  };
});
