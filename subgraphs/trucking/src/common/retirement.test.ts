import { afterAll, beforeAll, describe, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, Fixtures, sameTenantAs, startHarness, storedLoad, truckingTenant, type TruckingHarness } from '../testing';
import mongoose from 'mongoose';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-retirement');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

type Kind = 'Vehicle' | 'Trailer' | 'Driver';
const KINDS: Kind[] = ['Vehicle', 'Trailer', 'Driver'];
const list = (kind: Kind) => `${kind.toLowerCase()}s`;
const RETIRE = (kind: Kind) => `mutation ($id: ID!, $reason: String) { retire${kind}(id: $id, reason: $reason) { id status retiredAt retirementReason } }`;
const UPDATE = (kind: Kind) =>
  `mutation ($id: ID!, $status: ${kind === 'Driver' ? 'DriverStatus' : 'VehicleStatus'}!) { update${kind}(id: $id, input: { status: $status }) { id status retiredAt retirementReason } }`;
const LIST = (kind: Kind) => `query ($filter: ${kind}Filter) { ${list(kind)}(filter: $filter) { totalCount edges { node { id status } } } }`;

interface Retired {
  id: string;
  status: string;
  retiredAt: string | null;
  retirementReason: string | null;
}

/** A new record of the kind, in the tenant. */
async function make(tenant: TenantContext, kind: Kind): Promise<string> {
  if (kind === 'Vehicle') return (await fx.vehicle(tenant)).id;
  if (kind === 'Trailer') return (await fx.trailer(tenant)).id;
  return (await fx.driver(tenant)).id;
}

const retire = (tenant: TenantContext, kind: Kind, id: string, reason?: string) =>
  h.run<Record<string, Retired>>(tenant, RETIRE(kind), { id, reason }).then((result) => ({ ...result, retired: result.data?.[`retire${kind}`] }));

const listed = async (tenant: TenantContext, kind: Kind, filter?: Record<string, unknown>) =>
  (await h.run<Record<string, { edges: { node: { id: string } }[] }>>(tenant, LIST(kind), { filter })).data![list(kind)]!.edges.map((e) => e.node.id);

const stored = (tenant: TenantContext, kind: Kind, id: string) =>
  (h.models[kind] as unknown as mongoose.Model<Record<string, unknown>>).findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

