import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_CONTEXT_HEADER, internalContextKey, listen, signInternalContext } from '@attunelogic/shared';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { startHarness, TEST_KEYS, type TruckingHarness } from './testing';

let h: TruckingHarness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  const address = await listen(h.server.http, 0, '127.0.0.1');
  url = `http://127.0.0.1:${address.port}/graphql`;
});

afterAll(async () => {
  await h?.close();
});

const post = (headers: Record<string, string>, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('trucking over HTTP', () => {
  it('refuses a request without an internal context, or with one minted for another subgraph, with 401', async () => {
    const tenant = makeTenantContext({ appType: 'trucking' });
    const forCore = await signInternalContext(internalContextKey(TEST_KEYS.privateKey), 'core', tenant);
    for (const headers of [{}, { [INTERNAL_CONTEXT_HEADER]: forCore }] as Record<string, string>[]) {
      const response = await post(headers, '{ _service { sdl } }');
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves a request with a valid internal context for trucking', async () => {
    const tenant = makeTenantContext({ appType: 'trucking' });
    const context = await signInternalContext(internalContextKey(TEST_KEYS.privateKey), 'trucking', tenant);
    const response = await post({ [INTERNAL_CONTEXT_HEADER]: context }, '{ vehicles { totalCount } }');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { vehicles: { totalCount: 0 } } });
  });
});
