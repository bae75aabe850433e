// Parties, freight invoices and driver settlements through the real gateway: a dispatcher of a demo
// tenant invoices two delivered loads and records a payment; the owner's settlement configuration
// changes what a driver's settlement pays; another tenant gets NOT_FOUND for every id, and each role
// does what it may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';
import { seedTenants } from './subgraph-commands';

const TTL_MS = 200;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

const pastCacheLifetime = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));

async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'dispatcher',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'dispatcher'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

/** A fresh trucking tenant with the demo data (parties, delivered loads ready to invoice, an invoice part paid). */
async function demoTenant(): Promise<ProvisionedTenant> {
  const tenant = await freshTenant(stack, 'trucking');
  await seedTenants(stack.mongodbUri, 'trucking', [tenant.slug]);
  return tenant;
}

const INVOICE = `id number status billTo { name } totalCents paidCents balanceCents balanceFormatted loads { referenceNumber status }
  lines { kind amountCents } payments { amountCents method reference }`;
const Q = {
  ready: `{ loads(first: 50, filter: { status: [delivered] }) { edges { node { id referenceNumber billTo { id name } totalCents accessorials { kind amountCents } } } } }`,
  invoices: `{ freightInvoices { totalCount edges { node { ${INVOICE} } } } }`,
  create: `mutation ($ids: [ID!]!) { createFreightInvoice(loadIds: $ids) { ${INVOICE} } }`,
  send: `mutation ($id: ID!) { sendFreightInvoice(id: $id) { ${INVOICE} dueAt } }`,
  pay: `mutation ($id: ID!, $input: RecordFreightPaymentInput!) { recordFreightPayment(id: $id, input: $input) { ${INVOICE} } }`,
  void: `mutation ($id: ID!, $reason: String!) { voidFreightInvoice(id: $id, reason: $reason) { id status } }`,
  invoice: `query ($id: ID!) { freightInvoice(id: $id) { ${INVOICE} } }`,
  parties: `{ parties { totalCount edges { node { id name kinds locations { id name } } } } }`,
  party: `query ($id: ID!) { party(id: $id) { id name } }`,
  updateParty: `mutation ($id: ID!, $input: UpdatePartyInput!) { updateParty(id: $id, input: $input) { id name } }`,
  addAccessorial: `mutation ($id: ID!, $input: AddAccessorialInput!) { addAccessorial(loadId: $id, input: $input) { id totalCents } }`,
  drivers: `{ drivers { edges { node { id } } } }`,
  settle: `mutation ($input: CreateDriverSettlementInput!) { createDriverSettlement(input: $input) { id payBasis totalCents lines { referenceNumber distance amountCents } } }`,
  voidSettlement: `mutation ($id: ID!) { voidDriverSettlement(id: $id, reason: "Recomputed with the new pay basis") { id status } }`,
  settlement: `query ($id: ID!) { driverSettlement(id: $id) { id } }`,
  updateConfig: 'mutation ($set: JSON) { updateTenantConfig(set: $set) { overriddenKeys } }',
};

interface InvoiceView {
  id: string;
  number: number;
  status: string;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  balanceFormatted: string;
  loads: { referenceNumber: string; status: string }[];
  payments: { amountCents: number; method: string; reference: string | null }[];
}
interface ReadyLoad {
  id: string;
  referenceNumber: string;
  billTo: { id: string; name: string } | null;
  totalCents: number;
}

const readyLoads = async (tenant: ProvisionedTenant): Promise<ReadyLoad[]> =>
  (await ok<{ loads: { edges: { node: ReadyLoad }[] } }>(tenant, Q.ready)).loads.edges.map((e) => e.node).filter((l) => ['L-1007', 'L-1008'].includes(l.referenceNumber));

