// Quotes: lines of labour, parts and fees priced in integer cents with the tenant's tax rate, options
// the customer chooses between, draft → sent → accepted (a work order) / declined / expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAmountCents, type TenantContext, totalsOf } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createArea, createCustomer, createItem, createTechnician, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

// Monday 2031-03-03, 06:00 UTC. Every "now" of these tests unless a tenant's clock says otherwise.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-quotes', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const MONEY = 'amountCents currency formatted';
const TOTALS = `subtotal { ${MONEY} } tax { ${MONEY} } total { ${MONEY} }`;
const FIELDS = `id number status title notes currency taxRateBasisPoints validUntil sentAt decidedAt acceptedOption declineReason
  customer { id } location { id }
  lines { id kind description quantity unitPrice { amountCents } amount { amountCents } taxable option item { id } }
  options { name totals { ${TOTALS} } } totals { ${TOTALS} }
  workOrder { id number status title estimatedMinutes location { id } technician { id } quote { id } }`;
const CREATE = `mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateQuoteInput!) { updateQuote(id: $id, input: $input) { ${FIELDS} } }`;
const SEND = `mutation ($id: ID!, $validUntil: String) { sendQuote(id: $id, validUntil: $validUntil) { ${FIELDS} } }`;
const ACCEPT = `mutation ($id: ID!, $option: String) { acceptQuote(id: $id, option: $option) { ${FIELDS} } }`;
const DECLINE = `mutation ($id: ID!, $reason: String) { declineQuote(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { quote(id: $id) { ${FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: QuoteFilter) {
  quotes(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id number status customer { id name } } } }
}`;

interface Money {
  amountCents: number;
  currency: string;
  formatted: string;
}
interface Totals {
  subtotal: Money;
  tax: Money;
  total: Money;
}
interface View {
  id: string;
  number: number;
  status: string;
  title: string;
  currency: string;
  taxRateBasisPoints: number;
  validUntil: string | null;
  acceptedOption: string | null;
  declineReason: string | null;
  location: { id: string };
  lines: {
    kind: string;
    description: string;
    quantity: number;
    unitPrice: { amountCents: number };
    amount: { amountCents: number };
    taxable: boolean;
    option: string | null;
  }[];
  options: { name: string; totals: Totals }[];
  totals: Totals;
  workOrder: {
    id: string;
    status: string;
    title: string;
    estimatedMinutes: number;
    location: { id: string };
    technician: { id: string } | null;
    quote: { id: string };
  } | null;
}

interface World {
  tenant: TenantContext;
  customer: { id: string; locationIds: string[] };
  item: string;
}

const BILLING = { 'billing.taxRateBasisPoints': 825, 'billing.quoteValidDays': 14, 'units.currency': 'USD' };

async function world(settings?: TenantContext['settings']): Promise<World> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const [customer, item] = await Promise.all([createCustomer(h, tenant), createItem(h, tenant, { sku: 'CAP-455', name: 'Capacitor 45/5 µF', unitCostCents: 1_250 })]);
  return { tenant, customer, item };
}

const LABOUR = { kind: 'labour', description: 'Diagnose and repair', quantity: 1.5, unitPriceCents: 9_500, taxable: false };
const FEE = { kind: 'fee', description: 'Trip charge', quantity: 1, unitPriceCents: 4_900 };
const part = (w: World, quantity = 2) => ({ kind: 'part', itemId: w.item, quantity });

const create = async (w: World, input: Record<string, unknown> = {}) =>
  (await ok<{ createQuote: View }>(h, w.tenant, CREATE, { input: { customerId: w.customer.id, title: 'AC not cooling', lines: [LABOUR, part(w), FEE], ...input } }))
    .createQuote;
const send = async (w: World, id: string, validUntil?: string) => (await ok<{ sendQuote: View }>(h, w.tenant, SEND, { id, validUntil })).sendQuote;
const get = async (tenant: TenantContext, id: string) => (await ok<{ quote: View }>(h, tenant, GET, { id })).quote;

