// Abusive operations through the real gateway: deep, wide, aliased, fragment cycles and bombs, huge
// pages, batches, directive floods, deeply nested variables. Each is refused fast and runs nothing in
// the subgraphs; all of them at once do not keep a normal request of the same tenant, or of another
// one, from succeeding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { errorCodes, gql, rawPost, timed } from './support/client';
import { randomVin } from './support/generate';
import { hasRequiredArgs, loadIndustrySchemas } from './support/schema';
import { type Tenant } from './support/seed';
import { record } from './support/summary';

/** A refusal has to come at least this fast (the gateway decides before anything runs). */
const FAST_MS = 1_000;
const industries = loadIndustrySchemas();

let stack: Stack;
let tenant: Tenant;
let other: Tenant;
let token: string;
const NORMAL = '{ me { id } vehicles(first: 5) { totalCount edges { node { id } } } }';

beforeAll(async () => {
  // Subgraphs of its own, so that their database reads can be counted.
  stack = await startStack({ ownSubgraphs: ['core', 'trucking', 'service'] });
  [tenant, other] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
  token = await tokenFor(tenant);
  const res = await gql(stack, 'abuse', {
    query: 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
    variables: { input: { unitNumber: 'AB-1', vin: randomVin(), make: 'Volvo', model: 'VNL', year: 2022 } },
    token,
  });
  expect(res.body.errors).toBeUndefined();
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * A selection `depth` fields deep, found in the schema: the shortest cycle of object fields (without
 * required arguments) from the type of `me`, repeated. Falls back to introspection's own cycle.
 */
function deepQuery(schema: GraphQLSchema, depth: number): string {
  const start = getNamedType(schema.getQueryType()!.getFields()['me']!.type) as GraphQLObjectType;
  const queue: { type: GraphQLObjectType; path: string[] }[] = [{ type: start, path: [] }];
  let cycle: string[] | undefined;
  for (let i = 0; i < queue.length && !cycle && i < 5_000; i++) {
    const { type, path } = queue[i]!;
    for (const field of Object.values(type.getFields())) {
      const next = getNamedType(field.type);
      if (!isObjectType(next) || hasRequiredArgs(field) || path.length > 4) continue;
      if (next === start) {
        cycle = [...path, field.name];
        break;
      }
      queue.push({ type: next, path: [...path, field.name] });
    }
  }
  if (!cycle) return `{ __schema { types { ${'fields { type { ofType { '.repeat(depth / 3)}name${' } } }'.repeat(depth / 3)} } } }`;
  const fields = Array.from({ length: Math.ceil(depth / cycle.length) }, () => cycle)
    .flat()
    .slice(0, depth);
  return `{ me { ${fields.map((f) => `${f} {`).join(' ')} id ${'}'.repeat(fields.length)} } }`;
}

/** Fragments F0..F(n-1), each spreading the next twice: 2^n fields once expanded, a few tokens written. */
const fragmentBomb = (n: number) =>
  `{ me { ...F0 } }\n${Array.from({ length: n }, (_, i) => (i === n - 1 ? `fragment F${i} on User { id name }` : `fragment F${i} on User { ...F${i + 1} name ...F${i + 1} }`)).join('\n')}`;

const allScalars = '__typename id unitNumber make model year vin plate status odometer engineHours createdAt updatedAt';

interface Abuse {
  readonly name: string;
  /** A GraphQL request (sent as JSON) or a raw body. */
  readonly body: () => string;
  readonly codes: readonly string[];
}

const request =
  (query: string, variables: Record<string, unknown> = {}) =>
  () =>
    JSON.stringify({ query, variables });
const REFUSED = ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'];

const abuses: Abuse[] = [
  { name: 'deep: 40 levels through a cycle of the schema', body: () => request(deepQuery(industries.trucking, 40))(), codes: REFUSED },
  {
    name: 'deep: introspection nested 30 levels',
    body: request(`{ __schema { types { ${'fields { type { ofType { '.repeat(10)}name${' } } }'.repeat(10)} } } }`),
    codes: REFUSED,
  },
  { name: 'wide: one field 3000 times', body: request(`{ me { ${'id '.repeat(3_000)} } }`), codes: REFUSED },
  { name: 'wide: 12 root fields', body: request(`{ ${Array.from({ length: 12 }, (_, i) => `r${i}: me { id }`).join(' ')} }`), codes: REFUSED },
  {
    name: 'wide: 10 full pages of every field',
    body: request(
      `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: vehicles(first: 100) { edges { node { ${allScalars} createdBy { id name email roles } } } }`).join(' ')} }`,
    ),
    codes: REFUSED,
  },
  { name: 'aliased: 500 aliases', body: request(`{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }`), codes: REFUSED },
  {
    name: 'aliased: 100 aliases inside a fragment',
    body: request(`{ me { ...A } } fragment A on User { ${Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(' ')} }`),
    codes: REFUSED,
  },
  { name: 'fragment cycle: A → B → A', body: request('{ me { ...A } } fragment A on User { id ...B } fragment B on User { name ...A }'), codes: REFUSED },
  { name: 'fragment cycle: A → A', body: request('{ me { ...A } } fragment A on User { id ...A }'), codes: REFUSED },
  {
    name: 'fragment cycle: A → B → C → A',
    body: request('{ me { ...A } } fragment A on User { ...B } fragment B on User { ...C } fragment C on User { id ...A }'),
    codes: REFUSED,
  },
  { name: 'fragment cycle through an inline fragment', body: request('{ me { ...A } } fragment A on User { ... on User { id ...A } }'), codes: REFUSED },
  { name: 'fragment bomb: 2^30 fields in 30 fragments', body: request(fragmentBomb(30)), codes: REFUSED },
  { name: 'huge list: first: 100000', body: request(`{ vehicles(first: 100000) { edges { node { ${allScalars} } } } }`), codes: REFUSED },
  { name: 'huge list: first: 2147483647', body: request('{ vehicles(first: 2147483647) { edges { node { id } } } }'), codes: REFUSED },
  { name: 'huge list: first: 1e12 (not an Int)', body: () => '{"query":"{ vehicles(first: 1000000000000) { totalCount } }"}', codes: REFUSED },
  { name: 'huge list: first: -1', body: request('{ vehicles(first: -1) { edges { node { id } } } }'), codes: REFUSED },
  { name: 'huge list: a 5000-character cursor', body: request(`{ vehicles(after: "${'x'.repeat(5_000)}") { edges { node { id } } } }`), codes: REFUSED },
  { name: 'batch of 2', body: () => JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]), codes: REFUSED },
  { name: 'batch of 1000', body: () => JSON.stringify(Array.from({ length: 1_000 }, () => ({ query: '{ me { id } }' }))), codes: REFUSED },
  {
    name: '600 operations in one document',
    body: () => JSON.stringify({ query: Array.from({ length: 600 }, (_, i) => `query Q${i} { me { id } }`).join('\n'), operationName: 'Q599' }),
    codes: REFUSED,
  },
  { name: 'a directive flood (50 @skip)', body: request(`{ me ${'@skip(if: false) '.repeat(50)}{ id } }`), codes: REFUSED },
  {
    name: 'a variable nested 10000 levels deep (JSON argument)',
    body: () =>
      `{"query":"mutation ($s: JSON) { updateTenantConfig(set: $s) { overriddenKeys } }","variables":{"s":{"features":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`,
    codes: REFUSED,
  },
  {
    name: 'a variable nested 10000 levels deep (String argument)',
    body: () => `{"query":"query ($f: UserFilter) { users(filter: $f) { totalCount } }","variables":{"f":{"search":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`,
    codes: REFUSED,
  },
];

/** Sends a body as the tenant's owner; the code of the first error, or success. */
async function send(body: string, as = token): Promise<{ status: number; code: string; text: string }> {
  const res = await rawPost(stack, 'abuse', body, { authorization: `Bearer ${as}` });
  let code = 'success';
  try {
    const parsed = JSON.parse(res.text) as { errors?: { extensions?: { code?: string } }[] };
    if (parsed.errors?.length) code = parsed.errors[0]?.extensions?.code ?? 'NO_CODE';
  } catch {
    code = 'not JSON';
  }
  return { status: res.status, code, text: res.text };
}

/** Database reads of the subgraphs since the counters were reset (the gateway's own tenant lookups excluded). */
const subgraphReads = (): number =>
  (['core', 'trucking', 'service'] as const).reduce(
    (n, name) => n + stack.commands[name].commands.filter((c) => ['find', 'aggregate', 'count'].includes(c.name)).length,
    0,
  );

describe('abusive operations', () => {
  it.each(abuses.map((a) => [a.name, a] as const))('%s: refused fast, running nothing', async (_name, abuse) => {
    await send(request('{ me { id } }')()); // the tenant and user are in the gateway's cache
    for (const name of ['core', 'trucking', 'service'] as const) stack.commands[name].reset();
    const { result, ms } = await timed(() => send(abuse.body()));
    const wrong = !abuse.codes.includes(result.code) || result.status >= 500 || ms >= FAST_MS;
    record('abuse', { cases: 1, unexpected: wrong ? 1 : 0 });
    console.log(`abuse: ${abuse.name}: HTTP ${result.status} ${result.code} in ${Math.round(ms)} ms`);
    expect(abuse.codes, result.text.slice(0, 300)).toContain(result.code);
    expect(result.status).toBeLessThan(500);
    expect(ms).toBeLessThan(FAST_MS);
    expect(subgraphReads()).toBe(0);
  });

  it('refuses them all at once while normal requests of the tenant and of another tenant succeed', async () => {
    const viewer = await tokenFor(tenant, 'viewer');
    const stranger = await tokenFor(other);
    const abusive = abuses.flatMap((a) => [a, a, a]).map((a) => send(a.body()));
    const normal = Array.from({ length: 10 }, (_, i) => timed(() => gql<{ me: { id: string } }>(stack, 'abuse', { query: NORMAL, token: i % 2 ? viewer : stranger })));
    const [refused, served] = await Promise.all([Promise.all(abusive), Promise.all(normal)]);
    record('abuse', { cases: refused.length + served.length });
    expect(refused.filter((r) => r.status >= 500)).toEqual([]);
    expect(refused.filter((r) => r.code === 'success')).toEqual([]);
    for (const [i, { result, ms }] of served.entries()) {
      expect(errorCodes(result), `normal request ${i}`).toEqual([]);
      expect(result.body.data?.me.id).toBe((i % 2 ? tenant : other).users.find((u) => u.roles.includes(i % 2 ? 'viewer' : 'owner'))!.id);
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('refuses a huge page size given in a variable as bad input, without using up the tenant’s budget', async () => {
    // Static limits cannot see a variable's value: the page size has to be checked, or clamped,
    // before the request is charged to the tenant's cost budget.
    const victim = await freshTenant(stack, 'trucking');
    const res = await gql(stack, 'abuse', {
      query: `query ($n: Int) { vehicles(first: $n) { edges { node { ${allScalars} } } } }`,
      variables: { n: 100_000 },
      token: await tokenFor(victim, 'viewer'),
    });
    const colleague = await gql(stack, 'abuse', { query: NORMAL, token: await tokenFor(victim, 'dispatcher') });
    record('abuse', { cases: 2, unexpected: (errorCodes(res)[0] === 'BAD_USER_INPUT' ? 0 : 1) + (colleague.status === 200 ? 0 : 1) });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(200);
  });
});
