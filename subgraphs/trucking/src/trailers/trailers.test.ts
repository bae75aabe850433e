import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, validVin, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-trailers');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id unitNumber vin type make model year plate lengthFeet status currentLoad { id } createdBy { id }';
const CREATE = `mutation ($input: CreateTrailerInput!) { createTrailer(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTrailerInput!) { updateTrailer(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { trailer(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: TrailerFilter) { trailers(filter: $filter) { totalCount edges { node { id type status } } } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  unitNumber: 'T-1',
  vin: validVin(),
  type: 'reefer',
  make: 'Utility',
  model: '3000R',
  year: 2022,
  ...overrides,
});
const stored = (tenant: TenantContext, id: string) => h.models.Trailer.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

describe.concurrent('trailers', () => {
  it('creates, reads, lists by type and status, and updates a trailer', async ({ expect }) => {
    const tenant = truckingTenant();
    const vin = validVin();
    const created = await fx.ok<{ createTrailer: { id: string } }>(tenant, CREATE, { input: input({ vin: vin.toLowerCase(), lengthFeet: 53, plate: 'TR 1' }) });
    expect(created.createTrailer).toMatchObject({
      unitNumber: 'T-1',
      vin,
      type: 'reefer',
      lengthFeet: 53,
      plate: 'TR 1',
      status: 'active',
      currentLoad: null,
      createdBy: { id: tenant.userId },
    });
    const id = created.createTrailer.id;
    await fx.trailer(tenant, { type: 'flatbed', status: 'in_shop' });
    const list = await h.run<{ trailers: { totalCount: number; edges: { node: { id: string } }[] } }>(tenant, LIST, { filter: { type: 'reefer' } });
    expect(list.data?.trailers.edges.map((e) => e.node.id)).toEqual([id]);
    expect((await h.run<{ trailers: { totalCount: number } }>(tenant, LIST, { filter: { status: 'in_shop' } })).data?.trailers.totalCount).toBe(1);
    const updated = await h.run<{ updateTrailer: Record<string, unknown> }>(tenant, UPDATE, { id, input: { status: 'out_of_service', plate: null, lengthFeet: null } });
    expect(updated.data?.updateTrailer).toMatchObject({ status: 'out_of_service', plate: null, lengthFeet: null, vin });
    expect((await h.run(tenant, GET, { id })).data).toMatchObject({ trailer: { id, status: 'out_of_service' } });
  });

  it('keeps trailer unit numbers unique within a tenant (CONFLICT), apart from vehicle unit numbers', async ({ expect }) => {
    const tenant = truckingTenant();
    await fx.vehicle(tenant, { unitNumber: 'T-9' });
    const first = await fx.trailer(tenant, { unitNumber: 'T-9' });
    expect(codes(await h.run(tenant, CREATE, { input: input({ unitNumber: 'T-9' }) }))).toEqual(['CONFLICT']);
    const second = await fx.trailer(tenant, { unitNumber: 'T-10' });
    expect(codes(await h.run(tenant, UPDATE, { id: second.id, input: { unitNumber: 'T-9' } }))).toEqual(['CONFLICT']);
    expect((await stored(tenant, first.id))?.unitNumber).toBe('T-9');
  });

  it.for<[string, Record<string, unknown>]>([
    ['a VIN with a wrong check digit', { vin: '1M8GDM9A1KP042788' }],
    ['an unknown type', { type: 'hopper' }],
    ['a length of 100 feet', { lengthFeet: 100 }],
    ['a year before 1950', { year: 1949 }],
  ])('createTrailer refuses %s with BAD_USER_INPUT', async ([_case, overrides], { expect }) => {
    const tenant = truckingTenant();
    expect(codes(await h.run(tenant, CREATE, { input: input(overrides) }))).toEqual(['BAD_USER_INPUT']);
    expect(await h.models.Trailer.countDocuments(tenantScope(tenant))).toBe(0);
  });

  it("treats another tenant's trailer as missing: null + NOT_FOUND, update NOT_FOUND, nothing changed", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const trailer = await fx.trailer(owner);
    const before = await stored(owner, trailer.id);
    const read = await h.run(intruder, GET, { id: trailer.id });
    expect(read.data).toEqual({ trailer: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE, { id: trailer.id, input: { status: 'retired' } }))).toEqual(['NOT_FOUND']);
    expect(await stored(owner, trailer.id)).toEqual(before);
  });

  it('a viewer reads trailers but cannot add one (FORBIDDEN)', async ({ expect }) => {
    const tenant = truckingTenant();
    const viewer = sameTenantAs(tenant, ['viewer']);
    expect((await h.run(viewer, LIST, {})).errors).toBeUndefined();
    expect(codes(await h.run(viewer, CREATE, { input: input() }))).toEqual(['FORBIDDEN']);
  });

  it.for<[string, TenantContext]>([
    ['a serviceRepair tenant', makeTenantContext({ appType: 'serviceRepair' })],
    ['a trucking tenant with fleetManagement switched off', truckingTenant({ flags: { fleetManagement: false } })],
  ])('refuses every trailer operation with FEATURE_DISABLED for %s', async ([_case, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: input() }],
      [UPDATE, { id, input: { status: 'retired' } }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
  });
});
