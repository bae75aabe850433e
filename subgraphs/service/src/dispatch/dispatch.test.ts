import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
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

// Monday 2031-03-03, 06:00 UTC (00:00 in Chicago). Every "now" of these tests.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-dispatch', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const LINCOLN_PARK = { lat: 41.9214, lng: -87.6336 };
const OHARE = { lat: 41.9742, lng: -87.9073 };
const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';
// Monday 09:00–13:00 in Chicago.
const MORNING = { start: '2031-03-03T15:00:00Z', end: '2031-03-03T19:00:00Z' };
const HOUR = { start: '2031-03-03T15:00:00Z', end: '2031-03-03T16:00:00Z' };
const CHICAGO_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));

interface World {
  tenant: TenantContext;
  area: string;
  customer: string;
}

/** A tenant with an area (ZIP 60614) and a customer in Lincoln Park, Chicago. */
async function world(tenant = serviceTenant()): Promise<World> {
  const [area, customer] = await Promise.all([createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] }), createCustomer(h, tenant, { name: 'Ada' })]);
  return { tenant, area, customer: customer.id };
}

/** A technician of the world: Chicago weekday hours, in its area, at home in Lincoln Park. */
const technician = (w: World, input: Record<string, unknown> = {}) =>
  createTechnician(h, w.tenant, { workingHours: CHICAGO_WEEKDAYS, timeZone: 'America/Chicago', serviceAreaIds: [w.area], homeBase: LINCOLN_PARK, ...input });

const order = (w: World, input: Record<string, unknown> = {}) => createOrder(h, w.tenant, { customerId: w.customer, requestedWindow: MORNING, ...input });

async function dispatch(w: World, id: string, technicianId?: string, harness = h): Promise<DispatchView> {
  return (await ok<{ dispatchWorkOrder: DispatchView }>(harness, w.tenant, DISPATCH, { id, technicianId })).dispatchWorkOrder;
}

const stored = (tenant: TenantContext, id: string) => h.models.WorkOrder.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();
const storedTechnician = (tenant: TenantContext, id: string) => h.models.Technician.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

/** Dispatch must fail with CONFLICT and change neither the order nor the technician. */
async function refused(w: World, id: string, technicianId?: string): Promise<{ message: string; extensions: Record<string, unknown> }> {
  const [orderBefore, technicianBefore] = await Promise.all([stored(w.tenant, id), technicianId ? storedTechnician(w.tenant, technicianId) : null]);
  const result = await h.run(w.tenant, DISPATCH, { id, technicianId });
  expect(codes(result)).toEqual(['CONFLICT']);
  expect(await stored(w.tenant, id)).toEqual(orderBefore);
  if (technicianId) expect(await storedTechnician(w.tenant, technicianId)).toEqual(technicianBefore);
  const error = result.errors![0]!;
  return { message: error.message, extensions: error.extensions as Record<string, unknown> };
}

const overlapping = (bookings: { start: string; end: string }[]) =>
  bookings.some((a, i) => bookings.some((b, j) => i !== j && Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end)));

