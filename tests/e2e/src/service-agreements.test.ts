// Recurring work and the technician's week through the real gateway, as the office manager (the
// dispatcher role) runs them; and the billing and travel configuration keys acting through the
// gateway's signed context.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, oid, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

// Short, so a configuration change reaches the gateway's signed context quickly.
const TTL_MS = 200;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenantCacheTtlMs: TTL_MS });
});

afterAll(async () => {
  await stack?.stop();
});

const pastCacheLifetime = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 100));
const DAY_MS = 24 * 60 * 60 * 1000;

async function call<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  role: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'dispatcher'): Promise<T> {
  const res = await call<T>(tenant, role, query, variables);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const CONFIG = 'mutation ($set: JSON, $clear: [String!]) { updateTenantConfig(set: $set, clear: $clear) { overriddenKeys } }';
const AGREEMENT = `id name rrule startsAt nextOccurrences(count: 4) customer { id }
  workOrders { totalCount edges { node { id number status occursAt requestedWindow { start end } agreement { id } } } }`;
const CREATE_AGREEMENT = `mutation ($input: CreateServiceAgreementInput!) { createServiceAgreement(input: $input) { ${AGREEMENT} } }`;
const GET_AGREEMENT = `query ($id: ID!) { serviceAgreement(id: $id) { ${AGREEMENT} } }`;
const WEEK = `query ($technicianId: ID!, $from: String!, $to: String!) {
  technicianSchedule(technicianId: $technicianId, from: $from, to: $to) {
    technician { id } timeZone days { date jobCount jobs { start end workOrder { id number } } freeSlots { start end } }
  }
}`;
const DISPATCH = `mutation ($id: ID!, $technicianId: ID) {
  dispatchWorkOrder(id: $id, technicianId: $technicianId) { workOrder { id technician { id } schedule { start end } } ranking { technician { id } eligible ineligibleBecause } }
}`;
const ALL_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const CHICAGO = { lat: 41.9214, lng: -87.6336 };
const MILWAUKEE = { lat: 43.0389, lng: -87.9065 };

interface Office {
  tenant: ProvisionedTenant;
  customer: string;
  technician: string;
}

/** A fresh tenant's office: an area, a customer in Lincoln Park, its technician user's profile (home base given). */
async function office(homeBase = CHICAGO): Promise<Office> {
  const tenant = await freshTenant(stack, 'serviceRepair');
  const area = (
    await ok<{ createServiceArea: { id: string } }>(
      tenant,
      'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
      {
        input: { name: 'Lincoln Park', zipCodes: ['60614'] },
      },
      'owner',
    )
  ).createServiceArea.id;
  const customer = (
    await ok<{ createCustomer: { id: string } }>(tenant, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' }, coordinates: CHICAGO }] },
    })
  ).createCustomer.id;
  const userId = tenant.users.find((u) => u.roles.includes('technician' as never))!.id;
  const technician = (
    await ok<{ createTechnician: { id: string } }>(
      tenant,
      'mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
      {
        input: { userId, serviceAreaIds: [area], workingHours: ALL_DAY, homeBase },
      },
      'owner',
    )
  ).createTechnician.id;
  return { tenant, customer, technician };
}

/** The next day at 00:00 UTC, `days` days from now. */
const dayFromNow = (days: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
};

interface AgreementView {
  id: string;
  nextOccurrences: string[];
  workOrders: {
    totalCount: number;
    edges: { node: { id: string; status: string; occursAt: string; requestedWindow: { start: string; end: string }; agreement: { id: string } } }[];
  };
}

