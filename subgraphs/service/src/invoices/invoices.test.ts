// Invoices: made from a completed work order (its quote's lines or recorded time, and the parts
// consumed), issued, paid in part or in full without ever overpaying, voided with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { recordedWorkMs } from './invoices.service';
import {
  codes,
  createArea,
  createCustomer,
  createItem,
  createOrder,
  createStockLocation,
  createTechnician,
  DISPATCH,
  ok,
  receive,
  serviceTenant,
  startHarness,
  type ServiceHarness,
} from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-invoices', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const MONEY = 'amountCents currency formatted';
const FIELDS = `id number status currency taxRateBasisPoints voidReason issuedAt
  workOrder { id status invoice { id } } customer { id }
  lines { kind description quantity unitPrice { amountCents } amount { amountCents } taxable }
  totals { subtotal { ${MONEY} } tax { ${MONEY} } total { ${MONEY} } }
  paid { amountCents } balance { amountCents } payments { amount { amountCents } method reference }`;
const CREATE = `mutation ($workOrderId: ID!) { createInvoice(workOrderId: $workOrderId) { ${FIELDS} } }`;
const ISSUE = `mutation ($id: ID!) { issueInvoice(id: $id) { ${FIELDS} } }`;
const PAY = `mutation ($id: ID!, $input: RecordPaymentInput!) { recordPayment(id: $id, input: $input) { ${FIELDS} } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidInvoice(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { invoice(id: $id) { ${FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: InvoiceFilter) {
  invoices(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id number status } } }
}`;
const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';
const CONSUME = 'mutation ($w: ID!, $i: ID!, $l: ID!, $q: Int!) { consumePart(workOrderId: $w, itemId: $i, locationId: $l, qty: $q) { part { id } } }';

interface View {
  id: string;
  number: number;
  status: string;
  voidReason: string | null;
  workOrder: { id: string; status: string; invoice: { id: string } | null };
  lines: { kind: string; description: string; quantity: number; unitPrice: { amountCents: number }; amount: { amountCents: number }; taxable: boolean }[];
  totals: { subtotal: { amountCents: number }; tax: { amountCents: number }; total: { amountCents: number; formatted: string } };
  paid: { amountCents: number };
  balance: { amountCents: number };
  payments: { amount: { amountCents: number }; method: string }[];
}

const BILLING = { 'billing.taxRateBasisPoints': 1000, 'billing.labourRateCents': 12_000, 'units.currency': 'USD' };

/**
 * A work order of a fresh tenant worked from 09:00 to 10:15 (75 min recorded) with two capacitors
 * consumed (12.50 each), completed.
 */
async function completedOrder(settings?: TenantContext['settings']): Promise<{ tenant: TenantContext; workOrderId: string }> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const clock = h.clock(tenant);
  clock.set(NOW);
  const [area, customer, item, stock] = await Promise.all([
    createArea(h, tenant, { zipCodes: ['60614'] }),
    createCustomer(h, tenant),
    createItem(h, tenant, { sku: 'CAP-455', name: 'Capacitor', unitCostCents: 1_250 }),
    createStockLocation(h, tenant),
  ]);
  await receive(h, tenant, item, stock, 10);
  const tech = await createTechnician(h, tenant, { serviceAreaIds: [area] });
  const { id } = await createOrder(h, tenant, { customerId: customer.id });
  await ok(h, tenant, DISPATCH, { id, technicianId: tech });
  await ok(h, tenant, MOVE, { id, status: 'en_route' });
  clock.set('2031-03-03T09:00:00Z');
  await ok(h, tenant, MOVE, { id, status: 'in_progress' });
  await ok(h, tenant, CONSUME, { w: id, i: item, l: stock, q: 2 });
  clock.set('2031-03-03T10:15:00Z');
  await ok(h, tenant, MOVE, { id, status: 'completed' });
  return { tenant, workOrderId: id };
}

const create = async (tenant: TenantContext, workOrderId: string) => (await ok<{ createInvoice: View }>(h, tenant, CREATE, { workOrderId })).createInvoice;
const pay = (tenant: TenantContext, id: string, amountCents: number) => h.run<{ recordPayment: View }>(tenant, PAY, { id, input: { amountCents, method: 'card' } });

