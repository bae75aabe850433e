// Service agreements: a schedule rule (RRULE) generating work orders over a 60-day horizon, once per
// occurrence however many generations run; edits the future unbooked work follows; retirement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, Deadline, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createCustomer, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';
import { generateForTenant } from './generator';

// Monday 2031-03-03, 06:00 UTC: every "now" unless a tenant's clock says otherwise.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-agreements', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id name rrule startsAt endsAt retiredAt generatedThrough nextOccurrences(count: 4)
  customer { id } location { id }
  template { title description priority jobType estimatedMinutes windowHours requiredSkills { name minLevel } lines { id description quantity unitPriceCents } }
  workOrders(first: 50) { totalCount edges { node { id number title status occursAt estimatedMinutes requestedWindow { start end } agreement { id } location { id } } } }`;
const CREATE = `mutation ($input: CreateServiceAgreementInput!) { createServiceAgreement(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateServiceAgreementInput!) { updateServiceAgreement(id: $id, input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!) { retireServiceAgreement(id: $id) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { serviceAgreement(id: $id) { ${FIELDS} } }`;
const LIST = `query ($first: Int, $filter: ServiceAgreementFilter) {
  serviceAgreements(first: $first, filter: $filter) { totalCount edges { node { id name nextOccurrences(count: 2) customer { id name } location { id } } } }
}`;

interface Order {
  id: string;
  number: number;
  title: string;
  status: string;
  occursAt: string;
  estimatedMinutes: number;
  requestedWindow: { start: string; end: string };
  agreement: { id: string };
  location: { id: string };
}
interface View {
  id: string;
  name: string;
  rrule: string;
  retiredAt: string | null;
  generatedThrough: string | null;
  nextOccurrences: string[];
  location: { id: string };
  template: { title: string; estimatedMinutes: number; windowHours: number; jobType: string | null; lines: { description: string }[] };
  workOrders: { totalCount: number; edges: { node: Order }[] };
}

interface World {
  tenant: TenantContext;
  customer: { id: string; locationIds: string[] };
}

async function world(settings?: TenantContext['settings']): Promise<World> {
  const tenant = serviceTenant(settings ? { settings } : {});
  return { tenant, customer: await createCustomer(h, tenant) };
}

const QUARTERLY = 'FREQ=MONTHLY;INTERVAL=3';
const TEMPLATE = {
  title: 'Quarterly HVAC maintenance',
  jobType: 'hvac-maintenance',
  estimatedMinutes: 90,
  lines: [{ description: 'Filter change and coil clean', quantity: 1, unitPriceCents: 8_900 }],
};

const create = async (w: World, input: Record<string, unknown> = {}) =>
  (
    await ok<{ createServiceAgreement: View }>(h, w.tenant, CREATE, {
      input: { name: 'Rooftop units', customerId: w.customer.id, template: TEMPLATE, rrule: QUARTERLY, startsAt: '2031-03-10T14:00:00Z', ...input },
    })
  ).createServiceAgreement;
const get = async (tenant: TenantContext, id: string) => (await ok<{ serviceAgreement: View }>(h, tenant, GET, { id })).serviceAgreement;
const occursAt = (view: View) => view.workOrders.edges.map((e) => e.node.occursAt).sort();
const silent = createLogger('test-generate-agreements', 'silent');
const generate = (w: World) =>
  generateForTenant({ models: h.models, clock: h.clock(w.tenant), log: silent, auditConnection: h.connection }, { id: w.tenant.tenantId, slug: w.tenant.slug });

describe('service agreements', () => {
  it('a quarterly agreement shows its next occurrences and generates the work orders of the next 60 days', async () => {
    const w = await world();
    const agreement = await create(w);
    expect(agreement.rrule).toBe(QUARTERLY);
    expect(agreement.nextOccurrences).toEqual(['2031-03-10T14:00:00.000Z', '2031-06-10T14:00:00.000Z', '2031-09-10T14:00:00.000Z', '2031-12-10T14:00:00.000Z']);
    expect(agreement.generatedThrough).toBe('2031-05-02T06:00:00.000Z');
    expect(agreement.template).toMatchObject({ title: TEMPLATE.title, jobType: 'hvac-maintenance', estimatedMinutes: 90, windowHours: 8 });
    expect(agreement.workOrders.totalCount).toBe(1);
    expect(agreement.workOrders.edges[0]!.node).toMatchObject({
      title: TEMPLATE.title,
      status: 'new',
      occursAt: '2031-03-10T14:00:00.000Z',
      estimatedMinutes: 90,
      requestedWindow: { start: '2031-03-10T14:00:00.000Z', end: '2031-03-10T22:00:00.000Z' },
      agreement: { id: agreement.id },
      location: { id: w.customer.locationIds[0] },
    });
  });

  it("runs the rule on the tenant's wall clock: the first Monday at 09:00 in Chicago stays 09:00 across the DST change", async () => {
    // 2031-03-03 is the first Monday of March; clocks in Chicago go forward on 2031-03-09 (CST −6 → CDT −5).
    const input = { rrule: 'FREQ=MONTHLY;BYDAY=1MO', startsAt: '2031-03-03T15:00:00Z' };
    const chicago = await create(await world({ 'workingHours.timezone': 'America/Chicago' }), input);
    expect(chicago.nextOccurrences).toEqual(['2031-03-03T15:00:00.000Z', '2031-04-07T14:00:00.000Z', '2031-05-05T14:00:00.000Z', '2031-06-02T14:00:00.000Z']);
    // The generated visits of the next 60 days are at those instants.
    expect(occursAt(chicago)).toEqual(['2031-03-03T15:00:00.000Z', '2031-04-07T14:00:00.000Z']);
    // Without a time zone the rule runs in UTC, as before: 15:00 UTC, which is 10:00 in Chicago after the change.
    const utc = await create(await world(), input);
    expect(utc.nextOccurrences).toEqual(['2031-03-03T15:00:00.000Z', '2031-04-07T15:00:00.000Z', '2031-05-05T15:00:00.000Z', '2031-06-02T15:00:00.000Z']);
  });

  it('keeps the local hour when clocks go back: a weekly Friday visit at 08:00 in Berlin across the end of summer time', async () => {
    // Summer time in Berlin ends on 2031-10-26 (CEST +2 → CET +1); the tenant's clock is a week before.
    const w = await world({ 'workingHours.timezone': 'Europe/Berlin' });
    h.clock(w.tenant).set(new Date('2031-10-15T00:00:00Z'));
    const weekly = await create(w, { rrule: 'FREQ=WEEKLY', startsAt: '2031-10-17T06:00:00Z' });
    expect(weekly.nextOccurrences).toEqual(['2031-10-17T06:00:00.000Z', '2031-10-24T06:00:00.000Z', '2031-10-31T07:00:00.000Z', '2031-11-07T07:00:00.000Z']);
  });

  it("takes the job's duration from the tenant's dispatch.defaultJobDurationMinutes when the template names none", async () => {
    const w = await world({ 'dispatch.defaultJobDurationMinutes': 150 });
    const agreement = await create(w, { template: { title: 'Boiler service' } });
    expect(agreement.template.estimatedMinutes).toBe(150);
    expect(agreement.workOrders.edges[0]!.node.estimatedMinutes).toBe(150);
    const without = await create(await world(), { template: { title: 'Boiler service' } });
    expect(without.template.estimatedMinutes).toBe(60);
  });

  it('the periodic run tops up the horizon as time passes, and a second run creates nothing', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=MONTHLY', endsAt: '2031-07-01T00:00:00Z' });
    expect(occursAt(agreement)).toEqual(['2031-03-10T14:00:00.000Z', '2031-04-10T14:00:00.000Z']);
    h.clock(w.tenant).set('2031-04-15T06:00:00Z');
    expect(await generate(w)).toEqual({ agreements: 1, created: 2, refused: 0 });
    expect(await generate(w)).toEqual({ agreements: 1, created: 0, refused: 0 });
    const after = await get(w.tenant, agreement.id);
    // The agreement ends on July 1st: nothing after it.
    expect(occursAt(after)).toEqual(['2031-03-10T14:00:00.000Z', '2031-04-10T14:00:00.000Z', '2031-05-10T14:00:00.000Z', '2031-06-10T14:00:00.000Z']);
    expect(new Set(after.workOrders.edges.map((e) => e.node.number)).size).toBe(4);
  });

  it('two concurrent runs create every occurrence once', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' });
    const first = agreement.workOrders.totalCount;
    h.clock(w.tenant).set('2031-04-03T06:00:00Z');
    const runs = await Promise.all([generate(w), generate(w), generate(w)]);
    const after = await get(w.tenant, agreement.id);
    // 60 days from March 3rd reach May 2nd; from April 3rd, June 2nd (06:00): 8 more Mondays and Thursdays.
    expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(8);
    expect(after.workOrders.totalCount).toBe(first + 8);
    expect(new Set(occursAt(after)).size).toBe(after.workOrders.totalCount);
  });

  it('takes over an occurrence a dead run claimed without creating its work order, but not one still being created', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=WEEKLY;COUNT=2', startsAt: '2031-05-20T14:00:00Z' });
    expect(agreement.workOrders.totalCount).toBe(0);
    const scope = tenantScope(w.tenant);
    const claim = (at: string, claimedAt: string) => ({ _id: `${agreement.id}@${at}`, ...scope, agreementId: agreement.id, occursAt: at, workOrderId: null, claimedAt });
    await h.models.AgreementOccurrence.create(claim('2031-05-20T14:00:00.000Z', '2031-04-01T06:00:00.000Z'));
    await h.models.AgreementOccurrence.create(claim('2031-05-27T14:00:00.000Z', '2031-04-15T05:59:30.000Z'));
    h.clock(w.tenant).set('2031-04-15T06:00:00Z');
    expect(await generate(w)).toMatchObject({ created: 1 });
    expect(occursAt(await get(w.tenant, agreement.id))).toEqual(['2031-05-20T14:00:00.000Z']);
    h.clock(w.tenant).set('2031-04-15T06:05:00Z');
    expect(await generate(w)).toMatchObject({ created: 1 });
    expect(occursAt(await get(w.tenant, agreement.id))).toEqual(['2031-05-20T14:00:00.000Z', '2031-05-27T14:00:00.000Z']);
  });

  it('an occurrence whose work order is refused (the location retired) is retried by a later run', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=MONTHLY', startsAt: '2031-05-20T14:00:00Z' });
    const customers = h.models.Customer;
    await customers.updateOne({ ...tenantScope(w.tenant), _id: w.customer.id }, { $set: { 'locations.0.retiredAt': NOW } });
    h.clock(w.tenant).set('2031-04-01T06:00:00Z');
    expect(await generate(w)).toEqual({ agreements: 1, created: 0, refused: 1 });
    await customers.updateOne({ ...tenantScope(w.tenant), _id: w.customer.id }, { $set: { 'locations.0.retiredAt': null } });
    expect(await generate(w)).toEqual({ agreements: 1, created: 1, refused: 0 });
    expect(occursAt(await get(w.tenant, agreement.id))).toEqual(['2031-05-20T14:00:00.000Z']);
  });

  it('an edit moves the future unbooked work orders: the template follows, occurrences the rule dropped are cancelled, booked work stays', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const orders = agreement.workOrders.edges.map((e) => e.node).sort((a, b) => a.occursAt.localeCompare(b.occursAt));
    expect(orders.map((o) => o.occursAt.slice(0, 10))).toEqual([
      '2031-03-10',
      '2031-03-17',
      '2031-03-24',
      '2031-03-31',
      '2031-04-07',
      '2031-04-14',
      '2031-04-21',
      '2031-04-28',
    ]);
    // The first is booked: it keeps its title and stays.
    await h.models.WorkOrder.updateOne({ ...tenantScope(w.tenant), _id: orders[0]!.id }, { $set: { status: 'dispatched' } });
    const edited = (
      await ok<{ updateServiceAgreement: View }>(h, w.tenant, UPDATE, {
        id: agreement.id,
        input: { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', template: { title: 'Fortnightly check', windowHours: 4 } },
      })
    ).updateServiceAgreement;
    const byDay = new Map(edited.workOrders.edges.map((e) => [e.node.occursAt.slice(0, 10), e.node]));
    expect(byDay.get('2031-03-10')).toMatchObject({ status: 'dispatched', title: TEMPLATE.title });
    for (const kept of ['2031-03-24', '2031-04-07', '2031-04-21']) {
      expect(byDay.get(kept)).toMatchObject({
        status: 'new',
        title: 'Fortnightly check',
        requestedWindow: { start: `${kept}T14:00:00.000Z`, end: `${kept}T18:00:00.000Z` },
      });
    }
    for (const dropped of ['2031-03-17', '2031-03-31', '2031-04-14', '2031-04-28']) expect(byDay.get(dropped)?.status).toBe('cancelled');
    expect(edited.workOrders.totalCount).toBe(8);
    expect(edited.template).toMatchObject({ title: 'Fortnightly check', windowHours: 4, jobType: 'hvac-maintenance', estimatedMinutes: 90 });
  });

  it('retiring stops generation and cancels the future unbooked work; the history stays', async () => {
    const w = await world();
    const agreement = await create(w, { rrule: 'FREQ=MONTHLY' });
    const [first] = agreement.workOrders.edges.map((e) => e.node).sort((a, b) => a.occursAt.localeCompare(b.occursAt));
    await h.models.WorkOrder.updateOne({ ...tenantScope(w.tenant), _id: first!.id }, { $set: { status: 'completed' } });
    const retired = (await ok<{ retireServiceAgreement: View }>(h, w.tenant, RETIRE, { id: agreement.id })).retireServiceAgreement;
    expect(retired.retiredAt).toBe(NOW.toISOString());
    expect(retired.nextOccurrences).toEqual([]);
    expect(retired.workOrders.edges.map((e) => e.node.status).sort()).toEqual(['cancelled', 'completed']);
    h.clock(w.tenant).set('2031-06-01T06:00:00Z');
    expect(await generate(w)).toEqual({ agreements: 0, created: 0, refused: 0 });
    expect(codes(await h.run(w.tenant, UPDATE, { id: agreement.id, input: { name: 'Again' } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(w.tenant, RETIRE, { id: agreement.id }))).toEqual(['CONFLICT']);
    const list = (await ok<{ serviceAgreements: { totalCount: number } }>(h, w.tenant, LIST, {})).serviceAgreements;
    expect(list.totalCount).toBe(0);
    const all = (await ok<{ serviceAgreements: { totalCount: number } }>(h, w.tenant, LIST, { filter: { includeRetired: true } })).serviceAgreements;
    expect(all.totalCount).toBe(1);
  });

  it('refuses what makes no schedule', async () => {
    const w = await world();
    const refused = async (input: Record<string, unknown>) => {
      const result = await h.run(w.tenant, CREATE, {
        input: { name: 'x', customerId: w.customer.id, template: TEMPLATE, rrule: QUARTERLY, startsAt: '2031-03-10T14:00:00Z', ...input },
      });
      return codes(result);
    };
    expect(await refused({ rrule: 'every quarter' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ rrule: 'FREQ=HOURLY' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ rrule: 'FREQ=MONTHLY;DTSTART=20310101T000000Z' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ endsAt: '2031-03-01T00:00:00Z' })).toEqual(['BAD_USER_INPUT']);
    expect(await refused({ template: { ...TEMPLATE, estimatedMinutes: 300, windowHours: 2 } })).toEqual(['BAD_USER_INPUT']);
    expect((await ok<{ serviceAgreements: { totalCount: number } }>(h, w.tenant, LIST, {})).serviceAgreements.totalCount).toBe(0);
  });

  it('a schedule denser than once a day is refused; one whose work orders the time left cannot cover is refused before anything is written', async () => {
    const w = await world();
    const input = { name: 'Daily', customerId: w.customer.id, template: TEMPLATE, rrule: 'FREQ=DAILY', startsAt: '2031-03-04T14:00:00Z' };
    const twiceADay = await h.run(w.tenant, CREATE, { input: { ...input, rrule: 'FREQ=DAILY;BYHOUR=6,18' } });
    expect(twiceADay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rrule' });
    // A daily rule has 61 occurrences in the horizon: 1 + 61 × 4 writes at WRITE_BUDGET_MS (8 ms) each.
    const short = await h.runBefore(new Deadline(500, () => 0), w.tenant, CREATE, { input });
    expect(codes(short)).toEqual(['DEADLINE_EXCEEDED']);
    expect(short.errors?.[0]?.message).toMatch(/An agreement with 61 work orders needs about 1960 ms and the request has 500 ms left; nothing was written/);
    expect((await ok<{ serviceAgreements: { totalCount: number } }>(h, w.tenant, LIST, { filter: { includeRetired: true } })).serviceAgreements.totalCount).toBe(0);
    expect(await h.models.WorkOrder.countDocuments(tenantScope(w.tenant))).toBe(0);

    // An edit is held to the same: the weekly agreement stays as it was.
    const weekly = await create(w, { rrule: 'FREQ=WEEKLY' });
    expect(codes(await h.run(w.tenant, UPDATE, { id: weekly.id, input: { rrule: 'FREQ=DAILY;BYHOUR=6,18' } }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await h.runBefore(new Deadline(500, () => 0), w.tenant, UPDATE, { id: weekly.id, input: { rrule: 'FREQ=DAILY', template: { title: 'Daily' } } })),
    ).toEqual(['DEADLINE_EXCEEDED']);
    expect(await get(w.tenant, weekly.id)).toMatchObject({ rrule: 'FREQ=WEEKLY', template: { title: TEMPLATE.title }, workOrders: { totalCount: 8 } });
  });

  it('a deadline that passes while the work orders are generated leaves the rest, whole, to the next run', async () => {
    const w = await world();
    // The deadline is read once for the estimate, then before each occurrence: it passes after the third.
    let reads = 0;
    const passing = new Deadline(60_000, () => (++reads <= 4 ? 0 : 60_000));
    const created = await h.runBefore<{ createServiceAgreement: View }>(passing, w.tenant, CREATE, {
      input: { name: 'Daily', customerId: w.customer.id, template: TEMPLATE, rrule: 'FREQ=DAILY', startsAt: '2031-03-04T14:00:00Z' },
    });
    expect(codes(created)).toBeUndefined();
    const agreement = created.data!.createServiceAgreement;
    expect(agreement.generatedThrough).toBeNull();
    expect(occursAt(agreement)).toEqual(['2031-03-04T14:00:00.000Z', '2031-03-05T14:00:00.000Z', '2031-03-06T14:00:00.000Z']);
    expect(await h.models.AgreementOccurrence.countDocuments({ ...tenantScope(w.tenant), workOrderId: null })).toBe(0);
    expect(await generate(w)).toEqual({ agreements: 1, created: 56, refused: 0 });
    const after = await get(w.tenant, agreement.id);
    expect(after.generatedThrough).toBe('2031-05-02T06:00:00.000Z');
    expect(after.workOrders.totalCount).toBe(59);
  });

  it('lists a page of agreements with their customers, and an agreement with its work orders, in a constant number of database commands', async () => {
    const counts: number[][] = [];
    for (const n of [2, 6]) {
      const w = await world();
      let last = '';
      for (let i = 0; i < n; i++)
        last = (
          await create(w, {
            customerId: (await createCustomer(h, w.tenant)).id,
            rrule: 'FREQ=WEEKLY',
            startsAt: '2031-03-04T14:00:00Z',
            endsAt: `2031-03-${10 + n}T23:00:00Z`,
          })
        ).id;
      const list = await h.commands(() => ok(h, w.tenant, LIST, { first: 50 }));
      const one = await h.commands(() => ok(h, w.tenant, GET, { id: last }));
      counts.push([list.commands.length, one.commands.length]);
      list.stop();
      one.stop();
    }
    expect(counts[0]).toEqual(counts[1]);
  });
});

describe('tenant isolation and roles', () => {
  it("every agreement operation is NOT_FOUND on another tenant's agreement, which stays unchanged", async () => {
    const [mine, theirs] = [await world(), await world()];
    const agreement = await create(mine);
    const before = await get(mine.tenant, agreement.id);
    for (const [query, variables] of [
      [GET, { id: agreement.id }],
      [UPDATE, { id: agreement.id, input: { name: 'Mine now' } }],
      [RETIRE, { id: agreement.id }],
    ] as const) {
      expect(codes(await h.run(theirs.tenant, query, variables))).toEqual(['NOT_FOUND']);
    }
    expect(await get(mine.tenant, agreement.id)).toEqual(before);
    expect((await ok<{ serviceAgreements: { totalCount: number } }>(h, theirs.tenant, LIST, {})).serviceAgreements.totalCount).toBe(0);
    expect(await generate(theirs)).toEqual({ agreements: 0, created: 0, refused: 0 });
    const order = before.workOrders.edges[0]!.node.id;
    expect(codes(await h.run(theirs.tenant, 'query ($id: ID!) { workOrder(id: $id) { id agreement { id } } }', { id: order }))).toEqual(['NOT_FOUND']);
  });

  it("refuses another tenant's customer or location", async () => {
    const [mine, theirs] = [await world(), await world()];
    expect(
      codes(
        await h.run(mine.tenant, CREATE, {
          input: { name: 'x', customerId: theirs.customer.id, template: TEMPLATE, rrule: QUARTERLY, startsAt: '2031-03-10T14:00:00Z' },
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    const agreement = await create(mine);
    expect(codes(await h.run(mine.tenant, UPDATE, { id: agreement.id, input: { locationId: theirs.customer.locationIds[0] } }))).toEqual(['NOT_FOUND']);
  });

  it('viewers and technicians read agreements but write none; a dispatcher writes them', async () => {
    const w = await world();
    const agreement = await create(w);
    const as = (role: string) => serviceTenant({ tenantId: w.tenant.tenantId, slug: w.tenant.slug, roles: [role] });
    for (const role of ['viewer', 'technician']) {
      expect((await get(as(role), agreement.id)).id).toBe(agreement.id);
      expect(codes(await h.run(as(role), UPDATE, { id: agreement.id, input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await h.run(as(role), RETIRE, { id: agreement.id }))).toEqual(['FORBIDDEN']);
      expect(
        codes(await h.run(as(role), CREATE, { input: { name: 'x', customerId: w.customer.id, template: TEMPLATE, rrule: QUARTERLY, startsAt: '2031-03-10T14:00:00Z' } })),
      ).toEqual(['FORBIDDEN']);
    }
    expect(codes(await h.run(as('dispatcher'), UPDATE, { id: agreement.id, input: { name: 'Renamed' } }))).toBeUndefined();
    expect(codes(await h.run(as('admin'), RETIRE, { id: agreement.id }))).toBeUndefined();
  });
});
