// Per-tenant placement in the trucking subgraph: a dedicated tenant's requests reach its own
// database, with the tenant plugin in force there, and never see a pooled tenant's data (or the
// reverse). Moving data between placements is core's (`pnpm tenant move`, tenants/placement-move.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, startHarness, truckingTenant, validVin, type TruckingHarness } from './testing';

let h: TruckingHarness;

beforeAll(async () => {
  h = await startHarness('test-placement');
});

afterAll(async () => {
  await h?.close();
});

const dedicatedTenant = (): TenantContext => truckingTenant({ placement: { mode: 'dedicated', version: 1, external: false } });
const CREATE = `mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id unitNumber } }`;
const GET = `query ($id: ID!) { vehicle(id: $id) { id unitNumber } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateVehicleInput!) { updateVehicle(id: $id, input: $input) { id } }`;
const LIST = `query { vehicles(first: 10) { totalCount edges { node { id } } } }`;

async function addVehicle(tenant: TenantContext, unitNumber: string): Promise<string> {
  const result = await h.run<{ createVehicle: { id: string } }>(tenant, CREATE, { input: { unitNumber, vin: validVin(), make: 'Kenworth', model: 'T680', year: 2022 } });
  if (!result.data) throw new Error(`createVehicle failed: ${JSON.stringify(result.errors)}`);
  return result.data.createVehicle.id;
}

/** The tenant's vehicles in one database, read with the raw driver (no models, no plugin). */
const vehiclesIn = (database: string, tenant: TenantContext) =>
  h.connection
    .getClient()
    .db(database)
    .collection('vehicles')
    .countDocuments({ parentCompany: new mongoose.Types.ObjectId(tenant.tenantId) });

describe.concurrent('placement', () => {
  it("writes a dedicated tenant's data to its own database, never to the pool", async () => {
    const dedicated = dedicatedTenant();
    const pooled = truckingTenant();
    await addVehicle(dedicated, 'D-1');
    await addVehicle(pooled, 'P-1');

    const own = `test-placement-t-${dedicated.tenantId}`;
    expect(await vehiclesIn(own, dedicated)).toBe(1);
    expect(await vehiclesIn('test-placement', dedicated)).toBe(0);
    expect(await vehiclesIn('test-placement', pooled)).toBe(1);
    expect(await vehiclesIn(own, pooled)).toBe(0);

    const listed = await h.run<{ vehicles: { totalCount: number } }>(dedicated, LIST);
    expect(listed.data?.vehicles.totalCount).toBe(1);
  });

  it("builds the models' indexes in a dedicated database on first use", async () => {
    const dedicated = dedicatedTenant();
    await addVehicle(dedicated, 'D-IDX');
    const indexes = await h.connection.getClient().db(`test-placement-t-${dedicated.tenantId}`).collection('vehicles').indexes();
    expect(indexes.some((index) => index.unique && Object.keys(index.key)[0] === 'parentCompany')).toBe(true);
  });

  it('keeps the tenant plugin in force in a dedicated database: an unscoped query throws', async () => {
    const dedicated = dedicatedTenant();
    await addVehicle(dedicated, 'D-2');
    const models = await h.server.modelsFor(dedicated);
    expect(models.Vehicle).not.toBe(h.models.Vehicle);
    expect(models.Vehicle.db.name).toBe(`test-placement-t-${dedicated.tenantId}`);
    await expect(models.Vehicle.find({}).lean()).rejects.toThrow(/parentCompany/);
    expect(await models.Vehicle.countDocuments(tenantScope(dedicated))).toBe(1);
  });

  it('compiles the models once per database: the same models for every request of the tenant', async () => {
    const dedicated = dedicatedTenant();
    expect(await h.server.modelsFor(dedicated)).toBe(await h.server.modelsFor({ ...dedicated, requestId: 'another' }));
    expect((await h.server.modelsFor(truckingTenant())).Vehicle).toBe(h.models.Vehicle);
  });

  it('answers NOT_FOUND across a pooled and a dedicated tenant, both ways, and changes nothing', async () => {
    const dedicated = dedicatedTenant();
    const pooled = truckingTenant();
    const ownedByDedicated = await addVehicle(dedicated, 'D-3');
    const ownedByPooled = await addVehicle(pooled, 'P-3');

    for (const [intruder, id] of [
      [pooled, ownedByDedicated],
      [dedicated, ownedByPooled],
    ] as const) {
      const read = await h.run<{ vehicle: unknown }>(intruder, GET, { id });
      expect(read.data).toEqual({ vehicle: null });
      expect(codes(read)).toEqual(['NOT_FOUND']);
      const update = await h.run(intruder, UPDATE, { id, input: { make: 'Volvo' } });
      expect(codes(update)).toEqual(['NOT_FOUND']);
    }
    const owned = await h.run<{ vehicle: { unitNumber: string } }>(dedicated, GET, { id: ownedByDedicated });
    expect(owned.data?.vehicle.unitNumber).toBe('D-3');
    const models = await h.server.modelsFor(dedicated);
    expect((await models.Vehicle.findOne({ _id: ownedByDedicated, ...tenantScope(dedicated) }).lean())?.make).toBe('Kenworth');
  });
});
