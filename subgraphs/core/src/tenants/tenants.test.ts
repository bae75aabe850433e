import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@attunelogic/shared';
import { DomainError } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { uniqueSlug } from '@attunelogic/shared/testing';
import { contextFor, type CoreHarness, provisionStaffedTenant, provisionTestTenant, startHarness, userWith } from '../testing';
import { activateTenant, createTenant, deactivateTenant, renameTenantBySlug, setPaymentStatus, setPlan } from './tenants.service';
import mongoose from 'mongoose';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const TENANT = '{ tenant { id slug name appType active paymentStatus } }';

describe('tenant', () => {
  it('is the calling tenant', async () => {
    const tenant = await provisionTestTenant(h.models, { appType: 'serviceRepair' });
    const result = await h.run(contextFor(tenant), TENANT);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      tenant: { id: tenant.id, slug: tenant.slug, name: `Test ${tenant.slug}`, appType: 'serviceRepair', active: true, paymentStatus: 'active' },
    });
  });

  it("shows its placement and whether a move holds its writes, never the dedicated server's URI", async () => {
    const tenant = await provisionTestTenant(h.models, { placement: 'dedicated' });
    const query = '{ tenant { placement { mode writesHeld } } }';
    expect((await h.run(contextFor(tenant), query)).data).toEqual({ tenant: { placement: { mode: 'dedicated', writesHeld: false } } });
    const uri = 'mongodb://user:secret@elsewhere.example:27017/';
    const from = { mode: 'dedicated' };
    await h.models.Tenant.updateOne(
      { _id: tenant.id },
      {
        $set: {
          'placement.uri': uri,
          'placement.moving': { from, to: { mode: 'pooled' }, phase: 'copying', hold: true, collectionsDone: [], startedAt: new Date(), actor: 'operator:test' },
        },
      },
    );
    const moving = await h.run(contextFor(tenant), query);
    expect(moving.data).toEqual({ tenant: { placement: { mode: 'dedicated', writesHeld: true } } });
    expect(JSON.stringify(moving)).not.toContain('secret');
  });

  it('shows a past_due payment status', async () => {
    const tenant = await provisionTestTenant(h.models, { paymentStatus: 'past_due' });
    const result = await h.run(contextFor(tenant), '{ tenant { slug paymentStatus } }');
    expect(result.data).toEqual({ tenant: { slug: tenant.slug, paymentStatus: 'past_due' } });
  });

  it('loads the tenant once per request, however often it is asked for', async () => {
    const tenant = await provisionTestTenant(h.models);
    const batches: string[] = [];
    const result = await h.run(contextFor(tenant), '{ a: tenant { slug } b: tenant { name } }', {}, (b) => batches.push(b.model));
    expect(result.errors).toBeUndefined();
    expect(batches).toEqual(['Tenant.current']);
  });

  it('is NOT_FOUND when the context names a tenant that does not exist', async () => {
    const tenant = await provisionTestTenant(h.models);
    const ghost = { ...contextFor(tenant), tenantId: new mongoose.Types.ObjectId().toHexString() };
    const result = await h.run(ghost, TENANT);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});

