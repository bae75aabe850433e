import { loadEnvFile } from '@attunelogic/shared/env-file';
import { startTelemetry } from '@attunelogic/shared/telemetry';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
// Tracing first, so http and the database driver are instrumented before they load.
await startTelemetry('service');
const { runSubgraph } = await import('@attunelogic/shared');
const { loadServiceConfig } = await import('./env');
const { createServiceServer } = await import('./server');

await runSubgraph('service', loadServiceConfig, createServiceServer);
