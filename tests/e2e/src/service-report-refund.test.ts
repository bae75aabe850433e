// The owner's money and report through the real gateway: a completed job invoiced, paid and partly
// refunded (the balance and status follow; more than paid is refused); the month's report counts the
// job, its first-time fix and its revenue; a technician may not read it; another tenant sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, oid, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'owner',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'owner'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const INVOICE = 'id status paid { amountCents } balance { amountCents } refunded { amountCents } refunds { reason amount { amountCents } }';
const REFUND = `mutation ($id: ID!, $input: RecordRefundInput!) { recordRefund(id: $id, input: $input) { ${INVOICE} } }`;
const REPORT = `query ($from: String!, $to: String!) {
  serviceReport(from: $from, to: $to) { jobsCompleted firstTimeFix { jobs fixedFirstTime rate } revenueByJobType { jobType invoices revenue { amountCents } } }
}`;

/** A job of the tenant completed two hours of work ago (its history arranged in the database), invoiced at the default 95.00 an hour, issued. */
async function invoicedJob(tenant: ProvisionedTenant): Promise<{ invoiceId: string; totalCents: number }> {
  const customerId = (
    await ok<{ createCustomer: { id: string } }>(tenant, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] },
    })
  ).createCustomer.id;
  const id = (
    await ok<{ createWorkOrder: { id: string } }>(tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
      input: { title: 'Water heater', customerId, jobType: 'plumbing' },
    })
  ).createWorkOrder.id;
  const started = new Date(Date.now() - 3 * 3_600_000);
  const by = oid(tenant.users[0]!.id);
  await stack.collection('service', 'workOrders').updateOne(
    { _id: oid(id) },
    {
      $set: {
        status: 'completed',
        statusHistory: [
          { status: 'new', at: started, by },
          { status: 'in_progress', at: started, by },
          { status: 'completed', at: new Date(started.getTime() + 2 * 3_600_000), by },
        ],
      },
    },
  );
  const invoice = (
    await ok<{ createInvoice: { id: string; totals: { total: { amountCents: number } } } }>(
      tenant,
      'mutation ($id: ID!) { createInvoice(workOrderId: $id) { id totals { total { amountCents } } } }',
      { id },
    )
  ).createInvoice;
  await ok(tenant, 'mutation ($id: ID!) { issueInvoice(id: $id) { id } }', { id: invoice.id });
  return { invoiceId: invoice.id, totalCents: invoice.totals.total.amountCents };
}

describe('refunds and the report through the gateway', () => {
  it('a paid invoice is refunded in part with a reason; more than paid is refused; the month report counts the job and its revenue', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const { invoiceId, totalCents } = await invoicedJob(tenant);
    expect(totalCents).toBe(19_000);
    await ok(tenant, 'mutation ($id: ID!, $input: RecordPaymentInput!) { recordPayment(id: $id, input: $input) { id } }', {
      id: invoiceId,
      input: { amountCents: totalCents, method: 'card' },
    });
    const refunded = (
      await ok<{ recordRefund: Record<string, unknown> }>(
        tenant,
        REFUND,
        { id: invoiceId, input: { amountCents: 4_000, method: 'card', reason: 'Goodwill' } },
        'dispatcher',
      )
    ).recordRefund;
    expect(refunded).toMatchObject({
      status: 'partially_paid',
      paid: { amountCents: 15_000 },
      balance: { amountCents: 4_000 },
      refunded: { amountCents: 4_000 },
      refunds: [{ reason: 'Goodwill', amount: { amountCents: 4_000 } }],
    });
    expect(codes(await as(tenant, REFUND, { id: invoiceId, input: { amountCents: 15_001, method: 'card', reason: 'Too much' } }))).toEqual(['CONFLICT']);

    const now = new Date();
    const month = {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString(),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    };
    const report = (await ok<{ serviceReport: Record<string, unknown> }>(tenant, REPORT, month, 'viewer')).serviceReport;
    expect(report).toEqual({
      jobsCompleted: 1,
      firstTimeFix: { jobs: 1, fixedFirstTime: 1, rate: 1 },
      revenueByJobType: [{ jobType: 'plumbing', invoices: 1, revenue: { amountCents: 19_000 } }],
    });
    expect(codes(await as(tenant, REPORT, month, 'technician'))).toEqual(['FORBIDDEN']);

    const other = await freshTenant(stack, 'serviceRepair');
    expect(codes(await as(other, REFUND, { id: invoiceId, input: { amountCents: 1, method: 'card', reason: 'x' } }))).toEqual(['NOT_FOUND']);
    expect((await ok<{ serviceReport: Record<string, unknown> }>(other, REPORT, month)).serviceReport).toMatchObject({ jobsCompleted: 0, revenueByJobType: [] });
  });
});
