import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { type SubgraphServer } from '@attunelogic/shared';
import { executeAs, uniqueSlug } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from '../models';
import { createCoreServer } from '../server';
import { connectTestDatabase, contextFor, provisionTestTenant, silentLogger, TEST_SECRET } from '../testing';

let connection: Connection;
let models: CoreModels;
let server: SubgraphServer<CoreModels>;

beforeAll(async () => {
  connection = await connectTestDatabase();
  models = createCoreModels(connection);
  server = createCoreServer({ INTERNAL_CONTEXT_SECRET: TEST_SECRET }, { connection, logger: silentLogger });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await connection?.close();
});

const TENANT = '{ tenant { id slug name appType active paymentStatus } }';

describe('tenant', () => {
  it('is the calling tenant', async () => {
    const tenant = await provisionTestTenant(models, { appType: 'serviceRepair' });
    const result = await executeAs(server, models, contextFor(tenant), TENANT);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      tenant: { id: tenant.id, slug: tenant.slug, name: `Test ${tenant.slug}`, appType: 'serviceRepair', active: true, paymentStatus: 'active' },
    });
  });

  it('shows a past_due payment status', async () => {
    const tenant = await provisionTestTenant(models, { paymentStatus: 'past_due' });
    const result = await executeAs(server, models, contextFor(tenant), '{ tenant { slug paymentStatus } }');
    expect(result.data).toEqual({ tenant: { slug: tenant.slug, paymentStatus: 'past_due' } });
  });

  it('loads the tenant once per request, however often it is asked for', async () => {
    const tenant = await provisionTestTenant(models);
    const batches: string[] = [];
    const result = await executeAs(server, models, contextFor(tenant), '{ a: tenant { slug } b: tenant { name } }', {}, {
      observe: (b) => batches.push(b.model),
    });
    expect(result.errors).toBeUndefined();
    expect(batches).toEqual(['Customer.current']);
  });

  it('is NOT_FOUND when the context names a tenant that does not exist', async () => {
    const tenant = await provisionTestTenant(models);
    const ghost = { ...contextFor(tenant), tenantId: new mongoose.Types.ObjectId().toHexString() };
    const result = await executeAs(server, models, ghost, TENANT);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});

describe('the tenant model (Customer)', () => {
  it('is stored in `customers` under the field names the gateway reads', async () => {
    const tenant = await provisionTestTenant(models);
    const raw = await connection.db!.collection('customers').findOne({ slug: tenant.slug });
    expect(raw).toMatchObject({ slug: tenant.slug, appType: 'trucking', active: true, paymentStatus: 'active', metadata: {} });
    expect(String(raw?._id)).toBe(tenant.id);
  });

  it('refuses an invalid slug, a duplicate slug and an unknown appType', async () => {
    await models.Customer.init();
    await expect(models.Customer.create({ slug: 'Not A Slug', name: 'X', appType: 'trucking' })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    await expect(models.Customer.create({ slug: uniqueSlug(), name: 'X', appType: 'bakery' as never })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    const existing = await provisionTestTenant(models, { users: [] });
    await expect(models.Customer.create({ slug: existing.slug, name: 'Twin', appType: 'trucking' })).rejects.toMatchObject({ code: 11000 });
  });
});
