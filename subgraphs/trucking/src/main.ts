import { startTelemetry } from '@attunelogic/shared/telemetry';

// Tracing first, so http and the database driver are instrumented before they load.
await startTelemetry('trucking');
const { runSubgraph } = await import('@attunelogic/shared');
const { loadTruckingConfig } = await import('./config');
const { createTruckingServer } = await import('./server');

await runSubgraph('trucking', loadTruckingConfig, createTruckingServer);