describe('invoices', () => {
  it('sums the time in progress, across holds', () => {
    const at = (t: string) => new Date(`2031-03-03T${t}:00Z`);
    expect(
      recordedWorkMs([
        { status: 'in_progress', at: at('09:00') },
        { status: 'on_hold', at: at('09:30') },
        { status: 'in_progress', at: at('10:00') },
        { status: 'completed', at: at('10:45') },
      ]),
    ).toBe(75 * 60_000);
  });

  it("bills a completed work order's recorded time at the tenant's labour rate and its parts, with tax on the parts", async () => {
    const { tenant, workOrderId } = await completedOrder(BILLING);
    const invoice = await create(tenant, workOrderId);
    expect(invoice).toMatchObject({ status: 'draft', number: 1, workOrder: { id: workOrderId, status: 'invoiced', invoice: { id: invoice.id } } });
    expect(invoice.lines.map((l) => [l.kind, l.quantity, l.unitPrice.amountCents, l.amount.amountCents, l.taxable])).toEqual([
      ['labour', 1.25, 12_000, 15_000, false],
      ['part', 2, 1_250, 2_500, true],
    ]);
    expect(invoice.totals).toMatchObject({ subtotal: { amountCents: 17_500 }, tax: { amountCents: 250 }, total: { amountCents: 17_750, formatted: '$177.50' } });
    expect(invoice.balance.amountCents).toBe(17_750);
    // Once the item has a sale price, the next invoice sells the parts at it.
    await ok(h, tenant, 'mutation ($id: ID!) { voidInvoice(id: $id, reason: "Reprice") { id } }', { id: invoice.id });
    const item = invoice.lines.find((l) => l.kind === 'part')!;
    expect(item.unitPrice.amountCents).toBe(1_250);
    const items = await ok<{ inventoryItems: { edges: { node: { id: string } }[] } }>(h, tenant, '{ inventoryItems { edges { node { id } } } }');
    await ok(h, tenant, 'mutation ($id: ID!) { updateInventoryItem(id: $id, input: { unitPriceCents: 2000 }) { id } }', { id: items.inventoryItems.edges[0]!.node.id });
    const repriced = await create(tenant, workOrderId);
    expect(repriced.lines.find((l) => l.kind === 'part')?.amount.amountCents).toBe(4_000);
    // One live invoice per work order.
    expect(codes(await h.run(tenant, CREATE, { workOrderId }))).toEqual(['CONFLICT']);
    // Without the keys: the built-in rate of 95.00, no tax.
    const plain = await completedOrder();
    const untaxed = await create(plain.tenant, plain.workOrderId);
    expect(untaxed.totals).toMatchObject({ subtotal: { amountCents: 11_875 + 2_500 }, tax: { amountCents: 0 } });
  });

  it('refuses a work order that is not completed', async () => {
    const tenant = serviceTenant();
    const customer = await createCustomer(h, tenant);
    const { id } = await createOrder(h, tenant, { customerId: customer.id });
    const refused = await h.run(tenant, CREATE, { workOrderId: id });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('only a completed work order is invoiced');
  });

  it('issues, takes partial and full payments, never more than the balance', async () => {
    const { tenant, workOrderId } = await completedOrder(BILLING);
    const invoice = await create(tenant, workOrderId);
    expect(codes(await pay(tenant, invoice.id, 100))).toEqual(['CONFLICT']);
    expect((await ok<{ issueInvoice: View }>(h, tenant, ISSUE, { id: invoice.id })).issueInvoice.status).toBe('issued');
    expect(codes(await h.run(tenant, ISSUE, { id: invoice.id }))).toEqual(['CONFLICT']);
    const partial = (await pay(tenant, invoice.id, 10_000)).data!.recordPayment;
    expect(partial).toMatchObject({ status: 'partially_paid', paid: { amountCents: 10_000 }, balance: { amountCents: 7_750 } });
    const over = await pay(tenant, invoice.id, 7_751);
    expect(codes(over)).toEqual(['CONFLICT']);
    expect(over.errors?.[0]?.message).toContain('exceeds the balance of invoice #1: 7750');
    const full = (await pay(tenant, invoice.id, 7_750)).data!.recordPayment;
    expect(full).toMatchObject({ status: 'paid', balance: { amountCents: 0 } });
    expect(full.payments.map((p) => p.amount.amountCents)).toEqual([10_000, 7_750]);
    expect(codes(await pay(tenant, invoice.id, 1))).toEqual(['CONFLICT']);
    expect(codes(await h.run(tenant, VOID, { id: invoice.id, reason: 'Oops' }))).toEqual(['CONFLICT']);
  });

  it('of concurrent payments that together exceed the balance, the ones that fit land and the rest are refused', async () => {
    const { tenant, workOrderId } = await completedOrder(BILLING);
    const invoice = await create(tenant, workOrderId);
    await ok(h, tenant, ISSUE, { id: invoice.id });
    // 17,750 due; five payments of 5,000: three fit (15,000), two are refused.
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => pay(tenant, invoice.id, 5_000)));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => r.errors).map(codes)).toEqual([['CONFLICT'], ['CONFLICT']]);
    const after = (await ok<{ invoice: View }>(h, tenant, GET, { id: invoice.id })).invoice;
    expect(after).toMatchObject({ status: 'partially_paid', paid: { amountCents: 15_000 }, balance: { amountCents: 2_750 } });
    expect(after.payments).toHaveLength(3);
  });

  it('voids an unpaid invoice with a reason; the work order may be invoiced again', async () => {
    const { tenant, workOrderId } = await completedOrder(BILLING);
    const invoice = await create(tenant, workOrderId);
    expect(codes(await h.run(tenant, VOID, { id: invoice.id, reason: '' }))).toEqual(['BAD_USER_INPUT']);
    const voided = (await ok<{ voidInvoice: View }>(h, tenant, VOID, { id: invoice.id, reason: 'Wrong customer' })).voidInvoice;
    expect(voided).toMatchObject({ status: 'void', voidReason: 'Wrong customer', balance: { amountCents: 0 }, workOrder: { invoice: null } });
    expect(codes(await h.run(tenant, VOID, { id: invoice.id, reason: 'Again' }))).toEqual(['CONFLICT']);
    const again = await create(tenant, workOrderId);
    expect(again).toMatchObject({ number: 2, status: 'draft', workOrder: { invoice: { id: again.id } } });
  });

  it('bills the accepted quote instead of the recorded time', async () => {
    const tenant = serviceTenant({ settings: BILLING });
    const customer = await createCustomer(h, tenant);
    const quote = await ok<{ createQuote: { id: string } }>(h, tenant, 'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { id } }', {
      input: {
        customerId: customer.id,
        title: 'Flat-rate repair',
        lines: [
          { kind: 'labour', description: 'Flat-rate repair', quantity: 1, unitPriceCents: 20_000, taxable: false, option: 'Repair' },
          { kind: 'fee', description: 'Replace unit', quantity: 1, unitPriceCents: 300_000, option: 'Replace' },
          { kind: 'fee', description: 'Trip', quantity: 1, unitPriceCents: 5_000 },
        ],
      },
    });
    await ok(h, tenant, 'mutation ($id: ID!) { sendQuote(id: $id) { id } }', { id: quote.createQuote.id });
    const accepted = await ok<{ acceptQuote: { workOrder: { id: string } } }>(
      h,
      tenant,
      'mutation ($id: ID!) { acceptQuote(id: $id, option: "Repair") { workOrder { id } } }',
      {
        id: quote.createQuote.id,
      },
    );
    const id = accepted.acceptQuote.workOrder.id;
    await h.models.WorkOrder.updateOne({ _id: id, ...tenantScope(tenant) }, { $set: { status: 'completed' } });
    const invoice = await create(tenant, id);
    expect(invoice.lines.map((l) => [l.kind, l.description, l.amount.amountCents])).toEqual([
      ['labour', 'Flat-rate repair', 20_000],
      ['fee', 'Trip', 5_000],
    ]);
    expect(invoice.totals.total.amountCents).toBe(25_500);
  });

  it('lists invoices newest first, by status and work order', async () => {
    const a = await completedOrder();
    const first = await create(a.tenant, a.workOrderId);
    await ok(h, a.tenant, VOID, { id: first.id, reason: 'Redo' });
    const second = await create(a.tenant, a.workOrderId);
    const all = (await ok<{ invoices: { totalCount: number; edges: { node: { id: string } }[] } }>(h, a.tenant, LIST, { first: 1 })).invoices;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e) => e.node.id)).toEqual([second.id]);
    const voided = (await ok<{ invoices: { edges: { node: { id: string } }[] } }>(h, a.tenant, LIST, { filter: { status: 'void', workOrderId: a.workOrderId } }))
      .invoices;
    expect(voided.edges.map((e) => e.node.id)).toEqual([first.id]);
  });
});