describe('money', () => {
  it('computes lines and tax in integer cents, rounding half up once per amount', () => {
    expect(lineAmountCents({ quantity: 1.5, unitPriceCents: 9_500 })).toBe(14_250);
    expect(lineAmountCents({ quantity: 0.33, unitPriceCents: 1_001 })).toBe(330);
    expect(lineAmountCents({ quantity: 0.5, unitPriceCents: 1 })).toBe(1);
    expect(
      totalsOf(
        [
          { quantity: 1, unitPriceCents: 1_000, taxable: true },
          { quantity: 1, unitPriceCents: 999, taxable: false },
        ],
        825,
      ),
    ).toEqual({
      subtotalCents: 1_999,
      taxCents: 83,
      totalCents: 2_082,
    });
  });
});

describe('quotes', () => {
  it("creates a draft priced from the lines, the inventory and the tenant's tax rate", async () => {
    const w = await world(BILLING);
    const quote = await create(w);
    expect(quote).toMatchObject({ status: 'draft', currency: 'USD', taxRateBasisPoints: 825, validUntil: null, location: { id: w.customer.locationIds[0] } });
    expect(quote.lines.map((l) => [l.kind, l.description, l.quantity, l.unitPrice.amountCents, l.amount.amountCents, l.taxable])).toEqual([
      ['labour', 'Diagnose and repair', 1.5, 9_500, 14_250, false],
      ['part', 'Capacitor 45/5 µF (CAP-455)', 2, 1_250, 2_500, true],
      ['fee', 'Trip charge', 1, 4_900, 4_900, true],
    ]);
    // Tax on the part and the fee only: 8.25 % of 74.00 = 6.105 → 6.11.
    expect(quote.totals).toEqual({
      subtotal: { amountCents: 21_650, currency: 'USD', formatted: '$216.50' },
      tax: { amountCents: 611, currency: 'USD', formatted: '$6.11' },
      total: { amountCents: 22_261, currency: 'USD', formatted: '$222.61' },
    });
    expect(quote.options).toEqual([]);
    // An item with a sale price is quoted at it.
    const priced = await createItem(h, w.tenant, { sku: 'FLT-1', name: 'Filter', unitCostCents: 500, unitPriceCents: 1_500 });
    const sold = await create(w, { lines: [{ kind: 'part', itemId: priced, quantity: 1 }] });
    expect(sold.lines[0]?.unitPrice.amountCents).toBe(1_500);
    // A tenant without the billing keys: no tax, USD.
    const plain = await world();
    expect((await create(plain)).totals.tax.amountCents).toBe(0);
  });

  it('edits a draft (the tenant current tax rate applies), but not once sent', async () => {
    const w = await world(BILLING);
    const quote = await create(w);
    const cheaper = { ...w.tenant, settings: { ...BILLING, 'billing.taxRateBasisPoints': 500 } };
    const edited = (await ok<{ updateQuote: View }>(h, cheaper, UPDATE, { id: quote.id, input: { title: 'AC repair', lines: [{ ...FEE, unitPriceCents: 10_000 }] } }))
      .updateQuote;
    expect(edited).toMatchObject({ title: 'AC repair', taxRateBasisPoints: 500, totals: { subtotal: { amountCents: 10_000 }, tax: { amountCents: 500 } } });
    const sent = await send(w, quote.id);
    expect(sent).toMatchObject({ status: 'sent', validUntil: '2031-03-17T06:00:00.000Z' });
    const refused = await h.run(w.tenant, UPDATE, { id: quote.id, input: { title: 'Too late' } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('is sent; only a draft is edited');
    expect(codes(await h.run(w.tenant, SEND, { id: quote.id }))).toEqual(['CONFLICT']);
  });

  it('refuses what makes no quote', async () => {
    const w = await world();
    const empty = await create(w, { lines: [] });
    expect(codes(await h.run(w.tenant, SEND, { id: empty.id }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(w.tenant, SEND, { id: empty.id, validUntil: '2031-03-01T00:00:00Z' }))).toEqual(['CONFLICT']);
    const bad = (lines: unknown[]) => h.run(w.tenant, CREATE, { input: { customerId: w.customer.id, title: 'x', lines } });
    expect(codes(await bad([{ ...LABOUR, quantity: 1.555 }]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await bad([{ kind: 'fee', quantity: 1 }]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await bad([{ ...FEE, itemId: w.item }]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await bad([{ ...FEE, option: 'Only one' }]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await bad([{ ...FEE, unitPriceCents: -1 }]))).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts a sent quote and converts it into a work order that keeps the quote', async () => {
    const w = await world(BILLING);
    const quote = await create(w, { lines: [{ ...LABOUR, quantity: 2 }, part(w), FEE] });
    await send(w, quote.id);
    const accepted = (await ok<{ acceptQuote: View }>(h, w.tenant, ACCEPT, { id: quote.id })).acceptQuote;
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOption: null });
    expect(accepted.workOrder).toMatchObject({
      status: 'new',
      title: 'AC not cooling',
      estimatedMinutes: 120,
      location: { id: w.customer.locationIds[0] },
      quote: { id: quote.id },
    });
    expect(codes(await h.run(w.tenant, ACCEPT, { id: quote.id }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(w.tenant, DECLINE, { id: quote.id }))).toEqual(['CONFLICT']);
    expect(await h.models.WorkOrder.countDocuments({ ...tenantScope(w.tenant), quoteId: quote.id })).toBe(1);
  });

  it('offers options: each with its totals; the customer accepts one, whose lines the work order keeps', async () => {
    const w = await world(BILLING);
    const quote = await create(w, {
      title: 'Furnace',
      lines: [
        { ...FEE, description: 'Diagnosis' },
        { ...LABOUR, option: 'Repair', quantity: 1 },
        { ...part(w, 1), option: 'Repair' },
        { kind: 'fee', description: 'New furnace, installed', quantity: 1, unitPriceCents: 350_000, option: 'Replace' },
      ],
    });
    expect(quote.options.map((o) => [o.name, o.totals.total.amountCents])).toEqual([
      ['Repair', 4_900 + 9_500 + 1_250 + Math.round((4_900 + 1_250) * 0.0825)],
      ['Replace', 4_900 + 350_000 + Math.round((4_900 + 350_000) * 0.0825)],
    ]);
    expect(quote.totals.subtotal.amountCents).toBe(4_900);
    await send(w, quote.id);
    expect(codes(await h.run(w.tenant, ACCEPT, { id: quote.id }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(w.tenant, ACCEPT, { id: quote.id, option: 'Rebuild' }))).toEqual(['BAD_USER_INPUT']);
    const accepted = (await ok<{ acceptQuote: View }>(h, w.tenant, ACCEPT, { id: quote.id, option: 'Repair' })).acceptQuote;
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOption: 'Repair', totals: { subtotal: { amountCents: 15_650 } } });
    expect(accepted.workOrder).toMatchObject({ title: 'Furnace — Repair', estimatedMinutes: 60 });
  });

  it('dispatches the converted work order at once with the tenant autoDispatch', async () => {
    const w = await world({ ...BILLING, 'dispatch.autoDispatch': true });
    const area = await createArea(h, w.tenant, { zipCodes: ['60614'] });
    const tech = await createTechnician(h, w.tenant, { serviceAreaIds: [area] });
    const quote = await create(w);
    await send(w, quote.id);
    const accepted = (await ok<{ acceptQuote: View }>(h, w.tenant, ACCEPT, { id: quote.id })).acceptQuote;
    expect(accepted.workOrder).toMatchObject({ status: 'dispatched', technician: { id: tech } });
  });

  it('of two concurrent accepts exactly one wins, with one work order', async () => {
    const w = await world();
    const quote = await create(w);
    await send(w, quote.id);
    const results = await Promise.all([1, 2, 3].map(() => h.run(w.tenant, ACCEPT, { id: quote.id })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codes)).toEqual([['CONFLICT'], ['CONFLICT']]);
    expect(await h.models.WorkOrder.countDocuments({ ...tenantScope(w.tenant) })).toBe(1);
  });

  it('declines with a reason; a sent quote past its date reads as expired and can no longer be decided', async () => {
    const w = await world(BILLING);
    const declined = await create(w);
    await send(w, declined.id);
    expect((await ok<{ declineQuote: View }>(h, w.tenant, DECLINE, { id: declined.id, reason: 'Too expensive' })).declineQuote).toMatchObject({
      status: 'declined',
      declineReason: 'Too expensive',
    });
    const quote = await create(w);
    await send(w, quote.id, '2031-03-05T00:00:00Z');
    h.clock(w.tenant).set('2031-03-05T00:00:01Z');
    try {
      expect((await get(w.tenant, quote.id)).status).toBe('expired');
      const refused = await h.run(w.tenant, ACCEPT, { id: quote.id });
      expect(codes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors?.[0]?.message).toContain('expired on 2031-03-05T00:00:00.000Z');
      expect(codes(await h.run(w.tenant, DECLINE, { id: quote.id }))).toEqual(['CONFLICT']);
      expect((await h.models.Quote.findOne({ _id: quote.id, ...tenantScope(w.tenant) }).lean())?.status).toBe('expired');
      const expired = await ok<{ quotes: { totalCount: number } }>(h, w.tenant, LIST, { filter: { status: 'expired' } });
      expect(expired.quotes.totalCount).toBe(1);
    } finally {
      h.clock(w.tenant).set(NOW);
    }
  });

  it('lists quotes newest first with cursor pagination and filters', async () => {
    const w = await world();
    const other = await createCustomer(h, w.tenant, { name: 'Bea Other' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(w, i === 4 ? { customerId: other.id } : {})).id);
    await send(w, ids[0]!);
    const first = (
      await ok<{ quotes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } }>(h, w.tenant, LIST, {
        first: 3,
      })
    ).quotes;
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(2).reverse());
    const second = (
      await ok<{ quotes: { pageInfo: { hasNextPage: boolean }; edges: { node: { id: string } }[] } }>(h, w.tenant, LIST, { first: 3, after: first.pageInfo.endCursor })
    ).quotes;
    expect(second.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.pageInfo.hasNextPage).toBe(false);
    const sent = (await ok<{ quotes: { edges: { node: { id: string } }[] } }>(h, w.tenant, LIST, { filter: { status: 'sent' } })).quotes;
    expect(sent.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    const theirs = (await ok<{ quotes: { edges: { node: { id: string } }[] } }>(h, w.tenant, LIST, { filter: { customerId: other.id } })).quotes;
    expect(theirs.edges.map((e) => e.node.id)).toEqual([ids[4]]);
  });

  it('lists a page of quotes with their customers in a constant number of database commands', async () => {
    const counts: number[] = [];
    for (const n of [2, 8]) {
      const w = await world();
      for (let i = 0; i < n; i++) await create(w, { customerId: (await createCustomer(h, w.tenant)).id });
      const counter = await h.commands(() => ok(h, w.tenant, LIST, { first: 50 }));
      counts.push(counter.count('find', 'customers'));
      counter.stop();
    }
    expect(counts).toEqual([1, 1]);
  });
});

describe('tenant isolation and roles', () => {
  it("every quote operation is NOT_FOUND on another tenant's quote, which stays unchanged", async () => {
    const [mine, theirs] = [await world(), await world()];
    const quote = await create(mine);
    await send(mine, quote.id);
    const before = await get(mine.tenant, quote.id);
    for (const [query, variables] of [
      [GET, { id: quote.id }],
      [UPDATE, { id: quote.id, input: { title: 'Mine now' } }],
      [SEND, { id: quote.id }],
      [ACCEPT, { id: quote.id }],
      [DECLINE, { id: quote.id }],
    ] as const) {
      expect(codes(await h.run(theirs.tenant, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect(await get(mine.tenant, quote.id)).toEqual(before);
    expect((await ok<{ quotes: { totalCount: number } }>(h, theirs.tenant, LIST, {})).quotes.totalCount).toBe(0);
  });

  it("refuses another tenant's customer or inventory item in a quote", async () => {
    const [mine, theirs] = [await world(), await world()];
    expect(codes(await h.run(mine.tenant, CREATE, { input: { customerId: theirs.customer.id, title: 'x' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(mine.tenant, CREATE, { input: { customerId: mine.customer.id, title: 'x', lines: [part(theirs)] } }))).toEqual(['NOT_FOUND']);
    const quote = await create(mine);
    expect(codes(await h.run(mine.tenant, UPDATE, { id: quote.id, input: { lines: [part(theirs)] } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(mine.tenant, UPDATE, { id: quote.id, input: { locationId: theirs.customer.locationIds[0] } }))).toEqual(['NOT_FOUND']);
  });

  it('a viewer reads quotes but writes none; a dispatcher writes them', async () => {
    const w = await world();
    const quote = await create(w);
    const as = (role: string) => serviceTenant({ tenantId: w.tenant.tenantId, slug: w.tenant.slug, roles: [role] });
    expect((await get(as('viewer'), quote.id)).id).toBe(quote.id);
    expect(codes(await h.run(as('viewer'), SEND, { id: quote.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('viewer'), CREATE, { input: { customerId: w.customer.id, title: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('dispatcher'), SEND, { id: quote.id }))).toBeUndefined();
  });
});
