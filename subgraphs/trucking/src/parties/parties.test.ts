import { afterAll, beforeAll, describe, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, DALLAS_STOP, Fixtures, HOUSTON_STOP, sameTenantAs, startHarness, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-parties');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id name kinds email phone paymentTermsDays notes retiredAt retirementReason createdBy { id }
  defaults { commodity weightLbs rateCents }
  locations { id name address { line1 city state postalCode } location { latitude longitude } contacts { name role phone email } notes }`;
const CREATE = `mutation ($input: CreatePartyInput!) { createParty(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdatePartyInput!) { updateParty(id: $id, input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!, $reason: String) { retireParty(id: $id, reason: $reason) { ${FIELDS} } }`;
const REINSTATE = `mutation ($id: ID!) { reinstateParty(id: $id) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { party(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: PartyFilter, $first: Int, $after: String) { parties(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id name kinds } } } }`;
const FROM_PARTY = `mutation ($input: CreateLoadFromPartyInput!) { createLoadFromParty(input: $input) {
  id status customerReference commodity weightLbs rateCents billTo { id name }
  stops { type name address { line1 city } location { latitude longitude } party { id name } partyLocationId } } }`;
const SET_BILL_TO = `mutation ($id: ID!, $billToId: ID) { setLoadBillTo(id: $id, billToId: $billToId) { id billTo { id } } }`;

interface PartyView {
  id: string;
  name: string;
  kinds: string[];
  retiredAt: string | null;
  locations: { id: string; name: string; contacts: unknown[] }[];
  [field: string]: unknown;
}

const location = (stop: typeof DALLAS_STOP, name: string) => ({
  name,
  address: stop.address,
  location: stop.location,
  contacts: [{ name: 'Dock office', role: 'dock', phone: '+1 214 555 0100', email: 'dock@example.com' }],
});

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme Foods',
  kinds: ['shipper', 'broker'],
  email: 'ap@acme.example',
  phone: '+1 214 555 0199',
  paymentTermsDays: 15,
  defaults: { commodity: 'Frozen food', weightLbs: 38_000, rateCents: 185_000 },
  locations: [location(DALLAS_STOP, 'Dallas DC')],
  ...overrides,
});

async function party(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<PartyView> {
  return (await fx.ok<{ createParty: PartyView }>(tenant, CREATE, { input: input(overrides) })).createParty;
}

const T = (hours: number) => new Date(Date.parse('2025-06-16T14:00:00Z') + hours * 3_600_000).toISOString();

describe.concurrent('parties', () => {
  it('creates a party with locations and contacts, reads it, corrects it with an audited diff', async ({ expect }) => {
    const tenant = truckingTenant();
    const created = await party(tenant);
    expect(created).toMatchObject({
      name: 'Acme Foods',
      kinds: ['shipper', 'broker'],
      paymentTermsDays: 15,
      defaults: { commodity: 'Frozen food', weightLbs: 38_000, rateCents: 185_000 },
      retiredAt: null,
      createdBy: { id: tenant.userId },
      locations: [{ name: 'Dallas DC', address: { city: 'Dallas', state: 'TX' }, contacts: [{ name: 'Dock office', role: 'dock' }] }],
    });
    expect((await h.run(tenant, GET, { id: created.id })).data).toEqual({ party: created });

    const dallas = created.locations[0]!;
    const updated = await h.run<{ updateParty: PartyView }>(tenant, UPDATE, {
      id: created.id,
      input: {
        name: 'Acme Foods Inc',
        kinds: ['receiver', 'shipper'],
        locations: [{ ...location(DALLAS_STOP, 'Dallas DC (north)'), id: dallas.id }, location(HOUSTON_STOP, 'Houston port')],
      },
    });
    expect(updated.errors).toBeUndefined();
    // Kinds in their canonical order; a listed location keeps its id, a new one gets one.
    expect(updated.data!.updateParty).toMatchObject({ name: 'Acme Foods Inc', kinds: ['shipper', 'receiver'], email: 'ap@acme.example' });
    expect(updated.data!.updateParty.locations.map((l) => [l.id === dallas.id, l.name])).toEqual([
      [true, 'Dallas DC (north)'],
      [false, 'Houston port'],
    ]);
    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    expect(events.at(-1)).toMatchObject({
      operation: 'updateParty',
      targetType: 'Party',
      targetId: created.id,
      diff: { name: { from: 'Acme Foods', to: 'Acme Foods Inc' } },
    });
    expect(JSON.stringify(events.at(-1))).not.toContain('searchTokens');
  });

  it('refuses bad input: no kind, a bad email, a foreign location id, an empty update', async ({ expect }) => {
    const tenant = truckingTenant();
    expect(codes(await h.run(tenant, CREATE, { input: input({ kinds: [] }) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, CREATE, { input: input({ email: 'not-an-email' }) }))).toEqual(['BAD_USER_INPUT']);
    const created = await party(tenant);
    const other = await party(tenant, { name: 'Other' });
    const foreign = { ...location(HOUSTON_STOP, 'X'), id: other.locations[0]!.id };
    expect(codes(await h.run(tenant, UPDATE, { id: created.id, input: { locations: [foreign] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, UPDATE, { id: created.id, input: {} }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists with cursor pagination, searches by the beginning of name words, filters by kind, hides the retired', async ({ expect }) => {
    const tenant = truckingTenant();
    const acme = await party(tenant, { name: 'Acme Foods' });
    const blue = await party(tenant, { name: 'Blue Ridge Brokerage', kinds: ['broker'] });
    const cold = await party(tenant, { name: 'Côte Cold Storage', kinds: ['receiver'] });
    const page1 = await fx.ok<{ parties: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: PartyView }[] } }>(tenant, LIST, {
      first: 2,
    });
    expect(page1.parties.totalCount).toBe(3);
    expect(page1.parties.edges.map((e) => e.node.id)).toEqual([cold.id, blue.id]);
    expect(page1.parties.pageInfo.hasNextPage).toBe(true);
    const page2 = await fx.ok<{ parties: { edges: { node: PartyView }[] } }>(tenant, LIST, { first: 2, after: page1.parties.pageInfo.endCursor });
    expect(page2.parties.edges.map((e) => e.node.id)).toEqual([acme.id]);

    const names = async (filter: Record<string, unknown>) =>
      (await fx.ok<{ parties: { edges: { node: PartyView }[] } }>(tenant, LIST, { filter })).parties.edges.map((e) => e.node.name);
    expect(await names({ search: 'rid' })).toEqual(['Blue Ridge Brokerage']);
    expect(await names({ search: 'cote col' })).toEqual(['Côte Cold Storage']);
    expect(await names({ search: 'oods' })).toEqual([]);
    expect(codes(await h.run(tenant, LIST, { filter: { search: '.*' } }))).toEqual(['BAD_USER_INPUT']);
    expect(await names({ kind: 'broker' })).toEqual(['Blue Ridge Brokerage', 'Acme Foods']);
    expect(codes(await h.run(tenant, LIST, { filter: { search: 'a' } }))).toEqual(['BAD_USER_INPUT']);

    await fx.ok(tenant, RETIRE, { id: blue.id });
    expect(await names({ kind: 'broker' })).toEqual(['Acme Foods']);
    expect(await names({ kind: 'broker', includeRetired: true })).toEqual(['Blue Ridge Brokerage', 'Acme Foods']);
  });

  it('retires with a reason (kept for history, refused as a new reference) and reinstates', async ({ expect }) => {
    const tenant = truckingTenant();
    const created = await party(tenant);
    h.clock(tenant).set(new Date('2025-07-01T12:00:00Z'));
    const retired = (await fx.ok<{ retireParty: PartyView }>(tenant, RETIRE, { id: created.id, reason: 'Went out of business' })).retireParty;
    expect(retired).toMatchObject({ retiredAt: '2025-07-01T12:00:00.000Z', retirementReason: 'Went out of business' });
    expect(codes(await h.run(tenant, RETIRE, { id: created.id }))).toEqual(['CONFLICT']);
    expect((await fx.ok<{ party: PartyView }>(tenant, GET, { id: created.id })).party.retiredAt).toBe(retired.retiredAt);

    const load = await fx.load(tenant);
    const refused = await h.run(tenant, SET_BILL_TO, { id: load.id, billToId: created.id });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('retired');

    const back = (await fx.ok<{ reinstateParty: PartyView }>(tenant, REINSTATE, { id: created.id })).reinstateParty;
    expect(back).toMatchObject({ retiredAt: null, retirementReason: null });
    expect((await fx.ok<{ setLoadBillTo: { billTo: { id: string } } }>(tenant, SET_BILL_TO, { id: load.id, billToId: created.id })).setLoadBillTo.billTo).toEqual({
      id: created.id,
    });
  });

  it("creates a load from a party's defaults, its stops at parties' locations", async ({ expect }) => {
    const tenant = truckingTenant();
    const shipper = await party(tenant);
    const receiver = await party(tenant, { name: 'Port Cold Storage', kinds: ['receiver'], defaults: null, locations: [location(HOUSTON_STOP, 'Clinton Dr')] });
    const data = await fx.ok<{ createLoadFromParty: Record<string, unknown> }>(tenant, FROM_PARTY, {
      input: {
        billToId: shipper.id,
        referenceNumber: 'L-PARTY-1',
        tender: true,
        stops: [
          { type: 'pickup', partyId: shipper.id, locationId: shipper.locations[0]!.id, window: { start: T(0), end: T(4) } },
          { type: 'delivery', partyId: receiver.id, locationId: receiver.locations[0]!.id, window: { start: T(6), end: T(10) } },
        ],
      },
    });
    expect(data.createLoadFromParty).toMatchObject({
      status: 'tendered',
      customerReference: 'Acme Foods',
      commodity: 'Frozen food',
      weightLbs: 38_000,
      rateCents: 185_000,
      billTo: { id: shipper.id, name: 'Acme Foods' },
      stops: [
        {
          type: 'pickup',
          name: 'Acme Foods — Dallas DC',
          address: { line1: DALLAS_STOP.address.line1, city: 'Dallas' },
          location: DALLAS_STOP.location,
          party: { id: shipper.id },
          partyLocationId: shipper.locations[0]!.id,
        },
        { type: 'delivery', address: { city: 'Houston' }, party: { id: receiver.id }, partyLocationId: receiver.locations[0]!.id },
      ],
    });

    // The receiver has no default rate: the load must say one; a location of another party is refused.
    const stops = [
      { type: 'pickup', partyId: shipper.id, locationId: receiver.locations[0]!.id, window: { start: T(0), end: T(4) } },
      { type: 'delivery', partyId: receiver.id, locationId: receiver.locations[0]!.id, window: { start: T(6), end: T(10) } },
    ];
    expect(codes(await h.run(tenant, FROM_PARTY, { input: { billToId: shipper.id, referenceNumber: 'L-PARTY-2', stops } }))).toEqual(['BAD_USER_INPUT']);
    stops[0]!.locationId = shipper.locations[0]!.id;
    expect(codes(await h.run(tenant, FROM_PARTY, { input: { billToId: receiver.id, referenceNumber: 'L-PARTY-3', stops } }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await h.run(tenant, FROM_PARTY, { input: { billToId: receiver.id, referenceNumber: 'L-PARTY-3', rateCents: 90_000, weightLbs: 1_000, stops } })),
    ).toBeUndefined();
  });

  it('a stop edited in place keeps its party; moved elsewhere, it no longer names it', async ({ expect }) => {
    const tenant = truckingTenant();
    const shipper = await party(tenant, { locations: [location(DALLAS_STOP, 'Dallas DC'), location(HOUSTON_STOP, 'Houston port')] });
    const [dallas, houston] = shipper.locations;
    const created = await fx.ok<{ createLoadFromParty: { id: string; stops: { id: string; type: string; window: { start: string; end: string } }[] } }>(
      tenant,
      FROM_PARTY.replace('partyLocationId }', 'partyLocationId id window { start end } }'),
      {
        input: {
          billToId: shipper.id,
          referenceNumber: 'L-EDIT-1',
          stops: [
            { type: 'pickup', partyId: shipper.id, locationId: dallas!.id, window: { start: T(0), end: T(4) } },
            { type: 'delivery', partyId: shipper.id, locationId: houston!.id, window: { start: T(6), end: T(10) } },
          ],
        },
      },
    );
    const [pickup, delivery] = created.createLoadFromParty.stops;
    const stops = [
      { id: pickup!.id, type: 'pickup', name: 'Dallas', address: DALLAS_STOP.address, location: DALLAS_STOP.location, window: { start: T(1), end: T(5) } },
      {
        id: delivery!.id,
        type: 'delivery',
        address: { ...HOUSTON_STOP.address, line1: '1 Other St' },
        location: { latitude: 29.75, longitude: -95.3 },
        window: delivery!.window,
      },
    ];
    const edited = await fx.ok<{ updateLoad: { stops: { party: { id: string } | null; partyLocationId: string | null }[] } }>(
      tenant,
      `mutation ($id: ID!, $input: UpdateLoadInput!) { updateLoad(id: $id, input: $input) { stops { party { id } partyLocationId } } }`,
      { id: created.createLoadFromParty.id, input: { stops } },
    );
    expect(edited.updateLoad.stops).toEqual([
      { party: { id: shipper.id }, partyLocationId: dallas!.id },
      { party: null, partyLocationId: null },
    ]);
  });

  it('sets and clears a load’s bill-to until the load is invoiced', async ({ expect }) => {
    const tenant = truckingTenant();
    const billTo = await party(tenant);
    const { load } = await fx.loadIn(tenant, 'delivered');
    expect((await fx.ok<{ setLoadBillTo: { billTo: unknown } }>(tenant, SET_BILL_TO, { id: load.id, billToId: billTo.id })).setLoadBillTo.billTo).toEqual({
      id: billTo.id,
    });
    expect((await fx.ok<{ setLoadBillTo: { billTo: unknown } }>(tenant, SET_BILL_TO, { id: load.id, billToId: null })).setLoadBillTo.billTo).toBeNull();
    await fx.status(tenant, load.id, 'invoiced');
    const refused = await h.run(tenant, SET_BILL_TO, { id: load.id, billToId: billTo.id });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'FIELD_LOCKED', field: 'billTo' });
  });

  it("another tenant's party is NOT_FOUND on every path, and never a bill-to or stop of this tenant's loads", async ({ expect }) => {
    const [mine, theirs] = [truckingTenant(), truckingTenant()];
    const foreign = await party(theirs);
    const load = await fx.load(mine);
    for (const [query, variables] of [
      [GET, { id: foreign.id }],
      [UPDATE, { id: foreign.id, input: { name: 'Mine now' } }],
      [RETIRE, { id: foreign.id }],
      [REINSTATE, { id: foreign.id }],
      [SET_BILL_TO, { id: load.id, billToId: foreign.id }],
      [
        FROM_PARTY,
        {
          input: {
            billToId: foreign.id,
            referenceNumber: 'L-X',
            stops: [
              { type: 'pickup', partyId: foreign.id, locationId: foreign.locations[0]!.id, window: { start: T(0), end: T(4) } },
              { type: 'delivery', partyId: foreign.id, locationId: foreign.locations[0]!.id, window: { start: T(6), end: T(10) } },
            ],
          },
        },
      ],
    ] as const) {
      expect(codes(await h.run(mine, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect((await fx.ok<{ parties: { totalCount: number } }>(mine, LIST)).parties.totalCount).toBe(0);
    // Unchanged for its owner.
    expect((await fx.ok<{ party: PartyView }>(theirs, GET, { id: foreign.id })).party).toEqual(foreign);
  });

  it('every role: owner, admin and dispatcher write; viewer and driver read only; a service tenant has no parties', async ({ expect }) => {
    const tenant = truckingTenant();
    const existing = await party(tenant);
    for (const role of ['owner', 'admin', 'dispatcher']) {
      const user = sameTenantAs(tenant, [role]);
      expect(codes(await h.run(user, CREATE, { input: input({ name: `By ${role}` }) }))).toBeUndefined();
      expect(codes(await h.run(user, UPDATE, { id: existing.id, input: { notes: role } }))).toBeUndefined();
    }
    for (const role of ['viewer', 'driver']) {
      const user = sameTenantAs(tenant, [role]);
      expect(codes(await h.run(user, LIST))).toBeUndefined();
      expect(codes(await h.run(user, CREATE, { input: input() }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(user, UPDATE, { id: existing.id, input: { notes: 'x' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(user, RETIRE, { id: existing.id }))).toEqual(['FORBIDDEN']);
    }
    const service = truckingTenant({ appType: 'serviceRepair' });
    expect(codes(await h.run(service, LIST))).toEqual(['FEATURE_DISABLED']);
  });
});

describe('the lists of parties', () => {
  it('a page of parties, and of loads with their bill-to and stop parties, costs the same database commands for 3 as for 12', async ({ expect }) => {
    const cost = async (n: number) => {
      const tenant = truckingTenant();
      const parties = await Promise.all(Array.from({ length: n }, (_, i) => party(tenant, { name: `Party ${i}` })));
      for (const [i, p] of parties.entries()) {
        await fx.ok(tenant, FROM_PARTY, {
          input: {
            billToId: p.id,
            referenceNumber: `L-${i}`,
            stops: [
              { type: 'pickup', partyId: p.id, locationId: p.locations[0]!.id, window: { start: T(0), end: T(4) } },
              { type: 'delivery', partyId: parties[(i + 1) % n]!.id, locationId: parties[(i + 1) % n]!.locations[0]!.id, window: { start: T(6), end: T(10) } },
            ],
          },
        });
      }
      const counter = await h.commands(async () => {
        const list = await h.run<{ parties: { totalCount: number } }>(
          tenant,
          `{ parties(first: 50) { totalCount edges { node { id name locations { id contacts { name } } createdBy { id } } } } }`,
        );
        expect(list.data?.parties.totalCount).toBe(n);
        const loads = await h.run(tenant, `{ loads(first: 50) { edges { node { id billTo { id name } stops { party { id name } } } } } }`);
        expect(loads.errors).toBeUndefined();
      });
      // The reads of the page (the audit trail of the set-up flushes on its own time).
      return counter.commands
        .filter((c) => !c.collection.startsWith('audit'))
        .map((c) => `${c.name} ${c.collection}`)
        .sort();
    };
    const [small, large] = [await cost(3), await cost(12)];
    expect(large).toEqual(small);
    expect(small.filter((c) => c === 'find parties')).toHaveLength(2);
  });
});
