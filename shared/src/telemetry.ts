// OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set: gateway → subgraph → database
// spans in one trace (W3C traceparent over HTTP; Apollo's gateway adds its planning and fetch spans).
// Import this module first in a service's main, so http, undici and the mongodb driver are patched
// before they load.
import { type NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** Starts tracing for `serviceName` if an OTLP endpoint is configured; returns whether it started. */
export async function startTelemetry(serviceName: string, env: Record<string, string | undefined> = process.env): Promise<boolean> {
  if (!env['OTEL_EXPORTER_OTLP_ENDPOINT'] || sdk) return false;
  const [{ NodeSDK }, { OTLPTraceExporter }, { HttpInstrumentation }, { UndiciInstrumentation }, { MongoDBInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-mongodb'),
  ]);
  sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? serviceName,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health and metrics probes are not worth a trace each.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return true;
}

/** Flushes and stops tracing (on shutdown). */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
