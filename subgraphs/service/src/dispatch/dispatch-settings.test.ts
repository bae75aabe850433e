// The tenant's configuration keys dispatch acts on beyond buffer and daily limit: `dispatch.autoDispatch`,
// `dispatch.maxTravelDistance` (in `units.distance`) and `workingHours` for technicians without their
// own. Each with a tenant that has the key and one that has not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import {
  codes,
  createArea,
  createCustomer,
  createOrder,
  createTechnician,
  DISPATCH,
  ok,
  serviceTenant,
  startHarness,
  type DispatchView,
  type ServiceHarness,
} from '../testing';

// Monday 2031-03-03, 06:00 UTC. Every "now" of these tests.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-dispatch-settings', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const at = (time: string) => `2031-03-03T${time}:00.000Z`;
const DAY = { start: at('07:00'), end: at('18:00') };
// 3.5 km from the customer.
const WRIGLEYVILLE = { lat: 41.9484, lng: -87.6553 };
// About 120 km from the customer.
const MILWAUKEE = { lat: 43.0389, lng: -87.9065 };
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));
const CREATE = `mutation ($input: CreateWorkOrderInput!) {
  createWorkOrder(input: $input) { id status technician { id } schedule { start end } statusHistory { status } }
}`;

interface World {
  tenant: TenantContext;
  area: string;
  customerId: string;
}

async function world(settings?: TenantContext['settings']): Promise<World> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const [area, customer] = await Promise.all([createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] }), createCustomer(h, tenant)]);
  return { tenant, area, customerId: customer.id };
}

const technician = (w: World, input: Record<string, unknown> = {}) => createTechnician(h, w.tenant, { workingHours: WEEKDAYS, serviceAreaIds: [w.area], ...input });
const order = (w: World, input: Record<string, unknown> = {}) => createOrder(h, w.tenant, { customerId: w.customerId, requestedWindow: DAY, ...input });
const dispatch = (w: World, id: string, technicianId?: string) => h.run<{ dispatchWorkOrder: DispatchView }>(w.tenant, DISPATCH, { id, technicianId });

