import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { INTERNAL_CONTEXT_HEADER, internalContextKey, signInternalContext, generateInternalContextKeys } from '@attunelogic/shared';
import { FORBIDDEN_TENANT_MESSAGE, UNAUTHENTICATED_MESSAGE } from '@attunelogic/shared/errors';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, JWT_SECRET, oid, post, startStack, tokenFor, uniqueSlug, type Stack, INTERNAL_CONTEXT_KEYS } from './stack';
import { createHmac } from 'node:crypto';

const VIN = '1M8GDM9AXKP042788';
let stack: Stack;
let truckA: ProvisionedTenant;
let truckB: ProvisionedTenant;
let repairA: ProvisionedTenant;
let repairB: ProvisionedTenant;

const CREATE_VEHICLE = /* GraphQL */ `
  mutation CreateVehicle($input: CreateVehicleInput!) {
    createVehicle(input: $input) {
      id
      unitNumber
      odometer
      createdBy {
        id
        email
      }
    }
  }
`;
const CREATE_WORK_ORDER = /* GraphQL */ `
  mutation CreateWorkOrder($input: CreateWorkOrderInput!) {
    createWorkOrder(input: $input) {
      id
      number
      status
      createdBy {
        id
        email
      }
    }
  }
`;

async function createVehicle(tenant: ProvisionedTenant, unitNumber: string): Promise<string> {
  const res = await post<{ createVehicle: { id: string } }>(stack, {
    query: CREATE_VEHICLE,
    variables: { input: { unitNumber, vin: VIN, make: 'Freightliner', model: 'Cascadia', year: 2022, plate: 'TX-1234', odometer: 1000 } },
    token: await tokenFor(tenant),
  });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.createVehicle.id;
}

// A work order needs a customer: one per tenant, created on first use.
const customers = new Map<string, Promise<string>>();
function customerOf(tenant: ProvisionedTenant): Promise<string> {
  let customer = customers.get(tenant.id);
  if (!customer) {
    customer = tokenFor(tenant)
      .then((token) =>
        post<{ createCustomer: { id: string } }>(stack, {
          query: 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
          variables: { input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] } },
          token,
        }),
      )
      .then((res) => res.body.data!.createCustomer.id);
    customers.set(tenant.id, customer);
  }
  return customer;
}

async function createWorkOrder(tenant: ProvisionedTenant, title: string): Promise<string> {
  const res = await post<{ createWorkOrder: { id: string } }>(stack, {
    query: CREATE_WORK_ORDER,
    variables: { input: { title, description: 'Leaking pipe under the sink', priority: 'normal', customerId: await customerOf(tenant) } },
    token: await tokenFor(tenant),
  });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.createWorkOrder.id;
}

