// The owner's report on a small data set computed by hand: March 2031 (21 weekdays), one technician
// working Monday to Friday 09:00–17:00 UTC with Thursday the 20th off, three jobs completed in the
// month, one of them followed by a return visit, invoices of two job types.
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, createTechnician, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-reports');
});

afterAll(async () => {
  await h?.close();
});

const REPORT = `query ($from: String!, $to: String!, $days: Int) {
  serviceReport(from: $from, to: $to, returnWindowDays: $days) {
    from to jobsCompleted
    firstTimeFix { returnWindowDays jobs fixedFirstTime rate }
    response { jobsWithDueBy onTime onTimeRate averageResponseMinutes averageAllowedMinutes averageMarginMinutes }
    technicianUtilisation { technician { id } availableHours bookedHours utilisation }
    revenueByJobType { jobType invoices revenue { amountCents currency } }
  }
}`;
const MARCH = { from: '2031-03-01T00:00:00Z', to: '2031-04-01T00:00:00Z' };
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

const at = (value: string) => new Date(`2031-${value}:00Z`);
const [L1, L2] = [new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId()];
let serial = 0;

interface Job {
  location: mongoose.Types.ObjectId;
  jobType: string;
  created: string;
  steps?: [string, string][];
  status?: string;
  dueBy?: string;
  schedule?: [string, string];
  technicianId?: mongoose.Types.ObjectId;
}

async function job(tenant: TenantContext, j: Job): Promise<mongoose.Types.ObjectId> {
  const by = new mongoose.Types.ObjectId(tenant.userId);
  const steps = j.steps ?? [];
  const [doc] = await h.models.WorkOrder.insertMany([
    {
      ...tenantScope(tenant),
      number: ++serial,
      title: `${j.jobType} at ${j.created}`,
      status: j.status ?? steps.at(-1)?.[0] ?? 'new',
      customerId: new mongoose.Types.ObjectId(),
      locationId: j.location,
      jobType: j.jobType,
      createdAt: at(j.created),
      statusHistory: [{ status: 'new', at: at(j.created), by }, ...steps.map(([status, when]) => ({ status, at: at(when), by }))],
      dueBy: j.dueBy ? at(j.dueBy) : null,
      schedule: j.schedule ? { start: at(j.schedule[0]), end: at(j.schedule[1]) } : null,
      technicianId: j.schedule ? (j.technicianId ?? null) : null,
      createdBy: by,
    },
  ]);
  return doc!._id;
}

async function invoice(tenant: TenantContext, workOrderId: mongoose.Types.ObjectId, subtotalCents: number, status: string, issued: string | null): Promise<void> {
  await h.models.Invoice.insertMany([
    {
      ...tenantScope(tenant),
      number: ++serial,
      workOrderId,
      customerId: new mongoose.Types.ObjectId(),
      locationId: L1,
      status,
      currency: 'USD',
      taxRateBasisPoints: 0,
      lines: [],
      subtotalCents,
      taxCents: 0,
      totalCents: subtotalCents,
      paidCents: 0,
      payments: [],
      issuedAt: issued ? at(issued) : null,
      createdBy: new mongoose.Types.ObjectId(tenant.userId),
    },
  ]);
}

