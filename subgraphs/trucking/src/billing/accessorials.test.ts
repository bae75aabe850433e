import { afterAll, beforeAll, describe, it } from 'vitest';
import { codes, Fixtures, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-accessorials');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id rateCents totalCents currency accessorials { id kind description amountCents addedAt addedBy { id } }';
const ADD = `mutation ($loadId: ID!, $input: AddAccessorialInput!) { addAccessorial(loadId: $loadId, input: $input) { ${FIELDS} } }`;
const REMOVE = `mutation ($loadId: ID!, $id: ID!) { removeAccessorial(loadId: $loadId, accessorialId: $id) { ${FIELDS} } }`;

interface LoadCharges {
  id: string;
  rateCents: number;
  totalCents: number;
  currency: string;
  accessorials: { id: string; kind: string; amountCents: number }[];
}

describe.concurrent('accessorials', () => {
  it('adds detention, lumper and fuel surcharge to a load, totals them with the rate, removes one', async ({ expect }) => {
    const tenant = truckingTenant({ settings: { 'units.currency': 'CAD' } });
    const { load } = await fx.loadIn(tenant, 'in_transit');
    h.clock(tenant).set(new Date('2025-06-17T09:00:00Z'));
    let charged: LoadCharges | undefined;
    for (const input of [
      { kind: 'detention', description: '3 h at the receiver', amountCents: 22_500 },
      { kind: 'lumper', amountCents: 15_000 },
      { kind: 'fuel_surcharge', amountCents: 9_870 },
    ]) {
      charged = (await fx.ok<{ addAccessorial: LoadCharges }>(tenant, ADD, { loadId: load.id, input })).addAccessorial;
    }
    expect(charged).toMatchObject({
      rateCents: 150_000,
      totalCents: 150_000 + 22_500 + 15_000 + 9_870,
      currency: 'CAD',
      accessorials: [
        { kind: 'detention', description: '3 h at the receiver', amountCents: 22_500, addedAt: '2025-06-17T09:00:00.000Z', addedBy: { id: tenant.userId } },
        { kind: 'lumper', description: null, amountCents: 15_000 },
        { kind: 'fuel_surcharge', amountCents: 9_870 },
      ],
    });
    const removed = (await fx.ok<{ removeAccessorial: LoadCharges }>(tenant, REMOVE, { loadId: load.id, id: charged!.accessorials[1]!.id })).removeAccessorial;
    expect(removed.accessorials.map((a) => a.kind)).toEqual(['detention', 'fuel_surcharge']);
    expect(removed.totalCents).toBe(150_000 + 22_500 + 9_870);
    expect(codes(await h.run(tenant, REMOVE, { loadId: load.id, id: charged!.accessorials[1]!.id }))).toEqual(['NOT_FOUND']);
  });

  it('refuses a zero or fractional amount, an other charge without a description, and charges on a cancelled or invoiced load', async ({ expect }) => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    expect(codes(await h.run(tenant, ADD, { loadId: load.id, input: { kind: 'lumper', amountCents: 0 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, ADD, { loadId: load.id, input: { kind: 'lumper', amountCents: 10.5 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, ADD, { loadId: load.id, input: { kind: 'other', amountCents: 100 } }))).toEqual(['BAD_USER_INPUT']);
    const { load: cancelled } = await fx.loadIn(tenant, 'cancelled');
    const refused = await h.run(tenant, ADD, { loadId: cancelled.id, input: { kind: 'lumper', amountCents: 100 } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LOAD_CANCELLED' });
  });

  it("another tenant's load is NOT_FOUND; viewers and drivers cannot change charges", async ({ expect }) => {
    const [mine, theirs] = [truckingTenant(), truckingTenant()];
    const foreign = await fx.load(theirs);
    const added = (await fx.ok<{ addAccessorial: LoadCharges }>(theirs, ADD, { loadId: foreign.id, input: { kind: 'lumper', amountCents: 5_000 } })).addAccessorial;
    expect(codes(await h.run(mine, ADD, { loadId: foreign.id, input: { kind: 'lumper', amountCents: 100 } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(mine, REMOVE, { loadId: foreign.id, id: added.accessorials[0]!.id }))).toEqual(['NOT_FOUND']);

    const load = await fx.load(mine);
    for (const role of ['viewer', 'driver']) {
      expect(codes(await h.run(sameTenantAs(mine, [role]), ADD, { loadId: load.id, input: { kind: 'lumper', amountCents: 100 } }))).toEqual(['FORBIDDEN']);
    }
    for (const role of ['owner', 'admin', 'dispatcher']) {
      expect(codes(await h.run(sameTenantAs(mine, [role]), ADD, { loadId: load.id, input: { kind: 'lumper', amountCents: 100 } }))).toBeUndefined();
    }
  });
});