beforeAll(async () => {
  stack = await startStack({ ownSubgraphs: ['core'] });
  [truckA, truckB, repairA, repairB] = await Promise.all([
    freshTenant(stack, 'trucking'),
    freshTenant(stack, 'trucking'),
    freshTenant(stack, 'serviceRepair'),
    freshTenant(stack, 'serviceRepair'),
  ]);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a valid token and slug', () => {
  it('get me and tenant from core', async () => {
    const owner = truckA.users.find((u) => u.roles.includes('owner'))!;
    const res = await post<{ me: { id: string; email: string; roles: string[] }; tenant: { slug: string; appType: string } }>(stack, {
      query: '{ me { id email roles } tenant { slug appType } }',
      token: await tokenFor(truckA),
      tenant: truckA.slug,
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ me: { id: owner.id, email: owner.email, roles: ['owner'] }, tenant: { slug: truckA.slug, appType: 'trucking' } });
  });

  it('get their own vehicles with createdBy resolved from core', async () => {
    const id = await createVehicle(truckA, 'T-100');
    const res = await post<{ vehicles: { totalCount: number; edges: { node: { id: string; createdBy: { email: string } } }[] } }>(stack, {
      query: '{ vehicles(first: 10) { totalCount edges { node { id unitNumber createdBy { email } } } } }',
      token: await tokenFor(truckA),
    });
    expect(res.body.errors).toBeUndefined();
    const node = res.body.data!.vehicles.edges.find((e) => e.node.id === id)!.node;
    expect(node.createdBy.email).toBe(`owner@${truckA.slug}.test`);
  });

  it('get their own work orders with createdBy resolved from core', async () => {
    const id = await createWorkOrder(repairA, 'Fix the sink');
    const res = await post<{ workOrder: { id: string; title: string; createdBy: { email: string } } }>(stack, {
      query: 'query ($id: ID!) { workOrder(id: $id) { id title createdBy { email } } }',
      variables: { id },
      token: await tokenFor(repairA, 'viewer'),
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workOrder).toEqual({ id, title: 'Fix the sink', createdBy: { email: `owner@${repairA.slug}.test` } });
  });
});

describe('another tenant’s ids', () => {
  it('vehicle(id) of tenant A as tenant B: null and NOT_FOUND', async () => {
    const id = await createVehicle(truckA, 'T-200');
    const res = await post(stack, { query: 'query ($id: ID!) { vehicle(id: $id) { id unitNumber } }', variables: { id }, token: await tokenFor(truckB) });
    expect(res.body.data).toEqual({ vehicle: null });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });

  it('updateVehicle of tenant A as tenant B: NOT_FOUND and A’s document unchanged', async () => {
    const id = await createVehicle(truckA, 'T-300');
    const before = await stack.collection('trucking', 'vehicles').findOne({ parentCompany: oid(truckA.id), _id: oid(id) });
    const res = await post(stack, {
      query: 'mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { id make } }',
      variables: { id, input: { make: 'Hijacked', odometer: 999999 } },
      token: await tokenFor(truckB),
    });
    expect(codes(res)).toEqual(['NOT_FOUND']);
    const after = await stack.collection('trucking', 'vehicles').findOne({ parentCompany: oid(truckA.id), _id: oid(id) });
    expect(after).toEqual(before);
  });

  it('workOrder(id) of tenant A as tenant B: null and NOT_FOUND', async () => {
    const id = await createWorkOrder(repairA, 'Private job');
    const res = await post(stack, { query: 'query ($id: ID!) { workOrder(id: $id) { id title } }', variables: { id }, token: await tokenFor(repairB) });
    expect(res.body.data).toEqual({ workOrder: null });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });

  it('updateWorkOrderStatus of tenant A as tenant B: NOT_FOUND and A’s document unchanged', async () => {
    const id = await createWorkOrder(repairA, 'Untouchable job');
    const before = await stack.collection('service', 'workOrders').findOne({ parentCompany: oid(repairA.id), _id: oid(id) });
    const res = await post(stack, {
      query: 'mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: scheduled) { id status } }',
      variables: { id },
      token: await tokenFor(repairB),
    });
    expect(codes(res)).toEqual(['NOT_FOUND']);
    const after = await stack.collection('service', 'workOrders').findOne({ parentCompany: oid(repairA.id), _id: oid(id) });
    expect(after).toEqual(before);
  });

  it('a user id of another tenant in a token is not a member', async () => {
    const stranger = truckB.users[0]!;
    const token = await signDevelopmentTokenFor(stranger.id, truckA.slug);
    const res = await post(stack, { query: '{ me { id } }', token });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: FORBIDDEN_TENANT_MESSAGE, extensions: { code: 'FORBIDDEN' } }] });
  });
});

async function signDevelopmentTokenFor(userId: string, tenant: string, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: userId, tenant, iss: 'attunelogic', aud: 'attunelogic-api', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(JWT_SECRET));
}

describe('tenant resolution and parent verification', () => {
  it('refuses an X-Tenant that differs from the token’s claim with 403', async () => {
    const res = await post(stack, { query: '{ me { id } }', token: await tokenFor(truckA), tenant: truckB.slug });
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('answers an unknown tenant exactly like a tenant the user is not a member of', async () => {
    const owner = truckA.users[0]!;
    const unknown = await post(stack, { query: '{ me { id } }', token: await signDevelopmentTokenFor(owner.id, uniqueSlug('nobody')) });
    const notMember = await post(stack, { query: '{ me { id } }', token: await signDevelopmentTokenFor(owner.id, truckB.slug) });
    expect(unknown.status).toBe(403);
    expect(notMember.status).toBe(403);
    expect(unknown.body).toEqual(notMember.body);
  });

  it('refuses an inactive tenant with 403 TENANT_INACTIVE', async () => {
    const dormant = await freshTenant(stack, 'serviceRepair', { active: false });
    const res = await post(stack, { query: '{ me { id } }', token: await tokenFor(dormant) });
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['TENANT_INACTIVE']);
  });

  it('refuses a canceled subscription with 403 TENANT_INACTIVE', async () => {
    const canceled = await freshTenant(stack, 'trucking', { paymentStatus: 'canceled' });
    const res = await post(stack, { query: '{ me { id } }', token: await tokenFor(canceled) });
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['TENANT_INACTIVE']);
  });

  it('lets a past_due tenant read but refuses its mutations with 402, writing nothing', async () => {
    const late = await freshTenant(stack, 'trucking', { paymentStatus: 'past_due' });
    const token = await tokenFor(late);
    const query = await post(stack, { query: '{ vehicles { totalCount } }', token });
    expect(query.status).toBe(200);
    expect(query.body.errors).toBeUndefined();
    const mutation = await post(stack, {
      query: CREATE_VEHICLE,
      variables: { input: { unitNumber: 'LATE-1', vin: VIN, make: 'Volvo', model: 'VNL', year: 2020, plate: 'X', odometer: 1 } },
      token,
    });
    expect(mutation.status).toBe(402);
    expect(codes(mutation)).toEqual(['PAYMENT_REQUIRED']);
    expect(await stack.collection('trucking', 'vehicles').countDocuments({ parentCompany: oid(late.id) })).toBe(0);
  });
});

