import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../http';
import { INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext } from '../internal-context';
import { type AppType } from '../tenant';
import { type SubgraphHarness } from './harness';
import { makeTenantContext } from './tenants';

export interface OverHttpOptions<TModels> {
  /** The subgraph's name, as the gateway signs its internal context for it. */
  readonly name: string;
  readonly appType: AppType;
  /** The private key the tests sign internal contexts with. */
  readonly privateKey: string;
  startHarness(): Promise<SubgraphHarness<TModels>>;
  /** An operation a fresh tenant may run, and what it answers (e.g. an empty list's count). */
  readonly query: string;
  readonly answer: unknown;
}

/**
 * The tests every industry subgraph has over real HTTP: what the gateway sends (and what anyone else
 * might) reaches the subgraph only through an internal context signed for it.
 */
export function describeOverHttp<TModels>(options: OverHttpOptions<TModels>): void {
  describe(`${options.name} over HTTP`, () => {
    let h: SubgraphHarness<TModels>;
    let url: string;

    beforeAll(async () => {
      h = await options.startHarness();
      const address = await listen(h.server.http, 0, '127.0.0.1');
      url = `http://127.0.0.1:${address.port}/graphql`;
    });

    afterAll(async () => {
      await h?.close();
    });

    const post = (headers: Record<string, string>, query: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    const key = () => internalContextKey(options.privateKey);

    it('refuses a request without an internal context, or with one minted for another subgraph, with 401', async () => {
      const tenant = makeTenantContext({ appType: options.appType });
      const forCore = await signInternalContext(key(), 'core', tenant);
      for (const headers of [{}, { [INTERNAL_CONTEXT_HEADER]: forCore }] as Record<string, string>[]) {
        const response = await post(headers, '{ _service { sdl } }');
        expect(response.status).toBe(401);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      }
    });

    it(`serves a request with a valid internal context for ${options.name}`, async () => {
      const tenant = makeTenantContext({ appType: options.appType });
      const context = await signInternalContext(key(), options.name, tenant);
      const response = await post({ [INTERNAL_CONTEXT_HEADER]: context }, options.query);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: options.answer });
    });
  });
}
