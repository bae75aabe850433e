// Tenant configuration through the gateway: industry defaults, overrides, refusal of bad ones, and
// feature flags reaching the other subgraphs in the signed internal context: a feature switched
// off is FEATURE_DISABLED on the first request after the cache lifetime, with no restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { FEATURES } from '@attunelogic/shared';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { SERVICE_REPAIR_DEFAULTS, TRUCKING_DEFAULTS } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

const TTL_MS = 200;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

const pastCacheLifetime = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));

interface TenantConfigResult {
  config: Record<string, Record<string, unknown>>;
  overriddenKeys: string[];
  flags: { name: string; enabled: boolean }[];
}

const TENANT_CONFIG = '{ tenantConfig { config overriddenKeys flags { name enabled } } }';
const UPDATE = 'mutation ($set: JSON, $clear: [String!]) { updateTenantConfig(set: $set, clear: $clear) { config overriddenKeys flags { name enabled } } }';

async function readConfig(tenant: ProvisionedTenant, role = 'viewer'): Promise<TenantConfigResult> {
  const res = await post<{ tenantConfig: TenantConfigResult }>(stack, { query: TENANT_CONFIG, token: await tokenFor(tenant, role) });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.tenantConfig;
}

async function update(tenant: ProvisionedTenant, variables: Record<string, unknown>) {
  return post<{ updateTenantConfig: TenantConfigResult }>(stack, { query: UPDATE, variables, token: await tokenFor(tenant) });
}

const metadataOf = async (tenant: ProvisionedTenant) => (await stack.directory.Tenant.findById(new mongoose.Types.ObjectId(tenant.id)).lean())?.metadata;

describe('defaults', () => {
  it.each([
    ['trucking', TRUCKING_DEFAULTS],
    ['serviceRepair', SERVICE_REPAIR_DEFAULTS],
  ] as const)('a fresh %s tenant gets its industry’s defaults, every feature on', async (appType, defaults) => {
    const tenant = await freshTenant(stack, appType);
    expect(await readConfig(tenant)).toEqual({
      config: defaults,
      overriddenKeys: [],
      flags: FEATURES[appType].map((name) => ({ name, enabled: true })),
    });
  });
});

describe('overrides', () => {
  it('an override changes the effective value and is listed as overridden; clearing it restores the default', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const set = await update(tenant, { set: { dispatch: { maxJobsPerTechnicianPerDay: 9 }, workOrders: { responseHours: { emergency: 2 } } } });
    expect(set.body.errors).toBeUndefined();
    const effective = await readConfig(tenant);
    expect(effective.config['dispatch']).toEqual({ ...SERVICE_REPAIR_DEFAULTS.dispatch, maxJobsPerTechnicianPerDay: 9 });
    expect(effective.config['workOrders']).toEqual({
      ...SERVICE_REPAIR_DEFAULTS.workOrders,
      responseHours: { ...SERVICE_REPAIR_DEFAULTS.workOrders.responseHours, emergency: 2 },
    });
    expect(effective.overriddenKeys).toEqual(['dispatch.maxJobsPerTechnicianPerDay', 'workOrders.responseHours.emergency']);

    await update(tenant, { clear: ['dispatch'] });
    expect((await readConfig(tenant)).overriddenKeys).toEqual(['workOrders.responseHours.emergency']);
  });

  it.each([
    ['an unknown key', { set: { dispatch: { warpSpeed: true } } }],
    ['a flag of the other industry', { set: { features: { routeOptimization: false } } }],
    ['an invalid value', { set: { units: { currency: 'dollars' } } }],
    ['a cross-field violation', { set: { workingHours: { start: '18:00', end: '09:00' } } }],
    ['an unknown key to clear', { clear: ['dispatch.warpSpeed'] }],
  ])('a bad override (%s) is BAD_USER_INPUT and stores nothing', async (_name, variables) => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    await update(tenant, { set: { inventory: { lowStockThreshold: 3 } } });
    const before = await metadataOf(tenant);
    const res = await update(tenant, variables);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors?.[0]?.extensions?.['issues']).toBeInstanceOf(Array);
    expect(await metadataOf(tenant)).toEqual(before);
    expect((await readConfig(tenant)).overriddenKeys).toEqual(['inventory.lowStockThreshold']);
  });
});

