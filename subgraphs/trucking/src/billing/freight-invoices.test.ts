import { afterAll, beforeAll, describe, it } from 'vitest';
import { Deadline, type TenantContext } from '@attunelogic/shared';
import { codes, Fixtures, sameTenantAs, startHarness, storedLoad, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-freight-invoices');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id number status billTo { id name } billToName currency totalCents paidCents balanceCents totalFormatted balanceFormatted
  paymentTermsDays sentAt dueAt paidAt voidedAt voidReason createdBy { id }
  loads { id status } lines { kind description amountCents load { id } } payments { amountCents method reference receivedAt recordedBy { id } }`;
const CREATE = `mutation ($loadIds: [ID!]!) { createFreightInvoice(loadIds: $loadIds) { ${FIELDS} } }`;
const SEND = `mutation ($id: ID!) { sendFreightInvoice(id: $id) { ${FIELDS} } }`;
const PAY = `mutation ($id: ID!, $input: RecordFreightPaymentInput!) { recordFreightPayment(id: $id, input: $input) { ${FIELDS} } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidFreightInvoice(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { freightInvoice(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: FreightInvoiceFilter) { freightInvoices(filter: $filter) { totalCount edges { node { id number status } } } }`;
const ADD = `mutation ($loadId: ID!, $input: AddAccessorialInput!) { addAccessorial(loadId: $loadId, input: $input) { id } }`;
const LOAD = `query ($id: ID!) { load(id: $id) { id status invoice { id number } } }`;

interface InvoiceView {
  id: string;
  number: number;
  status: string;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  lines: { kind: string; amountCents: number; load: { id: string } }[];
  loads: { id: string; status: string }[];
  [field: string]: unknown;
}

async function billTo(tenant: TenantContext, name = 'Acme Foods', paymentTermsDays = 30): Promise<string> {
  const data = await fx.ok<{ createParty: { id: string } }>(tenant, `mutation ($input: CreatePartyInput!) { createParty(input: $input) { id } }`, {
    input: { name, kinds: ['shipper'], paymentTermsDays },
  });
  return data.createParty.id;
}

/** A delivered load billed to `party`, with `charges` added while in transit. */
async function deliveredLoad(tenant: TenantContext, party: string, charges: { kind: string; amountCents: number }[] = []): Promise<string> {
  const { load } = await fx.loadIn(tenant, 'in_transit');
  for (const input of charges) await fx.ok(tenant, ADD, { loadId: load.id, input });
  await fx.ok(tenant, `mutation ($id: ID!, $b: ID) { setLoadBillTo(id: $id, billToId: $b) { id } }`, { id: load.id, b: party });
  const delivered = await fx.status(tenant, load.id, 'delivered');
  if (delivered.errors) throw new Error(JSON.stringify(delivered.errors));
  return load.id;
}

const invoice = async (tenant: TenantContext, loadIds: string[]) =>
  (await fx.ok<{ createFreightInvoice: InvoiceView }>(tenant, CREATE, { loadIds })).createFreightInvoice;

describe.concurrent('freight invoices', () => {
  it('invoices two delivered loads of one bill-to with their accessorials; the loads move to invoiced and point at it', async ({ expect }) => {
    const tenant = truckingTenant({ settings: { 'units.currency': 'CAD' } });
    const party = await billTo(tenant, 'Acme Foods', 15);
    const a = await deliveredLoad(tenant, party, [{ kind: 'detention', amountCents: 12_500 }]);
    const b = await deliveredLoad(tenant, party);
    const created = await invoice(tenant, [a, b]);
    expect(created).toMatchObject({
      number: 1,
      status: 'draft',
      billTo: { id: party, name: 'Acme Foods' },
      billToName: 'Acme Foods',
      currency: 'CAD',
      totalCents: 150_000 + 12_500 + 150_000,
      paidCents: 0,
      balanceCents: 312_500,
      totalFormatted: 'CA$3,125.00',
      paymentTermsDays: 15,
      sentAt: null,
      createdBy: { id: tenant.userId },
      loads: [
        { id: a, status: 'invoiced' },
        { id: b, status: 'invoiced' },
      ],
    });
    expect(created.lines.map((l) => [l.kind, l.amountCents, l.load.id])).toEqual([
      ['line_haul', 150_000, a],
      ['detention', 12_500, a],
      ['line_haul', 150_000, b],
    ]);
    expect((await fx.ok<{ load: { status: string; invoice: { id: string } } }>(tenant, LOAD, { id: a })).load).toMatchObject({
      status: 'invoiced',
      invoice: { id: created.id },
    });
    expect((await storedLoad(h, tenant, a))?.statusHistory.at(-1)?.status).toBe('invoiced');
    // Numbered per tenant.
    const c = await deliveredLoad(tenant, party);
    expect((await invoice(tenant, [c])).number).toBe(2);
    expect(codes(await h.run(tenant, CREATE, { loadIds: [] }))).toEqual(['BAD_USER_INPUT']);
  });

  it('a load is never invoiced twice, nor while not delivered, without a bill-to, or with another bill-to', async ({ expect }) => {
    const tenant = truckingTenant();
    const [acme, blue] = [await billTo(tenant, 'Acme'), await billTo(tenant, 'Blue')];
    const a = await deliveredLoad(tenant, acme);
    const reasons = async (loadIds: string[]) => (await h.run(tenant, CREATE, { loadIds })).errors?.map((e) => e.extensions?.['reason'] ?? e.extensions?.['code']);

    // Two concurrent invoices of the same load: exactly one wins.
    const results = await Promise.all([h.run(tenant, CREATE, { loadIds: [a] }), h.run(tenant, CREATE, { loadIds: [a] })]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(await reasons([a])).toEqual(['LOAD_INVOICED']);

    const inTransit = (await fx.loadIn(tenant, 'in_transit')).load.id;
    expect(await reasons([inTransit])).toEqual(['LOAD_NOT_DELIVERED']);
    const { load: unbilled } = await fx.loadIn(tenant, 'delivered');
    expect(await reasons([unbilled.id])).toEqual(['NO_BILL_TO']);
    const [x, y] = [await deliveredLoad(tenant, acme), await deliveredLoad(tenant, blue)];
    expect(await reasons([x, y])).toEqual(['MIXED_BILL_TO']);
    expect(await reasons([x, x])).toEqual(['BAD_USER_INPUT']);
    // A refused batch takes none of its loads.
    expect(await reasons([x, inTransit])).toEqual(['LOAD_NOT_DELIVERED']);
    expect(await storedLoad(h, tenant, x)).toMatchObject({ status: 'delivered', invoiceId: null });
  });

  it('a batch the request’s time left cannot cover is refused before anything is written; a deadline that passes while the loads are taken lets go of them', async ({
    expect,
  }) => {
    const tenant = truckingTenant();
    const party = await billTo(tenant);
    const loadIds = [await deliveredLoad(tenant, party), await deliveredLoad(tenant, party), await deliveredLoad(tenant, party)];
    const untouched = async () => {
      for (const id of loadIds) expect(await storedLoad(h, tenant, id)).toMatchObject({ status: 'delivered', invoiceId: null });
      expect((await fx.ok<{ freightInvoices: { totalCount: number } }>(tenant, LIST)).freightInvoices.totalCount).toBe(0);
    };

    // 5 writes (3 loads, the number, the invoice) at WRITE_BUDGET_MS each do not fit in the 30 ms left.
    const upFront = await h.runBefore(new Deadline(30, () => 0), tenant, CREATE, { loadIds });
    expect(codes(upFront)).toEqual(['DEADLINE_EXCEEDED']);
    expect(upFront.errors?.[0]?.message).toMatch(/Invoicing 3 loads needs about 40 ms and the request has 30 ms left; nothing was written/);
    await untouched();

    // Time enough up front, then the deadline passes once the first load is taken (its clock is read
    // once for the estimate and once before each load).
    let reads = 0;
    const passing = new Deadline(60_000, () => (++reads <= 2 ? 0 : 60_000));
    expect(codes(await h.runBefore(passing, tenant, CREATE, { loadIds }))).toEqual(['DEADLINE_EXCEEDED']);
    expect(reads).toBe(3);
    await untouched();
    for (const id of loadIds) expect((await storedLoad(h, tenant, id))?.statusHistory.map((entry) => entry.status).at(-1)).toBe('delivered');

    // With its time, the same batch is invoiced, numbered 1: the refusals took no number.
    expect(await invoice(tenant, loadIds)).toMatchObject({ number: 1, status: 'draft', loads: loadIds.map((id) => ({ id, status: 'invoiced' })) });
  });

  it('an invoiced load takes no accessorial changes until its invoice is voided; then it may be corrected and invoiced again', async ({ expect }) => {
    const tenant = truckingTenant();
    const party = await billTo(tenant);
    const a = await deliveredLoad(tenant, party);
    const first = await invoice(tenant, [a]);
    const refused = await h.run(tenant, ADD, { loadId: a, input: { kind: 'lumper', amountCents: 100 } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LOAD_INVOICED' });

    expect(codes(await h.run(tenant, VOID, { id: first.id, reason: '  ' }))).toEqual(['BAD_USER_INPUT']);
    h.clock(tenant).set(new Date('2025-07-01T10:00:00Z'));
    const voided = (await fx.ok<{ voidFreightInvoice: InvoiceView }>(tenant, VOID, { id: first.id, reason: 'Lumper receipt missing' })).voidFreightInvoice;
    expect(voided).toMatchObject({ status: 'void', voidedAt: '2025-07-01T10:00:00.000Z', voidReason: 'Lumper receipt missing' });
    expect(codes(await h.run(tenant, VOID, { id: first.id, reason: 'again' }))).toEqual(['CONFLICT']);
    expect((await fx.ok<{ load: { invoice: unknown } }>(tenant, LOAD, { id: a })).load.invoice).toBeNull();

    await fx.ok(tenant, ADD, { loadId: a, input: { kind: 'lumper', amountCents: 4_000 } });
    const second = await invoice(tenant, [a]);
    expect(second).toMatchObject({ number: 2, totalCents: 154_000 });
  });

  it('sends, takes partial payments shown by the balance, and is paid at 0; never overpaid, even by concurrent payments', async ({ expect }) => {
    const tenant = truckingTenant();
    const party = await billTo(tenant, 'Acme', 30);
    const created = await invoice(tenant, [await deliveredLoad(tenant, party)]);
    const pay = (amountCents: number, reference?: string) =>
      h.run<{ recordFreightPayment: InvoiceView }>(tenant, PAY, { id: created.id, input: { amountCents, method: 'ach', reference } });
    expect(codes(await pay(100))).toEqual(['CONFLICT']);

    h.clock(tenant).set(new Date('2025-07-01T10:00:00Z'));
    const sent = (await fx.ok<{ sendFreightInvoice: InvoiceView }>(tenant, SEND, { id: created.id })).sendFreightInvoice;
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2025-07-01T10:00:00.000Z', dueAt: '2025-07-31T10:00:00.000Z' });
    expect(codes(await h.run(tenant, SEND, { id: created.id }))).toEqual(['CONFLICT']);

    const partial = (await pay(50_000, 'ACH 981')).data!.recordFreightPayment;
    expect(partial).toMatchObject({ status: 'sent', paidCents: 50_000, balanceCents: 100_000, balanceFormatted: '$1,000.00' });
    expect(partial.payments).toEqual([
      { amountCents: 50_000, method: 'ach', reference: 'ACH 981', receivedAt: '2025-07-01T10:00:00.000Z', recordedBy: { id: tenant.userId } },
    ]);
    const over = await pay(100_001);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', balanceCents: 100_000 });
    expect(codes(await h.run(tenant, VOID, { id: created.id, reason: 'x' }))).toEqual(['CONFLICT']);

    // Eight concurrent payments of 20,000 against a balance of 100,000: five land, three are refused.
    const burst = await Promise.all(Array.from({ length: 8 }, () => pay(20_000)));
    expect(burst.filter((r) => !r.errors)).toHaveLength(5);
    const read = (await fx.ok<{ freightInvoice: InvoiceView }>(tenant, GET, { id: created.id })).freightInvoice;
    expect(read).toMatchObject({ status: 'paid', paidCents: 150_000, balanceCents: 0, paidAt: '2025-07-01T10:00:00.000Z' });
    expect(codes(await pay(1))).toEqual(['CONFLICT']);
  });

  it('lists by status, bill-to and load', async ({ expect }) => {
    const tenant = truckingTenant();
    const [acme, blue] = [await billTo(tenant, 'Acme'), await billTo(tenant, 'Blue')];
    const a = await deliveredLoad(tenant, acme);
    const first = await invoice(tenant, [a]);
    const second = await invoice(tenant, [await deliveredLoad(tenant, blue)]);
    await fx.ok(tenant, SEND, { id: second.id });
    const ids = async (filter: Record<string, unknown>) =>
      (await fx.ok<{ freightInvoices: { edges: { node: { id: string } }[] } }>(tenant, LIST, { filter })).freightInvoices.edges.map((e) => e.node.id);
    expect(await ids({})).toEqual([second.id, first.id]);
    expect(await ids({ status: 'sent' })).toEqual([second.id]);
    expect(await ids({ billToId: acme })).toEqual([first.id]);
    expect(await ids({ loadId: a })).toEqual([first.id]);
  });

  it("another tenant's invoice and loads are NOT_FOUND on every path", async ({ expect }) => {
    const [mine, theirs] = [truckingTenant(), truckingTenant()];
    const party = await billTo(theirs);
    const load = await deliveredLoad(theirs, party);
    const foreign = await invoice(theirs, [await deliveredLoad(theirs, party)]);
    await fx.ok(theirs, SEND, { id: foreign.id });
    for (const [query, variables] of [
      [GET, { id: foreign.id }],
      [SEND, { id: foreign.id }],
      [PAY, { id: foreign.id, input: { amountCents: 1, method: 'check' } }],
      [VOID, { id: foreign.id, reason: 'mine' }],
      [CREATE, { loadIds: [load] }],
    ] as const) {
      expect(codes(await h.run(mine, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect((await fx.ok<{ freightInvoices: { totalCount: number } }>(mine, LIST)).freightInvoices.totalCount).toBe(0);
    expect((await fx.ok<{ freightInvoice: InvoiceView }>(theirs, GET, { id: foreign.id })).freightInvoice).toMatchObject({ status: 'sent', paidCents: 0 });
    expect(await storedLoad(h, theirs, load)).toMatchObject({ status: 'delivered', invoiceId: null });
  });

  it('every role: owner, admin and dispatcher invoice and take payments; a viewer reads; a driver neither reads nor writes', async ({ expect }) => {
    const tenant = truckingTenant();
    const party = await billTo(tenant);
    for (const role of ['owner', 'admin', 'dispatcher']) {
      const user = sameTenantAs(tenant, [role]);
      const created = await h.run<{ createFreightInvoice: InvoiceView }>(user, CREATE, { loadIds: [await deliveredLoad(tenant, party)] });
      expect(codes(created)).toBeUndefined();
      expect(codes(await h.run(user, SEND, { id: created.data!.createFreightInvoice.id }))).toBeUndefined();
      expect(codes(await h.run(user, PAY, { id: created.data!.createFreightInvoice.id, input: { amountCents: 1, method: 'card' } }))).toBeUndefined();
    }
    const a = await deliveredLoad(tenant, party);
    const viewer = sameTenantAs(tenant, ['viewer']);
    expect((await h.run<{ freightInvoices: { totalCount: number } }>(viewer, LIST)).data?.freightInvoices.totalCount).toBe(3);
    expect(codes(await h.run(viewer, CREATE, { loadIds: [a] }))).toEqual(['FORBIDDEN']);
    const driver = sameTenantAs(tenant, ['driver']);
    expect(codes(await h.run(driver, LIST))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(driver, CREATE, { loadIds: [a] }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(truckingTenant({ appType: 'serviceRepair' }), LIST))).toEqual(['FEATURE_DISABLED']);
  });
});

describe('the list of freight invoices', () => {
  it('a page of invoices with their bill-to, loads and lines costs the same database commands for 2 as for 8', async ({ expect }) => {
    const cost = async (n: number) => {
      const tenant = truckingTenant();
      const party = await billTo(tenant);
      for (let i = 0; i < n; i++) await invoice(tenant, [await deliveredLoad(tenant, party), await deliveredLoad(tenant, party)]);
      const counter = await h.commands(async () => {
        const result = await h.run<{ freightInvoices: { totalCount: number } }>(
          tenant,
          `{ freightInvoices(first: 50) { totalCount edges { node { id billTo { name } loads { referenceNumber invoice { number } } lines { load { id } } payments { id } } } } }`,
        );
        expect(result.errors).toBeUndefined();
        expect(result.data?.freightInvoices.totalCount).toBe(n);
      });
      return counter.commands
        .filter((c) => !c.collection.startsWith('audit'))
        .map((c) => `${c.name} ${c.collection}`)
        .sort();
    };
    const [small, large] = [await cost(2), await cost(8)];
    expect(large).toEqual(small);
  });
});