describe.concurrent('dispatch with a chosen technician', () => {
  it('assigns and books the earliest slot in the window; from new the history records scheduled and dispatched', async ({ expect }) => {
    const w = await world();
    const tech = await technician(w, { skills: [{ name: 'hvac', level: 4 }] });
    const wo = await order(w, { requiredSkills: [{ name: 'hvac', minLevel: 3 }], estimatedMinutes: 90 });
    const result = await dispatch(w, wo.id, tech);
    expect(result.workOrder).toMatchObject({
      status: 'dispatched',
      technician: { id: tech },
      schedule: { start: '2031-03-03T15:00:00.000Z', end: '2031-03-03T16:30:00.000Z' },
      statusHistory: [{ status: 'new' }, { status: 'scheduled' }, { status: 'dispatched' }],
    });
    expect(result.technician.bookings).toEqual([{ start: '2031-03-03T15:00:00.000Z', end: '2031-03-03T16:30:00.000Z', workOrder: { id: wo.id } }]);
    expect(result.ranking).toEqual([
      {
        technician: { id: tech },
        eligible: true,
        score: 94,
        reasons: [
          'skills: hvac 4/5 (needs 3) → 24 of 30',
          'area: covers Lincoln Park (ZIP 60614)',
          'availability: slot 2031-03-03T15:00Z–2031-03-03T16:30Z, 0 min after the window opens → 20 of 20',
          'workload: 0 current assignments → 20 of 20',
          'distance: 0 km from home base → 30 of 30',
        ],
        ineligibleBecause: [],
        slot: { start: '2031-03-03T15:00:00.000Z', end: '2031-03-03T16:30:00.000Z' },
      },
    ]);
  });

  it('dispatches a scheduled order with one more step, and the next order of the technician after the first', async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const first = await order(w);
    const second = await order(w);
    await ok(h, w.tenant, MOVE, { id: second.id, status: 'scheduled' });
    await dispatch(w, first.id, tech);
    const result = await dispatch(w, second.id, tech);
    expect(result.workOrder.statusHistory.map((s) => s.status)).toEqual(['new', 'scheduled', 'dispatched']);
    expect(result.workOrder.schedule).toEqual({ start: '2031-03-03T16:00:00.000Z', end: '2031-03-03T17:00:00.000Z' });
    expect(result.ranking[0]?.reasons).toContain('workload: 1 current assignment → 16 of 20');
  });

  // Each eligibility rule on its own: the technician is fine but for one thing.
  it.for<[string, (w: World) => Promise<{ tech: string; wo: string }>, RegExp]>([
    [
      'a missing skill',
      async (w) => ({ tech: await technician(w), wo: (await order(w, { requiredSkills: [{ name: 'hvac' }] })).id }),
      /missing skill hvac \(level 1 needed\)/,
    ],
    [
      'a skill below the required level',
      async (w) => ({
        tech: await technician(w, { skills: [{ name: 'hvac', level: 2 }] }),
        wo: (await order(w, { requiredSkills: [{ name: 'hvac', minLevel: 3 }] })).id,
      }),
      /skill hvac at level 2, level 3 needed/,
    ],
    [
      'no area of the technician covering the location',
      async (w) => {
        const elsewhere = await createArea(h, w.tenant, { name: 'Hyde Park', zipCodes: ['60615'] });
        return { tech: await technician(w, { serviceAreaIds: [elsewhere] }), wo: (await order(w)).id };
      },
      /covers none of the areas at the location \(Lincoln Park \(ZIP 60614\)\)/,
    ],
    [
      'no area covering the location at all',
      async (w) => {
        const far = await createCustomer(h, w.tenant, { locations: [{ address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701' } }] });
        return { tech: await technician(w), wo: (await order(w, { customerId: far.id })).id };
      },
      /no service area covers the location/,
    ],
    [
      'no working hours in the window',
      async (w) => ({
        tech: await technician(w),
        // Sunday 2031-03-02 is over... so Saturday 2031-03-08, 10:00–14:00 Chicago.
        wo: (await order(w, { requestedWindow: { start: '2031-03-08T16:00:00Z', end: '2031-03-08T20:00:00Z' } })).id,
      }),
      /no working time of 60 min in the window 2031-03-08T16:00Z–2031-03-08T20:00Z \(works monday 08:00–17:00, .*America\/Chicago\)/,
    ],
    [
      'a window ending after working hours',
      async (w) => ({ tech: await technician(w), wo: (await order(w, { requestedWindow: { start: '2031-03-03T22:30:00Z', end: '2031-03-04T00:00:00Z' } })).id }),
      /no working time of 60 min/,
    ],
    [
      'time off in the window',
      async (w) => ({
        tech: await technician(w, { timeOff: [{ start: '2031-03-03T14:00:00Z', end: '2031-03-03T23:00:00Z', reason: 'Dentist' }] }),
        wo: (await order(w)).id,
      }),
      /time off during the window: 2031-03-03T14:00Z–2031-03-03T23:00Z/,
    ],
    [
      'another assignment in the window',
      async (w) => {
        const tech = await technician(w);
        const other = await order(w, { requestedWindow: HOUR });
        await dispatch(w, other.id, tech);
        return { tech, wo: (await order(w, { requestedWindow: HOUR })).id };
      },
      /booked during the window: WO #1 2031-03-03T15:00Z–2031-03-03T16:00Z/,
    ],
    [
      'an inactive technician',
      async (w) => {
        const tech = await technician(w);
        await ok(h, w.tenant, 'mutation ($id: ID!) { updateTechnician(id: $id, input: { active: false }) { id } }', { id: tech });
        return { tech, wo: (await order(w)).id };
      },
      /inactive/,
    ],
  ])('refuses %s with CONFLICT saying why, and changes nothing', async ([, setup, reason], { expect }) => {
    const w = await world();
    const { tech, wo } = await setup(w);
    const { message, extensions } = await refused(w, wo, tech);
    expect(message).toMatch(reason);
    expect(message).toMatch(new RegExp(`^Technician ${tech} cannot take work order #\\d+: `));
    expect((extensions['reasons'] as string[]).join('; ')).toMatch(reason);
  });

  it('matches the location to an area by polygon when its ZIP code is not listed', async ({ expect }) => {
    const w = await world();
    const park = await createArea(h, w.tenant, {
      name: 'Park polygon',
      polygon: {
        coordinates: [
          [
            [-87.66, 41.91],
            [-87.62, 41.91],
            [-87.62, 41.94],
            [-87.66, 41.94],
            [-87.66, 41.91],
          ],
        ],
      },
    });
    const tech = await technician(w, { serviceAreaIds: [park] });
    const result = await dispatch(w, (await order(w)).id, tech);
    expect(result.ranking[0]?.reasons).toContain('area: covers Park polygon (polygon)');
  });

  it('refuses orders that are not new or scheduled with CONFLICT', async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const dispatched = await order(w, { requestedWindow: HOUR });
    await dispatch(w, dispatched.id, tech);
    expect((await refused(w, dispatched.id, tech)).message).toMatch(/is dispatched; only new and scheduled/);
    const cancelled = await order(w);
    await ok(h, w.tenant, MOVE, { id: cancelled.id, status: 'cancelled' });
    expect((await refused(w, cancelled.id)).message).toMatch(/is cancelled/);
  });
});

describe.concurrent('dispatch by ranking', () => {
  it('ranks by the documented score, explains each line, and assigns the best', async ({ expect }) => {
    const w = await world();
    const expert = await technician(w, { skills: [{ name: 'hvac', level: 5 }], homeBase: OHARE });
    const near = await technician(w, { skills: [{ name: 'hvac', level: 3 }] });
    const unskilled = await technician(w, { skills: [{ name: 'plumbing', level: 5 }] });
    const noHome = await technician(w, { skills: [{ name: 'hvac', level: 4 }], homeBase: null });
    const wo = await order(w, { requiredSkills: [{ name: 'hvac', minLevel: 3 }] });
    const result = await dispatch(w, wo.id);
    expect(result.ranking.map((c) => ({ id: c.technician.id, eligible: c.eligible, score: c.score }))).toEqual([
      { id: expert, eligible: true, score: 91.23 }, // 30 + 20 + 20 + 21.23 (23.4 km from O'Hare)
      { id: near, eligible: true, score: 88 }, // 18 + 20 + 20 + 30
      { id: noHome, eligible: true, score: 64 }, // 24 + 20 + 20 + 0
      { id: unskilled, eligible: false, score: 0 },
    ]);
    expect(result.ranking[0]?.reasons).toEqual([
      'skills: hvac 5/5 (needs 3) → 30 of 30',
      'area: covers Lincoln Park (ZIP 60614)',
      'availability: slot 2031-03-03T15:00Z–2031-03-03T16:00Z, 0 min after the window opens → 20 of 20',
      'workload: 0 current assignments → 20 of 20',
      'distance: 23.4 km from home base → 21.2 of 30',
    ]);
    expect(result.ranking[1]?.reasons[0]).toBe('skills: hvac 3/5 (needs 3) → 18 of 30');
    expect(result.ranking[2]?.reasons.at(-1)).toBe('distance: unknown (no home base or previous job) → 0 of 30');
    expect(result.ranking[3]?.ineligibleBecause).toEqual(['missing skill hvac (level 3 needed)']);
    expect(result.ranking[3]?.reasons).toEqual([]);
    expect(result.technician.id).toBe(expert);
    expect(result.workOrder.technician).toEqual({ id: expert });
  });

  it('is deterministic: the same situation in two tenants ranks and explains the same', async ({ expect }) => {
    async function situation() {
      const w = await world();
      const techs = [
        await technician(w, { skills: [{ name: 'hvac', level: 4 }], homeBase: { lat: 41.95, lng: -87.65 } }),
        await technician(w, { skills: [{ name: 'hvac', level: 4 }], homeBase: { lat: 41.95, lng: -87.65 } }),
        await technician(w, { skills: [{ name: 'hvac', level: 2 }] }),
      ];
      const busy = await order(w, { requestedWindow: HOUR });
      await dispatch(w, busy.id, techs[0]);
      const result = await dispatch(w, (await order(w, { requiredSkills: [{ name: 'hvac', minLevel: 2 }] })).id);
      return result.ranking.map((c) => ({ at: techs.indexOf(c.technician.id), score: c.score, reasons: c.reasons, slot: c.slot }));
    }
    const [a, b] = await Promise.all([situation(), situation()]);
    expect(a).toEqual(b);
    // Equal technicians but for a booking: the free one first; the booked one gets the slot after it,
    // fewer points for workload and availability, full points for distance (it comes from the job next door).
    expect(a.map((c) => c.at)).toEqual([1, 0, 2]);
    expect(a.map((c) => c.score)).toEqual([92.7, 83.33, 82]);
    expect(a[0]?.reasons.slice(2)).toEqual([
      'availability: slot 2031-03-03T15:00Z–2031-03-03T16:00Z, 0 min after the window opens → 20 of 20',
      'workload: 0 current assignments → 20 of 20',
      'distance: 3.5 km from home base → 28.7 of 30',
    ]);
    expect(a[1]?.reasons.slice(2)).toEqual([
      'availability: slot 2031-03-03T16:00Z–2031-03-03T17:00Z, 60 min after the window opens → 13.3 of 20',
      'workload: 1 current assignment → 16 of 20',
      'distance: 0 km from the previous job (WO #1) → 30 of 30',
    ]);
  });

  it('breaks ties by technician id', async ({ expect }) => {
    const w = await world();
    const first = await technician(w);
    const second = await technician(w);
    const result = await dispatch(w, (await order(w)).id);
    expect(result.ranking.map((c) => c.technician.id)).toEqual([first, second].sort());
    expect(result.ranking[0]?.score).toBe(result.ranking[1]?.score);
  });

  it('without eligible technicians is CONFLICT naming every reason', async ({ expect }) => {
    const w = await world();
    const unskilled = await technician(w);
    const offDuty = await technician(w, { skills: [{ name: 'hvac', level: 5 }], workingHours: [] });
    const wo = await order(w, { requiredSkills: [{ name: 'hvac' }] });
    const { message, extensions } = await refused(w, wo.id);
    expect(message).toMatch(/^No eligible technician for work order #1\. /);
    expect(message).toContain(`technician ${unskilled}: missing skill hvac (level 1 needed)`);
    expect(message).toContain(`technician ${offDuty}: no working time of 60 min`);
    expect(extensions['candidates']).toEqual(
      [
        { technicianId: unskilled, ineligibleBecause: ['missing skill hvac (level 1 needed)'] },
        {
          technicianId: offDuty,
          ineligibleBecause: [expect.stringMatching(/^no working time of 60 min in the window .* \(works no working hours, America\/Chicago\)$/)],
        },
      ].sort((a, b) => (a.technicianId < b.technicianId ? -1 : 1)),
    );
  });

  it('in a tenant without technicians is CONFLICT saying so', async ({ expect }) => {
    const w = await world();
    expect((await refused(w, (await order(w)).id)).message).toBe('No eligible technician for work order #1: the tenant has no active technicians.');
  });

  it('without a requested window books the earliest slot from now on', async ({ expect }) => {
    const w = await world();
    await technician(w);
    const result = await dispatch(w, (await order(w, { requestedWindow: null })).id);
    // Now is Monday 00:00 in Chicago; the working day starts at 08:00 (14:00 UTC).
    expect(result.workOrder.schedule).toEqual({ start: '2031-03-03T14:00:00.000Z', end: '2031-03-03T15:00:00.000Z' });
  });
});

// On their own, not beside other tests: the database runs one write at a time.
describe('schedule integrity under concurrency', () => {
  it('20 concurrent dispatches of different orders to one technician for the same hour: exactly one books it', { timeout: 120_000 }, async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const orders = await Promise.all(Array.from({ length: 20 }, () => order(w, { requestedWindow: HOUR })));
    const results = await Promise.all(orders.map((o) => h.run(w.tenant, DISPATCH, { id: o.id, technicianId: tech })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.flatMap((r) => codes(r) ?? [])).toEqual(Array.from({ length: 19 }, () => 'CONFLICT'));
    const saved = await storedTechnician(w.tenant, tech);
    expect(saved?.bookings).toHaveLength(1);
    const assigned = await h.models.WorkOrder.find({ ...tenantScope(w.tenant), technicianId: new mongoose.Types.ObjectId(tech) }).lean();
    expect(assigned.map((o) => o._id.toHexString())).toEqual([saved!.bookings[0]!.workOrderId.toHexString()]);
  });

  it('20 concurrent automatic dispatches into a 4-hour window of one technician: 4 slots, no overlap, 16 CONFLICT', { timeout: 120_000 }, async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const orders = await Promise.all(Array.from({ length: 20 }, () => order(w)));
    const results = await Promise.all(orders.map((o) => h.run<{ dispatchWorkOrder: DispatchView }>(w.tenant, DISPATCH, { id: o.id })));
    const booked = results.filter((r) => !r.errors).map((r) => r.data!.dispatchWorkOrder.workOrder);
    expect(booked).toHaveLength(4);
    expect(results.flatMap((r) => codes(r) ?? [])).toEqual(Array.from({ length: 16 }, () => 'CONFLICT'));
    expect(booked.map((o) => o.schedule!.start).sort()).toEqual(['15:00', '16:00', '17:00', '18:00'].map((t) => `2031-03-03T${t}:00.000Z`));
    const saved = await storedTechnician(w.tenant, tech);
    const bookings = saved!.bookings.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString(), id: b.workOrderId.toHexString() }));
    expect(overlapping(bookings)).toBe(false);
    expect(bookings.map((b) => b.id).sort()).toEqual(booked.map((o) => o.id).sort());
  });
});

