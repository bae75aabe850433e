// A technician's day and week: jobs, the tenant's travel buffers, time off and the free slots left
// within working hours, with the tenant's daily job limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { codes, createArea, createCustomer, createOrder, createTechnician, DISPATCH, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

// Monday 2031-03-03, 06:00 UTC.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-technician-schedule', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const WINDOW = 'start end';
const SCHEDULE = `query ($technicianId: ID!, $from: String!, $to: String!) {
  technicianSchedule(technicianId: $technicianId, from: $from, to: $to) {
    technician { id } timeZone ownHours from to travelBufferMinutes maxJobsPerDay
    days { date jobCount atDailyLimit workingHours { ${WINDOW} } jobs { start end workOrder { id number title customer { id } } }
      travel { ${WINDOW} } timeOff { ${WINDOW} } freeSlots { ${WINDOW} } }
  }
}`;

interface Window {
  start: string;
  end: string;
}
interface Day {
  date: string;
  jobCount: number;
  atDailyLimit: boolean;
  workingHours: Window[];
  jobs: { start: string; end: string; workOrder: { id: string } }[];
  travel: Window[];
  timeOff: Window[];
  freeSlots: Window[];
}
interface View {
  timeZone: string;
  ownHours: boolean;
  travelBufferMinutes: number;
  maxJobsPerDay: number | null;
  days: Day[];
}

const at = (time: string, day = '03') => `2031-03-${day}T${time}:00.000Z`;
const w8 = (start: string, end: string, day = '03') => ({ start: at(start, day), end: at(end, day) });
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));

interface World {
  tenant: TenantContext;
  technician: string;
  customer: string;
}

async function world(settings?: TenantContext['settings'], technician: Record<string, unknown> = {}): Promise<World> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const [area, customer] = await Promise.all([createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] }), createCustomer(h, tenant)]);
  return { tenant, customer: customer.id, technician: await createTechnician(h, tenant, { workingHours: WEEKDAYS, serviceAreaIds: [area], ...technician }) };
}

async function book(w: World, start: string, end: string, day = '03'): Promise<string> {
  const { id } = await createOrder(h, w.tenant, { customerId: w.customer, requestedWindow: w8(start, end, day), estimatedMinutes: 60 });
  await ok(h, w.tenant, DISPATCH, { id, technicianId: w.technician });
  return id;
}

const schedule = async (w: World, from = at('00:00'), to = at('00:00', '10')) =>
  (await ok<{ technicianSchedule: View }>(h, w.tenant, SCHEDULE, { technicianId: w.technician, from, to })).technicianSchedule;

