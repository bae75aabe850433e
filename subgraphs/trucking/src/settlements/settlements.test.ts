import { afterAll, beforeAll, describe, it } from 'vitest';
import { Deadline, type TenantContext } from '@attunelogic/shared';
import { codes, DALLAS_STOP, Fixtures, HOUSTON_STOP, sameTenantAs, startHarness, storedLoad, truckingTenant, type TruckingHarness } from '../testing';
import { loadDistance, payOf } from './settlements.service';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-settlements');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id number status driver { id } periodStart periodEnd payBasis ratePerMileCents ratePerLoadCents lineHaulShareBasisPoints distanceUnit
  currency totalCents totalFormatted approvedAt approvedBy { id } paidAt paymentReference voidReason createdBy { id }
  lines { referenceNumber deliveredAt distance lineHaulCents amountCents load { id } }`;
const CREATE = `mutation ($input: CreateDriverSettlementInput!) { createDriverSettlement(input: $input) { ${FIELDS} } }`;
const APPROVE = `mutation ($id: ID!) { approveDriverSettlement(id: $id) { ${FIELDS} } }`;
const PAID = `mutation ($id: ID!, $ref: String) { markDriverSettlementPaid(id: $id, reference: $ref) { ${FIELDS} } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidDriverSettlement(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { driverSettlement(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: DriverSettlementFilter) { driverSettlements(filter: $filter) { totalCount edges { node { id number driver { id } } } } }`;

interface SettlementView {
  id: string;
  number: number;
  status: string;
  totalCents: number;
  lines: { referenceNumber: string; distance: number; amountCents: number; load: { id: string } }[];
  [field: string]: unknown;
}

// Dallas → Houston: the stops' great-circle length in miles.
const MILES = loadDistance({ stops: [DALLAS_STOP, HOUSTON_STOP].map((s) => ({ latitude: s.location.latitude, longitude: s.location.longitude })) } as never, 'mi');

/** A load of `driver` delivered at `at` (the tenant's clock moved there). */
async function deliveredBy(tenant: TenantContext, driver: { id: string; vehicle: string }, at: string, rateCents = 150_000): Promise<string> {
  h.clock(tenant).set(new Date(at));
  const load = await fx.load(tenant, { rateCents });
  const assigned = await fx.assign(tenant, load.id, driver.id, driver.vehicle);
  if (assigned.errors) throw new Error(JSON.stringify(assigned.errors));
  for (const status of ['in_transit', 'delivered']) {
    const moved = await fx.status(tenant, load.id, status);
    if (moved.errors) throw new Error(JSON.stringify(moved.errors));
  }
  return load.id;
}

async function driverWithTruck(tenant: TenantContext): Promise<{ id: string; userId: string; vehicle: string }> {
  const [driver, vehicle] = await Promise.all([fx.driver(tenant), fx.vehicle(tenant)]);
  return { ...driver, vehicle: vehicle.id };
}

const settle = (tenant: TenantContext, driverId: string, periodStart = '2025-06-01', periodEnd = '2025-06-16') =>
  h.run<{ createDriverSettlement: SettlementView }>(tenant, CREATE, { input: { driverId, periodStart, periodEnd } });

describe('the pay of a load', () => {
  it('per mile rounds half up to the cent; per load is flat; a share of the line haul in basis points', ({ expect }) => {
    const base = { ratePerMileCents: 62, ratePerLoadCents: 30_000, lineHaulShareBasisPoints: 2_750 };
    expect(payOf({ ...base, payBasis: 'per_mile' }, { distance: 225.45, lineHaulCents: 0 })).toBe(13_978);
    expect(payOf({ ...base, payBasis: 'per_load' }, { distance: 225.45, lineHaulCents: 150_000 })).toBe(30_000);
    expect(payOf({ ...base, payBasis: 'percent_of_line_haul' }, { distance: 0, lineHaulCents: 150_001 })).toBe(41_250);
  });
});

describe.concurrent('driver settlements', () => {
  it("settles the driver's deliveries in the period by the tenant's pay basis: only theirs, only in the period, each once", async ({ expect }) => {
    const tenant = truckingTenant({ settings: { 'settlement.payBasis': 'per_mile', 'settlement.ratePerMileCents': 62 } });
    const [driver, other] = [await driverWithTruck(tenant), await driverWithTruck(tenant)];
    const a = await deliveredBy(tenant, driver, '2025-06-03T12:00:00Z');
    const b = await deliveredBy(tenant, driver, '2025-06-15T23:00:00Z');
    await deliveredBy(tenant, driver, '2025-06-16T00:30:00Z'); // the next period
    await deliveredBy(tenant, other, '2025-06-05T12:00:00Z'); // another driver
    const created = await settle(tenant, driver.id);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createDriverSettlement).toMatchObject({
      number: 1,
      status: 'draft',
      driver: { id: driver.id },
      periodStart: '2025-06-01',
      periodEnd: '2025-06-16',
      payBasis: 'per_mile',
      ratePerMileCents: 62,
      distanceUnit: 'mi',
      currency: 'USD',
      createdBy: { id: tenant.userId },
    });
    const lines = created.data!.createDriverSettlement.lines;
    expect(lines.map((l) => l.load.id)).toEqual([a, b]);
    expect(lines[0]).toMatchObject({ distance: MILES, lineHaulCents: 150_000, deliveredAt: '2025-06-03T12:00:00.000Z' });
    expect(lines[0]!.amountCents).toBe(Math.round(MILES * 62));
    expect(MILES).toBeGreaterThan(200);
    expect(created.data!.createDriverSettlement.totalCents).toBe(2 * lines[0]!.amountCents);
    expect((await storedLoad(h, tenant, a))?.settlementId?.toHexString()).toBe(created.data!.createDriverSettlement.id);

    // Each load once: the same period again has nothing left.
    expect((await settle(tenant, driver.id)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOTHING_TO_SETTLE' });
  });

  it('the configuration decides the pay: per load, a share of the line haul', async ({ expect }) => {
    for (const [settings, expected] of [
      [{ 'settlement.payBasis': 'per_load', 'settlement.ratePerLoadCents': 27_500 }, 27_500],
      [{ 'settlement.payBasis': 'percent_of_line_haul', 'settlement.lineHaulShareBasisPoints': 2_800 }, 56_000],
    ] as const) {
      const tenant = truckingTenant({ settings });
      const driver = await driverWithTruck(tenant);
      await deliveredBy(tenant, driver, '2025-06-03T12:00:00Z', 200_000);
      const created = await settle(tenant, driver.id);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createDriverSettlement).toMatchObject({ payBasis: settings['settlement.payBasis'], totalCents: expected });
    }
  });

  it('refuses a malformed or out-of-order period with BAD_USER_INPUT, never an internal error', async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await fx.driver(tenant);
    for (const [start, end] of [
      ['2025-06-01', 'June 16'],
      ['not a date', '2025-06-16'],
      ['2025-06-16', '2025-06-01'],
      ['2025-06-01', '2025-08-01'],
    ]) {
      expect(codes(await settle(tenant, driver.id, start, end))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('approves, records paid with a reference; voids an unpaid one, whose loads may be settled again', async ({ expect }) => {
    const tenant = truckingTenant();
    const driver = await driverWithTruck(tenant);
    await deliveredBy(tenant, driver, '2025-06-03T12:00:00Z');
    const first = (await settle(tenant, driver.id)).data!.createDriverSettlement;
    expect(codes(await h.run(tenant, PAID, { id: first.id }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, VOID, { id: first.id, reason: '' }))).toEqual(['BAD_USER_INPUT']);
    const voided = (await fx.ok<{ voidDriverSettlement: SettlementView }>(tenant, VOID, { id: first.id, reason: 'Wrong period' })).voidDriverSettlement;
    expect(voided).toMatchObject({ status: 'void', voidReason: 'Wrong period' });

    const second = (await settle(tenant, driver.id)).data!.createDriverSettlement;
    expect(second.number).toBe(2);
    h.clock(tenant).set(new Date('2025-06-20T09:00:00Z'));
    const approved = (await fx.ok<{ approveDriverSettlement: SettlementView }>(tenant, APPROVE, { id: second.id })).approveDriverSettlement;
    expect(approved).toMatchObject({ status: 'approved', approvedAt: '2025-06-20T09:00:00.000Z', approvedBy: { id: tenant.userId } });
    expect(codes(await h.run(tenant, APPROVE, { id: second.id }))).toEqual(['CONFLICT']);
    const paid = (await fx.ok<{ markDriverSettlementPaid: SettlementView }>(tenant, PAID, { id: second.id, ref: 'ACH 5521' })).markDriverSettlementPaid;
    expect(paid).toMatchObject({ status: 'paid', paidAt: '2025-06-20T09:00:00.000Z', paymentReference: 'ACH 5521' });
    expect(codes(await h.run(tenant, VOID, { id: second.id, reason: 'late' }))).toEqual(['CONFLICT']);
  });

  it('a period the request’s time left cannot cover is refused before anything is written; a deadline passing while the loads are taken lets go of them', async ({
    expect,
  }) => {
    const tenant = truckingTenant();
    const driver = await driverWithTruck(tenant);
    const loadIds = [await deliveredBy(tenant, driver, '2025-06-03T12:00:00Z'), await deliveredBy(tenant, driver, '2025-06-04T12:00:00Z')];
    const input = { driverId: driver.id, periodStart: '2025-06-01', periodEnd: '2025-06-16' };
    const untouched = async () => {
      for (const id of loadIds) expect(await storedLoad(h, tenant, id)).toMatchObject({ settlementId: null });
      expect((await fx.ok<{ driverSettlements: { totalCount: number } }>(tenant, LIST)).driverSettlements.totalCount).toBe(0);
    };
    const upFront = await h.runBefore(new Deadline(20, () => 0), tenant, CREATE, { input });
    expect(codes(upFront)).toEqual(['DEADLINE_EXCEEDED']);
    expect(upFront.errors?.[0]?.message).toMatch(/Settling 2 loads needs about 32 ms and the request has 20 ms left; nothing was written/);
    await untouched();
    // Read once for the estimate and once before each load: the deadline passes once the first is taken.
    let reads = 0;
    expect(codes(await h.runBefore(new Deadline(60_000, () => (++reads <= 2 ? 0 : 60_000)), tenant, CREATE, { input }))).toEqual(['DEADLINE_EXCEEDED']);
    expect(reads).toBe(3);
    await untouched();
    expect((await settle(tenant, driver.id)).data?.createDriverSettlement).toMatchObject({
      number: 1,
      lines: [{ load: { id: loadIds[0] } }, { load: { id: loadIds[1] } }],
    });
  });

  it("another tenant's settlement and driver are NOT_FOUND; a driver reads only their own settlements; viewers read, do not write", async ({ expect }) => {
    const [mine, theirs] = [truckingTenant(), truckingTenant()];
    const foreignDriver = await driverWithTruck(theirs);
    await deliveredBy(theirs, foreignDriver, '2025-06-03T12:00:00Z');
    const foreign = (await settle(theirs, foreignDriver.id)).data!.createDriverSettlement;
    for (const [query, variables] of [
      [GET, { id: foreign.id }],
      [APPROVE, { id: foreign.id }],
      [PAID, { id: foreign.id }],
      [VOID, { id: foreign.id, reason: 'x' }],
      [CREATE, { input: { driverId: foreignDriver.id, periodStart: '2025-06-01', periodEnd: '2025-06-16' } }],
    ] as const) {
      expect(codes(await h.run(mine, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect((await fx.ok<{ driverSettlement: SettlementView }>(theirs, GET, { id: foreign.id })).driverSettlement.status).toBe('draft');

    const [d1, d2] = [await driverWithTruck(mine), await driverWithTruck(mine)];
    await deliveredBy(mine, d1, '2025-06-03T12:00:00Z');
    await deliveredBy(mine, d2, '2025-06-04T12:00:00Z');
    const s1 = (await settle(mine, d1.id)).data!.createDriverSettlement;
    const s2 = (await settle(mine, d2.id)).data!.createDriverSettlement;
    const asD1 = sameTenantAs(mine, ['driver'], d1.userId);
    const listed = await fx.ok<{ driverSettlements: { edges: { node: { id: string } }[] } }>(asD1, LIST);
    expect(listed.driverSettlements.edges.map((e) => e.node.id)).toEqual([s1.id]);
    expect(codes(await h.run(asD1, GET, { id: s2.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(asD1, APPROVE, { id: s1.id }))).toEqual(['FORBIDDEN']);
    const viewer = sameTenantAs(mine, ['viewer']);
    expect((await fx.ok<{ driverSettlements: { totalCount: number } }>(viewer, LIST)).driverSettlements.totalCount).toBe(2);
    expect(codes(await h.run(viewer, APPROVE, { id: s1.id }))).toEqual(['FORBIDDEN']);
    for (const role of ['owner', 'admin', 'dispatcher']) expect(codes(await h.run(sameTenantAs(mine, [role]), GET, { id: s1.id }))).toBeUndefined();
    expect(codes(await h.run(sameTenantAs(mine, ['dispatcher']), APPROVE, { id: s1.id }))).toBeUndefined();
  });
});

describe('the list of driver settlements', () => {
  it('a page of settlements with their drivers and lines costs the same database commands for 2 as for 6', async ({ expect }) => {
    const cost = async (n: number) => {
      const tenant = truckingTenant();
      for (let i = 0; i < n; i++) {
        const driver = await driverWithTruck(tenant);
        await deliveredBy(tenant, driver, '2025-06-03T12:00:00Z');
        expect((await settle(tenant, driver.id)).errors).toBeUndefined();
      }
      const counter = await h.commands(async () => {
        const result = await h.run<{ driverSettlements: { totalCount: number } }>(
          tenant,
          `{ driverSettlements(first: 50) { totalCount edges { node { id driver { id licenseNumber } lines { load { referenceNumber } } } } } }`,
        );
        expect(result.data?.driverSettlements.totalCount).toBe(n);
      });
      return counter.commands
        .filter((c) => !c.collection.startsWith('audit'))
        .map((c) => `${c.name} ${c.collection}`)
        .sort();
    };
    const [small, large] = [await cost(2), await cost(6)];
    expect(large).toEqual(small);
  });
});