describe('the tenant model', () => {
  it('is stored in `customers` under the field names the gateway reads', async () => {
    const tenant = await provisionTestTenant(h.models);
    const raw = await h.connection.db!.collection('customers').findOne({ slug: tenant.slug });
    expect(raw).toMatchObject({ slug: tenant.slug, appType: 'trucking', active: true, paymentStatus: 'active', metadata: {} });
    expect(String(raw?._id)).toBe(tenant.id);
  });

  it('refuses an invalid slug, a duplicate slug and an unknown appType', async () => {
    await h.models.Tenant.init();
    await expect(h.models.Tenant.create({ slug: 'Not A Slug', name: 'X', appType: 'trucking' })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    await expect(h.models.Tenant.create({ slug: uniqueSlug(), name: 'X', appType: 'bakery' as never })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    const existing = await provisionTestTenant(h.models, { users: [] });
    await expect(h.models.Tenant.create({ slug: existing.slug, name: 'Twin', appType: 'trucking' })).rejects.toMatchObject({ code: 11000 });
  });
});

describe('renameTenant', () => {
  const RENAME = 'mutation ($name: String!) { renameTenant(name: $name) { id name } }';

  it('renames the caller’s own tenant, for its owner only', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const ok = await h.run(contextFor(tenant), RENAME, { name: '  Renamed Inc ' });
    expect(ok.data).toEqual({ renameTenant: { id: tenant.id, name: 'Renamed Inc' } });
    const admin = await h.run(contextFor(tenant, userWith(tenant, 'admin')), RENAME, { name: 'Hijack' });
    expect(admin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await h.models.Tenant.findById(tenant.id).lean())?.name).toBe('Renamed Inc');
    const event = await h.models.audit.AuditEvent.findOne({ parentCompany: tenant.id, operation: 'renameTenant', outcome: 'success' }).lean();
    expect(event).toMatchObject({ targetType: 'Tenant', targetId: tenant.id, diff: { name: { from: `Staffed ${tenant.slug}`, to: 'Renamed Inc' } } });
  });

  it('refuses an empty name with BAD_USER_INPUT', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const result = await h.run(contextFor(tenant), RENAME, { name: '   ' });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('the operators’ lifecycle functions', () => {
  const actor = 'operator:test';

  it('provision a tenant with its owner, trialing, and audit it', async () => {
    const slug = uniqueSlug('prov');
    const { tenant, owner } = await createTenant(h.models, { slug, name: 'Prov Co', appType: 'serviceRepair', owner: { email: 'Boss@Prov.TEST', name: 'Boss' } }, actor);
    expect(tenant).toMatchObject({ slug, name: 'Prov Co', appType: 'serviceRepair', active: true, paymentStatus: 'trialing', metadata: {} });
    expect(owner).toMatchObject({ email: 'boss@prov.test', roles: ['owner'], active: true });
    expect(String(owner.parentCompany)).toBe(String(tenant._id));
    const events = await h.models.audit.AuditEvent.find({ parentCompany: tenant._id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => [e.operation, e.actor, e.targetType])).toEqual([
      ['provisionTenant', actor, 'Tenant'],
      ['createUser', actor, 'User'],
    ]);
    expect((await verifyAuditChain(h.models.audit, String(tenant._id))).ok).toBe(true);
  });

  it('refuse a slug in use (CONFLICT) and invalid input (nothing written)', async () => {
    const existing = await provisionTestTenant(h.models);
    await expect(
      createTenant(h.models, { slug: existing.slug, name: 'Twin', appType: 'trucking', owner: { email: 'a@b.test', name: 'A' } }, actor),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const slug = uniqueSlug('bad');
    await expect(createTenant(h.models, { slug, name: 'Bad', appType: 'trucking', owner: { email: 'not-an-email', name: 'A' } }, actor)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { issues: [{ path: 'owner.email', message: expect.any(String) }] },
    });
    expect(await h.models.Tenant.countDocuments({ slug })).toBe(0);
  });

  it('deactivate, activate, set the payment status and rename by slug, each audited with its diff', async () => {
    const tenant = await provisionTestTenant(h.models);
    expect((await deactivateTenant(h.models, tenant.slug, actor)).after.active).toBe(false);
    expect((await activateTenant(h.models, tenant.slug, actor)).after.active).toBe(true);
    expect((await setPaymentStatus(h.models, tenant.slug, 'past_due', actor)).after.paymentStatus).toBe('past_due');
    expect((await renameTenantBySlug(h.models, tenant.slug, 'New Name', actor)).after.name).toBe('New Name');
    await expect(setPaymentStatus(h.models, tenant.slug, 'bankrupt' as never, actor)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const events = await h.models.audit.AuditEvent.find({ ...tenantScope({ tenantId: tenant.id }) })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => [e.operation, e.diff])).toEqual([
      ['deactivateTenant', { active: { from: true, to: false } }],
      ['activateTenant', { active: { from: false, to: true } }],
      ['setPaymentStatus', { paymentStatus: { from: 'active', to: 'past_due' } }],
      ['renameTenant', { name: { from: `Test ${tenant.slug}`, to: 'New Name' } }],
    ]);
  });

  it('put a tenant on a plan (pnpm tenant set-plan), audited in its chain; the API shows it; an unknown plan is refused', async () => {
    const tenant = await provisionTestTenant(h.models);
    const read = async () => (await h.run(contextFor(tenant), '{ tenant { plan } }')).data?.['tenant'];
    expect(await read()).toEqual({ plan: 'standard' });
    expect((await setPlan(h.models, tenant.slug, 'starter', actor)).after.plan).toBe('starter');
    expect(await read()).toEqual({ plan: 'starter' });
    await expect(setPlan(h.models, tenant.slug, 'platinum' as never, actor)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const event = await h.models.audit.AuditEvent.findOne({ ...tenantScope({ tenantId: tenant.id }), operation: 'setPlan' }).lean();
    expect(event).toMatchObject({ actor, targetType: 'Tenant', diff: { plan: { from: 'standard', to: 'starter' } } });
    expect((await verifyAuditChain(h.models.audit, tenant.id)).ok).toBe(true);
  });

  it('an unknown slug is NOT_FOUND', async () => {
    const error = await deactivateTenant(h.models, uniqueSlug('ghost'), actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('NOT_FOUND');
  });
});
