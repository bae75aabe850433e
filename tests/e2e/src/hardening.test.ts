import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let tenant: ProvisionedTenant;
let token: string;

beforeAll(async () => {
  // Its own core (commands counted) and trucking (stopped and started again).
  stack = await startStack({ ownSubgraphs: ['core', 'trucking'] });
  tenant = await freshTenant(stack, 'trucking');
  token = await tokenFor(tenant);
});

afterAll(async () => {
  await stack?.stop();
});

const raw = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/api/v1/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });

describe('operation limits at the gateway', () => {
  it.each([
    ['too deep', `{ __type(name: "User") { fields { type ${'{ ofType '.repeat(16)}{ name }${' }'.repeat(16)} } } }`],
    ['too many aliases', `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
    ['too many root fields', `{ ${Array.from({ length: 12 }, (_, i) => `m${i}: me { id }`).join(' ')} }`],
    ['too many tokens', `{ me { ${Array.from({ length: 2_100 }, () => 'id').join(' ')} } }`],
  ])('refuses an operation %s with 400 GRAPHQL_VALIDATION_FAILED, running nothing', async (_name, query) => {
    stack.commands.core.reset();
    const res = await post(stack, { query, token });
    expect(res.status).toBe(400);
    expect(codes(res)[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.commands.core.commands.filter((c) => c.name === 'find')).toHaveLength(0);
  });

  it('keeps serving a normal request while abusive ones are refused', async () => {
    const abusive = Array.from({ length: 20 }, () => post(stack, { query: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, token }));
    const normal = post<{ me: { id: string } }>(stack, { query: '{ me { id } }', token });
    const [ok, ...refused] = await Promise.all([normal, ...abusive]);
    expect(ok!.body.data?.me.id).toBe(tenant.users[0]!.id);
    expect(refused.every((r) => r.status === 400)).toBe(true);
  });

  it('refuses batched requests', async () => {
    const res = await raw(JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]));
    expect(res.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await raw(JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(200_000)}` }));
    expect(res.status).toBe(413);
  });

  it('refuses a simple cross-site GET without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${stack.url}/api/v1/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
  });
});

describe('a subgraph that is down', () => {
  it('gives an error naming the service and no internal URL; /readyz says so; it recovers', async () => {
    const query = '{ vehicles { totalCount } }';
    const trucking = stack.own.trucking!;
    await trucking.stop();

    const res = await post<{ vehicles: unknown }>(stack, { query, token });
    expect(res.status).toBe(200);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'trucking' });
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|http:\/\//);
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ trucking: false, core: true });

    await trucking.start();
    const again = await post<{ vehicles: { totalCount: number } }>(stack, { query, token });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.vehicles.totalCount).toBe(0);
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
  });
});
