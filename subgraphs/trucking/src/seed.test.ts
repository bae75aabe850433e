import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { tenantScope, type SeedTenant } from '@attunelogic/shared';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { seedTrucking } from './seed';
import { startHarness, type TruckingHarness } from './testing';
import { isValidVin } from './vehicles/vehicles.service';

let h: TruckingHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const id = () => new mongoose.Types.ObjectId().toHexString();

function seedTenant(appType: SeedTenant['appType']): SeedTenant {
  const slug = `seed-${id().slice(-8)}`;
  return {
    id: id(),
    slug,
    appType,
    users: [
      { id: id(), email: `viewer@${slug}.test`, roles: ['viewer'] },
      { id: id(), email: `owner@${slug}.test`, roles: ['owner'] },
    ],
  };
}

describe('seedTrucking', () => {
  it("gives each trucking tenant a valid demo fleet by its owner, once; serviceRepair tenants get none", async () => {
    const tenants = [seedTenant('trucking'), seedTenant('trucking'), seedTenant('serviceRepair')];
    const [acme, beta, repair] = tenants as [SeedTenant, SeedTenant, SeedTenant];

    expect(await seedTrucking(h.models, tenants)).toEqual({ created: 10 });
    expect(await seedTrucking(h.models, tenants)).toEqual({ created: 0 });

    const fleet = await h.models.Vehicle.find(tenantScope({ tenantId: acme.id })).lean();
    expect(fleet).toHaveLength(5);
    expect(fleet.every((vehicle) => isValidVin(vehicle.vin))).toBe(true);
    expect(new Set(fleet.map((vehicle) => String(vehicle.createdBy)))).toEqual(new Set([acme.users[1]!.id]));
    expect(await h.models.Vehicle.countDocuments(tenantScope({ tenantId: beta.id }))).toBe(5);
    expect(await h.models.Vehicle.countDocuments(tenantScope({ tenantId: repair.id }))).toBe(0);

    // Same units, different VINs: the serial comes from the tenant.
    const betaVins = new Set((await h.models.Vehicle.find(tenantScope({ tenantId: beta.id })).lean()).map((v) => v.vin));
    expect(fleet.some((vehicle) => betaVins.has(vehicle.vin))).toBe(false);

    const tenant = makeTenantContext({ tenantId: acme.id, slug: acme.slug, appType: 'trucking', userId: acme.users[1]!.id });
    const listed = await h.run<{ vehicles: { totalCount: number } }>(tenant, '{ vehicles { totalCount } }');
    expect(listed.data).toEqual({ vehicles: { totalCount: 5 } });
  });

  it('leaves vehicles users changed since the first run alone', async () => {
    const tenant = seedTenant('trucking');
    await seedTrucking(h.models, [tenant]);
    await h.models.Vehicle.updateOne({ ...tenantScope({ tenantId: tenant.id }), unitNumber: '101' }, { $set: { odometer: 999_999 } });
    expect(await seedTrucking(h.models, [tenant])).toEqual({ created: 0 });
    const unit = await h.models.Vehicle.findOne({ ...tenantScope({ tenantId: tenant.id }), unitNumber: '101' }).lean();
    expect(unit?.odometer).toBe(999_999);
  });
});