describe.concurrent('schedule integrity', () => {
  it('frees the slot when the order is completed or cancelled; on_hold → scheduled unassigns for a new dispatch', { timeout: 120_000 }, async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const held = await order(w, { requestedWindow: HOUR });
    await dispatch(w, held.id, tech);
    await ok(h, w.tenant, MOVE, { id: held.id, status: 'on_hold' });
    expect((await storedTechnician(w.tenant, tech))?.bookings).toHaveLength(1); // on hold keeps the slot
    await ok(h, w.tenant, MOVE, { id: held.id, status: 'scheduled' });
    expect(await stored(w.tenant, held.id)).toMatchObject({ status: 'scheduled', technicianId: null, schedule: null });
    expect((await storedTechnician(w.tenant, tech))?.bookings).toEqual([]);
    await dispatch(w, held.id, tech);

    const cancelled = await order(w, { requestedWindow: { start: '2031-03-03T16:00:00Z', end: '2031-03-03T17:00:00Z' } });
    await dispatch(w, cancelled.id, tech);
    await ok(h, w.tenant, MOVE, { id: cancelled.id, status: 'cancelled' });
    for (const status of ['en_route', 'in_progress', 'completed'] as const) await ok(h, w.tenant, MOVE, { id: held.id, status });
    expect((await storedTechnician(w.tenant, tech))?.bookings).toEqual([]);
    expect((await stored(w.tenant, held.id))?.technicianId?.toHexString()).toBe(tech); // history keeps who did it
    // The hour is free again.
    await dispatch(w, (await order(w, { requestedWindow: HOUR })).id, tech);
  });

  it('drops the leftover of a dispatch that died between its two writes once its grace period is over', async ({ expect }) => {
    const w = await world();
    const tech = await technician(w);
    const [dead, recent, next] = [await order(w, { requestedWindow: HOUR }), await order(w, { requestedWindow: HOUR }), await order(w, { requestedWindow: HOUR })];
    const leftover = (workOrderId: string, bookedAt: Date) => ({
      workOrderId: new mongoose.Types.ObjectId(workOrderId),
      workOrderNumber: 1,
      priority: 'normal',
      start: new Date(HOUR.start),
      end: new Date(HOUR.end),
      point: null,
      bookedAt,
    });
    // A booking written 10 s ago whose order is not assigned (yet): a dispatch may be between its writes.
    await h.models.Technician.updateOne(
      { _id: tech, ...tenantScope(w.tenant) },
      { $set: { bookings: [leftover(recent.id, new Date(NOW.getTime() - 10_000))] }, $inc: { scheduleVersion: 1 } },
    );
    expect((await refused(w, next.id, tech)).message).toMatch(/booked during the window/);
    // Two minutes old: the dispatch died; the slot is taken over and the leftover is gone.
    await h.models.Technician.updateOne(
      { _id: tech, ...tenantScope(w.tenant) },
      { $set: { bookings: [leftover(dead.id, new Date(NOW.getTime() - 120_000))] }, $inc: { scheduleVersion: 1 } },
    );
    const result = await dispatch(w, next.id, tech);
    expect(result.technician.bookings).toEqual([{ ...HOUR, start: '2031-03-03T15:00:00.000Z', end: '2031-03-03T16:00:00.000Z', workOrder: { id: next.id } }]);
  });
});