/** The month's data (and some of February and April that must not count). */
async function march(tenant: TenantContext): Promise<{ technician: string }> {
  const technician = await createTechnician(h, tenant, { workingHours: WEEKDAYS, timeZone: 'UTC' });
  const techId = new mongoose.Types.ObjectId(technician);
  await h.models.Technician.updateOne(
    { ...tenantScope(tenant), _id: techId },
    { $push: { timeOff: { start: at('03-20T00:00'), end: at('03-21T00:00'), reason: 'Training' } } },
  );
  const done = (start: string, end: string): [string, string][] => [
    ['in_progress', start],
    ['completed', end],
  ];
  // A: reached 2 h after creation, due in 4 h (120 ahead); B, at the same place and job type a week later, makes A a return.
  const a = await job(tenant, {
    location: L1,
    jobType: 'hvac',
    created: '03-03T08:00',
    steps: done('03-03T10:00', '03-03T12:00'),
    dueBy: '03-03T12:00',
    schedule: ['03-03T10:00', '03-03T12:00'],
    technicianId: techId,
  });
  // B: reached 4 h after creation, due in 2 h (120 late).
  const b = await job(tenant, {
    location: L1,
    jobType: 'hvac',
    created: '03-10T09:00',
    steps: done('03-10T13:00', '03-10T14:00'),
    dueBy: '03-10T11:00',
    schedule: ['03-10T13:00', '03-10T14:00'],
    technicianId: techId,
  });
  // C: no due-by; booked 16:00–18:00, one hour of it within working hours. D (another job type, same place) is no return of it.
  const c = await job(tenant, {
    location: L2,
    jobType: 'plumbing',
    created: '03-05T08:00',
    steps: [['completed', '03-05T18:00']],
    schedule: ['03-05T16:00', '03-05T18:00'],
    technicianId: techId,
  });
  await job(tenant, { location: L2, jobType: 'hvac', created: '03-06T08:00' });
  // Not counted: completed in February and in April; a cancelled visit at A's place (no return, no booked time); work on the day off.
  await job(tenant, { location: L2, jobType: 'plumbing', created: '02-19T08:00', steps: [['completed', '02-20T08:00']] });
  await job(tenant, { location: L2, jobType: 'hvac', created: '04-01T08:00', steps: [['completed', '04-02T08:00']] });
  await job(tenant, { location: L1, jobType: 'hvac', created: '03-12T08:00', status: 'cancelled', schedule: ['03-12T10:00', '03-12T12:00'], technicianId: techId });
  await job(tenant, { location: L2, jobType: 'hvac', created: '03-19T08:00', status: 'dispatched', schedule: ['03-20T10:00', '03-20T11:00'], technicianId: techId });
  // Invoices: hvac 200 + 100, plumbing 50; a void one, a draft and one of April are left out.
  await invoice(tenant, a, 20_000, 'paid', '03-03T15:00');
  await invoice(tenant, b, 10_000, 'partially_paid', '03-11T09:00');
  await invoice(tenant, c, 5_000, 'issued', '03-06T09:00');
  await invoice(tenant, b, 99_900, 'void', '03-10T15:00');
  await invoice(tenant, c, 77_700, 'draft', null);
  await invoice(tenant, a, 55_500, 'issued', '04-05T09:00');
  return { technician };
}

interface Report {
  from: string;
  jobsCompleted: number;
  firstTimeFix: { returnWindowDays: number; jobs: number; fixedFirstTime: number; rate: number | null };
  response: Record<string, number | null>;
  technicianUtilisation: { technician: { id: string }; availableHours: number; bookedHours: number; utilisation: number | null }[];
  revenueByJobType: { jobType: string | null; invoices: number; revenue: { amountCents: number; currency: string } }[];
}
const report = async (tenant: TenantContext, variables: Record<string, unknown> = MARCH) =>
  (await ok<{ serviceReport: Report }>(h, tenant, REPORT, variables)).serviceReport;

