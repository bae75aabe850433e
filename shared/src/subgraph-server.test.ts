import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { gql } from 'graphql-tag';
import { type Connection } from 'mongoose';
import { listen } from './http';
import { generateInternalContextKeys, INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext } from './internal-context';
import { createLogger } from './logger';
import { createSubgraphServer, type SubgraphServer } from './subgraph-server';
import { connectTestDatabase } from './testing/harness';
import { makeTenantContext } from './testing/tenants';

// The HTTP answers of the replay store: a replay is a refusal (401), a full store a 503 that says
// to come back, never a context let through twice.
const keys = generateInternalContextKeys();
const key = internalContextKey(keys.privateKey);
const tenant = makeTenantContext({ appType: 'trucking' });
let connection: Connection;
let server: SubgraphServer<Record<string, never>>;
let url: string;

beforeAll(async () => {
  connection = await connectTestDatabase('test-subgraph-server');
  server = createSubgraphServer({
    name: 'probe',
    schema: buildSubgraphSchema([{ typeDefs: gql('type Query { ping: String }'), resolvers: { Query: { ping: () => 'pong' } } }]),
    internalContextPublicKeys: keys.publicKey,
    seenContextsCapacity: 2,
    connection,
    models: {} as Record<string, never>,
    logger: createLogger('subgraph-server-test', 'silent'),
  });
  await server.start();
  url = `http://127.0.0.1:${(await listen(server.http, 0, '127.0.0.1')).port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await connection?.close();
});

const call = async (context: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_CONTEXT_HEADER]: context }, body: '{"query":"{ ping }"}' });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
};

describe('a subgraph server remembering the contexts it accepted', () => {
  it('answers a context once, refuses its replay with 401, and a new one with 503 when it remembers as many as it can', async () => {
    const first = await signInternalContext(key, 'probe', tenant);
    expect(await call(first)).toMatchObject({ status: 200, body: { data: { ping: 'pong' } } });
    expect(await call(first)).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect((await call(await signInternalContext(key, 'probe', tenant))).status).toBe(200);
    expect(await call(await signInternalContext(key, 'probe', tenant))).toEqual({
      status: 503,
      retryAfter: '1',
      body: { errors: [{ message: 'Too many requests in flight; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
    });
    // Full, a replay is still a replay.
    expect((await call(first)).status).toBe(401);
  });
});
