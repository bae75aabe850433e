import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Connection } from 'mongoose';
import {
  createLogger,
  INTERNAL_CONTEXT_HEADER,
  internalContextKey,
  listen,
  signInternalContext,
  type BatchObserver,
  generateInternalContextKeys,
} from '@attunelogic/shared';
import { UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { createCoreModels, type CoreModels } from './models';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { createCoreServer } from './server';
import { connectTestDatabase, contextFor, provisionTestTenant, TEST_CONFIG, TEST_KEYS } from './testing';

// The one test over real HTTP: what the gateway sends (and what anyone else might) reaches the
// subgraph only through the internal-context header.
let connection: Connection;
let server: SubgraphServer<CoreModels>;
let url: string;
let tenant: ProvisionedTenant;
const batches: Parameters<BatchObserver>[0][] = [];
const key = internalContextKey(TEST_KEYS.privateKey);
// The server logs why it refused; the tests read that to know each 401 had the intended cause.
const logger = createLogger('core-http-test', 'silent');
const warn = vi.spyOn(logger, 'warn');
const lastRefusal = () => (warn.mock.lastCall?.[0] as { reason?: string } | undefined)?.reason;

beforeAll(async () => {
  connection = await connectTestDatabase();
  server = createCoreServer(TEST_CONFIG, { connection, logger, observeBatches: (b) => batches.push(b) });
  await server.start();
  const address = await listen(server.http, 0, '127.0.0.1');
  url = `http://127.0.0.1:${address.port}`;
  tenant = await provisionTestTenant(createCoreModels(connection));
});

afterAll(async () => {
  await server?.stop();
  await connection?.close();
});

async function post(
  query: string,
  context?: string,
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(context ? { [INTERNAL_CONTEXT_HEADER]: context } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

const REFUSED = { errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: 'UNAUTHENTICATED' } }] };

describe('the core subgraph over HTTP', () => {
  it('refuses a request without an internal context', async () => {
    expect(await post('{ me { id } }')).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('missing internal context');
  });

  it('refuses _service without an internal context', async () => {
    expect(await post('{ _service { sdl } }')).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('missing internal context');
  });

  it('refuses a context signed for another subgraph', async () => {
    const forTrucking = await signInternalContext(key, 'trucking', contextFor(tenant));
    expect(await post('{ me { id } }', forTrucking)).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('invalid internal context (ERR_JWT_CLAIM_VALIDATION_FAILED)');
  });

  it('refuses an expired context', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let expired: string;
    try {
      vi.setSystemTime(Date.now() - 5 * 60_000);
      expired = await signInternalContext(key, 'core', contextFor(tenant));
    } finally {
      vi.useRealTimers();
    }
    expect(await post('{ me { id } }', expired)).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('invalid internal context (ERR_JWT_EXPIRED)');
  });

  it('refuses a context signed with another key', async () => {
    const forged = await signInternalContext(internalContextKey(generateInternalContextKeys().privateKey), 'core', contextFor(tenant));
    expect(await post('{ me { id } }', forged)).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('invalid internal context (ERR_JWKS_NO_MATCHING_KEY)');
  });

  it('refuses a context it has already answered (a replay)', async () => {
    const context = await signInternalContext(key, 'core', contextFor(tenant));
    expect((await post('{ me { id } }', context)).status).toBe(200);
    expect(await post('{ me { id } }', context)).toEqual({ status: 401, body: REFUSED });
    expect(lastRefusal()).toBe('replayed internal context (jti already seen)');
  });

  it('answers a valid context, loading through the per-request loaders', async () => {
    batches.length = 0;
    const context = await signInternalContext(key, 'core', contextFor(tenant));
    const { status, body } = await post('{ me { id email } tenant { slug } }', context);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { id: tenant.users[0]!.id, email: `owner@${tenant.slug}.test` }, tenant: { slug: tenant.slug } } });
    expect(batches).toContainEqual({ model: 'User', keys: 1, tenantId: tenant.id });
  });

  it('serves _service to the gateway', async () => {
    const context = await signInternalContext(key, 'core', contextFor(tenant));
    const { status, body } = await post('{ _service { sdl } }', context);
    expect(status).toBe(200);
    expect((body.data as { _service: { sdl: string } })._service.sdl).toContain('type User @key(fields: "id")');
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready', service: 'core', database: true } });
  });
});
