import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type SeedTenant } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
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
      { id: id(), email: `driver@${slug}.test`, roles: ['driver'] },
    ],
  };
}

describe('seedTrucking', () => {
  it('gives each trucking tenant a valid demo fleet by its owner, once; serviceRepair tenants get none', async () => {
    const tenants = [seedTenant('trucking'), seedTenant('trucking'), seedTenant('serviceRepair')];
    const [acme, beta, repair] = tenants as [SeedTenant, SeedTenant, SeedTenant];

    const first = await seedTrucking(h.models, tenants);
    expect(first.created).toBeGreaterThan(10);
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

  it('makes every trucking list of the tenant non-empty, with loads in several states and consistent claims', async () => {
    const seed = seedTenant('trucking');
    await seedTrucking(h.models, [seed]);
    const owner = makeTenantContext({ tenantId: seed.id, slug: seed.slug, appType: 'trucking', userId: seed.users[1]!.id });
    const lists = await h.run<Record<string, { totalCount: number }>>(
      owner,
      `{
        vehicles { totalCount } trailers { totalCount } drivers { totalCount } loads { totalCount }
        maintenanceSchedules { totalCount } maintenanceDue { totalCount } maintenanceRecords { totalCount }
        driverLocations { totalCount }
      }`,
    );
    expect(lists.errors).toBeUndefined();
    for (const [list, { totalCount }] of Object.entries(lists.data!)) expect(totalCount, list).toBeGreaterThan(0);

    const loads = await h.models.Load.find(tenantScope({ tenantId: seed.id })).lean();
    expect(new Set(loads.map((l) => l.status))).toEqual(new Set(['draft', 'tendered', 'in_transit', 'delivered', 'invoiced', 'cancelled']));
    const active = loads.find((l) => l.status === 'in_transit')!;
    const driver = await h.models.Driver.findOne(tenantScope({ tenantId: seed.id })).lean();
    expect(String(driver?.userId)).toBe(seed.users[2]!.id);
    expect(String(driver?.activeLoad)).toBe(String(active._id));
    expect(String(active.driver)).toBe(String(driver?._id));
    const vehicle = await h.models.Vehicle.findOne({ ...tenantScope({ tenantId: seed.id }), _id: active.vehicle }).lean();
    expect(String(vehicle?.activeLoad)).toBe(String(active._id));

    const due = await h.run<{ maintenanceDue: { edges: { node: { vehicle: { unitNumber: string }; schedule: { name: string }; status: string } }[] } }>(
      owner,
      '{ maintenanceDue(first: 50) { edges { node { vehicle { unitNumber } schedule { name } status } } } }',
    );
    const lines = due.data!.maintenanceDue.edges.map((e) => `${e.node.vehicle.unitNumber} ${e.node.schedule.name}: ${e.node.status}`);
    expect(lines).toEqual(expect.arrayContaining(['102 Oil change: overdue', '103 Oil change: due', '104 Annual DOT inspection: overdue']));

    // The driver@ user sees their profile, and can route their load.
    const driverUser = makeTenantContext({ tenantId: seed.id, slug: seed.slug, appType: 'trucking', userId: seed.users[2]!.id, roles: ['driver'] });
    const route = await h.run(driverUser, 'query ($id: ID!) { optimizeRoute(input: { loadId: $id }) { totalDistanceKm } }', { id: String(active._id) });
    expect(route.errors).toBeUndefined();
    const me = await h.run<{ _entities: { driverProfile: { id: string } }[] }>(
      driverUser,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { driverProfile { id } } } }',
      {
        r: [{ __typename: 'User', id: seed.users[2]!.id }],
      },
    );
    expect(me.data?._entities[0]?.driverProfile.id).toBe(String(driver?._id));
  });

  it('includes a retired trailer, hidden from the list unless asked, and a load cancelled with its reason', async () => {
    const seed = seedTenant('trucking');
    await seedTrucking(h.models, [seed]);
    const owner = makeTenantContext({ tenantId: seed.id, slug: seed.slug, appType: 'trucking', userId: seed.users[1]!.id });
    const result = await h.run<{
      active: { edges: { node: { unitNumber: string } }[] };
      retired: { edges: { node: { unitNumber: string; retiredAt: string | null; retirementReason: string | null } }[] };
      cancelled: { edges: { node: { referenceNumber: string; cancellation: { reason: string; note: string } | null } }[] };
    }>(
      owner,
      `{
        active: trailers { edges { node { unitNumber } } }
        retired: trailers(filter: { status: retired }) { edges { node { unitNumber retiredAt retirementReason } } }
        cancelled: loads(filter: { status: [cancelled] }) { edges { node { referenceNumber cancellation { reason note } } } }
      }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.active.edges.map((e) => e.node.unitNumber).sort()).toEqual(['T-201', 'T-202', 'T-203']);
    expect(result.data!.retired.edges.map((e) => e.node)).toEqual([
      { unitNumber: 'T-199', retiredAt: expect.any(String), retirementReason: 'Sold after the floor failed inspection' },
    ]);
    expect(result.data!.cancelled.edges.map((e) => e.node)).toEqual([
      { referenceNumber: 'L-1006', cancellation: { reason: 'shipper_not_ready', note: 'Dock closed for inventory; rebook next week.' } },
    ]);
  });

  it('gives the driver a day of duty statuses, so driverHours shows what they have left', async () => {
    const seed = seedTenant('trucking');
    await seedTrucking(h.models, [seed]);
    const owner = makeTenantContext({ tenantId: seed.id, slug: seed.slug, appType: 'trucking', userId: seed.users[1]!.id });
    const driver = await h.models.Driver.findOne(tenantScope({ tenantId: seed.id })).lean();
    const hours = await h.run<{ driverHours: { currentStatus: string; drivingMinutesLeft: number; limitedBy: string } }>(
      owner,
      'query ($id: ID!) { driverHours(driverId: $id) { currentStatus drivingMinutesLeft limitedBy } }',
      { id: String(driver!._id) },
    );
    expect(hours.errors).toBeUndefined();
    // Today: 0.5 hours to the pickup and 2.5 since; yesterday's shift is behind a 13-hour rest.
    expect(hours.data!.driverHours).toMatchObject({ currentStatus: 'driving', limitedBy: 'driving_limit' });
    expect(hours.data!.driverHours.drivingMinutesLeft).toBeGreaterThan(11 * 60 - 3 * 60 - 2);
    expect(hours.data!.driverHours.drivingMinutesLeft).toBeLessThanOrEqual(11 * 60 - 3 * 60);
    expect(await h.models.DutyStatusEvent.countDocuments(tenantScope({ tenantId: seed.id }))).toBe(9);
    expect(await seedTrucking(h.models, [seed])).toEqual({ created: 0 });
  });

  it('leaves vehicles users changed since the first run alone', async () => {
    const tenant = seedTenant('trucking');
    await seedTrucking(h.models, [tenant]);
    await h.models.Vehicle.updateOne({ ...tenantScope({ tenantId: tenant.id }), unitNumber: '101' }, { $set: { odometer: 999_999 } });
    expect(await seedTrucking(h.models, [tenant])).toEqual({ created: 0 });
    const unit = await h.models.Vehicle.findOne({ ...tenantScope({ tenantId: tenant.id }), unitNumber: '101' }).lean();
    expect(unit?.odometer).toBe(999_999);
  });

  it("gives the delivered demo load its POD photo at the delivery stop, once, in the tenant's storage", async () => {
    const tenant = seedTenant('trucking');
    await seedTrucking(h.models, [tenant], h.server.documents);
    expect(await seedTrucking(h.models, [tenant], h.server.documents)).toEqual({ created: 0 });
    const scope = tenantScope({ tenantId: tenant.id });
    const load = await h.models.Load.findOne({ ...scope, referenceNumber: 'L-1004' }).lean();
    const pods = await h.models.Document.find({ ...scope, kind: 'pod' }).lean();
    expect(pods).toHaveLength(1);
    expect(pods[0]).toMatchObject({ load: load!._id, stop: load!.stops[1]!._id, contentType: 'image/png' });
    expect(await h.server.documents!.storage.head(`${tenant.id}/${pods[0]!.upload}`)).toMatchObject({ contentType: 'image/png' });
  });
});

describe('seedTrucking: parties and money', () => {
  it('gives parties, delivered loads ready to invoice together, and an invoice with a partial payment; a dispatcher invoices the two', async () => {
    const acme = seedTenant('trucking');
    await seedTrucking(h.models, [acme]);
    expect(await seedTrucking(h.models, [acme])).toEqual({ created: 0 });
    const dispatcher = makeTenantContext({ tenantId: acme.id, slug: acme.slug, appType: 'trucking', userId: acme.users[1]!.id, roles: ['dispatcher'] });
    const read = await h.run<{
      parties: { edges: { node: { name: string; kinds: string[] } }[] };
      loads: { edges: { node: { id: string; referenceNumber: string; status: string; billTo: { name: string } | null; totalCents: number } }[] };
      freightInvoices: { edges: { node: { status: string; totalCents: number; balanceCents: number; billTo: { name: string } } }[] };
    }>(
      dispatcher,
      `{ parties { edges { node { name kinds } } }
         loads(first: 50, filter: { status: [delivered] }) { edges { node { id referenceNumber status billTo { name } totalCents } } }
         freightInvoices { edges { node { status totalCents balanceCents billTo { name } } } } }`,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.parties.edges.map((e) => e.node.name).sort()).toEqual(['Blue Bonnet Logistics', 'Gulf Coast Cold Storage', 'Lone Star Grocers']);
    expect(read.data!.freightInvoices.edges.map((e) => e.node)).toEqual([
      { status: 'sent', totalCents: 198_000, balanceCents: 98_000, billTo: { name: 'Blue Bonnet Logistics' } },
    ]);
    const ready = read.data!.loads.edges.map((e) => e.node).filter((l) => ['L-1007', 'L-1008'].includes(l.referenceNumber));
    expect(ready.map((l) => [l.referenceNumber, l.billTo?.name, l.totalCents]).sort()).toEqual([
      ['L-1007', 'Lone Star Grocers', 200_000],
      ['L-1008', 'Lone Star Grocers', 185_000],
    ]);
    const invoiced = await h.run<{ createFreightInvoice: { number: number; totalCents: number } }>(
      dispatcher,
      `mutation ($ids: [ID!]!) { createFreightInvoice(loadIds: $ids) { number totalCents } }`,
      { ids: ready.map((l) => l.id) },
    );
    expect(invoiced.data?.createFreightInvoice).toEqual({ number: 2, totalCents: 385_000 });
  });

  it('gives the operating report revenue, settled and unsettled driver pay, a maintenance cost and empty miles to show', async () => {
    const acme = seedTenant('trucking');
    await seedTrucking(h.models, [acme]);
    expect(await seedTrucking(h.models, [acme])).toEqual({ created: 0 });
    const owner = makeTenantContext({ tenantId: acme.id, slug: acme.slug, appType: 'trucking', userId: acme.users[1]!.id, roles: ['owner'] });
    const now = Date.now();
    const read = await h.run<{ operatingReport: Record<string, number> }>(
      owner,
      `query ($from: String!, $to: String!) { operatingReport(from: $from, to: $to) {
        loads revenueCents accessorialCents driverPayCents maintenanceCents unsettledLoads emptyDistance } }`,
      { from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() },
    );
    expect(read.errors).toBeUndefined();
    const report = read.data!.operatingReport;
    expect(report.loads).toBeGreaterThanOrEqual(3);
    expect(report.accessorialCents).toBe(15_000);
    expect(report.driverPayCents).toBeGreaterThan(0);
    expect(report.maintenanceCents).toBe(112_000);
    expect(report.unsettledLoads).toBeGreaterThanOrEqual(1);
    expect(report.emptyDistance).toBeGreaterThan(0);
  });
});
