import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What one delivery attempt came to: sent (2xx), failed with a retry scheduled, or parked. */
export type DeliveryOutcome = 'succeeded' | 'failed' | 'parked';

/** Queued deliveries (pending or failed) per tenant id. */
export type QueueDepthReader = () => Promise<Map<string, number>>;

/**
 * The events process's Prometheus metrics. The queue depth is labelled by tenant for the
 * `topTenants` deepest queues only; every other tenant's is summed under `tenant="other"`, so the
 * number of series stays at most `topTenants + 1` however many tenants there are.
 */
export class DeliveryMetrics {
  readonly registry = new Registry();
  private readonly outcomes: Counter<'outcome'>;
  private readonly lag: Histogram;
  private queueDepth: QueueDepthReader = async () => new Map();

  constructor(topTenants: number) {
    collectDefaultMetrics({ register: this.registry });
    this.outcomes = new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded (2xx), failed (a retry is scheduled), parked (no more attempts).',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    for (const outcome of ['succeeded', 'failed', 'parked'] as const) this.outcomes.inc({ outcome }, 0);
    this.lag = new Histogram({
      name: 'webhook_delivery_lag_seconds',
      help: 'From the event (occurredAt) to its successful delivery to an endpoint.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1_800, 3_600, 21_600, 86_400],
      registers: [this.registry],
    });
    const depthByTenant = () => this.queueDepth();
    new Gauge({
      name: 'webhook_queue_depth',
      help: 'Deliveries waiting (pending or failed with a retry scheduled), for the tenants with the deepest queues; the rest under tenant="other".',
      labelNames: ['tenant'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [tenant, count] of topWithRest(await depthByTenant(), topTenants)) this.set({ tenant }, count);
      },
    });
  }

  /** Where the queue depth is read from, at each scrape. */
  readQueueDepthWith(reader: QueueDepthReader): void {
    this.queueDepth = reader;
  }

  attempt(outcome: DeliveryOutcome): void {
    this.outcomes.inc({ outcome });
  }

  delivered(occurredAt: Date, at: Date): void {
    this.lag.observe(Math.max(0, (at.getTime() - occurredAt.getTime()) / 1_000));
  }
}

/** The `top` largest entries by name, and the sum of the rest under `other` (always present). */
export function topWithRest(counts: ReadonlyMap<string, number>, top: number): [string, number][] {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const named = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((sum, [, count]) => sum + count, 0);
  return [...named, ['other', rest]];
}

/** `GET /metrics` and nothing else; the caller binds it to loopback. */
export function createMetricsServer(metrics: DeliveryMetrics): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
}
