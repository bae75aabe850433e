// Injection payloads through the real gateway: database operators where values belong, prototype keys
// and dotted keys in JSON variables, hostile regular expressions in search arguments, NUL and CR/LF in
// strings and in X-Tenant. Each is refused (BAD_USER_INPUT; FORBIDDEN for X-Tenant) or, for a search,
// taken literally; each answers within 2 s; none pollutes a prototype of this process (the whole stack
// runs in it); and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { gql, rawHttp, rawPost, requestHead, timed } from './support/client';
import { randomVin } from './support/generate';
import { pollutionSince, prototypeBaseline } from './support/pollution';
import { loadApiSchema, type AppType, type OperationKind } from './support/schema';
import { type Tenant } from './support/seed';
import { snapshotTenant } from './support/snapshot';
import { record } from './support/summary';

const LIMIT_MS = 2_000;
const api = loadApiSchema();
const exists = (kind: OperationKind, name: string): boolean => Boolean((kind === 'query' ? api.getQueryType() : api.getMutationType())?.getFields()[name]);

let stack: Stack;
const tenants = {} as Record<AppType, Tenant>;
const tokens = {} as Record<AppType, string>;
let victim: Tenant;
let baseline: Record<string, string[]>;
let before: Record<string, Record<string, string>>;

const vehicleInput = (overrides: Record<string, unknown> = {}) => ({
  unitNumber: 'INJ-1',
  vin: randomVin(),
  make: 'Volvo',
  model: 'VNL',
  year: 2022,
  odometer: 1,
  ...overrides,
});

beforeAll(async () => {
  baseline = prototypeBaseline();
  stack = await startStack();
  [tenants.trucking, tenants.serviceRepair, victim] = await Promise.all([
    freshTenant(stack, 'trucking'),
    freshTenant(stack, 'serviceRepair'),
    freshTenant(stack, 'trucking'),
  ]);
  tokens.trucking = await tokenFor(tenants.trucking);
  tokens.serviceRepair = await tokenFor(tenants.serviceRepair);
  // Something for a hostile regular expression to chew on if it ever ran as one: (a+)+$ against this
  // name backtracks exponentially in a backtracking engine.
  if (exists('mutation', 'createUser')) {
    const res = await gql(stack, 'injection', {
      query: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      variables: { input: { email: `aaaa@${tenants.trucking.slug}.test`, name: `${'a'.repeat(40)}!`, roles: ['viewer'] } },
      token: tokens.trucking,
    });
    expect(res.body.errors).toBeUndefined();
  }
  before = Object.fromEntries(await Promise.all((['trucking', 'serviceRepair'] as const).map(async (t) => [t, await snapshotTenant(stack, tenants[t].id)] as const)));
});

afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  readonly status: number;
  readonly code: string;
  /** totalCount of a list answer, when there is one. */
  readonly total?: number;
  /** The nodes of a list answer. */
  readonly nodes?: Record<string, unknown>[];
  readonly text: string;
}

/** How a payload must be answered. */
type Expectation =
  | 'BAD_USER_INPUT'
  /** BAD_USER_INPUT, or a list with nothing in it: the text was searched for literally. */
  | 'literal'
  /** FORBIDDEN from the gateway, or 400 from the HTTP parser (the request never reached the gateway). */
  | 'FORBIDDEN'
  /** Not a 5xx (the payload is outside what GraphQL reads, e.g. an undeclared variable). */
  | 'harmless';

interface Payload {
  readonly name: string;
  readonly industry: AppType;
  /** The root field the payload goes to; the case is skipped (with a note) when it is not in the schema. */
  readonly field: readonly [OperationKind, string];
  readonly expect: Expectation;
  /** For `literal`: the text searched for. */
  readonly search?: string;
  readonly send: () => Promise<Answer>;
}

/** Sends a query with variables written as raw JSON text (JSON.stringify cannot write a "__proto__" key). */
const rawJson =
  (industry: AppType, query: string, variables: string, extra = '') =>
  async (): Promise<Answer> => {
    const res = await rawPost(stack, 'injection', `{"query":${JSON.stringify(query)},"variables":${variables}${extra}}`, { authorization: `Bearer ${tokens[industry]}` });
    return answerOf(res.status, res.text);
  };

