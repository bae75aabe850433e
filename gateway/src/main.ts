import { loadEnvFile } from '@attunelogic/shared/env-file';
import { startTelemetry } from '@attunelogic/shared/telemetry';

// The repository's .env (git-ignored; the environment wins over it) before anything reads the environment.
loadEnvFile();
// Tracing first, so http, fetch and the database driver are instrumented before they load.
await startTelemetry('gateway');
const { runGateway } = await import('./run');
await runGateway();
