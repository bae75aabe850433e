import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { ZodError } from 'zod';
import { tenantScope } from '../mongo/scope';
import { connectTestDatabase } from '../testing/harness';
import { apiClientModel, clientSecretMatches } from './api-clients';
import {
  DEMO_API_CLIENT,
  DEMO_TENANTS,
  directoryModels,
  provisionTenant,
  readDemoTenants,
  seedDemoApiClient,
  seedDemoTenants,
  type DirectoryModels,
} from './provisioning';

// A database of its own: the counts below must not see the tenants other test files create.
let connection: Connection;
let models: DirectoryModels;

beforeAll(async () => {
  connection = await connectTestDatabase('test-shared-provisioning');
  models = directoryModels(connection);
});

afterAll(async () => {
  await connection?.close();
});

const counts = async () => ({
  tenants: await models.Tenant.countDocuments({}),
  users: await connection.db!.collection('users').countDocuments(),
});

describe('seedDemoTenants', () => {
  it('creates the demo tenants and users, and a second run changes nothing', async () => {
    const first = await seedDemoTenants(models);
    const afterFirst = await counts();
    const second = await seedDemoTenants(models);
    expect(await counts()).toEqual(afterFirst);
    expect(second).toEqual(first);

    expect(first.tenants.map((t) => t.slug)).toEqual(DEMO_TENANTS.map((t) => t.slug));
    const bySlug = new Map(first.tenants.map((t) => [t.slug, t]));
    expect(bySlug.get('acme-trucking')?.users.map((u) => [u.email, u.roles])).toEqual([
      ['owner@acme-trucking.test', ['owner']],
      ['admin@acme-trucking.test', ['admin']],
      ['dispatcher@acme-trucking.test', ['dispatcher']],
      ['viewer@acme-trucking.test', ['viewer']],
      ['driver@acme-trucking.test', ['driver']],
    ]);
    expect(bySlug.get('fixit-pros')?.users.at(-1)).toMatchObject({ email: 'tech@fixit-pros.test', roles: ['technician'] });

    const states = await models.Tenant.find({ slug: mongoose.trusted({ $in: DEMO_TENANTS.map((t) => t.slug) }) })
      .select({ _id: 0, slug: 1, appType: 1, active: 1, paymentStatus: 1, plan: 1, 'placement.mode': 1 })
      .sort({ slug: 1 })
      .lean();
    expect(states).toEqual([
      { slug: 'acme-trucking', appType: 'trucking', active: true, paymentStatus: 'active', plan: 'enterprise', placement: { mode: 'pooled' } },
      { slug: 'beta-freight', appType: 'trucking', active: true, paymentStatus: 'active', plan: 'starter', placement: { mode: 'pooled' } },
      { slug: 'dormant-co', appType: 'serviceRepair', active: false, paymentStatus: 'active', plan: 'standard', placement: { mode: 'pooled' } },
      { slug: 'fixit-pros', appType: 'serviceRepair', active: true, paymentStatus: 'active', plan: 'starter', placement: { mode: 'pooled' } },
      { slug: 'late-payer', appType: 'trucking', active: true, paymentStatus: 'past_due', plan: 'standard', placement: { mode: 'pooled' } },
      { slug: 'rapid-repair', appType: 'serviceRepair', active: true, paymentStatus: 'active', plan: 'standard', placement: { mode: 'pooled' } },
      { slug: 'summit-haulage', appType: 'trucking', active: true, paymentStatus: 'active', plan: 'enterprise', placement: { mode: 'dedicated' } },
    ]);
    for (const tenant of first.tenants) {
      expect(await models.User.countDocuments(tenantScope({ tenantId: tenant.id }))).toBe(5);
    }
  });

  it('brings a changed demo user back to its demo state', async () => {
    const { tenants } = await seedDemoTenants(models);
    const acme = tenants.find((t) => t.slug === 'acme-trucking')!;
    const { parentCompany } = tenantScope({ tenantId: acme.id });
    await models.User.updateOne({ parentCompany, email: 'viewer@acme-trucking.test' }, { $set: { roles: ['admin'], active: false } });
    await seedDemoTenants(models);
    const viewer = await models.User.findOne({ parentCompany, email: 'viewer@acme-trucking.test' }).lean();
    expect(viewer).toMatchObject({ roles: ['viewer'], active: true });
  });
});

describe('seedDemoApiClient', () => {
  it('gives acme-trucking the demo partner with its public secret, and brings a revoked or rotated one back', async () => {
    const { tenants } = await seedDemoTenants(models);
    const clients = apiClientModel(connection);
    await seedDemoApiClient(clients, tenants);
    const acme = tenants.find((t) => t.slug === 'acme-trucking')!;
    const filter = { ...tenantScope({ tenantId: acme.id }), _id: new mongoose.Types.ObjectId(DEMO_API_CLIENT.id) };
    await clients.updateOne(filter, { $set: { active: false, secretHash: 'x' } });
    await seedDemoApiClient(clients, tenants);
    const client = await clients.findOne(filter).lean();
    expect(client).toMatchObject({ name: 'Demo partner', roles: ['viewer'], active: true });
    expect(clientSecretMatches(client!.secretHash, DEMO_API_CLIENT.secret)).toBe(true);
    expect(await clients.countDocuments(tenantScope({ tenantId: acme.id }))).toBe(1);
  });
});

describe('readDemoTenants', () => {
  it('reads back what the seed provisioned, for the industry seeds', async () => {
    const { tenants } = await seedDemoTenants(models);
    const byEmail = (t: { users: readonly { email: string }[] }) => [...t.users].sort((x, y) => x.email.localeCompare(y.email));
    const read = await readDemoTenants(models);
    expect(read.map((t) => ({ ...t, users: byEmail(t) }))).toEqual(tenants.map((t) => ({ ...t, users: byEmail(t) })));
  });

  it('names the command to run when the directory has no demo tenants', async () => {
    const empty = await connectTestDatabase('test-shared-empty-directory');
    try {
      await expect(readDemoTenants(directoryModels(empty))).rejects.toThrow(/acme-trucking is not in the directory: run pnpm seed/);
    } finally {
      await empty.close();
    }
  });
});

describe('provisionTenant', () => {
  it('normalises emails and refuses invalid input before writing anything', async () => {
    const before = await counts();
    await expect(provisionTenant(models, { slug: '-bad-', name: 'Bad', appType: 'trucking', users: [] })).rejects.toBeInstanceOf(ZodError);
    await expect(
      provisionTenant(models, { slug: 'fine-slug-x1', name: 'Fine', appType: 'trucking', users: [{ email: 'not-an-email', name: 'N', roles: ['owner'] }] }),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await counts()).toEqual(before);

    const tenant = await provisionTenant(models, {
      slug: 'normalised-co',
      name: 'Normalised Co',
      appType: 'serviceRepair',
      users: [{ email: '  Boss@Normalised-Co.TEST ', name: 'Boss', roles: ['owner', 'admin'] }],
    });
    expect(tenant.users).toEqual([{ id: expect.any(String), email: 'boss@normalised-co.test', roles: ['owner', 'admin'] }]);
  });
});
