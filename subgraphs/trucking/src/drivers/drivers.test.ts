import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type BatchObserver, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, DRIVER_FIELDS, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-drivers');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `${DRIVER_FIELDS} phone currentVehicle { id } createdBy { id } createdAt updatedAt`;
const CREATE = `mutation ($input: CreateDriverInput!) { createDriver(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateDriverInput!) { updateDriver(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { driver(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: DriverFilter) { drivers(filter: $filter) { totalCount edges { node { id status licenseExpiresOn } } } }`;
const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id driverProfile { id licenseNumber } } } }`;

const newUserId = () => new mongoose.Types.ObjectId().toHexString();
const input = (overrides: Record<string, unknown> = {}) => ({
  userId: newUserId(),
  licenseNumber: 'd1234567',
  licenseClass: 'A',
  licenseState: 'tx',
  licenseExpiresOn: '2030-04-30',
  ...overrides,
});
const storedDriver = (tenant: TenantContext, id: string) => h.models.Driver.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

describe.concurrent('drivers', () => {
  it('creates the driver profile of a user, normalised, active, created by the caller', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant);
    const given = input({ userId: await fx.user(tenant), phone: '+1 (214) 555-0100', currentVehicleId: vehicle.id });
    const result = await h.run<{ createDriver: Record<string, unknown> }>(tenant, CREATE, { input: given });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createDriver).toMatchObject({
      user: { id: given.userId },
      licenseNumber: 'D1234567',
      licenseClass: 'A',
      licenseState: 'TX',
      licenseExpiresOn: '2030-04-30',
      licenseExpired: false,
      status: 'active',
      phone: '+1 (214) 555-0100',
      currentVehicle: { id: vehicle.id },
      currentLoad: null,
      createdBy: { id: tenant.userId },
    });
  });

  it('keeps one profile per user and per license within a tenant (CONFLICT), not across tenants', async ({ expect }) => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    const first = input({ userId: await fx.user(tenant) });
    await fx.ok(tenant, CREATE, { input: first });
    expect(codes(await h.run(tenant, CREATE, { input: input({ userId: first.userId, licenseNumber: 'OTHER1' }) }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, CREATE, { input: input({ userId: await fx.user(tenant), licenseNumber: 'D1234567', licenseState: 'TX' }) }))).toEqual(['CONFLICT']);
    expect((await h.run(tenant, CREATE, { input: input({ userId: await fx.user(tenant), licenseState: 'OK' }) })).errors).toBeUndefined();
    expect((await h.run(other, CREATE, { input: { ...first, userId: await fx.user(other) } })).errors).toBeUndefined();
    expect(await h.models.Driver.countDocuments(tenantScope(tenant))).toBe(2);
  });

  it("refuses a user that is not the tenant's (NOT_FOUND, the same for another tenant's and a missing one) or not a driver (BAD_USER_INPUT)", async ({ expect }) => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    const foreign = await fx.user(other);
    const dispatcher = await fx.user(tenant, ['dispatcher']);
    const refusals = await Promise.all([foreign, newUserId(), dispatcher].map((userId) => h.run(tenant, CREATE, { input: input({ userId }) })));
    expect(refusals.map(codes)).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['BAD_USER_INPUT']]);
    expect(refusals[0]!.errors?.[0]?.message).toBe(refusals[1]!.errors?.[0]?.message.replace(/[0-9a-f]{24}/, foreign));
    expect(await h.models.Driver.countDocuments(tenantScope(tenant))).toBe(0);
    expect(await h.models.Driver.countDocuments(tenantScope(other))).toBe(0);
  });

  it('updates fields; null removes the phone and the current vehicle; the user cannot change', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await fx.vehicle(tenant);
    const driver = await fx.driver(tenant, { phone: '214 555 0101', currentVehicleId: vehicle.id });
    const result = await h.run<{ updateDriver: Record<string, unknown> }>(tenant, UPDATE, {
      id: driver.id,
      input: { status: 'on_leave', phone: null, currentVehicleId: null, licenseExpiresOn: '2031-01-31' },
    });
    expect(result.data?.updateDriver).toMatchObject({
      status: 'on_leave',
      phone: null,
      currentVehicle: null,
      licenseExpiresOn: '2031-01-31',
      user: { id: driver.userId },
    });
    expect(codes(await h.run(tenant, UPDATE, { id: driver.id, input: { userId: newUserId() } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists by status and license expiry', async ({ expect }) => {
    const tenant = truckingTenant();
    const soon = await fx.driver(tenant, { licenseExpiresOn: '2025-07-01' });
    const later = await fx.driver(tenant, { licenseExpiresOn: '2027-01-01', status: 'inactive' });
    const ids = async (filter: Record<string, unknown>) =>
      (await h.run<{ drivers: { edges: { node: { id: string } }[] } }>(tenant, LIST, { filter })).data!.drivers.edges.map((e) => e.node.id);
    expect(await ids({ licenseExpiresBefore: '2026-01-01' })).toEqual([soon.id]);
    expect(await ids({ status: 'inactive' })).toEqual([later.id]);
    expect(await ids({})).toEqual([later.id, soon.id]);
  });

  it.for<[string, Record<string, unknown>]>([
    ['a malformed user id', { userId: 'user-1' }],
    ['a state of three letters', { licenseState: 'TEX' }],
    ['an impossible date', { licenseExpiresOn: '2030-02-30' }],
    ['a date with a time', { licenseExpiresOn: '2030-02-01T00:00:00Z' }],
    ['a license number with spaces', { licenseNumber: 'D 123 456' }],
    ['license class D', { licenseClass: 'D' }],
    ['a phone number of letters', { phone: 'call me' }],
  ])('createDriver refuses %s with BAD_USER_INPUT', async ([_case, overrides], { expect }) => {
    const tenant = truckingTenant();
    expect(codes(await h.run(tenant, CREATE, { input: input(overrides) }))).toEqual(['BAD_USER_INPUT']);
    expect(await h.models.Driver.countDocuments(tenantScope(tenant))).toBe(0);
  });
});

describe.concurrent('User.driverProfile (the User entity trucking extends)', () => {
  it('resolves the profiles of several users in one batch, null for a user without one', async ({ expect }) => {
    const tenant = truckingTenant();
    const [a, b] = await Promise.all([fx.driver(tenant), fx.driver(tenant)]);
    const nobody = newUserId();
    const batches: Parameters<BatchObserver>[0][] = [];
    const result = await h.run<{ _entities: { id: string; driverProfile: { id: string } | null }[] }>(
      tenant,
      ENTITIES,
      { reps: [a, nobody, b].map((x) => ({ __typename: 'User', id: typeof x === 'string' ? x : x.userId })) },
      (batch) => batches.push(batch),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((u) => u.driverProfile?.id ?? null)).toEqual([a.id, null, b.id]);
    expect(batches).toEqual([{ model: 'DriverByUser', keys: 3, tenantId: tenant.tenantId }]);
  });

  it("is null for a user whose profile is another tenant's", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const driver = await fx.driver(owner);
    const result = await h.run<{ _entities: { driverProfile: unknown }[] }>(intruder, ENTITIES, { reps: [{ __typename: 'User', id: driver.userId }] });
    expect(result.data?._entities).toEqual([{ id: driver.userId, driverProfile: null }]);
  });

  it('resolves the user of a serviceRepair tenant with an error on driverProfile only', async ({ expect }) => {
    const tenant = makeTenantContext({ appType: 'serviceRepair' });
    const id = newUserId();
    const result = await h.run<{ _entities: unknown[] }>(tenant, ENTITIES, { reps: [{ __typename: 'User', id }] });
    expect(result.data?._entities).toEqual([{ id, driverProfile: null }]);
    expect(codes(result)).toEqual(['FEATURE_DISABLED']);
  });
});

describe.concurrent('access', () => {
  it("another tenant's driver: null + NOT_FOUND, update NOT_FOUND and nothing changed, a foreign vehicle NOT_FOUND", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const driver = await fx.driver(owner);
    const foreignVehicle = await fx.vehicle(owner);
    const before = await storedDriver(owner, driver.id);
    const read = await h.run(intruder, GET, { id: driver.id });
    expect(read.data).toEqual({ driver: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE, { id: driver.id, input: { status: 'inactive' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, CREATE, { input: input({ currentVehicleId: foreignVehicle.id }) }))).toEqual(['NOT_FOUND']);
    const own = await fx.driver(intruder);
    expect(codes(await h.run(intruder, UPDATE, { id: own.id, input: { currentVehicleId: foreignVehicle.id } }))).toEqual(['NOT_FOUND']);
    expect(await storedDriver(owner, driver.id)).toEqual(before);
    expect((await h.run<{ drivers: { totalCount: number } }>(intruder, LIST, {})).data?.drivers.totalCount).toBe(1);
  });

  it('a viewer and a driver read drivers; neither may create or change one (FORBIDDEN)', async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    for (const roles of [['viewer'], ['driver']]) {
      const user = sameTenantAs(tenant, roles);
      expect((await h.run(user, GET, { id: driver.id })).errors).toBeUndefined();
      expect(codes(await h.run(user, CREATE, { input: input() }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(user, UPDATE, { id: driver.id, input: { status: 'inactive' } }))).toEqual(['FORBIDDEN']);
    }
  });

  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with driverManagement switched off', truckingTenant({ flags: { driverManagement: false } })],
  ])('refuses every driver operation with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: input() }],
      [UPDATE, { id, input: { status: 'inactive' } }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await h.models.Driver.countDocuments(tenantScope(tenant))).toBe(0);
  });
});