describe.concurrent('emergency preemption', () => {
  async function busyTechnician() {
    const w = await world();
    const tech = await technician(w);
    const routine = await order(w, { requestedWindow: HOUR, priority: 'normal' });
    await dispatch(w, routine.id, tech);
    const emergency = await order(w, { requestedWindow: HOUR, priority: 'emergency' });
    return { w, tech, routine, emergency };
  }

  /** The tenant with `dispatch.emergencyPreemption` on in its configuration, as the gateway signs it. */
  const preempting = (tenant: TenantContext): TenantContext => ({ ...tenant, settings: { ...tenant.settings, 'dispatch.emergencyPreemption': true } });

  it('is off by default: an emergency gets CONFLICT like any order', async ({ expect }) => {
    const { w, emergency, tech } = await busyTechnician();
    expect((await refused(w, emergency.id)).message).toContain(`technician ${tech}: booked during the window: WO #1`);
  });

  it('when on, takes the slot of a dispatched non-emergency order, which goes back to scheduled, unassigned', async ({ expect }) => {
    const { w, tech, routine, emergency } = await busyTechnician();
    const result = await dispatch({ ...w, tenant: preempting(w.tenant) }, emergency.id);
    expect(result.workOrder).toMatchObject({ status: 'dispatched', technician: { id: tech }, schedule: { start: '2031-03-03T15:00:00.000Z' } });
    expect(result.preempted).toEqual([
      {
        id: routine.id,
        number: routine.number,
        status: 'scheduled',
        technician: null,
        schedule: null,
        statusHistory: ['new', 'scheduled', 'dispatched', 'on_hold', 'scheduled'].map((status) => ({ status })),
      },
    ]);
    expect(result.ranking[0]?.reasons.at(-1)).toBe('preemption: takes the slot of WO #1 (normal) → −10');
    expect(result.ranking[0]?.score).toBe(90);
    expect(result.technician.bookings).toEqual([{ start: '2031-03-03T15:00:00.000Z', end: '2031-03-03T16:00:00.000Z', workOrder: { id: emergency.id } }]);
  });

  it('does not preempt an order already under way, nor for a non-emergency order', async ({ expect }) => {
    const { w, routine, emergency } = await busyTechnician();
    const normal = await order(w, { requestedWindow: HOUR, priority: 'high' });
    expect(codes(await h.run(preempting(w.tenant), DISPATCH, { id: normal.id }))).toEqual(['CONFLICT']);
    await ok(h, w.tenant, MOVE, { id: routine.id, status: 'en_route' });
    expect(codes(await h.run(preempting(w.tenant), DISPATCH, { id: emergency.id }))).toEqual(['CONFLICT']);
    expect((await stored(w.tenant, routine.id))?.status).toBe('en_route');
  });
});