describe('trucking money through the gateway', () => {
  it('as a dispatcher of a demo tenant: invoices two delivered loads of one bill-to, sends the invoice and records a partial then a final payment', async () => {
    const tenant = await demoTenant();
    const seeded = await ok<{ freightInvoices: { totalCount: number; edges: { node: InvoiceView }[] } }>(tenant, Q.invoices);
    expect(seeded.freightInvoices.edges.map((e) => e.node)).toMatchObject([
      { number: 1, status: 'sent', balanceCents: 98_000, payments: [{ amountCents: 100_000, method: 'ach' }] },
    ]);

    const ready = await readyLoads(tenant);
    expect(ready.map((l) => l.billTo?.name)).toEqual(['Lone Star Grocers', 'Lone Star Grocers']);
    const created = (await ok<{ createFreightInvoice: InvoiceView }>(tenant, Q.create, { ids: ready.map((l) => l.id) })).createFreightInvoice;
    expect(created).toMatchObject({ number: 2, status: 'draft', totalCents: 385_000, paidCents: 0 });
    expect(created.loads.map((l) => l.status)).toEqual(['invoiced', 'invoiced']);
    // Not twice.
    expect((await as(tenant, Q.create, { ids: [ready[0]!.id] })).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LOAD_INVOICED' });

    const sent = (await ok<{ sendFreightInvoice: InvoiceView & { dueAt: string } }>(tenant, Q.send, { id: created.id })).sendFreightInvoice;
    expect(sent.status).toBe('sent');
    const partial = (
      await ok<{ recordFreightPayment: InvoiceView }>(tenant, Q.pay, { id: created.id, input: { amountCents: 185_000, method: 'check', reference: '10442' } })
    ).recordFreightPayment;
    expect(partial).toMatchObject({ status: 'sent', paidCents: 185_000, balanceCents: 200_000, balanceFormatted: '$2,000.00' });
    expect((await as(tenant, Q.pay, { id: created.id, input: { amountCents: 200_001, method: 'ach' } })).body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      balanceCents: 200_000,
    });
    const paid = (await ok<{ recordFreightPayment: InvoiceView }>(tenant, Q.pay, { id: created.id, input: { amountCents: 200_000, method: 'ach' } }))
      .recordFreightPayment;
    expect(paid).toMatchObject({ status: 'paid', balanceCents: 0 });
  });

  it("the owner's settlement configuration changes what a driver's settlement pays", async () => {
    const tenant = await demoTenant();
    const driver = (await ok<{ drivers: { edges: { node: { id: string } }[] } }>(tenant, Q.drivers)).drivers.edges[0]!.node.id;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const period = { driverId: driver, periodStart: day(-10), periodEnd: day(1) };
    type Settled = { createDriverSettlement: { id: string; payBasis: string; totalCents: number; lines: { distance: number; amountCents: number }[] } };

    const byMile = (await ok<Settled>(tenant, Q.settle, { input: period })).createDriverSettlement;
    expect(byMile.payBasis).toBe('per_mile');
    expect(byMile.lines.length).toBeGreaterThanOrEqual(2);
    expect(byMile.lines.map((l) => l.amountCents)).toEqual(byMile.lines.map((l) => Math.round(l.distance * 60)));
    await ok(tenant, Q.voidSettlement, { id: byMile.id });

    expect((await as(tenant, Q.updateConfig, { set: { settlement: { payBasis: 'per_load', ratePerLoadCents: 32_500 } } }, 'owner')).body.errors).toBeUndefined();
    await pastCacheLifetime();
    const byLoad = (await ok<Settled>(tenant, Q.settle, { input: period })).createDriverSettlement;
    expect(byLoad).toMatchObject({ payBasis: 'per_load', totalCents: 32_500 * byMile.lines.length });
    expect(byLoad.totalCents).not.toBe(byMile.totalCents);

    const refused = await as(tenant, Q.updateConfig, { set: { settlement: { payBasis: 'per_hour' } } }, 'owner');
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('another tenant gets NOT_FOUND for every party, invoice and settlement id, and nothing changes', async () => {
    const [mine, other] = await Promise.all([demoTenant(), freshTenant(stack, 'trucking')]);
    const invoice = (await ok<{ freightInvoices: { edges: { node: InvoiceView }[] } }>(mine, Q.invoices)).freightInvoices.edges[0]!.node;
    const party = (await ok<{ parties: { edges: { node: { id: string } }[] } }>(mine, Q.parties)).parties.edges[0]!.node;
    const ready = await readyLoads(mine);
    const driver = (await ok<{ drivers: { edges: { node: { id: string } }[] } }>(mine, Q.drivers)).drivers.edges[0]!.node.id;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const settlement = (await ok<{ createDriverSettlement: { id: string } }>(mine, Q.settle, { input: { driverId: driver, periodStart: day(-10), periodEnd: day(1) } }))
      .createDriverSettlement;
    for (const [query, variables] of [
      [Q.settlement, { id: settlement.id }],
      [Q.voidSettlement, { id: settlement.id }],
      [Q.settle, { input: { driverId: driver, periodStart: day(-10), periodEnd: day(1) } }],
      [Q.invoice, { id: invoice.id }],
      [Q.send, { id: invoice.id }],
      [Q.pay, { id: invoice.id, input: { amountCents: 1, method: 'ach' } }],
      [Q.void, { id: invoice.id, reason: 'x' }],
      [Q.party, { id: party.id }],
      [Q.updateParty, { id: party.id, input: { name: 'Taken' } }],
      [Q.create, { ids: [ready[0]!.id] }],
      [Q.addAccessorial, { id: ready[0]!.id, input: { kind: 'lumper', amountCents: 100 } }],
    ] as const) {
      expect(codes(await as(other, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect((await ok<{ freightInvoice: InvoiceView }>(mine, Q.invoice, { id: invoice.id })).freightInvoice).toMatchObject({ paidCents: 100_000, status: 'sent' });
    expect((await readyLoads(mine)).map((l) => l.totalCents)).toEqual(ready.map((l) => l.totalCents));
    expect((await ok<{ driverSettlement: { id: string } }>(mine, Q.settlement, { id: settlement.id })).driverSettlement.id).toBe(settlement.id);
  });

  it('each role: the dispatcher invoices, the viewer reads, the driver sees no invoice', async () => {
    const tenant = await demoTenant();
    const ready = await readyLoads(tenant);
    expect((await ok<{ freightInvoices: { totalCount: number } }>(tenant, Q.invoices, {}, 'viewer')).freightInvoices.totalCount).toBe(1);
    expect(codes(await as(tenant, Q.create, { ids: ready.map((l) => l.id) }, 'viewer'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.invoices, {}, 'driver'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(tenant, Q.create, { ids: ready.map((l) => l.id) }, 'driver'))).toEqual(['FORBIDDEN']);
    expect((await ok<{ parties: { totalCount: number } }>(tenant, Q.parties, {}, 'viewer')).parties.totalCount).toBe(3);
    expect(codes(await as(tenant, Q.create, { ids: ready.map((l) => l.id) }, 'admin'))).toEqual([]);
  });
});
