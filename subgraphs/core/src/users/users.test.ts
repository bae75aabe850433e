import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { tenantScope, type BatchObserver, type SubgraphServer } from '@attunelogic/shared';
import { executeAs } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from '../models';
import { type ProvisionedTenant } from '../seed';
import { createCoreServer } from '../server';
import { commandsOn, connectTestDatabase, contextFor, provisionTestTenant, silentLogger, TEST_SECRET } from '../testing';

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

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User { id email roles }
    }
  }
`;

const refs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));

describe('users', () => {
  let acme: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    [acme, other] = await Promise.all([provisionTestTenant(models), provisionTestTenant(models, { appType: 'serviceRepair' })]);
  });

  it('me is the calling user', async () => {
    const viewer = acme.users[1]!;
    const result = await executeAs(server, models, contextFor(acme, viewer), '{ me { id email name roles active } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: { id: viewer.id, email: `viewer@${acme.slug}.test`, name: 'Test Viewer', roles: ['viewer'], active: true },
    });
  });

  it("me is NOT_FOUND when the user id belongs to another tenant's user", async () => {
    const foreignUser = other.users[0]!;
    const result = await executeAs(server, models, { ...contextFor(acme), userId: foreignUser.id }, '{ me { id } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("_entities resolves the tenant's own users and returns null for another tenant's, a missing or a malformed id", async () => {
    const [owner, viewer] = acme.users;
    const missing = new mongoose.Types.ObjectId().toHexString();
    const result = await executeAs(server, models, contextFor(acme), ENTITIES, {
      representations: refs([owner!.id, other.users[0]!.id, viewer!.id, missing, 'not-an-id']),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { id: owner!.id, email: `owner@${acme.slug}.test`, roles: ['owner'] },
        null,
        { id: viewer!.id, email: `viewer@${acme.slug}.test`, roles: ['viewer'] },
        null,
        null,
      ],
    });
  });

  it('_entities for 20 references costs one User batch, one query, scoped to the tenant', async () => {
    const slug = `many-${acme.slug}`;
    const crowd = await provisionTestTenant(models, {
      slug,
      users: Array.from({ length: 20 }, (_, i) => ({ email: `u${i}@${slug}.test`, name: `User ${i}`, roles: ['viewer' as const] })),
    });
    const batches: Parameters<BatchObserver>[0][] = [];
    const queries = await commandsOn(connection, 'users', async () => {
      const result = await executeAs(server, models, contextFor(crowd), ENTITIES, { representations: refs(crowd.users.map((u) => u.id)) }, {
        observe: (batch) => batches.push(batch),
      });
      expect(result.errors).toBeUndefined();
      const entities = (result.data?.['_entities'] ?? []) as { id: string }[];
      expect(entities.map((e) => e.id)).toEqual(crowd.users.map((u) => u.id));
    });
    expect(batches).toEqual([{ model: 'User', keys: 20, tenantId: crowd.id }]);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.name).toBe('find');
    const filter = queries[0]?.command['filter'] as { parentCompany?: unknown; _id?: { $in?: unknown[] } };
    expect(String(filter.parentCompany)).toBe(crowd.id);
    expect(filter._id?.$in).toHaveLength(20);
  });
});

describe('the User model', () => {
  it('stores emails lowercased and trimmed, under the field names the gateway reads', async () => {
    const tenant = await provisionTestTenant(models, { users: [] });
    const { parentCompany } = tenantScope({ tenantId: tenant.id });
    const created = await models.User.create({ parentCompany, email: '  Mixed.Case@Example.TEST ', name: 'Mixed', roles: ['dispatcher'] });
    const raw = await connection.db!.collection('users').findOne({ _id: created._id, parentCompany });
    expect(raw).toMatchObject({ email: 'mixed.case@example.test', name: 'Mixed', roles: ['dispatcher'], active: true });
    expect(raw?.['createdAt']).toBeInstanceOf(Date);
  });

  it('refuses a second user with the same email in one tenant, allows it in another', async () => {
    const [a, b] = await Promise.all([provisionTestTenant(models), provisionTestTenant(models)]);
    await models.User.init();
    const email = `owner@${a.slug}.test`;
    await expect(models.User.create({ ...tenantScope({ tenantId: a.id }), email, name: 'Twin', roles: ['viewer'] })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(models.User.create({ ...tenantScope({ tenantId: b.id }), email, name: 'Twin', roles: ['viewer'] })).resolves.toBeDefined();
  });

  it('refuses an unknown role', async () => {
    const tenant = await provisionTestTenant(models, { users: [] });
    await expect(
      models.User.create({ ...tenantScope({ tenantId: tenant.id }), email: 'x@example.test', name: 'X', roles: ['superuser' as never] }),
    ).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
  });
});
