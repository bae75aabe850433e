import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { DomainError, tenantScope, verifyAuditChain, type SubgraphServer } from '@attunelogic/shared';
import { executeAs, uniqueSlug } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from '../models';
import { createCoreServer } from '../server';
import { connectTestDatabase, contextFor, provisionStaffedTenant, provisionTestTenant, silentLogger, TEST_CONFIG, userWith } from '../testing';
import { activateTenant, createTenant, deactivateTenant, renameTenantBySlug, setPaymentStatus } from './tenants.service';

let connection: Connection;
let models: CoreModels;
let server: SubgraphServer<CoreModels>;

beforeAll(async () => {
  connection = await connectTestDatabase();
  models = createCoreModels(connection);
  server = createCoreServer(TEST_CONFIG, { connection, logger: silentLogger });
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
    const result = await executeAs(
      server,
      models,
      contextFor(tenant),
      '{ a: tenant { slug } b: tenant { name } }',
      {},
      {
        observe: (b) => batches.push(b.model),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(batches).toEqual(['Tenant.current']);
  });

  it('is NOT_FOUND when the context names a tenant that does not exist', async () => {
    const tenant = await provisionTestTenant(models);
    const ghost = { ...contextFor(tenant), tenantId: new mongoose.Types.ObjectId().toHexString() };
    const result = await executeAs(server, models, ghost, TENANT);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});

describe('the tenant model', () => {
  it('is stored in `customers` under the field names the gateway reads', async () => {
    const tenant = await provisionTestTenant(models);
    const raw = await connection.db!.collection('customers').findOne({ slug: tenant.slug });
    expect(raw).toMatchObject({ slug: tenant.slug, appType: 'trucking', active: true, paymentStatus: 'active', metadata: {} });
    expect(String(raw?._id)).toBe(tenant.id);
  });

  it('refuses an invalid slug, a duplicate slug and an unknown appType', async () => {
    await models.Tenant.init();
    await expect(models.Tenant.create({ slug: 'Not A Slug', name: 'X', appType: 'trucking' })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    await expect(models.Tenant.create({ slug: uniqueSlug(), name: 'X', appType: 'bakery' as never })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    const existing = await provisionTestTenant(models, { users: [] });
    await expect(models.Tenant.create({ slug: existing.slug, name: 'Twin', appType: 'trucking' })).rejects.toMatchObject({ code: 11000 });
  });
});

describe('renameTenant', () => {
  const RENAME = 'mutation ($name: String!) { renameTenant(name: $name) { id name } }';

  it('renames the caller’s own tenant, for its owner only', async () => {
    const tenant = await provisionStaffedTenant(models);
    const ok = await executeAs(server, models, contextFor(tenant), RENAME, { name: '  Renamed Inc ' });
    expect(ok.data).toEqual({ renameTenant: { id: tenant.id, name: 'Renamed Inc' } });
    const admin = await executeAs(server, models, contextFor(tenant, userWith(tenant, 'admin')), RENAME, { name: 'Hijack' });
    expect(admin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await models.Tenant.findById(tenant.id).lean())?.name).toBe('Renamed Inc');
    const event = await models.audit.AuditEvent.findOne({ parentCompany: tenant.id, operation: 'renameTenant', outcome: 'success' }).lean();
    expect(event).toMatchObject({ targetType: 'Tenant', targetId: tenant.id, diff: { name: { from: `Staffed ${tenant.slug}`, to: 'Renamed Inc' } } });
  });

  it('refuses an empty name with BAD_USER_INPUT', async () => {
    const tenant = await provisionStaffedTenant(models);
    const result = await executeAs(server, models, contextFor(tenant), RENAME, { name: '   ' });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('the operators’ lifecycle functions', () => {
  const actor = 'operator:test';

  it('provision a tenant with its owner, trialing, and audit it', async () => {
    const slug = uniqueSlug('prov');
    const { tenant, owner } = await createTenant(models, { slug, name: 'Prov Co', appType: 'serviceRepair', owner: { email: 'Boss@Prov.TEST', name: 'Boss' } }, actor);
    expect(tenant).toMatchObject({ slug, name: 'Prov Co', appType: 'serviceRepair', active: true, paymentStatus: 'trialing', metadata: {} });
    expect(owner).toMatchObject({ email: 'boss@prov.test', roles: ['owner'], active: true });
    expect(String(owner.parentCompany)).toBe(String(tenant._id));
    const events = await models.audit.AuditEvent.find({ parentCompany: tenant._id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => [e.operation, e.actor, e.targetType])).toEqual([
      ['provisionTenant', actor, 'Tenant'],
      ['createUser', actor, 'User'],
    ]);
    expect((await verifyAuditChain(models.audit, String(tenant._id))).ok).toBe(true);
  });

  it('refuse a slug in use (CONFLICT) and invalid input (nothing written)', async () => {
    const existing = await provisionTestTenant(models);
    await expect(createTenant(models, { slug: existing.slug, name: 'Twin', appType: 'trucking', owner: { email: 'a@b.test', name: 'A' } }, actor)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const slug = uniqueSlug('bad');
    await expect(createTenant(models, { slug, name: 'Bad', appType: 'trucking', owner: { email: 'not-an-email', name: 'A' } }, actor)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { issues: [{ path: 'owner.email', message: expect.any(String) }] },
    });
    expect(await models.Tenant.countDocuments({ slug })).toBe(0);
  });

  it('deactivate, activate, set the payment status and rename by slug, each audited with its diff', async () => {
    const tenant = await provisionTestTenant(models);
    expect((await deactivateTenant(models, tenant.slug, actor)).after.active).toBe(false);
    expect((await activateTenant(models, tenant.slug, actor)).after.active).toBe(true);
    expect((await setPaymentStatus(models, tenant.slug, 'past_due', actor)).after.paymentStatus).toBe('past_due');
    expect((await renameTenantBySlug(models, tenant.slug, 'New Name', actor)).after.name).toBe('New Name');
    await expect(setPaymentStatus(models, tenant.slug, 'bankrupt' as never, actor)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const events = await models.audit.AuditEvent.find({ ...tenantScope({ tenantId: tenant.id }) })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => [e.operation, e.diff])).toEqual([
      ['deactivateTenant', { active: { from: true, to: false } }],
      ['activateTenant', { active: { from: false, to: true } }],
      ['setPaymentStatus', { paymentStatus: { from: 'active', to: 'past_due' } }],
      ['renameTenant', { name: { from: `Test ${tenant.slug}`, to: 'New Name' } }],
    ]);
  });

  it('an unknown slug is NOT_FOUND', async () => {
    const error = await deactivateTenant(models, uniqueSlug('ghost'), actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('NOT_FOUND');
  });
});
