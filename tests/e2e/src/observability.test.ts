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
    const res = await fetch(`${stack.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('attunelogic_gateway_requests_total{operation="Session",industry="serviceRepair",outcome="success"} 1');
    expect(text).toContain('attunelogic_gateway_requests_total{operation="Missing",industry="serviceRepair",outcome="NOT_FOUND"} 1');
    expect(text).toContain('outcome="UNAUTHENTICATED"');
    expect(text).toMatch(/attunelogic_gateway_request_duration_seconds_count\{operation="Session",industry="serviceRepair",outcome="success"\} 1/);
    expect(text).toContain(`attunelogic_gateway_tenant_requests{tenant="${tenant.slug}"} 2`);
  });
});