/** A load assigned to a new driver, vehicle and trailer. */
async function busy(tenant: TenantContext) {
  const [load, driver, vehicle, trailer] = await Promise.all([fx.load(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.trailer(tenant)]);
  const result = await fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { load: result.data!.assignLoad, ids: { Driver: driver.id, Vehicle: vehicle.id, Trailer: trailer.id } as Record<Kind, string> };
}

describe.concurrent('retiring vehicles, trailers and drivers', () => {
  it.for(KINDS)('a free %s retires with a reason, at the tenant clock, audited; lists hide it unless asked', async (kind, { expect }) => {
    const tenant = truckingTenant();
    const [kept, id] = [await make(tenant, kind), await make(tenant, kind)];
    h.clock(tenant).set(new Date('2025-07-01T12:00:00Z'));
    const result = await retire(tenant, kind, id, 'Sold at auction');
    expect(result.errors).toBeUndefined();
    expect(result.retired).toEqual({ id, status: 'retired', retiredAt: '2025-07-01T12:00:00.000Z', retirementReason: 'Sold at auction' });

    expect(await listed(tenant, kind)).toEqual([kept]);
    expect(await listed(tenant, kind, { includeRetired: true })).toEqual([id, kept]);
    expect(await listed(tenant, kind, { status: 'retired' })).toEqual([id]);
    // Kept for history: still read by id.
    const read = await h.run<Record<string, { status: string }>>(tenant, `query ($id: ID!) { ${kind.toLowerCase()}(id: $id) { status } }`, { id });
    expect(read.data?.[kind.toLowerCase()]).toEqual({ status: 'retired' });

    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    expect(events.at(-1)).toMatchObject({ operation: `retire${kind}`, targetType: kind, targetId: id, diff: { status: { from: 'active', to: 'retired' } } });

    // Again: answered as it is, nothing rewritten.
    expect((await retire(tenant, kind, id, 'Again')).retired).toEqual(result.retired);
  });

  it.for(KINDS)('a %s on an open load is refused with RETIRE_BLOCKED naming the load, by retire and by update; free again, it retires', async (kind, { expect }) => {
    const tenant = truckingTenant();
    const { load, ids } = await busy(tenant);
    const id = ids[kind];
    const before = await stored(tenant, kind, id);
    for (const attempt of [retire(tenant, kind, id), h.run(tenant, UPDATE(kind), { id, status: 'retired' })]) {
      const refused = await attempt;
      expect(codes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        reason: 'RETIRE_BLOCKED',
        loads: [{ id: load.id, referenceNumber: load.referenceNumber, status: 'assigned' }],
      });
    }
    expect(await stored(tenant, kind, id)).toEqual(before);

    expect((await fx.status(tenant, load.id, 'cancelled')).errors).toBeUndefined();
    expect((await retire(tenant, kind, id)).retired?.status).toBe('retired');
  });

  it.for(KINDS)('a retired %s is refused by assignLoad; set active again, it is reinstated', async (kind, { expect }) => {
    const tenant = truckingTenant();
    const [load, driver, vehicle, trailer] = await Promise.all([fx.load(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.trailer(tenant)]);
    const ids: Record<Kind, string> = { Driver: driver.id, Vehicle: vehicle.id, Trailer: trailer.id };
    await retire(tenant, kind, ids[kind], 'Totalled');
    const refused = await fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.['reason']).toBe(`${kind.toUpperCase()}_NOT_ACTIVE`);

    const back = await h.run<Record<string, Retired>>(tenant, UPDATE(kind), { id: ids[kind], status: 'active' });
    expect(back.data?.[`update${kind}`]).toEqual({ id: ids[kind], status: 'active', retiredAt: null, retirementReason: null });
    expect((await fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id)).errors).toBeUndefined();
  });

  it.for(KINDS)("retiring another tenant's %s is NOT_FOUND and changes nothing", async (kind, { expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const id = await make(owner, kind);
    const before = await stored(owner, kind, id);
    expect(codes(await retire(intruder, kind, id, 'Mine now'))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE(kind), { id, status: 'retired' }))).toEqual(['NOT_FOUND']);
    expect(await stored(owner, kind, id)).toEqual(before);
  });

  it.for(KINDS)('retiring a %s: a dispatcher and an admin may, a viewer and a driver may not (FORBIDDEN)', async (kind, { expect }) => {
    const tenant = truckingTenant();
    const [a, b] = [await make(tenant, kind), await make(tenant, kind)];
    for (const roles of [['viewer'], ['driver']]) expect(codes(await retire(sameTenantAs(tenant, roles), kind, a))).toEqual(['FORBIDDEN']);
    expect((await stored(tenant, kind, a))?.['status']).toBe('active');
    expect((await retire(sameTenantAs(tenant, ['dispatcher']), kind, a)).retired?.status).toBe('retired');
    expect((await retire(sameTenantAs(tenant, ['admin']), kind, b)).retired?.status).toBe('retired');
  });

  it.for(KINDS)('a %s retired while an assignment takes it: never both; no load ends up on a retired record', async (kind, { expect }) => {
    const tenant = truckingTenant();
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const [load, driver, vehicle, trailer] = await Promise.all([fx.load(tenant), fx.driver(tenant), fx.vehicle(tenant), fx.trailer(tenant)]);
        const ids: Record<Kind, string> = { Driver: driver.id, Vehicle: vehicle.id, Trailer: trailer.id };
        const [retired, assigned] = await Promise.all([retire(tenant, kind, ids[kind]), fx.assign(tenant, load.id, driver.id, vehicle.id, trailer.id)]);
        expect([retired.errors, assigned.errors].filter(Boolean).length).toBe(1);
        const [record, after] = await Promise.all([stored(tenant, kind, ids[kind]), storedLoad(h, tenant, load.id)]);
        expect(record?.['status'] === 'retired' && after?.status === 'assigned').toBe(false);
        if (record?.['status'] === 'retired') expect(record['activeLoad'] ?? null).toBeNull();
      }),
    );
  });

  it('refuses a malformed id and an over-long reason (BAD_USER_INPUT)', async ({ expect }) => {
    const tenant = truckingTenant();
    const id = await make(tenant, 'Vehicle');
    expect(codes(await retire(tenant, 'Vehicle', 'nope'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await retire(tenant, 'Vehicle', id, 'x'.repeat(501)))).toEqual(['BAD_USER_INPUT']);
  });

  it("a retired driver's positions are no longer recorded (DRIVER_RETIRED); their history stays readable", async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    const ping = `mutation ($input: RecordDriverLocationInput!) { recordDriverLocation(input: $input) { id } }`;
    const input = (minutesAgo: number) => ({
      driverId: driver.id,
      latitude: 32.8,
      longitude: -96.8,
      recordedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    });
    expect((await h.run(tenant, ping, { input: input(10) })).errors).toBeUndefined();
    await retire(tenant, 'Driver', driver.id, 'Moved away');
    const refused = await h.run(tenant, ping, { input: input(1) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DRIVER_RETIRED' });
    const read = await h.run<{ driver: { lastLocation: { latitude: number } | null } }>(tenant, `query ($id: ID!) { driver(id: $id) { lastLocation { latitude } } }`, {
      id: driver.id,
    });
    expect(read.data?.driver.lastLocation).toEqual({ latitude: 32.8 });
  });
});

describe('the lists that hide retired records', () => {
  it.for(KINDS)('a page of %ss costs the same database commands for 4 records as for 16', async (kind, { expect }) => {
    const cost = async (n: number) => {
      const tenant = truckingTenant();
      const ids = await Promise.all(Array.from({ length: n }, () => make(tenant, kind)));
      await retire(tenant, kind, ids[0]!);
      const query = `{ ${list(kind)}(first: 50) { totalCount edges { node { id status currentLoad { id } createdBy { id } } } } }`;
      let count = 0;
      const counter = await h.commands(async () => {
        const result = await h.run<Record<string, { totalCount: number }>>(tenant, query);
        expect(result.errors).toBeUndefined();
        count = result.data![list(kind)]!.totalCount;
      });
      expect(count).toBe(n - 1);
      return counter.commands.map((c) => `${c.name} ${c.collection}`).sort();
    };
    const [small, large] = [await cost(4), await cost(16)];
    expect(large).toEqual(small);
    expect(small.filter((c) => c.startsWith('find'))).toHaveLength(1);
  });
});