describe('tenant isolation and roles', () => {
  it("every invoice operation is NOT_FOUND on another tenant's invoice or work order", async () => {
    const mine = await completedOrder(BILLING);
    const theirs = serviceTenant();
    const invoice = await create(mine.tenant, mine.workOrderId);
    await ok(h, mine.tenant, ISSUE, { id: invoice.id });
    for (const [query, variables] of [
      [GET, { id: invoice.id }],
      [ISSUE, { id: invoice.id }],
      [PAY, { id: invoice.id, input: { amountCents: 1, method: 'cash' } }],
      [VOID, { id: invoice.id, reason: 'x' }],
      [CREATE, { workOrderId: mine.workOrderId }],
    ] as const) {
      expect(codes(await h.run(theirs, query, variables))).toEqual(['NOT_FOUND']);
    }
    const after = (await ok<{ invoice: View }>(h, mine.tenant, GET, { id: invoice.id })).invoice;
    expect(after).toMatchObject({ status: 'issued', paid: { amountCents: 0 } });
    expect((await ok<{ invoices: { totalCount: number } }>(h, theirs, LIST, {})).invoices.totalCount).toBe(0);
  });

  it('a viewer reads invoices but records no payment', async () => {
    const { tenant, workOrderId } = await completedOrder();
    const invoice = await create(tenant, workOrderId);
    const viewer = serviceTenant({ tenantId: tenant.tenantId, slug: tenant.slug, roles: ['viewer'] });
    expect((await ok<{ invoice: View }>(h, viewer, GET, { id: invoice.id })).invoice.id).toBe(invoice.id);
    expect(codes(await h.run(viewer, ISSUE, { id: invoice.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(viewer, CREATE, { workOrderId }))).toEqual(['FORBIDDEN']);
  });
});
