import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { createAuditModels, type BatchObserver, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext, type SingleResult } from '@attunelogic/shared/testing';
import { startHarness, type TruckingHarness } from '../testing';
import { isValidVin, vinCheckDigit } from './vehicles.service';

let h: TruckingHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id unitNumber vin make model year plate status odometer engineHours createdBy { id } createdAt updatedAt';
const CREATE = `mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { vehicle(id: $id) { ${FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: VehicleFilter) {
  vehicles(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id unitNumber status } }
  }
}`;

interface VehicleView {
  id: string;
  unitNumber: string;
  vin: string;
  make: string;
  model: string;
  year: number;
  plate: string | null;
  status: string;
  odometer: number;
  engineHours: number;
  createdBy: { id: string };
  createdAt: string;
  updatedAt: string;
}

interface ListView {
  vehicles: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; unitNumber: string; status: string } }[];
  };
}

const truckingTenant = (overrides: Partial<TenantContext> = {}) => makeTenantContext({ appType: 'trucking', ...overrides });

/** A VIN with a correct check digit and a random serial. */
function validVin(): string {
  const draft = `1FUJHHDR0NA${String(randomInt(1_000_000)).padStart(6, '0')}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

const vehicleInput = (overrides: Record<string, unknown> = {}) => ({
  unitNumber: `U-${randomInt(100_000)}`,
  vin: validVin(),
  make: 'Kenworth',
  model: 'T680',
  year: 2022,
  ...overrides,
});

const codes = (result: SingleResult<unknown>) => result.errors?.map((error) => error.extensions?.['code']);

async function addVehicle(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<VehicleView> {
  const result = await h.run<{ createVehicle: VehicleView }>(tenant, CREATE, { input: vehicleInput(overrides) });
  if (result.errors || !result.data) throw new Error(`createVehicle failed: ${JSON.stringify(result.errors)}`);
  return result.data.createVehicle;
}

const countVehicles = (tenant: TenantContext) => h.models.Vehicle.countDocuments(tenantScope(tenant));
const storedVehicle = (tenant: TenantContext, id: string) => h.models.Vehicle.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

describe('VIN check digit (ISO 3779)', () => {
  it.each(['1M8GDM9AXKP042788', '11111111111111111', '5GZCZ43D13S812715', '1HGCM82633A004352'])('accepts %s', (vin) => {
    expect(isValidVin(vin)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '1M8GDM9A1KP042788'],
    ['one mistyped character', '1M8GDM9AXKP042789'],
    ['the letter O', '1M8GDM9AXKP0427O8'],
    ['16 characters', '1M8GDM9AXKP04278'],
    ['lower case (normalised before the check, not by it)', '1m8gdm9axkp042788'],
  ])('refuses %s', (_case, vin) => {
    expect(isValidVin(vin)).toBe(false);
  });
});

describe.concurrent('vehicles', () => {
  it('creates a vehicle with defaults, normalised, created by the caller', async ({ expect }) => {
    const tenant = truckingTenant();
    const vin = validVin();
    const created = await addVehicle(tenant, { unitNumber: '  T-7 ', vin: ` ${vin.toLowerCase()} `, plate: 'ABC 123' });
    expect(created).toMatchObject({
      unitNumber: 'T-7',
      vin,
      make: 'Kenworth',
      model: 'T680',
      year: 2022,
      plate: 'ABC 123',
      status: 'active',
      odometer: 0,
      engineHours: 0,
      createdBy: { id: tenant.userId },
    });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    const stored = await storedVehicle(tenant, created.id);
    expect(String(stored?.parentCompany)).toBe(tenant.tenantId);
    expect(String(stored?.createdBy)).toBe(tenant.userId);
  });

  it('gets vehicles by id in one batch, scoped to the tenant', async ({ expect }) => {
    const tenant = truckingTenant();
    const [a, b] = await Promise.all([addVehicle(tenant), addVehicle(tenant)]);
    const batches: Parameters<BatchObserver>[0][] = [];
    const result = await h.run<{ a: VehicleView; b: VehicleView }>(
      tenant,
      `query ($a: ID!, $b: ID!) { a: vehicle(id: $a) { id unitNumber } b: vehicle(id: $b) { id unitNumber } }`,
      { a: a.id, b: b.id },
      (batch) => batches.push(batch),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { id: a.id, unitNumber: a.unitNumber }, b: { id: b.id, unitNumber: b.unitNumber } });
    expect(batches).toEqual([{ model: 'Vehicle', keys: 2, tenantId: tenant.tenantId }]);

    const full = await h.run<{ vehicle: VehicleView }>(tenant, GET, { id: a.id });
    expect(full.data?.vehicle).toEqual(a);
  });

  it('lists newest first, in pages, with a total, filtered by status', async ({ expect }) => {
    const tenant = truckingTenant();
    const first = await addVehicle(tenant, { unitNumber: 'L-1' });
    const second = await addVehicle(tenant, { unitNumber: 'L-2', status: 'in_shop' });
    const third = await addVehicle(tenant, { unitNumber: 'L-3' });

    const page1 = await h.run<ListView>(tenant, LIST, { first: 2 });
    expect(page1.errors).toBeUndefined();
    expect(page1.data?.vehicles.totalCount).toBe(3);
    expect(page1.data?.vehicles.edges.map((e) => e.node.id)).toEqual([third.id, second.id]);
    expect(page1.data?.vehicles.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.data?.vehicles.edges[1]?.cursor });

    const page2 = await h.run<ListView>(tenant, LIST, { first: 2, after: page1.data?.vehicles.pageInfo.endCursor });
    expect(page2.data?.vehicles.edges.map((e) => e.node.id)).toEqual([first.id]);
    expect(page2.data?.vehicles.pageInfo.hasNextPage).toBe(false);

    const inShop = await h.run<ListView>(tenant, LIST, { filter: { status: 'in_shop' } });
    expect(inShop.data?.vehicles.totalCount).toBe(1);
    expect(inShop.data?.vehicles.edges.map((e) => e.node)).toEqual([{ id: second.id, unitNumber: 'L-2', status: 'in_shop' }]);

    const empty = await h.run<ListView>(truckingTenant(), LIST, {});
    expect(empty.data?.vehicles).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('updates fields and readings; omitted fields stay, a null plate is removed', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant, { plate: 'OLD 1', odometer: 1_000, engineHours: 50.5 });
    const result = await h.run<{ updateVehicle: VehicleView }>(tenant, UPDATE, {
      id: vehicle.id,
      input: { make: 'Peterbilt', plate: null, status: 'in_shop', odometer: 1_250, engineHours: 50.5 },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateVehicle).toMatchObject({
      id: vehicle.id,
      unitNumber: vehicle.unitNumber,
      vin: vehicle.vin,
      make: 'Peterbilt',
      model: 'T680',
      plate: null,
      status: 'in_shop',
      odometer: 1_250,
      engineHours: 50.5,
    });
    const stored = await storedVehicle(tenant, vehicle.id);
    expect(stored).toMatchObject({ make: 'Peterbilt', plate: null, status: 'in_shop', odometer: 1_250, engineHours: 50.5 });
  });

  it.for<[field: string, input: Record<string, unknown>]>([
    ['odometer', { odometer: 999 }],
    ['engineHours', { engineHours: 50.4 }],
    ['odometer, with other fields in the same update', { make: 'Volvo', odometer: 0 }],
  ])('refuses a lower %s with BAD_USER_INPUT and writes nothing', async ([field, input], { expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant, { odometer: 1_000, engineHours: 50.5 });
    const before = await storedVehicle(tenant, vehicle.id);
    const result = await h.run(tenant, UPDATE, { id: vehicle.id, input });
    expect(result.data).toBeNull();
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.['field']).toBe(field.split(',')[0]);
    expect(await storedVehicle(tenant, vehicle.id)).toEqual(before);
  });

  it('audits each mutation with the vehicle as target and the changed fields', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant, { odometer: 100 });
    await h.run(tenant, UPDATE, { id: vehicle.id, input: { make: 'Mack', odometer: 150 } });
    await h.run(tenant, UPDATE, { id: vehicle.id, input: { odometer: 1 } });
    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    expect(events.map(({ operation, targetType, targetId, outcome, errorCode, actor }) => ({ operation, targetType, targetId, outcome, errorCode, actor }))).toEqual([
      { operation: 'createVehicle', targetType: 'Vehicle', targetId: vehicle.id, outcome: 'success', errorCode: null, actor: tenant.userId },
      { operation: 'updateVehicle', targetType: 'Vehicle', targetId: vehicle.id, outcome: 'success', errorCode: null, actor: tenant.userId },
      { operation: 'updateVehicle', targetType: null, targetId: null, outcome: 'failed', errorCode: 'BAD_USER_INPUT', actor: tenant.userId },
    ]);
    expect(events[1]?.diff).toEqual({ make: { from: 'Kenworth', to: 'Mack' }, odometer: { from: 100, to: 150 } });
  });

  it('never lowers a reading under concurrent updates: the highest one stays', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant, { odometer: 0 });
    const readings = [1_300, 1_100, 1_900, 1_000, 1_500, 1_200, 1_800, 1_400, 1_700, 1_600];
    const results = await Promise.all(readings.map((odometer) => h.run(tenant, UPDATE, { id: vehicle.id, input: { odometer } })));
    // Whichever order they ran in, a refused update is a lower reading, never a lost or masked write.
    expect(results.flatMap((result) => codes(result) ?? []).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
    expect((await storedVehicle(tenant, vehicle.id))?.odometer).toBe(1_900);
  });

  it('keeps unit numbers unique within a tenant (CONFLICT), not across tenants', async ({ expect }) => {
    const tenant = truckingTenant();
    const other = truckingTenant();
    const taken = await addVehicle(tenant, { unitNumber: 'DUP-1' });
    const second = await addVehicle(tenant, { unitNumber: 'DUP-2' });

    const duplicate = await h.run(tenant, CREATE, { input: vehicleInput({ unitNumber: 'DUP-1' }) });
    expect(codes(duplicate)).toEqual(['CONFLICT']);
    expect(await countVehicles(tenant)).toBe(2);

    const renamed = await h.run(tenant, UPDATE, { id: second.id, input: { unitNumber: 'DUP-1', make: 'Mack' } });
    expect(codes(renamed)).toEqual(['CONFLICT']);
    expect(await storedVehicle(tenant, second.id)).toMatchObject({ unitNumber: 'DUP-2', make: 'Kenworth' });

    await expect(addVehicle(other, { unitNumber: 'DUP-1' })).resolves.toMatchObject({ unitNumber: taken.unitNumber });
  });

  it("treats another tenant's vehicle as missing: null + NOT_FOUND, update NOT_FOUND, nothing changed", async ({ expect }) => {
    const owner = truckingTenant();
    const intruder = truckingTenant();
    const vehicle = await addVehicle(owner, { odometer: 10 });
    const before = await storedVehicle(owner, vehicle.id);

    const batches: Parameters<BatchObserver>[0][] = [];
    const read = await h.run<{ vehicle: VehicleView | null }>(intruder, GET, { id: vehicle.id }, (batch) => batches.push(batch));
    expect(read.data).toEqual({ vehicle: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(batches).toEqual([{ model: 'Vehicle', keys: 1, tenantId: intruder.tenantId }]);

    const write = await h.run(intruder, UPDATE, { id: vehicle.id, input: { make: 'Stolen', odometer: 20 } });
    expect(write.data).toBeNull();
    expect(codes(write)).toEqual(['NOT_FOUND']);
    // A lower reading must not reveal the vehicle either: NOT_FOUND, never the reading check.
    const lower = await h.run(intruder, UPDATE, { id: vehicle.id, input: { odometer: 1 } });
    expect(codes(lower)).toEqual(['NOT_FOUND']);

    const list = await h.run<ListView>(intruder, LIST, {});
    expect(list.data?.vehicles.totalCount).toBe(0);
    expect(await storedVehicle(owner, vehicle.id)).toEqual(before);
  });

  it('has a type (tractor by default) to filter by and to schedule maintenance by', async ({ expect }) => {
    const tenant = truckingTenant();
    const tractor = await addVehicle(tenant);
    const truck = await addVehicle(tenant, { type: 'truck' });
    const types = await h.run<{ vehicles: { edges: { node: { id: string; type: string } }[] } }>(
      tenant,
      'query ($filter: VehicleFilter) { vehicles(filter: $filter) { edges { node { id type } } } }',
      { filter: { type: 'truck' } },
    );
    expect(types.data?.vehicles.edges.map((e) => e.node)).toEqual([{ id: truck.id, type: 'truck' }]);
    const changed = await h.run<{ updateVehicle: { type: string } }>(tenant, 'mutation ($id: ID!) { updateVehicle(id: $id, input: { type: truck }) { type } }', {
      id: tractor.id,
    });
    expect(changed.data?.updateVehicle.type).toBe('truck');
  });

  it('a viewer and a driver read vehicles; neither may add or change one (FORBIDDEN)', async ({ expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant);
    for (const roles of [['viewer'], ['driver']]) {
      const user = makeTenantContext({ tenantId: tenant.tenantId, appType: 'trucking', roles });
      expect((await h.run(user, GET, { id: vehicle.id })).errors).toBeUndefined();
      expect(codes(await h.run(user, CREATE, { input: vehicleInput() }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(user, UPDATE, { id: vehicle.id, input: { odometer: 5 } }))).toEqual(['FORBIDDEN']);
    }
    expect(await countVehicles(tenant)).toBe(1);
  });

  it('answers NOT_FOUND for a well-formed id that does not exist', async ({ expect }) => {
    const tenant = truckingTenant();
    const id = new mongoose.Types.ObjectId().toHexString();
    const read = await h.run(tenant, GET, { id });
    expect(read.data).toEqual({ vehicle: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, UPDATE, { id, input: { make: 'X' } }))).toEqual(['NOT_FOUND']);
  });

  it.for<[name: string, tenant: TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with fleetManagement switched off', makeTenantContext({ appType: 'trucking', flags: { fleetManagement: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: vehicleInput() }],
      [UPDATE, { id, input: { make: 'X' } }],
    ] as const) {
      const result = await h.run(tenant, query, variables);
      expect(codes(result)).toEqual(['FEATURE_DISABLED']);
    }
    expect(await countVehicles(tenant)).toBe(0);
  });

  const operator = JSON.parse('{"$ne": null}') as unknown;

  it.for<[name: string, overrides: Record<string, unknown>]>([
    ['a make over 60 characters', { make: 'x'.repeat(61) }],
    ['a unit number over 20 characters', { unitNumber: 'U'.repeat(21) }],
    ['an empty model', { model: '   ' }],
    ['a VIN with a wrong check digit', { vin: '1M8GDM9A1KP042788' }],
    ['a VIN with the letter I', { vin: '1M8GDM9AXKP0427I8' }],
    ['a VIN of 18 characters', { vin: '1M8GDM9AXKP0427888' }],
    ['a model year from before 1950', { year: 1900 }],
    ['a negative odometer', { odometer: -1 }],
    ['a fractional odometer', { odometer: 1.5 }],
    ['an unknown status', { status: 'parked' }],
    ['an operator object for a string', { unitNumber: operator }],
    ['an operator object for a number', { year: operator }],
  ])('createVehicle refuses %s with BAD_USER_INPUT and writes nothing', async ([_case, overrides], { expect }) => {
    const tenant = truckingTenant();
    const result = await h.run(tenant, CREATE, { input: vehicleInput(overrides) });
    expect(result.data ?? null).toBeNull();
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await countVehicles(tenant)).toBe(0);
  });

  it.for<[name: string, input: Record<string, unknown>]>([
    ['an empty input', {}],
    ['null for a required field', { make: null }],
    ['an oversized plate', { plate: 'P'.repeat(16) }],
    ['an unknown status', { status: 'parked' }],
    ['an operator object for the odometer', { odometer: operator }],
    ['the VIN (it cannot change)', { vin: '11111111111111111' }],
  ])('updateVehicle refuses %s with BAD_USER_INPUT and changes nothing', async ([_case, input], { expect }) => {
    const tenant = truckingTenant();
    const vehicle = await addVehicle(tenant);
    const before = await storedVehicle(tenant, vehicle.id);
    const result = await h.run(tenant, UPDATE, { id: vehicle.id, input });
    expect(result.data ?? null).toBeNull();
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await storedVehicle(tenant, vehicle.id)).toEqual(before);
  });

  it.for<[name: string, query: string, variables: Record<string, unknown>]>([
    ['vehicle with a malformed id', GET, { id: 'not-an-id' }],
    ['vehicle with an operator object as id', GET, { id: operator }],
    ['updateVehicle with a malformed id', UPDATE, { id: '12345', input: { make: 'X' } }],
    ['vehicles with first over 100', LIST, { first: 101 }],
    ['vehicles with first 0', LIST, { first: 0 }],
    ['vehicles with a forged cursor', LIST, { after: 'bm90LWEtY3Vyc29y' }],
    ['vehicles with an unknown status filter', LIST, { filter: { status: 'parked' } }],
    ['vehicles with an operator object as status filter', LIST, { filter: { status: operator } }],
  ])('refuses %s with BAD_USER_INPUT', async ([_case, query, variables], { expect }) => {
    const result = await h.run(truckingTenant(), query, variables);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
  });
});