describe('feature flags reach the other subgraphs', () => {
  it.each([
    ['trucking', 'fleetManagement', '{ vehicles { totalCount } }'],
    ['serviceRepair', 'workOrders', '{ workOrders { totalCount } }'],
  ] as const)('%s: switching %s off makes its operations FEATURE_DISABLED after the cache lifetime; on again restores them', async (appType, feature, query) => {
    const [tenant, neighbour] = await Promise.all([freshTenant(stack, appType), freshTenant(stack, appType)]);
    const token = await tokenFor(tenant, 'dispatcher');
    expect((await post(stack, { query, token })).body.errors).toBeUndefined();

    const off = await update(tenant, { set: { features: { [feature]: false } } });
    expect(off.body.data?.updateTenantConfig.flags).toContainEqual({ name: feature, enabled: false });
    await pastCacheLifetime();
    const disabled = await post(stack, { query, token });
    expect(codes(disabled)).toEqual(['FEATURE_DISABLED']);
    // Another tenant of the same industry keeps the feature.
    expect((await post(stack, { query, token: await tokenFor(neighbour, 'dispatcher') })).body.errors).toBeUndefined();

    await update(tenant, { clear: [`features.${feature}`] });
    await pastCacheLifetime();
    expect((await post(stack, { query, token })).body.errors).toBeUndefined();
  });

  it("the configuration values a subgraph acts on reach it too: trucking's tracking retention", async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const dispatcher = await tokenFor(tenant, 'dispatcher');
    const driverUser = tenant.users.find((u) => u.roles.includes('driver' as never))!;
    const created = await post<{ createDriver: { id: string } }>(stack, {
      query: 'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
      variables: { input: { userId: driverUser.id, licenseNumber: 'D7654321', licenseClass: 'A', licenseState: 'TX', licenseExpiresOn: '2035-12-31' } },
      token: await tokenFor(tenant),
    });
    expect(created.body.errors).toBeUndefined();
    const ping = (daysAgo: number) =>
      post(stack, {
        query: 'mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { recordedAt } }',
        variables: {
          input: {
            driverId: created.body.data!.createDriver.id,
            latitude: 32.78,
            longitude: -96.8,
            recordedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
          },
        },
        token: dispatcher,
      });
    // Core's default retention is 90 days.
    expect((await ping(10)).body.errors).toBeUndefined();
    const changed = await update(tenant, { set: { tracking: { retentionDays: 7 } } });
    expect(changed.body.data?.updateTenantConfig.overriddenKeys).toContain('tracking.retentionDays');
    await pastCacheLifetime();
    const refused = await ping(10);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.body.errors?.[0]?.message).toContain('7-day retention period');
    expect((await ping(5)).body.errors).toBeUndefined();
  });

  it("the service's keys act through the gateway: autoDispatch, workingHours for a technician without hours, billing tax", async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const owner = await tokenFor(tenant);
    const call = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      const res = await post<T>(stack, { query, variables, token: owner });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!;
    };
    const { createServiceArea: area } = await call<{ createServiceArea: { id: string } }>(
      'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      { input: { name: 'Loop', zipCodes: ['60601'] } },
    );
    const { createCustomer: customer } = await call<{ createCustomer: { id: string } }>(
      'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: 'Loop Bakery', locations: [{ address: { line1: '1 N State St', city: 'Chicago', postalCode: '60601' } }] } },
    );
    // No working hours of their own: the tenant's hours (every day, all day, here) make them bookable.
    const technicianUser = tenant.users.find((u) => u.roles.includes('technician' as never))!.id;
    await call('mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }', {
      input: { userId: technicianUser, serviceAreaIds: [area.id], workingHours: [] },
    });
    const CREATE = 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { status technician { id } } }';
    const create = () => call<{ createWorkOrder: { status: string; technician: { id: string } | null } }>(CREATE, { input: { title: 'Oven', customerId: customer.id } });
    expect((await create()).createWorkOrder).toEqual({ status: 'new', technician: null });

    await update(tenant, {
      set: {
        dispatch: { autoDispatch: true },
        workingHours: { timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' },
        billing: { taxRateBasisPoints: 1000 },
      },
    });
    await pastCacheLifetime();
    expect((await create()).createWorkOrder.status).toBe('dispatched');
    const quote = await call<{ createQuote: { totals: { tax: { amountCents: number } } } }>(
      'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { totals { tax { amountCents } } } }',
      { input: { customerId: customer.id, title: 'Oven', lines: [{ kind: 'fee', description: 'Visit', quantity: 1, unitPriceCents: 5_000 }] } },
    );
    expect(quote.createQuote.totals.tax.amountCents).toBe(500);
  });

  it('core keeps answering a tenant whose industry features are all off', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    await update(tenant, { set: { features: Object.fromEntries(FEATURES.trucking.map((name) => [name, false])) } });
    await pastCacheLifetime();
    const res = await post(stack, { query: '{ me { id } tenantConfig { flags { enabled } } }', token: await tokenFor(tenant) });
    expect(res.body.errors).toBeUndefined();
  });
});
