import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('/metrics', () => {
  it('exposes request counts and latency by operation, industry and outcome, and per-tenant counts', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const token = await tokenFor(tenant);
    await post(stack, { query: 'query Session { me { id } }', token });
    await post(stack, { query: 'query Missing { workOrder(id: "000000000000000000000000") { id } }', token });
    await post(stack, { query: 'query Session { me { id } }' });
    const res = await fetch(`${stack.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('attunelogic_gateway_requests_total{operation="Session",industry="serviceRepair",outcome="success"} 1');
    expect(text).toContain('attunelogic_gateway_requests_total{operation="Missing",industry="serviceRepair",outcome="NOT_FOUND"} 1');
    expect(text).toContain('outcome="UNAUTHENTICATED"');
    expect(text).toMatch(/attunelogic_gateway_request_duration_seconds_count\{operation="Session",industry="serviceRepair",outcome="success"\} 1/);
    expect(text).toContain(`attunelogic_gateway_tenant_requests_total{tenant="${tenant.slug}"} 2`);
  });
});

describe('metrics are not public', () => {
  it('the public port answers /metrics with 404 NOT_FOUND, with or without a token', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${await tokenFor(tenant)}` }];
    for (const headers of variants) {
      const res = await fetch(`${stack.url}/metrics`, { headers });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain(tenant.slug);
      expect(text).not.toContain('attunelogic_gateway_');
    }
  });

  it('uses the conventional names: process_* and nodejs_* unprefixed, running totals ending in _total', async () => {
    const text = await (await fetch(`${stack.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toMatch(/^attunelogic_gateway_(process|nodejs)_/m);
    const counters = [...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]);
    expect(counters.length).toBeGreaterThan(2);
    for (const name of counters) expect(name).toMatch(/_total$/);
  });

  it('the metrics listener serves nothing else', async () => {
    expect((await fetch(`${stack.metricsUrl}/api/v1/graphql`)).status).toBe(404);
  });
});