/** Sends a query with variables as an object. */
const vars = (industry: AppType, query: string, variables: Record<string, unknown>) => rawJson(industry, query, JSON.stringify(variables));

/** Sends `{ tenant { slug } }` with a hand-made X-Tenant header line (raw bytes). */
const xTenant = (line: Buffer | string) => async (): Promise<Answer> => {
  const res = await rawHttp(stack, 'injection', requestHead([`authorization: Bearer ${tokens.trucking}`, line]), JSON.stringify({ query: '{ tenant { slug } }' }));
  return answerOf(res.status, res.text);
};

function answerOf(status: number, text: string): Answer {
  try {
    type List = { totalCount?: number; edges?: { node: Record<string, unknown> }[] };
    const body = JSON.parse(text) as { data?: Record<string, List | null> | null; errors?: { extensions?: { code?: string } }[] };
    const first = body.data ? Object.values(body.data)[0] : undefined;
    const code = body.errors?.[0]?.extensions?.code ?? (body.errors ? 'NO_CODE' : 'success');
    return {
      status,
      code,
      text,
      ...(typeof first?.totalCount === 'number' ? { total: first.totalCount } : {}),
      ...(first?.edges ? { nodes: first.edges.map((e) => e.node) } : {}),
    };
  } catch {
    return { status, code: 'not JSON', text };
  }
}

const OPERATORS: [string, unknown][] = [
  ['{"$ne": null}', { $ne: null }],
  ['{"$gt": ""}', { $gt: '' }],
  ['{"$regex": ".*"}', { $regex: '.*' }],
  ['{"$where": "sleep(5000) || true"}', { $where: 'sleep(5000) || true' }],
  ['{"$in": [...]}', { $in: ['000000000000000000000000'] }],
  ['{"$exists": true}', { $exists: true }],
];
const HOSTILE_SEARCHES = ['(a+)+$', '.*', '^', '[a-z]', 'a{1,100000}', '\\', '(?=a)', '$where', '"; return true; var x="', "' || '1'=='1"];

const payloads: Payload[] = [];
const add = (payload: Payload) => payloads.push(payload);