describe('technicianSchedule', () => {
  it('shows a week by day: jobs, travel buffers around them and the free slots left within working hours', async () => {
    const w = await world({ 'dispatch.travelBufferMinutes': 30 });
    const first = await book(w, '10:00', '11:00');
    const second = await book(w, '14:00', '15:00');
    const week = await schedule(w);
    expect(week).toMatchObject({ timeZone: 'UTC', ownHours: true, travelBufferMinutes: 30, maxJobsPerDay: null });
    expect(week.days.map((d) => d.date)).toEqual(['2031-03-03', '2031-03-04', '2031-03-05', '2031-03-06', '2031-03-07', '2031-03-08', '2031-03-09']);
    const monday = week.days[0]!;
    expect(monday.jobs.map((j) => [j.start, j.workOrder.id])).toEqual([
      [at('10:00'), first],
      [at('14:00'), second],
    ]);
    expect(monday.travel).toEqual([w8('09:30', '10:00'), w8('11:00', '11:30'), w8('13:30', '14:00'), w8('15:00', '15:30')]);
    expect(monday.freeSlots).toEqual([w8('08:00', '09:30'), w8('11:30', '13:30'), w8('15:30', '17:00')]);
    expect(week.days[1]!.freeSlots).toEqual([w8('08:00', '17:00', '04')]);
    // The weekend: no working hours, nothing free.
    expect(week.days[5]).toMatchObject({ workingHours: [], freeSlots: [], jobCount: 0 });
  });

  it('without dispatch.travelBufferMinutes there are no buffers: the free time runs up to each job', async () => {
    const w = await world();
    await book(w, '10:00', '11:00');
    const monday = (await schedule(w, at('00:00'), at('00:00', '04'))).days[0]!;
    expect(monday.travel).toEqual([]);
    expect(monday.freeSlots).toEqual([w8('08:00', '10:00'), w8('11:00', '17:00')]);
  });

  it('a day at dispatch.maxJobsPerTechnicianPerDay has no free slot; without the key it has', async () => {
    const limited = await world({ 'dispatch.maxJobsPerTechnicianPerDay': 1 });
    await book(limited, '10:00', '11:00');
    const view = await schedule(limited, at('00:00'), at('00:00', '05'));
    expect(view.maxJobsPerDay).toBe(1);
    expect(view.days[0]).toMatchObject({ jobCount: 1, atDailyLimit: true, freeSlots: [] });
    expect(view.days[1]).toMatchObject({ jobCount: 0, atDailyLimit: false, freeSlots: [w8('08:00', '17:00', '04')] });
    const open = await world();
    await book(open, '10:00', '11:00');
    expect((await schedule(open, at('00:00'), at('00:00', '04'))).days[0]).toMatchObject({
      atDailyLimit: false,
      freeSlots: [w8('08:00', '10:00'), w8('11:00', '17:00')],
    });
  });

  it("cuts days in the company's time zone and hours for a technician without their own, and leaves out time off", async () => {
    const company = {
      'workingHours.timezone': 'America/Chicago',
      'workingHours.days': 'mon,tue,wed,thu,fri',
      'workingHours.start': '08:00',
      'workingHours.end': '17:00',
    };
    const w = await world(company, { workingHours: [], timeZone: 'America/Chicago', timeOff: [{ start: at('19:00', '04'), end: at('23:00', '04'), reason: 'Dentist' }] });
    const view = await schedule(w, at('06:00'), at('06:00', '05'));
    expect(view).toMatchObject({ timeZone: 'America/Chicago', ownHours: false });
    // Chicago is UTC−6 in early March: 08:00–17:00 local is 14:00–23:00 UTC.
    expect(view.days.map((d) => d.date)).toEqual(['2031-03-03', '2031-03-04']);
    expect(view.days[0]!.freeSlots).toEqual([w8('14:00', '23:00')]);
    expect(view.days[1]!.timeOff).toEqual([w8('19:00', '23:00', '04')]);
    expect(view.days[1]!.freeSlots).toEqual([w8('14:00', '19:00', '04')]);
  });

  it('refuses a range that is empty, reversed or longer than two weeks', async () => {
    const w = await world();
    for (const [from, to] of [
      [at('10:00'), at('10:00')],
      [at('10:00', '04'), at('10:00')],
      [at('00:00'), at('00:00', '18')],
      ['monday', at('00:00', '04')],
    ]) {
      expect(codes(await h.run(w.tenant, SCHEDULE, { technicianId: w.technician, from, to }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('reads the jobs of a week in a constant number of database commands', async () => {
    const counts: number[] = [];
    for (const n of [1, 5]) {
      const w = await world();
      for (let i = 0; i < n; i++) await book(w, `${String(8 + i).padStart(2, '0')}:00`, `${String(9 + i).padStart(2, '0')}:00`);
      const counter = await h.commands(() => schedule(w));
      counts.push(counter.commands.length);
      counter.stop();
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

describe('tenant isolation and roles', () => {
  it("another tenant's technician is NOT_FOUND", async () => {
    const [mine, theirs] = [await world(), await world()];
    expect(codes(await h.run(theirs.tenant, SCHEDULE, { technicianId: mine.technician, from: at('00:00'), to: at('00:00', '04') }))).toEqual(['NOT_FOUND']);
  });

  it('every role of the tenant reads a schedule', async () => {
    const w = await world();
    for (const role of ['viewer', 'technician', 'dispatcher', 'admin']) {
      const as = serviceTenant({ tenantId: w.tenant.tenantId, slug: w.tenant.slug, roles: [role] });
      expect(codes(await h.run(as, SCHEDULE, { technicianId: w.technician, from: at('00:00'), to: at('00:00', '04') }))).toBeUndefined();
    }
  });
});
