import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

describe('gateway metrics', () => {
  it('count requests by operation, industry and outcome, with a latency histogram', async () => {
    const metrics = createMetrics();
    metrics.observe({ operation: 'Session', industry: 'trucking', outcome: 'success', tenant: 'a', seconds: 0.02 });
    metrics.observe({ operation: 'Session', industry: 'trucking', outcome: 'success', tenant: 'a', seconds: 0.03 });
    metrics.observe({ operation: undefined, industry: 'unknown', outcome: 'UNAUTHENTICATED', tenant: undefined, seconds: 0.001 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('attunelogic_gateway_requests_total{operation="Session",industry="trucking",outcome="success"} 2');
    expect(text).toContain('attunelogic_gateway_requests_total{operation="anonymous",industry="unknown",outcome="UNAUTHENTICATED"} 1');
    expect(text).toContain('attunelogic_gateway_request_duration_seconds_bucket{le="0.025",operation="Session",industry="trucking",outcome="success"} 1');
  });

  it('bound per-tenant series to the top N plus "other"', async () => {
    const metrics = createMetrics({ topTenants: 3 });
    const counts: Record<string, number> = { a: 9, b: 7, c: 5, d: 2, e: 1 };
    for (const [tenant, n] of Object.entries(counts)) {
      for (let i = 0; i < n; i++) metrics.observe({ operation: 'X', industry: 'trucking', outcome: 'success', tenant, seconds: 0.01 });
    }
    const lines = (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('attunelogic_gateway_tenant_requests_total{'));
    expect(lines.sort()).toEqual([
      'attunelogic_gateway_tenant_requests_total{tenant="a"} 9',
      'attunelogic_gateway_tenant_requests_total{tenant="b"} 7',
      'attunelogic_gateway_tenant_requests_total{tenant="c"} 5',
      'attunelogic_gateway_tenant_requests_total{tenant="other"} 3',
    ]);
  });

  it('bound operation names a client sends', async () => {
    const metrics = createMetrics();
    metrics.observe({ operation: 'x'.repeat(100), industry: 'trucking', outcome: 'success', tenant: 'a', seconds: 0.01 });
    metrics.observe({ operation: 'bad name{}"', industry: 'trucking', outcome: 'success', tenant: 'a', seconds: 0.01 });
    for (let i = 0; i < 250; i++) metrics.observe({ operation: `Op${i}`, industry: 'trucking', outcome: 'success', tenant: 'a', seconds: 0.01 });
    const text = await metrics.registry.metrics();
    const names = new Set([...text.matchAll(/attunelogic_gateway_requests_total\{operation="([^"]*)"/g)].map((m) => m[1]));
    expect(names.size).toBe(201);
    expect(names.has('other')).toBe(true);
  });

  it('count open event streams, the events sent and their lag', async () => {
    const metrics = createMetrics();
    metrics.streamOpened();
    metrics.streamOpened();
    metrics.streamClosed();
    metrics.streamSent(new Date(10_000), 10_300);
    metrics.streamSent(new Date(10_000), 12_000);
    const text = await metrics.registry.metrics();
    expect(text).toContain('attunelogic_gateway_event_streams_open 1');
    expect(text).toContain('attunelogic_gateway_event_stream_events_total 2');
    expect(text).toContain('attunelogic_gateway_event_stream_lag_seconds_bucket{le="0.5"} 1');
    expect(text).toContain('attunelogic_gateway_event_stream_lag_seconds_bucket{le="2.5"} 2');
  });
});
