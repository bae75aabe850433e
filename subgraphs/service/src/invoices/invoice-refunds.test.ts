// Refunds on service invoices: part or all of what was paid goes back with a reason; never more than
// paid, also when refunds race; paid, balance and status follow; audited; tenant-scoped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createArea, createCustomer, createOrder, createTechnician, DISPATCH, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-refunds', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id status paid { amountCents } balance { amountCents } refunded { amountCents }
  refunds { amount { amountCents currency } method reason reference refundedAt recordedBy { id } }`;
const CREATE = `mutation ($workOrderId: ID!) { createInvoice(workOrderId: $workOrderId) { ${FIELDS} totals { total { amountCents } } } }`;
const ISSUE = `mutation ($id: ID!) { issueInvoice(id: $id) { ${FIELDS} } }`;
const PAY = `mutation ($id: ID!, $input: RecordPaymentInput!) { recordPayment(id: $id, input: $input) { ${FIELDS} } }`;
const REFUND = `mutation ($id: ID!, $input: RecordRefundInput!) { recordRefund(id: $id, input: $input) { ${FIELDS} } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidInvoice(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { invoice(id: $id) { ${FIELDS} } }`;
const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';

interface View {
  id: string;
  status: string;
  paid: { amountCents: number };
  balance: { amountCents: number };
  refunded: { amountCents: number };
  refunds: {
    amount: { amountCents: number; currency: string };
    method: string;
    reason: string;
    reference: string | null;
    refundedAt: string;
    recordedBy: { id: string };
  }[];
}

/** An issued invoice of 10,000 (one hour at 100.00, no tax) of a fresh tenant, and that tenant. */
async function issued(): Promise<{ tenant: TenantContext; id: string }> {
  const tenant = serviceTenant({ settings: { 'billing.taxRateBasisPoints': 0, 'billing.labourRateCents': 10_000, 'units.currency': 'USD' } });
  const clock = h.clock(tenant);
  clock.set(NOW);
  const [area, customer] = await Promise.all([createArea(h, tenant, { zipCodes: ['60614'] }), createCustomer(h, tenant)]);
  const tech = await createTechnician(h, tenant, { serviceAreaIds: [area] });
  const { id: workOrderId } = await createOrder(h, tenant, { customerId: customer.id });
  await ok(h, tenant, DISPATCH, { id: workOrderId, technicianId: tech });
  await ok(h, tenant, MOVE, { id: workOrderId, status: 'en_route' });
  clock.set('2031-03-03T09:00:00Z');
  await ok(h, tenant, MOVE, { id: workOrderId, status: 'in_progress' });
  clock.set('2031-03-03T10:00:00Z');
  await ok(h, tenant, MOVE, { id: workOrderId, status: 'completed' });
  const invoice = (await ok<{ createInvoice: View & { totals: { total: { amountCents: number } } } }>(h, tenant, CREATE, { workOrderId })).createInvoice;
  expect(invoice.totals.total.amountCents).toBe(10_000);
  await ok(h, tenant, ISSUE, { id: invoice.id });
  return { tenant, id: invoice.id };
}

const pay = (tenant: TenantContext, id: string, amountCents: number) => ok<{ recordPayment: View }>(h, tenant, PAY, { id, input: { amountCents, method: 'card' } });
const refund = (tenant: TenantContext, id: string, amountCents: number, reason = 'Callback: the part failed') =>
  h.run<{ recordRefund: View }>(tenant, REFUND, { id, input: { amountCents, method: 'card', reason, reference: 'RF-1' } });

describe('refunds', () => {
  it('refunds part of a paid invoice, then the rest: paid, balance and status follow; the refunds keep their reasons', async () => {
    const { tenant, id } = await issued();
    await pay(tenant, id, 10_000);
    const first = (await refund(tenant, id, 2_500)).data!.recordRefund;
    expect(first).toMatchObject({ status: 'partially_paid', paid: { amountCents: 7_500 }, balance: { amountCents: 2_500 }, refunded: { amountCents: 2_500 } });
    expect(first.refunds).toEqual([
      {
        amount: { amountCents: 2_500, currency: 'USD' },
        method: 'card',
        reason: 'Callback: the part failed',
        reference: 'RF-1',
        refundedAt: '2031-03-03T10:00:00.000Z',
        recordedBy: { id: tenant.userId },
      },
    ]);
    const rest = (await refund(tenant, id, 7_500, 'Customer cancelled the contract')).data!.recordRefund;
    expect(rest).toMatchObject({ status: 'issued', paid: { amountCents: 0 }, balance: { amountCents: 10_000 }, refunded: { amountCents: 10_000 } });
    expect(rest.refunds.map((r) => r.reason)).toEqual(['Callback: the part failed', 'Customer cancelled the contract']);
    // Nothing left paid: no more refunds; the invoice may now be voided, or paid again.
    expect(codes(await refund(tenant, id, 1))).toEqual(['CONFLICT']);
    expect((await pay(tenant, id, 10_000)).recordPayment.status).toBe('paid');
  });

  it('refuses more than was paid, an issued invoice without payments, a void one, no reason and a malformed amount', async () => {
    const { tenant, id } = await issued();
    expect(codes(await refund(tenant, id, 100))).toEqual(['CONFLICT']);
    await pay(tenant, id, 4_000);
    const over = await refund(tenant, id, 4_001);
    expect(codes(over)).toEqual(['CONFLICT']);
    expect(over.errors?.[0]?.message).toContain('exceeds what was paid on invoice #1: 4000');
    expect(codes(await refund(tenant, id, 100, '   '))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await refund(tenant, id, 0))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await refund(tenant, id, 1.5))).toEqual(['BAD_USER_INPUT']);
    expect((await ok<{ invoice: View }>(h, tenant, GET, { id })).invoice).toMatchObject({ status: 'partially_paid', paid: { amountCents: 4_000 }, refunds: [] });
    await refund(tenant, id, 4_000);
    await ok(h, tenant, VOID, { id, reason: 'Billed the wrong customer' });
    expect(codes(await refund(tenant, id, 1))).toEqual(['CONFLICT']);
  });

  it('of concurrent refunds that together exceed the payments, the ones that fit land and the rest are refused', async () => {
    const { tenant, id } = await issued();
    await pay(tenant, id, 10_000);
    // 10,000 paid; five refunds of 3,000: three fit (9,000), two are refused.
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => refund(tenant, id, 3_000)));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => r.errors).map(codes)).toEqual([['CONFLICT'], ['CONFLICT']]);
    const after = (await ok<{ invoice: View }>(h, tenant, GET, { id })).invoice;
    expect(after).toMatchObject({ status: 'partially_paid', paid: { amountCents: 1_000 }, balance: { amountCents: 9_000 }, refunded: { amountCents: 9_000 } });
    expect(after.refunds).toHaveLength(3);
  });

  it('audits a refund with the amounts before and after', async () => {
    const { tenant, id } = await issued();
    await pay(tenant, id, 10_000);
    await refund(tenant, id, 1_000);
    const events = await createAuditModels(h.connection)
      .AuditEvent.find({ ...tenantScope(tenant), operation: 'recordRefund' })
      .lean();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetId: id, outcome: 'success' });
    expect(events[0]?.diff).toMatchObject({
      status: { from: 'paid', to: 'partially_paid' },
      paidCents: { from: 10_000, to: 9_000 },
      refundedCents: { from: 0, to: 1_000 },
    });
  });
});

describe('tenant isolation and roles', () => {
  it("a refund on another tenant's invoice is NOT_FOUND and changes nothing", async () => {
    const { tenant, id } = await issued();
    await pay(tenant, id, 10_000);
    expect(codes(await refund(serviceTenant(), id, 1_000))).toEqual(['NOT_FOUND']);
    expect((await ok<{ invoice: View }>(h, tenant, GET, { id })).invoice).toMatchObject({ status: 'paid', refunds: [] });
  });

  it('a dispatcher refunds; a viewer and a technician may not', async () => {
    const { tenant, id } = await issued();
    await pay(tenant, id, 10_000);
    const as = (role: string) => serviceTenant({ tenantId: tenant.tenantId, slug: tenant.slug, roles: [role], settings: tenant.settings ?? {} });
    expect(codes(await refund(as('viewer'), id, 1_000))).toEqual(['FORBIDDEN']);
    expect(codes(await refund(as('technician'), id, 1_000))).toEqual(['FORBIDDEN']);
    expect((await refund(as('dispatcher'), id, 1_000)).errors).toBeUndefined();
  });
});
