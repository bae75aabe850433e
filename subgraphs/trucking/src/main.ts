import { loadEnvFile } from '@attunelogic/shared/env-file';
import { startTelemetry } from '@attunelogic/shared/telemetry';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
// Tracing first, so http and the database driver are instrumented before they load.
await startTelemetry('trucking');
const { runSubgraph } = await import('@attunelogic/shared');
const { loadTruckingConfig } = await import('./env');
const { createTruckingServer } = await import('./server');
const { withDueBuilder } = await import('./maintenance/due-builder-service');

// The server, and beside it the maintenance due builder (started and stopped with it).
await runSubgraph('trucking', loadTruckingConfig, (config, deps) => withDueBuilder(createTruckingServer(config, deps), config, deps));
