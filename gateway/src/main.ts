import { startTelemetry } from '@attunelogic/shared/telemetry';

// Tracing first, so http, fetch and the database driver are instrumented before they load.
await startTelemetry('gateway');
const { runGateway } = await import('./run');
await runGateway();