describe('the service report', () => {
  it('counts the month as computed by hand', async () => {
    const tenant = serviceTenant();
    const { technician } = await march(tenant);
    const r = await report(tenant);
    expect(r.from).toBe('2031-03-01T00:00:00.000Z');
    expect(r.jobsCompleted).toBe(3);
    // A had a return visit (B, 7 days later); B and C did not.
    expect(r.firstTimeFix).toEqual({ returnWindowDays: 30, jobs: 3, fixedFirstTime: 2, rate: 0.6667 });
    expect(r.response).toEqual({
      jobsWithDueBy: 2,
      onTime: 1,
      onTimeRate: 0.5,
      averageResponseMinutes: 180,
      averageAllowedMinutes: 180,
      averageMarginMinutes: 0,
    });
    // 21 weekdays × 8 h, less the day off = 160 h; booked 2 + 1 + 1 h (the cancelled visit and the day off's job do not count).
    expect(r.technicianUtilisation).toEqual([{ technician: { id: technician }, availableHours: 160, bookedHours: 4, utilisation: 0.025 }]);
    expect(r.revenueByJobType).toEqual([
      { jobType: 'hvac', invoices: 2, revenue: { amountCents: 30_000, currency: 'USD' } },
      { jobType: 'plumbing', invoices: 1, revenue: { amountCents: 5_000, currency: 'USD' } },
    ]);
  });

  it('with a 5-day return window, B came too late to be a return of A', async () => {
    const tenant = serviceTenant();
    await march(tenant);
    expect((await report(tenant, { ...MARCH, days: 5 })).firstTimeFix).toEqual({ returnWindowDays: 5, jobs: 3, fixedFirstTime: 3, rate: 1 });
  });

  it('a job recorded after the work it records (created after its completion) is not its own return', async () => {
    const tenant = serviceTenant();
    await job(tenant, {
      location: L1,
      jobType: 'plumbing',
      created: '03-10T12:00',
      steps: [
        ['in_progress', '03-10T08:00'],
        ['completed', '03-10T10:00'],
      ],
    });
    expect((await report(tenant, MARCH)).firstTimeFix).toEqual({ returnWindowDays: 30, jobs: 1, fixedFirstTime: 1, rate: 1 });
  });

  it('reads a year in as many database commands as a month', async () => {
    const tenant = serviceTenant();
    await march(tenant);
    // More of the same in other months, so the year has more rows than the month.
    for (const month of ['05', '07', '09']) {
      const id = await job(tenant, { location: L1, jobType: 'hvac', created: `${month}-06T08:00`, steps: [['completed', `${month}-06T12:00`]] });
      await invoice(tenant, id, 1_000, 'paid', `${month}-07T08:00`);
    }
    const commandsFor = async (variables: Record<string, unknown>) => {
      let seen: Report | null = null;
      const counter = await h.commands(async () => {
        seen = await report(tenant, variables);
      });
      return { count: counter.commands.length, jobs: seen!.jobsCompleted };
    };
    const month = await commandsFor(MARCH);
    const year = await commandsFor({ from: '2031-01-01T00:00:00Z', to: '2032-01-01T00:00:00Z' });
    // The year: March's 3, February's and April's, and the 3 added.
    expect([month.jobs, year.jobs]).toEqual([3, 8]);
    expect(year.count).toBe(month.count);
  });

  it('refuses a backwards period, one longer than 366 days, a bad window and a malformed date', async () => {
    const tenant = serviceTenant();
    expect(codes(await h.run(tenant, REPORT, { from: MARCH.to, to: MARCH.from }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, REPORT, { from: '2030-01-01T00:00:00Z', to: '2031-03-01T00:00:00Z' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, REPORT, { ...MARCH, days: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, REPORT, { ...MARCH, from: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('tenants and roles', () => {
  it("another tenant's report of the same month sees none of our work", async () => {
    const [tenant, other] = [serviceTenant(), serviceTenant()];
    await march(tenant);
    const r = await report(other);
    expect(r).toMatchObject({ jobsCompleted: 0, technicianUtilisation: [], revenueByJobType: [] });
    expect(r.firstTimeFix.rate).toBeNull();
    expect(r.response.averageResponseMinutes).toBeNull();
  });

  it('the office reads it (viewer, dispatcher); a technician is FORBIDDEN; a trucking tenant FEATURE_DISABLED', async () => {
    const tenant = serviceTenant();
    await march(tenant);
    const as = (roles: string[]) => makeTenantContext({ ...tenant, roles });
    expect((await report(as(['viewer']))).jobsCompleted).toBe(3);
    expect((await report(as(['dispatcher']))).jobsCompleted).toBe(3);
    expect(codes(await h.run(as(['technician']), REPORT, MARCH))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(serviceTenant({ appType: 'trucking' }), REPORT, MARCH))).toEqual(['FEATURE_DISABLED']);
  });
});