describe('dispatch.maxTravelDistance', () => {
  it('leaves out a technician farther from the job than the limit, in the tenant distance unit', async () => {
    const w = await world({ 'dispatch.maxTravelDistance': 25, 'units.distance': 'mi' });
    const near = await technician(w, { homeBase: WRIGLEYVILLE });
    const far = await technician(w, { homeBase: MILWAUKEE });
    const { id } = await order(w);
    const result = (await dispatch(w, id)).data!.dispatchWorkOrder;
    expect(result.technician.id).toBe(near);
    const farRank = result.ranking.find((e) => e.technician.id === far)!;
    expect(farRank.eligible).toBe(false);
    expect(farRank.ineligibleBecause).toEqual([expect.stringMatching(/^1\d\d\.\d km from home base, farther than the maximum travel distance of 25 mi$/)]);
    // Chosen by hand, the far one is refused with the same reason.
    const { id: second } = await order(w);
    const refused = await dispatch(w, second, far);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('farther than the maximum travel distance of 25 mi');
  });

  it('reads the limit in km when the tenant measures in km, and has no limit without the key', async () => {
    const km = await world({ 'dispatch.maxTravelDistance': 150, 'units.distance': 'km' });
    const inKm = await technician(km, { homeBase: MILWAUKEE });
    expect((await dispatch(km, (await order(km)).id, inKm)).data?.dispatchWorkOrder.technician.id).toBe(inKm);
    const tight = await world({ 'dispatch.maxTravelDistance': 100, 'units.distance': 'km' });
    const tooFar = await technician(tight, { homeBase: MILWAUKEE });
    expect(codes(await dispatch(tight, (await order(tight)).id, tooFar))).toEqual(['CONFLICT']);
    const plain = await world();
    const anywhere = await technician(plain, { homeBase: MILWAUKEE });
    expect((await dispatch(plain, (await order(plain)).id, anywhere)).data?.dispatchWorkOrder.technician.id).toBe(anywhere);
  });

  it('measures from the previous job when there is one, and does not judge a technician without a known origin', async () => {
    const w = await world({ 'dispatch.maxTravelDistance': 25 });
    const nowhere = await technician(w);
    expect((await dispatch(w, (await order(w)).id, nowhere)).data?.dispatchWorkOrder.technician.id).toBe(nowhere);
    // Home base far away: refused from there. Once a job next door ends just before, eligible from it.
    const based = await technician(w, { homeBase: MILWAUKEE });
    const later = { requestedWindow: { start: at('10:00'), end: at('11:00') } };
    const { id } = await order(w, later);
    expect((await dispatch(w, id, based)).errors?.[0]?.message).toContain('from home base, farther than');
    // The same tenant before it set the limit: the first job is booked 08:00–09:00.
    const unlimited = { ...w.tenant, settings: {} };
    await ok(h, unlimited, DISPATCH, { id: (await order(w, { requestedWindow: { start: at('08:00'), end: at('09:00') } })).id, technicianId: based });
    const fromPrevious = (await dispatch(w, id, based)).data!.dispatchWorkOrder;
    expect(fromPrevious.ranking[0]?.reasons).toContainEqual(expect.stringMatching(/^distance: 0 km from the previous job \(WO #\d+\)/));
  });
});

describe('workingHours of the tenant', () => {
  const HOURS = { 'workingHours.timezone': 'UTC', 'workingHours.days': 'mon,tue,wed,thu,fri', 'workingHours.start': '09:00', 'workingHours.end': '12:00' };

  it("books a technician without working hours of their own within the company's hours", async () => {
    const w = await world(HOURS);
    const tech = await technician(w, { workingHours: [] });
    const booked = (await dispatch(w, (await order(w)).id, tech)).data!.dispatchWorkOrder;
    expect(booked.workOrder.schedule).toEqual({ start: at('09:00'), end: at('10:00') });
    const afternoon = await dispatch(w, (await order(w, { requestedWindow: { start: at('13:00'), end: at('17:00') } })).id, tech);
    expect(codes(afternoon)).toEqual(['CONFLICT']);
    expect(afternoon.errors?.[0]?.message).toContain(
      "(works monday 09:00–12:00, tuesday 09:00–12:00, wednesday 09:00–12:00, thursday 09:00–12:00, friday 09:00–12:00, UTC, the company's hours)",
    );
    // A technician with hours of their own keeps them.
    const own = await technician(w);
    expect((await dispatch(w, (await order(w)).id, own)).data!.dispatchWorkOrder.workOrder.schedule?.start).toBe(at('08:00'));
  });

  it('honours the company time zone and days', async () => {
    const w = await world({ ...HOURS, 'workingHours.timezone': 'America/Chicago', 'workingHours.days': 'tue' });
    const tech = await technician(w, { workingHours: [] });
    // Monday is not a working day: the earliest slot is Tuesday 09:00 in Chicago (15:00 UTC).
    const { id } = await order(w, { requestedWindow: { start: at('07:00'), end: '2031-03-05T00:00:00.000Z' } });
    expect((await dispatch(w, id, tech)).data!.dispatchWorkOrder.workOrder.schedule?.start).toBe('2031-03-04T15:00:00.000Z');
  });

  it('without the keys a technician without working hours is never booked', async () => {
    const w = await world();
    const tech = await technician(w, { workingHours: [] });
    const refused = await dispatch(w, (await order(w)).id, tech);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('works no working hours');
  });
});

describe('dispatch.autoDispatch', () => {
  interface Created {
    id: string;
    status: string;
    technician: { id: string } | null;
    schedule: { start: string; end: string } | null;
    statusHistory: { status: string }[];
  }
  const create = async (w: World, input: Record<string, unknown> = {}) =>
    (await ok<{ createWorkOrder: Created }>(h, w.tenant, CREATE, { input: { title: 'No heat', customerId: w.customerId, requestedWindow: DAY, ...input } }))
      .createWorkOrder;

  it('dispatches a new work order to the best-ranked eligible technician as it is created', async () => {
    const w = await world({ 'dispatch.autoDispatch': true });
    await technician(w, { homeBase: MILWAUKEE });
    const best = await technician(w, { homeBase: WRIGLEYVILLE });
    const created = await create(w);
    expect(created).toMatchObject({ status: 'dispatched', technician: { id: best }, schedule: { start: at('08:00'), end: at('09:00') } });
    expect(created.statusHistory.map((s) => s.status)).toEqual(['new', 'scheduled', 'dispatched']);
    const bookings = await ok<{ technician: { bookings: { workOrder: { id: string } }[] } }>(
      h,
      w.tenant,
      'query ($id: ID!) { technician(id: $id) { bookings { workOrder { id } } } }',
      {
        id: best,
      },
    );
    expect(bookings.technician.bookings.map((b) => b.workOrder.id)).toEqual([created.id]);
  });

  it('leaves the order new when nobody is eligible, and never takes another tenant’s technician', async () => {
    const w = await world({ 'dispatch.autoDispatch': true });
    const other = await world({ 'dispatch.autoDispatch': true });
    await technician(other);
    const created = await create(w);
    expect(created).toMatchObject({ status: 'new', technician: null, schedule: null });
    await technician(w, { workingHours: [{ weekday: 'sunday', start: '08:00', end: '17:00' }] });
    expect((await create(w)).status).toBe('new');
  });

  it('without the key (or with it off) a new work order stays new', async () => {
    for (const w of [await world(), await world({ 'dispatch.autoDispatch': false })]) {
      await technician(w);
      expect(await create(w)).toMatchObject({ status: 'new', technician: null });
    }
  });
});
