import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchObserver } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { commandsOn, contextFor, type CoreHarness, provisionStaffedTenant, provisionTestTenant, startHarness, userWith } from '../testing';
import mongoose from 'mongoose';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User {
        id
        email
        roles
      }
    }
  }
`;

const refs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));

describe('users', () => {
  let acme: ProvisionedTenant;
  let other: ProvisionedTenant;

  beforeAll(async () => {
    [acme, other] = await Promise.all([provisionTestTenant(h.models), provisionTestTenant(h.models, { appType: 'serviceRepair' })]);
  });

  it('me is the calling user', async () => {
    const viewer = acme.users[1]!;
    const result = await h.run(contextFor(acme, viewer), '{ me { id email name roles active } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: { id: viewer.id, email: `viewer@${acme.slug}.test`, name: 'Test Viewer', roles: ['viewer'], active: true },
    });
  });

  it("me is NOT_FOUND when the user id belongs to another tenant's user", async () => {
    const foreignUser = other.users[0]!;
    const result = await h.run({ ...contextFor(acme), userId: foreignUser.id }, '{ me { id } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("_entities resolves the tenant's own users and returns null for another tenant's, a missing or a malformed id", async () => {
    const [owner, viewer] = acme.users;
    const missing = new mongoose.Types.ObjectId().toHexString();
    const result = await h.run(contextFor(acme), ENTITIES, {
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
    const crowd = await provisionTestTenant(h.models, {
      slug,
      users: Array.from({ length: 20 }, (_, i) => ({ email: `u${i}@${slug}.test`, name: `User ${i}`, roles: ['viewer' as const] })),
    });
    const batches: Parameters<BatchObserver>[0][] = [];
    const queries = await commandsOn(h.connection, 'users', async () => {
      const result = await h.run(contextFor(crowd), ENTITIES, { representations: refs(crowd.users.map((u) => u.id)) }, (batch) => batches.push(batch));
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
    const tenant = await provisionTestTenant(h.models, { users: [] });
    const { parentCompany } = tenantScope({ tenantId: tenant.id });
    const created = await h.models.User.create({ parentCompany, email: '  Mixed.Case@Example.TEST ', name: 'Mixed', roles: ['dispatcher'] });
    const raw = await h.connection.db!.collection('users').findOne({ _id: created._id, parentCompany });
    expect(raw).toMatchObject({ email: 'mixed.case@example.test', name: 'Mixed', roles: ['dispatcher'], active: true });
    expect(raw?.['createdAt']).toBeInstanceOf(Date);
  });

  it('refuses a second user with the same email in one tenant, allows it in another', async () => {
    const [a, b] = await Promise.all([provisionTestTenant(h.models), provisionTestTenant(h.models)]);
    await h.models.User.init();
    const email = `owner@${a.slug}.test`;
    await expect(h.models.User.create({ ...tenantScope({ tenantId: a.id }), email, name: 'Twin', roles: ['viewer'] })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(h.models.User.create({ ...tenantScope({ tenantId: b.id }), email, name: 'Twin', roles: ['viewer'] })).resolves.toBeDefined();
  });

  it('refuses an unknown role', async () => {
    const tenant = await provisionTestTenant(h.models, { users: [] });
    await expect(
      h.models.User.create({ ...tenantScope({ tenantId: tenant.id }), email: 'x@example.test', name: 'X', roles: ['superuser' as never] }),
    ).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
  });
});

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown => result.errors?.[0]?.extensions?.['code'];

const USER_FIELDS = 'id email name roles active';
const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE_ROLES = `mutation ($id: ID!, $roles: [Role!]!) { updateUserRoles(id: $id, roles: $roles) { ${USER_FIELDS} } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateUser(id: $id) { ${USER_FIELDS} } }`;

const stored = (tenant: ProvisionedTenant, id: string) => h.models.User.findOne({ ...tenantScope({ tenantId: tenant.id }), _id: id }).lean();

describe('users and user(id)', () => {
  it('lists the tenant’s users only, newest first, with filters by role, state and search', async () => {
    const [tenant, other] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const as = contextFor(tenant, userWith(tenant, 'viewer'));
    const all = await h.run(as, '{ users(first: 100) { totalCount edges { node { email } } } }');
    expect(all.errors).toBeUndefined();
    const emails = (all.data?.['users'] as { edges: { node: { email: string } }[] }).edges.map((e) => e.node.email);
    expect(emails.sort()).toEqual(tenant.users.map((u) => u.email).sort());
    expect(emails.some((e) => e.endsWith(`@${other.slug}.test`))).toBe(false);

    await h.models.User.updateOne({ ...tenantScope({ tenantId: tenant.id }), _id: userWith(tenant, 'driver').id }, { $set: { active: false } });
    const filtered = async (filter: Record<string, unknown>) => {
      const result = await h.run(as, 'query ($f: UserFilter) { users(filter: $f) { totalCount edges { node { email } } } }', { f: filter });
      expect(result.errors).toBeUndefined();
      return (result.data?.['users'] as { edges: { node: { email: string } }[] }).edges.map((e) => e.node.email.split('@')[0]);
    };
    expect(await filtered({ role: 'dispatcher' })).toEqual(['dispatcher']);
    expect(await filtered({ active: false })).toEqual(['driver']);
    expect(await filtered({ search: 'ADMIN@' })).toEqual(['admin']);
    expect(await filtered({ search: 'The own' })).toEqual(['owner']);
    // A regex in the search is text, not a pattern.
    expect(await filtered({ search: '.*' })).toEqual([]);
  });

  it('pages with first/after', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const as = contextFor(tenant);
    const page = (after?: string) =>
      h.run<{ users: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        as,
        'query ($after: String) { users(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        after ? { after } : {},
      );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { data } = await page(after);
      seen.push(...data!.users.edges.map((e) => e.node.id));
      if (!data!.users.pageInfo.hasNextPage) break;
      after = data!.users.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(tenant.users.map((u) => u.id).sort());
  });

  it('user(id) of another tenant is null with NOT_FOUND; a malformed id is BAD_USER_INPUT', async () => {
    const [tenant, other] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const own = await h.run(contextFor(tenant), 'query ($id: ID!) { user(id: $id) { email } }', { id: userWith(tenant, 'admin').id });
    expect(own.data).toEqual({ user: { email: `admin@${tenant.slug}.test` } });
    const foreign = await h.run(contextFor(tenant), 'query ($id: ID!) { user(id: $id) { email } }', { id: other.users[0]!.id });
    expect(foreign.data).toEqual({ user: null });
    expect(code(foreign)).toBe('NOT_FOUND');
    const malformed = await h.run(contextFor(tenant), '{ user(id: "nope") { email } }');
    expect(code(malformed)).toBe('BAD_USER_INPUT');
  });

  it('needs users:read: a driver gets FORBIDDEN', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const result = await h.run(contextFor(tenant, userWith(tenant, 'driver')), '{ users { totalCount } }');
    expect(code(result)).toBe('FORBIDDEN');
  });
});

describe('createUser', () => {
  it('creates a user with normalised email, and refuses a duplicate with CONFLICT', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const input = { email: '  New.Person@Example.TEST ', name: 'New Person', roles: ['dispatcher'] };
    const created = await h.run(contextFor(tenant), CREATE, { input });
    expect(created.errors).toBeUndefined();
    expect(created.data?.['createUser']).toMatchObject({ email: 'new.person@example.test', roles: ['dispatcher'], active: true });
    const again = await h.run(contextFor(tenant), CREATE, { input });
    expect(code(again)).toBe('CONFLICT');
  });

  it('refuses roles of the other industry and an empty role list with BAD_USER_INPUT, writing nothing', async () => {
    const tenant = await provisionStaffedTenant(h.models, 'serviceRepair');
    const before = await h.models.User.countDocuments(tenantScope({ tenantId: tenant.id }));
    for (const roles of [['driver'], []]) {
      const result = await h.run(contextFor(tenant), CREATE, { input: { email: `x${roles.length}@example.test`, name: 'X', roles } });
      expect(code(result), JSON.stringify(roles)).toBe('BAD_USER_INPUT');
    }
    expect(await h.models.User.countDocuments(tenantScope({ tenantId: tenant.id }))).toBe(before);
  });

  it('refuses to grant a role above the caller’s own: an admin cannot create an owner', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const result = await h.run(contextFor(tenant, userWith(tenant, 'admin')), CREATE, {
      input: { email: 'boss@example.test', name: 'Boss', roles: ['owner'] },
    });
    expect(code(result)).toBe('FORBIDDEN');
    expect(await h.models.User.countDocuments({ ...tenantScope({ tenantId: tenant.id }), email: 'boss@example.test' })).toBe(0);
    const ok = await h.run(contextFor(tenant, userWith(tenant, 'admin')), CREATE, {
      input: { email: 'peer@example.test', name: 'Peer', roles: ['admin', 'dispatcher'] },
    });
    expect(ok.errors).toBeUndefined();
  });
});

describe('updateUserRoles', () => {
  it('changes roles, and the audit event carries the diff', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const viewer = userWith(tenant, 'viewer');
    const result = await h.run(contextFor(tenant), UPDATE_ROLES, { id: viewer.id, roles: ['dispatcher', 'driver'] });
    expect(result.errors).toBeUndefined();
    expect(result.data?.['updateUserRoles']).toMatchObject({ id: viewer.id, roles: ['dispatcher', 'driver'] });
    const event = await h.models.audit.AuditEvent.findOne({ ...tenantScope({ tenantId: tenant.id }), operation: 'updateUserRoles' }).lean();
    expect(event).toMatchObject({ targetType: 'User', targetId: viewer.id, outcome: 'success', diff: { roles: { from: ['viewer'], to: ['dispatcher', 'driver'] } } });
  });

  it('an admin cannot promote anyone to owner, demote an owner, or change another admin into an owner', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const admin = contextFor(tenant, userWith(tenant, 'admin'));
    expect(code(await h.run(admin, UPDATE_ROLES, { id: userWith(tenant, 'viewer').id, roles: ['owner'] }))).toBe('FORBIDDEN');
    expect(code(await h.run(admin, UPDATE_ROLES, { id: userWith(tenant, 'owner').id, roles: ['viewer'] }))).toBe('FORBIDDEN');
    expect(code(await h.run(admin, UPDATE_ROLES, { id: userWith(tenant, 'admin').id, roles: ['owner'] }))).toBe('FORBIDDEN');
    expect((await stored(tenant, userWith(tenant, 'owner').id))?.roles).toEqual(['owner']);
    expect((await stored(tenant, userWith(tenant, 'viewer').id))?.roles).toEqual(['viewer']);
    expect((await stored(tenant, userWith(tenant, 'admin').id))?.roles).toEqual(['admin']);
    // An admin may demote itself, and manage roles up to its own.
    expect((await h.run(admin, UPDATE_ROLES, { id: userWith(tenant, 'viewer').id, roles: ['admin'] })).errors).toBeUndefined();
  });

  it('the last owner cannot be demoted; with a second owner, one may be', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = userWith(tenant, 'owner');
    const last = await h.run(contextFor(tenant), UPDATE_ROLES, { id: owner.id, roles: ['admin'] });
    expect(code(last)).toBe('CONFLICT');
    expect((await stored(tenant, owner.id))?.roles).toEqual(['owner']);

    const second = userWith(tenant, 'admin');
    expect((await h.run(contextFor(tenant), UPDATE_ROLES, { id: second.id, roles: ['owner'] })).errors).toBeUndefined();
    expect((await h.run(contextFor(tenant), UPDATE_ROLES, { id: owner.id, roles: ['admin'] })).errors).toBeUndefined();
    expect((await stored(tenant, owner.id))?.roles).toEqual(['admin']);
  });

  it('a deactivated owner does not count: the only active owner stays', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const admin = userWith(tenant, 'admin');
    await h.models.User.updateOne({ ...tenantScope({ tenantId: tenant.id }), _id: admin.id }, { $set: { roles: ['owner'], active: false } });
    const result = await h.run(contextFor(tenant), UPDATE_ROLES, { id: userWith(tenant, 'owner').id, roles: ['viewer'] });
    expect(code(result)).toBe('CONFLICT');
  });

  it('under concurrency, owners removing each other leave exactly one owner', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const scope = tenantScope({ tenantId: tenant.id });
    // Eight owners, each demoting the next one at the same time: at most seven may succeed.
    const owners = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.models.User.create({ ...scope, email: `o${i}@example.test`, name: `Owner ${i}`, roles: ['owner'] })),
    );
    await h.models.User.updateOne({ ...scope, _id: userWith(tenant, 'owner').id }, { $set: { roles: ['viewer'] } });
    const ctxOf = (doc: (typeof owners)[number]) => ({ ...contextFor(tenant), userId: doc._id.toHexString(), roles: ['owner'] });
    const results = await Promise.all(
      owners.map((doc, i) => h.run(ctxOf(doc), UPDATE_ROLES, { id: owners[(i + 1) % owners.length]!._id.toHexString(), roles: ['viewer'] })),
    );
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(7);
    expect(results.filter((r) => code(r) === 'CONFLICT')).toHaveLength(1);
    expect(await h.models.User.countDocuments({ ...scope, roles: 'owner', active: true })).toBe(1);
  });

  it('another tenant’s user id is NOT_FOUND and changes nothing', async () => {
    const [tenant, other] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const target = userWith(other, 'viewer');
    for (const [query, variables] of [
      [UPDATE_ROLES, { id: target.id, roles: ['admin'] }],
      [DEACTIVATE, { id: target.id }],
      [REACTIVATE, { id: target.id }],
    ] as const) {
      const result = await h.run(contextFor(tenant), query, variables);
      expect(code(result)).toBe('NOT_FOUND');
    }
    expect(await stored(other, target.id)).toMatchObject({ roles: ['viewer'], active: true });
  });
});

describe('deactivateUser and reactivateUser', () => {
  it('deactivates and reactivates a user', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const dispatcher = userWith(tenant, 'dispatcher');
    const off = await h.run(contextFor(tenant, userWith(tenant, 'admin')), DEACTIVATE, { id: dispatcher.id });
    expect(off.data?.['deactivateUser']).toMatchObject({ id: dispatcher.id, active: false });
    const on = await h.run(contextFor(tenant, userWith(tenant, 'admin')), REACTIVATE, { id: dispatcher.id });
    expect(on.data?.['reactivateUser']).toMatchObject({ id: dispatcher.id, active: true });
  });

  it('the last active owner cannot be deactivated, even by itself; an admin cannot deactivate an owner', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = userWith(tenant, 'owner');
    expect(code(await h.run(contextFor(tenant), DEACTIVATE, { id: owner.id }))).toBe('CONFLICT');
    expect(code(await h.run(contextFor(tenant, userWith(tenant, 'admin')), DEACTIVATE, { id: owner.id }))).toBe('FORBIDDEN');
    expect((await stored(tenant, owner.id))?.active).toBe(true);
  });

  it('under concurrency, deactivating every owner at once leaves one', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const scope = tenantScope({ tenantId: tenant.id });
    const extra = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.models.User.create({ ...scope, email: `d${i}@example.test`, name: `Owner ${i}`, roles: ['owner'] })),
    );
    const ids = [userWith(tenant, 'owner').id, ...extra.map((doc) => doc._id.toHexString())];
    const results = await Promise.all(ids.map((id) => h.run(contextFor(tenant), DEACTIVATE, { id })));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(ids.length - 1);
    expect(await h.models.User.countDocuments({ ...scope, roles: 'owner', active: true })).toBe(1);
  });

  it('a dispatcher may not manage users at all', async () => {
    const tenant = await provisionStaffedTenant(h.models);
    const result = await h.run(contextFor(tenant, userWith(tenant, 'dispatcher')), DEACTIVATE, { id: userWith(tenant, 'viewer').id });
    expect(code(result)).toBe('FORBIDDEN');
    const event = await h.models.audit.AuditEvent.findOne({ ...tenantScope({ tenantId: tenant.id }), operation: 'deactivateUser' }).lean();
    expect(event).toMatchObject({ outcome: 'denied', errorCode: 'FORBIDDEN', targetType: 'User', targetId: userWith(tenant, 'viewer').id });
  });
});