describe('authentication', () => {
  it('refuses every bad token with 401 and one identical generic body', async () => {
    const owner = truckA.users[0]!;
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const tokens: Record<string, string | undefined> = {
      none: undefined,
      expired: await signDevelopmentTokenFor(owner.id, truckA.slug, { iat: now - 7200, exp: now - 3600 }),
      'without exp': await new SignJWT({ sub: owner.id, tenant: truckA.slug, iss: 'attunelogic', aud: 'attunelogic-api' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(JWT_SECRET)),
      'wrong issuer': await signDevelopmentTokenFor(owner.id, truckA.slug, { iss: 'evil' }),
      'wrong audience': await signDevelopmentTokenFor(owner.id, truckA.slug, { aud: 'other-api' }),
      'alg none': `${b64({ alg: 'none' })}.${b64({ sub: owner.id, tenant: truckA.slug, iss: 'attunelogic', aud: 'attunelogic-api', exp: now + 600 })}.`,
      'bad signature': `${(await tokenFor(truckA)).slice(0, -4)}AAAA`,
    };
    const bodies = new Set<string>();
    for (const [name, token] of Object.entries(tokens)) {
      const res = await post(stack, { query: '{ me { id } }', ...(token ? { token } : {}) });
      expect(res.status, name).toBe(401);
      bodies.add(JSON.stringify(res.body));
    }
    expect([...bodies]).toEqual([JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: 'UNAUTHENTICATED' } }] })]);
  });
});

describe('the internal context', () => {
  it('a client-sent internal-context header has no effect', async () => {
    // A forged context for tenant B, signed with the real key: the gateway must not pass it on.
    const forged = await signInternalContext(
      internalContextKey(INTERNAL_CONTEXT_KEYS.privateKey),
      'core',
      makeTenantContext({ tenantId: truckB.id, slug: truckB.slug, userId: truckB.users[0]!.id }),
    );
    const res = await post<{ tenant: { slug: string } }>(stack, {
      query: '{ tenant { slug } }',
      token: await tokenFor(truckA),
      headers: { [INTERNAL_CONTEXT_HEADER]: forged },
    });
    expect(res.body.data?.tenant.slug).toBe(truckA.slug);
  });

  const callSubgraph = async (url: string, query: string, context?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(context ? { [INTERNAL_CONTEXT_HEADER]: context } : {}) },
      body: JSON.stringify({ query }),
    });

  it.each(['core', 'trucking', 'service'] as const)('the %s subgraph refuses calls without a valid internal context, _service included', async (name) => {
    const url = stack.subgraphUrls[name];
    const key = internalContextKey(INTERNAL_CONTEXT_KEYS.privateKey);
    const tenant = makeTenantContext({ tenantId: truckA.id, slug: truckA.slug });
    const other = name === 'core' ? 'trucking' : 'core';
    const claims = { tid: tenant.tenantId, slug: tenant.slug, app: 'trucking', roles: [], flags: {}, rid: 'r', jti: crypto.randomUUID() };
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setIssuer('attunelogic-gateway')
      .setAudience(name)
      .setSubject(tenant.userId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key.privateKey);
    // The public key is public: an HMAC "signed" with it must not pass for the gateway's signature.
    const withPublicKey = (() => {
      const input = [
        { alg: 'HS256', typ: 'JWT', kid: key.kid },
        { ...claims, iss: 'attunelogic-gateway', aud: name, sub: tenant.userId, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 30 },
      ]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      return `${input}.${createHmac('sha256', INTERNAL_CONTEXT_KEYS.publicKey).update(input).digest('base64url')}`;
    })();
    const replayed = await signInternalContext(key, name, tenant);
    expect((await callSubgraph(url, '{ __typename }', replayed)).status).toBe(200);
    for (const [label, context] of [
      ['none', undefined],
      ['minted for another subgraph', await signInternalContext(key, other, tenant)],
      ['expired', expired],
      ['signed with another key', await signInternalContext(internalContextKey(generateInternalContextKeys().privateKey), name, tenant)],
      ['signed with the public key (HS256)', withPublicKey],
      ['replayed', replayed],
    ] as const) {
      for (const query of ['{ _service { sdl } }', '{ __typename }']) {
        const res = await callSubgraph(url, query, context);
        expect(res.status, `${label}: ${query}`).toBe(401);
      }
    }
    const ok = await callSubgraph(url, '{ _service { sdl } }', await signInternalContext(key, name, tenant));
    expect(ok.status).toBe(200);
  });
});