describe('the office manager runs recurring work and reads a week', () => {
  it('creates a quarterly agreement and sees its next work orders; reads the technician week with a booked job', { timeout: 60_000 }, async () => {
    const o = await office();
    const start = new Date(dayFromNow(7).getTime() + 14 * 60 * 60 * 1000);
    const agreement = (
      await ok<{ createServiceAgreement: AgreementView }>(o.tenant, CREATE_AGREEMENT, {
        input: {
          name: 'Rooftop units',
          customerId: o.customer,
          rrule: 'FREQ=MONTHLY;INTERVAL=3',
          startsAt: start.toISOString(),
          template: { title: 'Quarterly maintenance', estimatedMinutes: 90 },
        },
      })
    ).createServiceAgreement;
    expect(agreement.nextOccurrences).toHaveLength(4);
    expect(agreement.nextOccurrences[0]).toBe(start.toISOString());
    const months = agreement.nextOccurrences.map((iso) => new Date(iso).getUTCMonth());
    expect(months.slice(1).map((m, i) => (m - months[i]! + 12) % 12)).toEqual([3, 3, 3]);
    // Within the 60-day horizon: the first visit only, open for the template's window.
    expect(agreement.workOrders.totalCount).toBe(1);
    const visit = agreement.workOrders.edges[0]!.node;
    expect(visit).toMatchObject({ status: 'new', occursAt: start.toISOString(), agreement: { id: agreement.id } });

    // The visit dispatched to the technician shows on their week.
    await ok(o.tenant, DISPATCH, { id: visit.id, technicianId: o.technician });
    const from = dayFromNow(7);
    const week = (
      await ok<{
        technicianSchedule: { timeZone: string; days: { date: string; jobCount: number; jobs: { start: string; workOrder: { id: string } }[]; freeSlots: unknown[] }[] };
      }>(o.tenant, WEEK, { technicianId: o.technician, from: from.toISOString(), to: new Date(from.getTime() + 7 * DAY_MS).toISOString() })
    ).technicianSchedule;
    expect(week.days).toHaveLength(7);
    expect(week.days[0]).toMatchObject({ jobCount: 1, jobs: [{ start: start.toISOString(), workOrder: { id: visit.id } }] });
    expect(week.days.slice(1).every((d) => d.jobCount === 0 && d.freeSlots.length === 1)).toBe(true);
  });

  it("answers NOT_FOUND to another tenant for the agreement and the technician's week; a viewer reads but does not write", { timeout: 60_000 }, async () => {
    const [mine, theirs] = await Promise.all([office(), office()]);
    const start = new Date(dayFromNow(10).getTime() + 9 * 60 * 60 * 1000).toISOString();
    const input = { name: 'Boilers', customerId: mine.customer, rrule: 'FREQ=MONTHLY', startsAt: start, template: { title: 'Boiler check' } };
    const agreement = (await ok<{ createServiceAgreement: AgreementView }>(mine.tenant, CREATE_AGREEMENT, { input })).createServiceAgreement;
    for (const role of ['owner', 'dispatcher']) {
      expect(codes(await call(theirs.tenant, role, GET_AGREEMENT, { id: agreement.id }))).toEqual(['NOT_FOUND']);
      const range = { from: dayFromNow(1).toISOString(), to: dayFromNow(8).toISOString() };
      expect(codes(await call(theirs.tenant, role, WEEK, { technicianId: mine.technician, ...range }))).toEqual(['NOT_FOUND']);
      expect(codes(await call(theirs.tenant, role, CREATE_AGREEMENT, { input }))).toEqual(['NOT_FOUND']);
    }
    expect((await ok<{ serviceAgreement: AgreementView }>(mine.tenant, GET_AGREEMENT, { id: agreement.id }, 'viewer')).serviceAgreement.id).toBe(agreement.id);
    expect(codes(await call(mine.tenant, 'viewer', CREATE_AGREEMENT, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(mine.tenant, 'technician', CREATE_AGREEMENT, { input }))).toEqual(['FORBIDDEN']);
  });
});

describe('configuration that acts, through the gateway', () => {
  it('dispatch.maxTravelDistance: a technician in Milwaukee is out of reach at the default 50 mi, in reach at 100 mi', { timeout: 60_000 }, async () => {
    const o = await office(MILWAUKEE);
    const order = async () =>
      (
        await ok<{ createWorkOrder: { id: string } }>(o.tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
          input: { title: 'Fix', customerId: o.customer },
        })
      ).createWorkOrder.id;
    const refused = await call(o.tenant, 'dispatcher', DISPATCH, { id: await order(), technicianId: o.technician });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.body.errors?.[0]?.message).toContain('farther than the maximum travel distance of 50 mi');
    await ok(o.tenant, CONFIG, { set: { dispatch: { maxTravelDistance: 100 } } }, 'owner');
    await pastCacheLifetime();
    const booked = await ok<{ dispatchWorkOrder: { workOrder: { technician: { id: string } } } }>(o.tenant, DISPATCH, { id: await order(), technicianId: o.technician });
    expect(booked.dispatchWorkOrder.workOrder.technician.id).toBe(o.technician);
  });

  it('billing.quoteValidDays: a sent quote stays open 30 days by default, 7 once set', { timeout: 60_000 }, async () => {
    const o = await office();
    const sent = async () => {
      const quote = (
        await ok<{ createQuote: { id: string } }>(o.tenant, 'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { id } }', {
          input: { customerId: o.customer, title: 'AC repair', lines: [{ kind: 'fee', description: 'Trip charge', quantity: 1, unitPriceCents: 4_900 }] },
        })
      ).createQuote.id;
      const view = (
        await ok<{ sendQuote: { validUntil: string; sentAt: string } }>(o.tenant, 'mutation ($id: ID!) { sendQuote(id: $id) { validUntil sentAt } }', { id: quote })
      ).sendQuote;
      return Math.round((Date.parse(view.validUntil) - Date.parse(view.sentAt)) / DAY_MS);
    };
    expect(await sent()).toBe(30);
    await ok(o.tenant, CONFIG, { set: { billing: { quoteValidDays: 7 } } }, 'owner');
    await pastCacheLifetime();
    expect(await sent()).toBe(7);
  });

  it("billing.labourRateCents: an invoice bills the recorded hours at the tenant's rate, 95.00 by default, 120.00 once set", { timeout: 60_000 }, async () => {
    const o = await office();
    const workOrders = stack.collection('service', 'workOrders');
    /** A work order completed after two recorded hours (its history arranged in the database), invoiced. */
    const invoicedLabour = async () => {
      const id = (
        await ok<{ createWorkOrder: { id: string } }>(o.tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
          input: { title: 'Fix', customerId: o.customer },
        })
      ).createWorkOrder.id;
      const started = new Date(Date.now() - 3 * 60 * 60 * 1000);
      const by = oid(o.tenant.users[0]!.id);
      await workOrders.updateOne(
        { _id: oid(id) },
        {
          $set: {
            status: 'completed',
            statusHistory: [
              { status: 'new', at: started, by },
              { status: 'in_progress', at: started, by },
              { status: 'completed', at: new Date(started.getTime() + 2 * 60 * 60 * 1000), by },
            ],
          },
        },
      );
      const invoice = (
        await ok<{ createInvoice: { lines: { kind: string; quantity: number; unitPrice: { amountCents: number } }[] } }>(
          o.tenant,
          'mutation ($id: ID!) { createInvoice(workOrderId: $id) { lines { kind quantity unitPrice { amountCents } } } }',
          { id },
        )
      ).createInvoice;
      return invoice.lines.filter((l) => l.kind === 'labour').map((l) => [l.quantity, l.unitPrice.amountCents]);
    };
    expect(await invoicedLabour()).toEqual([[2, 9_500]]);
    await ok(o.tenant, CONFIG, { set: { billing: { labourRateCents: 12_000 } } }, 'owner');
    await pastCacheLifetime();
    expect(await invoicedLabour()).toEqual([[2, 12_000]]);
  });
});
