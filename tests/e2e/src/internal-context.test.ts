// The internal context on the wire: the gateway signs one per subgraph fetch, and a subgraph
// accepts each once. A pass-through in front of core keeps what the gateway sent it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { INTERNAL_CONTEXT_HEADER } from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let proxy: RecordingProxy;
let tenant: ProvisionedTenant;

beforeAll(async () => {
  proxy = await startRecordingProxy();
  stack = await startStack({ gatewayEnv: { SUBGRAPH_CORE_URL: proxy.url } });
  proxy.target = stack.subgraphUrls.core;
  tenant = await freshTenant(stack, 'serviceRepair');
  const token = await tokenFor(tenant);
  const customer = await post<{ createCustomer: { id: string } }>(stack, {
    query: 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
    variables: { input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] } },
    token,
  });
  for (const title of ['Leak', 'Boiler']) {
    const res = await post(stack, {
      query: 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }',
      variables: { input: { title, priority: 'normal', customerId: customer.body.data!.createCustomer.id } },
      token,
    });
    expect(res.body.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const callCore = (context: string, query = '{ me { id email } }') =>
  fetch(stack.subgraphUrls.core, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_CONTEXT_HEADER]: context },
    body: JSON.stringify({ query }),
  });

describe('the internal context per fetch', () => {
  it('a plan that fetches core twice in one request signs twice, and both fetches are answered', async () => {
    proxy.contexts.length = 0;
    // me (core) beside workOrders (service), then each work order's createdBy from core: two core fetches.
    const res = await post<{ me: { id: string }; workOrders: { edges: { node: { createdBy: { email: string } } }[] } }>(stack, {
      query: '{ me { id } workOrders(first: 5) { edges { node { title createdBy { email } } } } }',
      token: await tokenFor(tenant),
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.me.id).toBe(tenant.users[0]!.id);
    expect(res.body.data!.workOrders.edges.map((e) => e.node.createdBy.email)).toEqual([`owner@${tenant.slug}.test`, `owner@${tenant.slug}.test`]);
    expect(proxy.contexts).toHaveLength(2);
    const [first, second] = proxy.contexts.map((context) => decodeJwt(context));
    expect(first!.jti).not.toBe(second!.jti);
    // One request: the same request id in both.
    expect(first!['rid']).toBe(second!['rid']);
  });

  it('a context captured on its way to core is refused when replayed to core', async () => {
    proxy.contexts.length = 0;
    const res = await post<{ me: { email: string } }>(stack, { query: '{ me { email } }', token: await tokenFor(tenant) });
    expect(res.body.data?.me.email).toBe(`owner@${tenant.slug}.test`);
    const [captured] = proxy.contexts;
    const replayed = await callCore(captured!);
    expect({ status: replayed.status, body: await replayed.json() }).toEqual({
      status: 401,
      body: { errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });
});
