import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;
const MAX_TRACKED_TENANTS = 10_000;

export interface RequestObservation {
  operation: string | undefined;
  industry: string;
  outcome: string;
  tenant: string | undefined;
  seconds: number;
}

/**
 * The gateway's Prometheus metrics. Label values a client controls are bounded: operation names
 * beyond the first 200 distinct ones are `other`, and per-tenant counts expose the top N tenants
 * plus one `other` series.
 */
export function createMetrics(options: { topTenants?: number } = {}) {
  const registry = new Registry();
  // Process and runtime metrics under their conventional names (process_*, nodejs_*), so the usual
  // dashboards and alerts apply.
  collectDefaultMetrics({ register: registry });
  const labelNames = ['operation', 'industry', 'outcome'] as const;
  const requests = new Counter({
    name: 'attunelogic_gateway_requests_total',
    help: 'GraphQL requests by operation, industry and outcome',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'attunelogic_gateway_request_duration_seconds',
    help: 'GraphQL request latency by operation, industry and outcome',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const directoryReads = new Counter({
    name: 'attunelogic_gateway_directory_reads_total',
    help: 'Tenant and user records read from the database for parent verification (cache misses)',
    labelNames: ['collection'],
    registers: [registry],
  });

  const operations = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATION_NAMES) return 'other';
    operations.add(name);
    return name;
  };

  const topN = options.topTenants ?? 20;
  const perTenant = new Map<string, number>();
  let untracked = 0;
  new Counter({
    name: 'attunelogic_gateway_tenant_requests_total',
    help: `Requests per tenant since start: the top ${topN} tenants, the rest summed as "other"`,
    labelNames: ['tenant'],
    registers: [registry],
    collect() {
      this.reset();
      const sorted = [...perTenant.entries()].sort((a, b) => b[1] - a[1]);
      for (const [tenant, count] of sorted.slice(0, topN)) this.inc({ tenant }, count);
      const rest = sorted.slice(topN).reduce((sum, [, count]) => sum + count, untracked);
      this.inc({ tenant: 'other' }, rest);
    },
  });

  // The live event stream: open streams of this instance, events sent, and the lag from an event's
  // time to its sending (relay, log and stream together). No per-tenant labels.
  const streamsOpen = new Gauge({ name: 'attunelogic_gateway_event_streams_open', help: 'Event streams open on this gateway instance', registers: [registry] });
  const streamEvents = new Counter({
    name: 'attunelogic_gateway_event_stream_events_total',
    help: 'Events written to event streams (one per connection it was sent to)',
    registers: [registry],
  });
  const streamLag = new Histogram({
    name: 'attunelogic_gateway_event_stream_lag_seconds',
    help: 'From the time an event occurred to its writing to a stream',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });

  return {
    registry,
    streamOpened: () => streamsOpen.inc(),
    streamClosed: () => streamsOpen.dec(),
    streamSent(occurredAt: Date, now = Date.now()): void {
      streamEvents.inc();
      streamLag.observe(Math.max(0, (now - occurredAt.getTime()) / 1000));
    },
    directoryRead(collection: 'customers' | 'users' | 'apiClients'): void {
      directoryReads.inc({ collection });
    },
    observe(o: RequestObservation): void {
      const labels = { operation: operationLabel(o.operation), industry: o.industry, outcome: o.outcome };
      requests.inc(labels);
      duration.observe(labels, o.seconds);
      if (!o.tenant) return;
      if (perTenant.has(o.tenant) || perTenant.size < MAX_TRACKED_TENANTS) perTenant.set(o.tenant, (perTenant.get(o.tenant) ?? 0) + 1);
      else untracked += 1;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The metrics listener: `GET /metrics` and nothing else. It is bound to loopback by the caller
 * (a scraper or agent on the same host reads it); the public port never serves metrics, since tenant
 * slugs and operation names are no one else's business.
 */
export function createMetricsServer(metrics: Metrics): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable.'),
    );
  });
}