describe('loaders across subgraphs', () => {
  it('20 work orders with createdBy cost one user query in core', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const token = await tokenFor(tenant, 'dispatcher');
    for (let i = 0; i < 20; i++) await createWorkOrder(tenant, `Job ${i}`);
    await post(stack, { query: '{ me { id } }', token }); // warms the gateway's tenant/user cache
    stack.commands.core.reset();
    const res = await post<{ workOrders: { edges: { node: { createdBy: { email: string } } }[] } }>(stack, {
      query: '{ workOrders(first: 20) { edges { node { number createdBy { id email } } } } }',
      token,
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workOrders.edges).toHaveLength(20);
    expect(res.body.data!.workOrders.edges.every((e) => e.node.createdBy.email === `owner@${tenant.slug}.test`)).toBe(true);
    expect(stack.commands.core.count('find', 'users')).toBe(1);
  });
});

describe('bad input', () => {
  it.each([
    ['a malformed id', 'query { vehicle(id: "not-an-id") { id } }', {}],
    ['an operator object as id', 'query ($id: ID!) { vehicle(id: $id) { id } }', { id: { $ne: null } }],
    ['an unknown enum value', 'query { vehicles(filter: { status: flying }) { totalCount } }', {}],
  ])('%s is BAD_USER_INPUT or a validation error, with no stack or database message', async (_name, query, variables) => {
    const res = await post(stack, { query, variables, token: await tokenFor(truckA) });
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(codes(res)[0]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/stacktrace|Mongo|mongoose|at .*\.ts:\d+|127\.0\.0\.1/);
  });

  it.each([
    ['an oversized string', { unitNumber: 'X'.repeat(10_000), vin: VIN, make: 'M', model: 'M', year: 2020, plate: 'P', odometer: 1 }],
    ['an operator object in a string field', { unitNumber: { $gt: '' }, vin: VIN, make: 'M', model: 'M', year: 2020, plate: 'P', odometer: 1 }],
    ['a bad VIN check digit', { unitNumber: 'BAD-VIN', vin: '1M8GDM9A1KP042788', make: 'M', model: 'M', year: 2020, plate: 'P', odometer: 1 }],
  ])('createVehicle with %s: BAD_USER_INPUT and nothing written', async (_name, input) => {
    const tenant = await freshTenant(stack, 'trucking');
    const res = await post(stack, { query: CREATE_VEHICLE, variables: { input }, token: await tokenFor(tenant) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|Mongo|mongoose/);
    expect(await stack.collection('trucking', 'vehicles').countDocuments({ parentCompany: oid(tenant.id) })).toBe(0);
  });
});

describe('industries', () => {
  it('a serviceRepair tenant gets FEATURE_DISABLED for trucking operations, and the reverse', async () => {
    const vehicles = await post(stack, { query: '{ vehicles { totalCount } }', token: await tokenFor(repairA) });
    expect(codes(vehicles)).toEqual(['FEATURE_DISABLED']);
    const workOrders = await post(stack, { query: '{ workOrders { totalCount } }', token: await tokenFor(truckA) });
    expect(codes(workOrders)).toEqual(['FEATURE_DISABLED']);
  });
});