describe.concurrent('dispatch access', () => {
  it("keeps tenants apart: another tenant's order or technician is NOT_FOUND, and nothing changes", async ({ expect }) => {
    const owner = await world();
    const intruder = await world();
    const ownersTech = await technician(owner);
    const ownersOrder = await order(owner);
    const intrudersTech = await technician(intruder);
    const intrudersOrder = await order(intruder);
    const before = await Promise.all([stored(owner.tenant, ownersOrder.id), storedTechnician(owner.tenant, ownersTech)]);
    expect(codes(await h.run(intruder.tenant, DISPATCH, { id: ownersOrder.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder.tenant, DISPATCH, { id: ownersOrder.id, technicianId: intrudersTech }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder.tenant, DISPATCH, { id: intrudersOrder.id, technicianId: ownersTech }))).toEqual(['NOT_FOUND']);
    expect(await Promise.all([stored(owner.tenant, ownersOrder.id), storedTechnician(owner.tenant, ownersTech)])).toEqual(before);
    expect((await stored(intruder.tenant, intrudersOrder.id))?.status).toBe('new');
    // Automatic dispatch never considers another tenant's technicians.
    const auto = await dispatch(intruder, intrudersOrder.id);
    expect(auto.ranking.map((c) => c.technician.id)).toEqual([intrudersTech]);
  });

  it.for<[string, TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['technicianDispatch switched off', serviceTenant({ flags: { technicianDispatch: false } })],
    ['workOrders switched off', serviceTenant({ flags: { workOrders: false } })],
  ])('is FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    expect(codes(await h.run(tenant, DISPATCH, { id: new mongoose.Types.ObjectId().toHexString() }))).toEqual(['FEATURE_DISABLED']);
  });

  it('is FORBIDDEN for a technician or a viewer', async ({ expect }) => {
    for (const roles of [['technician'], ['viewer']]) {
      expect(codes(await h.run(serviceTenant({ roles }), DISPATCH, { id: new mongoose.Types.ObjectId().toHexString() }))).toEqual(['FORBIDDEN']);
    }
  });

  it.for<[string, Record<string, unknown>]>([
    ['a malformed id', { id: 'WO-1' }],
    ['a malformed technician id', { id: new mongoose.Types.ObjectId().toHexString(), technicianId: 'bob' }],
  ])('refuses %s with BAD_USER_INPUT', async ([, variables], { expect }) => {
    expect(codes(await h.run(serviceTenant(), DISPATCH, variables))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('dispatch whose second write fails', () => {
  it('releases the booking again and reports the error; the technician stays free', async () => {
    const w = await world();
    const tech = await technician(w);
    const wo = await order(w);
    const spy = vi.spyOn(h.models.WorkOrder, 'findOneAndUpdate').mockImplementationOnce((() => ({
      lean: () => Promise.reject(new Error('connection lost')),
    })) as never);
    try {
      const result = await h.run(w.tenant, DISPATCH, { id: wo.id, technicianId: tech });
      expect(codes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      spy.mockRestore();
    }
    expect((await storedTechnician(w.tenant, tech))?.bookings).toEqual([]);
    expect(await stored(w.tenant, wo.id)).toMatchObject({ status: 'new', technicianId: null });
    await dispatch(w, wo.id, tech);
  });
});