// Database operators where a value belongs: ids, strings, filters.
for (const [label, operator] of OPERATORS) {
  add({
    name: `vehicle(id: ${label})`,
    industry: 'trucking',
    field: ['query', 'vehicle'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'query ($id: ID!) { vehicle(id: $id) { id } }', { id: operator }),
  });
  add({
    name: `user(id: ${label})`,
    industry: 'trucking',
    field: ['query', 'user'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'query ($id: ID!) { user(id: $id) { id } }', { id: operator }),
  });
  add({
    name: `updateVehicle(id: ${label})`,
    industry: 'trucking',
    field: ['mutation', 'updateVehicle'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { id } }', {
      id: operator,
      input: { make: 'Hijacked' },
    }),
  });
  add({
    name: `deactivateUser(id: ${label})`,
    industry: 'trucking',
    field: ['mutation', 'deactivateUser'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: operator }),
  });
  add({
    name: `users(filter.search: ${label})`,
    industry: 'trucking',
    field: ['query', 'users'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'query ($f: UserFilter) { users(filter: $f) { totalCount } }', { f: { search: operator } }),
  });
  add({
    name: `customers(filter.search: ${label})`,
    industry: 'serviceRepair',
    field: ['query', 'customers'],
    expect: 'BAD_USER_INPUT',
    send: vars('serviceRepair', 'query ($f: CustomerFilter) { customers(filter: $f) { totalCount } }', { f: { search: operator } }),
  });
  add({
    name: `workOrders(filter.customerId: ${label})`,
    industry: 'serviceRepair',
    field: ['query', 'workOrders'],
    expect: 'BAD_USER_INPUT',
    send: vars('serviceRepair', 'query ($f: WorkOrderFilter) { workOrders(filter: $f) { totalCount } }', { f: { customerId: operator } }),
  });
  add({
    name: `auditLog(filter.actorId: ${label})`,
    industry: 'trucking',
    field: ['query', 'auditLog'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'query ($f: AuditLogFilter) { auditLog(filter: $f) { totalCount } }', { f: { actorId: operator } }),
  });
  add({
    name: `createVehicle(input.unitNumber: ${label})`,
    industry: 'trucking',
    field: ['mutation', 'createVehicle'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }', { input: vehicleInput({ unitNumber: operator }) }),
  });
}
add({
  name: 'an operator as a key of an input object ($where)',
  industry: 'trucking',
  field: ['mutation', 'createVehicle'],
  expect: 'BAD_USER_INPUT',
  send: rawJson(
    'trucking',
    'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
    JSON.stringify({ input: { ...vehicleInput(), $where: 'true' } }),
  ),
});
add({
  name: 'an operator in a filter object ($or)',
  industry: 'trucking',
  field: ['query', 'users'],
  expect: 'BAD_USER_INPUT',
  send: rawJson('trucking', 'query ($f: UserFilter) { users(filter: $f) { totalCount } }', '{"f":{"$or":[{"parentCompany":{"$ne":null}}]}}'),
});
// JSON scalar: the one argument that accepts any shape.
for (const [label, set] of [
  ['an operator at the top ($where)', '{"$where":"sleep(5000)"}'],
  ['an update operator inside ($set)', '{"features":{"$set":{"fleetManagement":false}}}'],
  ['a dotted key', '{"features.routeOptimization":false}'],
  ['a __proto__ key', '{"__proto__":{"polluted":"yes","isAdmin":true}}'],
  ['a nested __proto__ key', '{"features":{"__proto__":{"polluted":"yes"}}}'],
  ['constructor.prototype', '{"constructor":{"prototype":{"polluted":"yes"}}}'],
  ['a $ key inside a known section', '{"dispatch":{"$inc":{"maxLoadsPerDriver":1}}}'],
] as const) {
  add({
    name: `updateTenantConfig(set: ${label})`,
    industry: 'trucking',
    field: ['mutation', 'updateTenantConfig'],
    expect: 'BAD_USER_INPUT',
    send: rawJson('trucking', 'mutation ($set: JSON) { updateTenantConfig(set: $set) { overriddenKeys } }', `{"set":${set}}`),
  });
}
for (const path of ['__proto__.polluted', 'constructor.prototype.polluted', '$where', 'features.$[]', 'features..routeOptimization']) {
  add({
    name: `updateTenantConfig(clear: ${JSON.stringify(path)})`,
    industry: 'trucking',
    field: ['mutation', 'updateTenantConfig'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($clear: [String!]) { updateTenantConfig(clear: $clear) { overriddenKeys } }', { clear: [path] }),
  });
}
// Prototype keys in the variables of a typed input.
for (const [label, extra] of [
  ['__proto__', '"__proto__":{"polluted":"yes","parentCompany":"000000000000000000000000"}'],
  ['constructor.prototype', '"constructor":{"prototype":{"polluted":"yes"}}'],
  ['prototype', '"prototype":{"polluted":"yes"}'],
] as const) {
  add({
    name: `createVehicle(input with a ${label} key)`,
    industry: 'trucking',
    field: ['mutation', 'createVehicle'],
    expect: 'BAD_USER_INPUT',
    send: rawJson(
      'trucking',
      'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
      `{"input":{${JSON.stringify(vehicleInput()).slice(1, -1)},${extra}}}`,
    ),
  });
  add({
    name: `users(filter with a ${label} key)`,
    industry: 'trucking',
    field: ['query', 'users'],
    expect: 'BAD_USER_INPUT',
    send: rawJson('trucking', 'query ($f: UserFilter) { users(filter: $f) { totalCount } }', `{"f":{${extra}}}`),
  });
}
add({
  name: 'a dotted key in a typed input',
  industry: 'trucking',
  field: ['mutation', 'createVehicle'],
  expect: 'BAD_USER_INPUT',
  send: rawJson(
    'trucking',
    'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
    JSON.stringify({ input: { ...vehicleInput(), 'make.$': 'x' } }),
  ),
});
// Prototype keys where GraphQL does not look: harmless, but must not pollute.
add({
  name: 'an undeclared __proto__ variable',
  industry: 'trucking',
  field: ['query', 'me'],
  expect: 'harmless',
  send: rawJson('trucking', '{ me { id } }', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
});
add({
  name: '__proto__ in extensions',
  industry: 'trucking',
  field: ['query', 'me'],
  expect: 'harmless',
  send: rawJson('trucking', '{ me { id } }', '{}', ',"extensions":{"__proto__":{"polluted":"yes"},"persistedQuery":{"__proto__":{"polluted":"yes"}}}'),
});
add({
  name: '__proto__ as the body’s own key',
  industry: 'trucking',
  field: ['query', 'me'],
  expect: 'harmless',
  send: rawJson('trucking', '{ me { id } }', '{}', ',"__proto__":{"query":"mutation { renameTenant(name: \\"pwned\\") { id } }","polluted":"yes"}'),
});
// Hostile regular expressions in search arguments: literal text, or refused; never slow.
const USERS_SEARCH = 'query ($f: UserFilter) { users(filter: $f, first: 100) { totalCount edges { node { name email } } } }';
for (const search of HOSTILE_SEARCHES) {
  add({
    name: `users(filter.search: ${JSON.stringify(search)})`,
    industry: 'trucking',
    field: ['query', 'users'],
    expect: 'literal',
    search,
    send: vars('trucking', USERS_SEARCH, { f: { search } }),
  });
  add({
    name: `customers(filter.search: ${JSON.stringify(search)})`,
    industry: 'serviceRepair',
    field: ['query', 'customers'],
    expect: 'literal',
    search,
    send: vars('serviceRepair', 'query ($f: CustomerFilter) { customers(filter: $f, first: 100) { totalCount edges { node { name email phone } } } }', { f: { search } }),
  });
  add({
    name: `inventoryItems(filter.search: ${JSON.stringify(search)})`,
    industry: 'serviceRepair',
    field: ['query', 'inventoryItems'],
    expect: 'literal',
    search,
    send: vars('serviceRepair', 'query ($f: InventoryItemFilter) { inventoryItems(filter: $f, first: 100) { totalCount edges { node { name sku } } } }', {
      f: { search },
    }),
  });
}
// NUL and CR/LF in single-line strings: names, identifiers, e-mail addresses.
for (const [label, bad] of [
  ['NUL', 'A\u0000B'],
  ['CR LF', 'A\r\nB'],
  ['a CR LF header line', 'A\r\nX-Injected: 1'],
] as const) {
  add({
    name: `createVehicle(unitNumber with ${label})`,
    industry: 'trucking',
    field: ['mutation', 'createVehicle'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }', { input: vehicleInput({ unitNumber: bad }) }),
  });
  add({
    name: `createVehicle(make with ${label})`,
    industry: 'trucking',
    field: ['mutation', 'createVehicle'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }', {
      input: vehicleInput({ unitNumber: `INJ-${label.length}`, make: bad }),
    }),
  });
  add({
    name: `renameTenant(name with ${label})`,
    industry: 'trucking',
    field: ['mutation', 'renameTenant'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($name: String!) { renameTenant(name: $name) { name } }', { name: `Acme ${bad}` }),
  });
  add({
    name: `createUser(name with ${label})`,
    industry: 'trucking',
    field: ['mutation', 'createUser'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email: `nul-${label.length}@example.test`, name: bad, roles: ['viewer'] },
    }),
  });
  add({
    name: `createUser(email with ${label})`,
    industry: 'trucking',
    field: ['mutation', 'createUser'],
    expect: 'BAD_USER_INPUT',
    send: vars('trucking', 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email: `x@example.test${bad}`, name: 'X', roles: ['viewer'] },
    }),
  });
  add({
    name: `createCustomer(name with ${label})`,
    industry: 'serviceRepair',
    field: ['mutation', 'createCustomer'],
    expect: 'BAD_USER_INPUT',
    send: vars('serviceRepair', 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: bad, locations: [{ address: { line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' } }] },
    }),
  });
  add({
    name: `users(filter.search with ${label})`,
    industry: 'trucking',
    field: ['query', 'users'],
    expect: 'literal',
    search: bad,
    send: vars('trucking', USERS_SEARCH, { f: { search: bad } }),
  });
}
// X-Tenant: NUL, CR, LF and other bytes a slug never has.
const slugOf = () => tenants.trucking.slug;
for (const [label, line] of [
  ['NUL at the end', () => Buffer.concat([Buffer.from(`x-tenant: ${slugOf()}`), Buffer.from([0])])],
  ['NUL in the middle', () => Buffer.concat([Buffer.from(`x-tenant: ${slugOf().slice(0, 3)}`), Buffer.from([0]), Buffer.from(slugOf().slice(3))])],
  ['a bare CR', () => `x-tenant: ${slugOf()}\rjunk`],
  ['a bare LF', () => `x-tenant: ${slugOf()}\nx-tenant: ${victim.slug}`],
  ['CR LF and a second X-Tenant (another tenant)', () => `x-tenant: ${slugOf()}\r\nx-tenant: ${victim.slug}`],
  ['percent-encoded CR LF', () => `x-tenant: ${slugOf()}%0d%0a`],
  ['a tab inside', () => `x-tenant: ${slugOf().slice(0, 3)}\t${slugOf().slice(3)}`],
  ['upper case', () => `x-tenant: ${slugOf().toUpperCase()}`],
  ['a Cyrillic look-alike letter', () => Buffer.from(`x-tenant: ${slugOf().replace(/[a-z]/, 'а')}`, 'utf8')],
  ['an operator object', () => 'x-tenant: {"$ne":null}'],
  ['a path', () => `x-tenant: ../${victim.slug}`],
  ['a list of two slugs', () => `x-tenant: ${slugOf()},${victim.slug}`],
  ['empty', () => 'x-tenant: '],
  ['8000 characters', () => `x-tenant: ${'a'.repeat(8_000)}`],
] as const) {
  add({ name: `X-Tenant with ${label}`, industry: 'trucking', field: ['query', 'tenant'], expect: 'FORBIDDEN', send: () => xTenant(line())() });
}

const skipped = payloads.filter((p) => !exists(...p.field));

/** True when every object of the answer shows the searched text as it is (a regular expression would match more). */
const literalMatches = (answer: Answer, search: string): boolean =>
  answer.code === 'success' &&
  (answer.nodes ?? []).every((node) => Object.values(node).some((v) => typeof v === 'string' && v.toLowerCase().includes(search.toLowerCase())));

function verdict(expectation: Expectation, answer: Answer, search?: string): string | undefined {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  switch (expectation) {
    case 'BAD_USER_INPUT':
      return answer.code === 'BAD_USER_INPUT' ? undefined : `answered ${answer.code} (HTTP ${answer.status})`;
    case 'literal':
      if (answer.code === 'BAD_USER_INPUT') return undefined;
      return search !== undefined && literalMatches(answer, search)
        ? undefined
        : `answered ${answer.code} with ${answer.total ?? '?'} results: the text was not taken literally`;
    case 'FORBIDDEN':
      if (answer.status === 403 && answer.code === 'FORBIDDEN') return undefined;
      return answer.status === 400 && answer.code === 'not JSON' ? undefined : `answered HTTP ${answer.status} ${answer.code}`;
    case 'harmless':
      return undefined;
  }
}

describe('injection payloads', () => {
  it.each(payloads.filter((p) => !skipped.includes(p)).map((p) => [p.name, p] as const))('%s', async (_name, payload) => {
    const { result: answer, ms } = await timed(payload.send);
    const wrong = verdict(payload.expect, answer, payload.search);
    const pollution = pollutionSince(baseline);
    record('injection', { cases: 1, unexpected: wrong || ms >= LIMIT_MS || pollution.length ? 1 : 0 });
    expect(wrong, `${answer.text.slice(0, 400)}`).toBeUndefined();
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(pollution).toEqual([]);
  });

  it('wrote nothing, and each case went to an operation the schema has', async () => {
    if (skipped.length) console.log(`injection: not in the schema, skipped: ${skipped.map((p) => p.name).join('; ')}`);
    for (const industry of ['trucking', 'serviceRepair'] as const) {
      const after = await snapshotTenant(stack, tenants[industry].id);
      expect(after, industry).toEqual(before[industry]);
    }
  });
});
