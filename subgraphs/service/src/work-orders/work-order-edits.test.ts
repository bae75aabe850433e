// Correcting a work order after creation: edit within the rules of its status, reschedule or reassign
// (re-judged as dispatch judges, with the tenant's travel buffer and daily limit), cancel with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createArea, createCustomer, createOrder, createTechnician, DISPATCH, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

// Monday 2031-03-03, 06:00 UTC. Every "now" of these tests.
const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-work-order-edits', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id number title description notes priority status estimatedMinutes
  requestedWindow { start end } location { id } technician { id } schedule { start end }
  cancellation { reason at by { id } } statusHistory { status }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWorkOrderInput!) { updateWorkOrder(id: $id, input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation ($id: ID!, $reason: String!) { cancelWorkOrder(id: $id, reason: $reason) { ${FIELDS} } }`;
const RESCHEDULE = `mutation ($id: ID!, $input: RescheduleWorkOrderInput!) { rescheduleWorkOrder(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { workOrder(id: $id) { ${FIELDS} } }`;
const MOVE = 'mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { id status } }';
const BOOKINGS = 'query ($id: ID!) { technician(id: $id) { bookings { start end workOrder { id } } } }';

interface View {
  id: string;
  number: number;
  title: string;
  description: string | null;
  notes: string | null;
  priority: string;
  status: string;
  estimatedMinutes: number;
  requestedWindow: { start: string; end: string } | null;
  location: { id: string };
  technician: { id: string } | null;
  schedule: { start: string; end: string } | null;
  cancellation: { reason: string; at: string; by: { id: string } } | null;
  statusHistory: { status: string }[];
}

// Monday 2031-03-03 in UTC: technicians here work 08:00–17:00 UTC every weekday.
const at = (time: string, day = '03') => `2031-03-${day}T${time}:00.000Z`;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }));
const MORNING = { start: at('08:00'), end: at('12:00') };

interface World {
  tenant: TenantContext;
  area: string;
  customer: { id: string; locationIds: string[] };
}

/** A tenant (with `settings` as its configuration would sign them) with an area and a customer with two locations. */
async function world(settings?: TenantContext['settings']): Promise<World> {
  const tenant = serviceTenant(settings ? { settings } : {});
  const address = (line1: string) => ({ address: { line1, city: 'Chicago', region: 'IL', postalCode: '60614' } });
  const [area, customer] = await Promise.all([
    createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] }),
    createCustomer(h, tenant, {
      locations: [
        { label: 'Home', ...address('2001 N Clark St') },
        { label: 'Shop', ...address('2400 N Lincoln Ave') },
      ],
    }),
  ]);
  return { tenant, area, customer };
}

const technician = (w: World, input: Record<string, unknown> = {}) => createTechnician(h, w.tenant, { workingHours: WEEKDAYS, serviceAreaIds: [w.area], ...input });
const order = (w: World, input: Record<string, unknown> = {}) => createOrder(h, w.tenant, { customerId: w.customer.id, requestedWindow: MORNING, ...input });
const dispatched = async (w: World, technicianId: string, input: Record<string, unknown> = {}) => {
  const { id } = await order(w, input);
  await ok(h, w.tenant, DISPATCH, { id, technicianId });
  return id;
};
const get = async (w: World, id: string) => (await ok<{ workOrder: View }>(h, w.tenant, GET, { id })).workOrder;
const bookings = async (w: World, technicianId: string) =>
  (await ok<{ technician: { bookings: { start: string; end: string; workOrder: { id: string } }[] } }>(h, w.tenant, BOOKINGS, { id: technicianId })).technician.bookings;
/** Another user of the world's tenant, with one role. */
const as = (w: World, role: string): TenantContext => serviceTenant({ tenantId: w.tenant.tenantId, slug: w.tenant.slug, roles: [role] });

describe('updateWorkOrder', () => {
  it('changes everything of a new work order, and audits the field diff', async () => {
    const w = await world();
    const { id } = await order(w, { priority: 'normal' });
    const input = {
      title: 'Replace the boiler',
      description: 'Old one leaks.',
      notes: 'Gate code 1234',
      priority: 'high',
      locationId: w.customer.locationIds[1],
      requiredSkills: [{ name: 'plumbing', minLevel: 2 }],
      requestedWindow: { start: at('09:00', '04'), end: at('13:00', '04') },
      estimatedMinutes: 120,
    };
    const updated = (await ok<{ updateWorkOrder: View }>(h, w.tenant, UPDATE, { id, input })).updateWorkOrder;
    expect(updated).toMatchObject({
      title: 'Replace the boiler',
      description: 'Old one leaks.',
      notes: 'Gate code 1234',
      priority: 'high',
      location: { id: w.customer.locationIds[1] },
      requestedWindow: input.requestedWindow,
      estimatedMinutes: 120,
    });
    expect(await get(w, id)).toEqual(updated);

    const events = await createAuditModels(h.connection)
      .AuditEvent.find({ ...tenantScope(w.tenant), operation: 'updateWorkOrder' })
      .lean();
    expect(events).toHaveLength(1);
    const diff = events[0]!.diff as Record<string, { from: unknown; to: unknown }>;
    expect(Object.keys(diff).sort()).toEqual(['description', 'estimatedMinutes', 'locationId', 'notes', 'priority', 'requestedWindow', 'requiredSkills', 'title']);
    expect(diff['priority']).toEqual({ from: 'normal', to: 'high' });
  });

  it('null clears description, notes and the requested window; omitted fields stay', async () => {
    const w = await world();
    const { id } = await order(w, { description: 'Leak', notes: 'Dog in the yard' });
    const updated = (await ok<{ updateWorkOrder: View }>(h, w.tenant, UPDATE, { id, input: { description: null, notes: null, requestedWindow: null } })).updateWorkOrder;
    expect(updated).toMatchObject({ title: 'Fix it', description: null, notes: null, requestedWindow: null, priority: 'normal' });
  });

  it('refuses bad input with BAD_USER_INPUT and changes nothing', async () => {
    const w = await world();
    const { id } = await order(w);
    const before = await get(w, id);
    for (const input of [
      {},
      { title: '' },
      { estimatedMinutes: 2 },
      { requestedWindow: { start: at('05:00'), end: at('05:30') } },
      { estimatedMinutes: 300 }, // longer than the 4-hour requested window
    ]) {
      expect(codes(await h.run(w.tenant, UPDATE, { id, input })), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await h.run(w.tenant, UPDATE, { id, input: { locationId: '0123456789abcdef01234567' } }))).toEqual(['NOT_FOUND']);
    expect(await get(w, id)).toEqual(before);
  });

  it('keeps what the booking was judged on while dispatched: wording and priority change, location is CONFLICT', async () => {
    const w = await world();
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    const edited = (await ok<{ updateWorkOrder: View }>(h, w.tenant, UPDATE, { id, input: { title: 'Fix it properly', priority: 'high', notes: 'Call first' } }))
      .updateWorkOrder;
    expect(edited).toMatchObject({ title: 'Fix it properly', priority: 'high', notes: 'Call first', status: 'dispatched' });
    for (const input of [{ locationId: w.customer.locationIds[1] }, { estimatedMinutes: 30 }, { requestedWindow: null }, { requiredSkills: [] }]) {
      const refused = await h.run(w.tenant, UPDATE, { id, input });
      expect(codes(refused), JSON.stringify(input)).toEqual(['CONFLICT']);
      expect(refused.errors?.[0]?.message).toContain('reschedule it');
    }
    expect(await get(w, id)).toEqual(edited);
  });

  it('allows only notes once completed, and nothing once cancelled', async () => {
    const w = await world();
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    for (const status of ['en_route', 'in_progress', 'completed']) await ok(h, w.tenant, MOVE, { id, status });
    expect(codes(await h.run(w.tenant, UPDATE, { id, input: { title: 'Other' } }))).toEqual(['CONFLICT']);
    expect((await ok<{ updateWorkOrder: View }>(h, w.tenant, UPDATE, { id, input: { notes: 'Replaced the valve' } })).updateWorkOrder.notes).toBe('Replaced the valve');

    const { id: other } = await order(w);
    await ok(h, w.tenant, CANCEL, { id: other, reason: 'Customer sold the house' });
    expect(codes(await h.run(w.tenant, UPDATE, { id: other, input: { notes: 'x' } }))).toEqual(['CONFLICT']);
  });

  it("is NOT_FOUND for another tenant's work order, which stays unchanged", async () => {
    const [w, other] = await Promise.all([world(), world()]);
    const { id } = await order(w);
    const before = await get(w, id);
    expect(codes(await h.run(other.tenant, UPDATE, { id, input: { title: 'Mine now' } }))).toEqual(['NOT_FOUND']);
    expect(await get(w, id)).toEqual(before);
  });

  it('is for the office: dispatcher and admin edit, viewer and technician are FORBIDDEN', async () => {
    const w = await world();
    const { id } = await order(w);
    for (const role of ['admin', 'dispatcher']) expect(codes(await h.run(as(w, role), UPDATE, { id, input: { notes: role } })), role).toBeUndefined();
    for (const role of ['viewer', 'technician']) expect(codes(await h.run(as(w, role), UPDATE, { id, input: { notes: role } })), role).toEqual(['FORBIDDEN']);
    expect((await get(w, id)).notes).toBe('dispatcher');
  });
});

describe('cancelWorkOrder', () => {
  it("keeps the reason, who and when, and frees the technician's slot", async () => {
    const w = await world();
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    expect(await bookings(w, tech)).toHaveLength(1);
    const cancelled = (await ok<{ cancelWorkOrder: View }>(h, w.tenant, CANCEL, { id, reason: '  Customer fixed it himself ' })).cancelWorkOrder;
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'Customer fixed it himself', at: NOW.toISOString(), by: { id: w.tenant.userId } },
      technician: { id: tech },
    });
    expect(cancelled.statusHistory.map((s) => s.status)).toEqual(['new', 'scheduled', 'dispatched', 'cancelled']);
    expect(await bookings(w, tech)).toEqual([]);
    const events = await createAuditModels(h.connection)
      .AuditEvent.find({ ...tenantScope(w.tenant), operation: 'cancelWorkOrder' })
      .lean();
    expect(events.map((e) => Object.keys(e.diff as object).sort())).toEqual([['cancellation', 'status']]);
  });

  it('refuses a missing reason (BAD_USER_INPUT) and a completed or cancelled order (CONFLICT)', async () => {
    const w = await world();
    const { id } = await order(w);
    for (const reason of ['', '   ', 'two\nlines', 'x'.repeat(501)]) expect(codes(await h.run(w.tenant, CANCEL, { id, reason })), reason).toEqual(['BAD_USER_INPUT']);
    await ok(h, w.tenant, CANCEL, { id, reason: 'Duplicate' });
    expect(codes(await h.run(w.tenant, CANCEL, { id, reason: 'Again' }))).toEqual(['CONFLICT']);
    expect((await get(w, id)).cancellation?.reason).toBe('Duplicate');
  });

  it("is NOT_FOUND for another tenant's work order; FORBIDDEN for viewer and technician", async () => {
    const [w, other] = await Promise.all([world(), world()]);
    const { id } = await order(w);
    expect(codes(await h.run(other.tenant, CANCEL, { id, reason: 'Mine' }))).toEqual(['NOT_FOUND']);
    for (const role of ['viewer', 'technician']) expect(codes(await h.run(as(w, role), CANCEL, { id, reason: 'No' })), role).toEqual(['FORBIDDEN']);
    expect((await get(w, id)).status).toBe('new');
    expect(codes(await h.run(as(w, 'dispatcher'), CANCEL, { id, reason: 'Office call' }))).toBeUndefined();
  });
});

describe('rescheduleWorkOrder', () => {
  it('moves the slot on the same technician', async () => {
    const w = await world();
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    const moved = (await ok<{ rescheduleWorkOrder: View }>(h, w.tenant, RESCHEDULE, { id, input: { start: at('14:00') } })).rescheduleWorkOrder;
    expect(moved).toMatchObject({ status: 'dispatched', technician: { id: tech }, schedule: { start: at('14:00'), end: at('15:00') } });
    expect(await bookings(w, tech)).toEqual([{ start: at('14:00'), end: at('15:00'), workOrder: { id } }]);
    const events = await createAuditModels(h.connection)
      .AuditEvent.find({ ...tenantScope(w.tenant), operation: 'rescheduleWorkOrder' })
      .lean();
    expect(events.map((e) => Object.keys(e.diff as object))).toEqual([['schedule']]);
  });

  it("hands the work order to another technician, freeing the first one's slot", async () => {
    const w = await world();
    const [first, second] = [await technician(w), await technician(w)];
    const id = await dispatched(w, first);
    const moved = (
      await ok<{ rescheduleWorkOrder: View }>(h, w.tenant, RESCHEDULE, { id, input: { start: at('10:00', '04'), end: at('11:30', '04'), technicianId: second } })
    ).rescheduleWorkOrder;
    expect(moved).toMatchObject({ technician: { id: second }, schedule: { start: at('10:00', '04'), end: at('11:30', '04') } });
    expect(await bookings(w, first)).toEqual([]);
    expect(await bookings(w, second)).toEqual([{ start: at('10:00', '04'), end: at('11:30', '04'), workOrder: { id } }]);
  });

  it('refuses a double booking with CONFLICT naming the other job, and changes nothing', async () => {
    const w = await world();
    const [first, second] = [await technician(w), await technician(w)];
    const mine = await dispatched(w, first);
    const theirs = await dispatched(w, second, { requestedWindow: { start: at('13:00'), end: at('14:00') } });
    const before = await get(w, mine);
    const refused = await h.run(w.tenant, RESCHEDULE, { id: mine, input: { start: at('13:30'), technicianId: second } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toMatch(/booked during the window: WO #\d+ 2031-03-03T13:00Z/);
    expect(await get(w, mine)).toEqual(before);
    expect((await bookings(w, second)).map((b) => b.workOrder.id)).toEqual([theirs]);
    expect((await bookings(w, first)).map((b) => b.workOrder.id)).toEqual([mine]);
    // Outside working hours, and in the past, are refused as well.
    expect(codes(await h.run(w.tenant, RESCHEDULE, { id: mine, input: { start: at('18:00') } }))).toEqual(['CONFLICT']);
    expect(codes(await h.run(w.tenant, RESCHEDULE, { id: mine, input: { start: at('05:00') } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(w.tenant, RESCHEDULE, { id: mine, input: { start: at('10:00'), end: at('09:00') } }))).toEqual(['BAD_USER_INPUT']);
    expect(await get(w, mine)).toEqual(before);
  });

  it('keeps the travel buffer between two jobs of a technician (dispatch.travelBufferMinutes)', async () => {
    const w = await world({ 'dispatch.travelBufferMinutes': 30 });
    const tech = await technician(w);
    await dispatched(w, tech, { requestedWindow: { start: at('10:00'), end: at('11:00') } });
    const id = await dispatched(w, tech, { requestedWindow: { start: at('14:00'), end: at('15:00') } });
    const refused = await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('11:15') } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('with 30 min travel buffer');
    expect((await ok<{ rescheduleWorkOrder: View }>(h, w.tenant, RESCHEDULE, { id, input: { start: at('11:30') } })).rescheduleWorkOrder.schedule?.start).toBe(
      at('11:30'),
    );
    // Without the key, back to back is fine.
    const plain = await world();
    const other = await technician(plain);
    await dispatched(plain, other, { requestedWindow: { start: at('10:00'), end: at('11:00') } });
    const next = await dispatched(plain, other, { requestedWindow: { start: at('14:00'), end: at('15:00') } });
    expect(codes(await h.run(plain.tenant, RESCHEDULE, { id: next, input: { start: at('11:00') } }))).toBeUndefined();
  });

  it('refuses a day at the limit of jobs (dispatch.maxJobsPerTechnicianPerDay), another day is fine', async () => {
    const w = await world({ 'dispatch.maxJobsPerTechnicianPerDay': 2 });
    const tech = await technician(w);
    await dispatched(w, tech, { requestedWindow: { start: at('08:00'), end: at('09:00') } });
    await dispatched(w, tech, { requestedWindow: { start: at('09:00'), end: at('10:00') } });
    const id = await dispatched(w, tech, { requestedWindow: { start: at('09:00', '04'), end: at('10:00', '04') } });
    const refused = await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('14:00') } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('at the limit of 2 jobs a day on 2031-03-03');
    expect(codes(await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('14:00', '05') } }))).toBeUndefined();
    // Dispatch honours it too: a third job that Monday goes to Tuesday.
    const { id: third } = await order(w, { requestedWindow: { start: at('08:00'), end: at('17:00', '04') } });
    const view = (await ok<{ dispatchWorkOrder: { workOrder: { schedule: { start: string } } } }>(h, w.tenant, DISPATCH, { id: third, technicianId: tech }))
      .dispatchWorkOrder;
    expect(view.workOrder.schedule.start).toBe(at('08:00', '04'));
  });

  it('books the tenant default duration for a job created without an estimate (dispatch.defaultJobDurationMinutes)', async () => {
    const w = await world({ 'dispatch.defaultJobDurationMinutes': 120 });
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    expect((await get(w, id)).estimatedMinutes).toBe(120);
    const moved = (await ok<{ rescheduleWorkOrder: View }>(h, w.tenant, RESCHEDULE, { id, input: { start: at('13:00') } })).rescheduleWorkOrder;
    expect(moved.schedule).toEqual({ start: at('13:00'), end: at('15:00') });
    // Without the key, the built-in hour.
    const plain = await world();
    expect((await get(plain, (await order(plain)).id)).estimatedMinutes).toBe(60);
  });

  it('is only for booked orders: a new one is CONFLICT', async () => {
    const w = await world();
    await technician(w);
    const { id } = await order(w);
    const refused = await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('10:00') } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('dispatch it first');
  });

  it("is NOT_FOUND for another tenant's work order or technician, changing nothing", async () => {
    const [w, other] = await Promise.all([world(), world()]);
    const [tech, foreignTech] = [await technician(w), await technician(other)];
    const id = await dispatched(w, tech);
    const before = await get(w, id);
    expect(codes(await h.run(other.tenant, RESCHEDULE, { id, input: { start: at('14:00') } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('14:00'), technicianId: foreignTech } }))).toEqual(['NOT_FOUND']);
    expect(await get(w, id)).toEqual(before);
    expect(await bookings(other, foreignTech)).toEqual([]);
  });

  it('is for who dispatches: dispatcher yes; viewer and technician FORBIDDEN', async () => {
    const w = await world();
    const tech = await technician(w);
    const id = await dispatched(w, tech);
    for (const role of ['viewer', 'technician']) expect(codes(await h.run(as(w, role), RESCHEDULE, { id, input: { start: at('14:00') } })), role).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as(w, 'dispatcher'), RESCHEDULE, { id, input: { start: at('14:00') } }))).toBeUndefined();
  });
});

describe('deactivating a technician', () => {
  const DEACTIVATE = 'mutation ($id: ID!) { updateTechnician(id: $id, input: { active: false }) { id active } }';

  it('is refused while work orders are assigned, naming them; once handed over, the technician is inactive and gets no work', async () => {
    const w = await world();
    const [leaving, staying] = [await technician(w), await technician(w)];
    const id = await dispatched(w, leaving);
    const { number } = await get(w, id);
    const refused = await h.run(w.tenant, DEACTIVATE, { id: leaving });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain(`#${number}`);

    await ok(h, w.tenant, RESCHEDULE, { id, input: { start: at('14:00'), technicianId: staying } });
    expect((await ok<{ updateTechnician: { active: boolean } }>(h, w.tenant, DEACTIVATE, { id: leaving })).updateTechnician.active).toBe(false);
    const back = await h.run(w.tenant, RESCHEDULE, { id, input: { start: at('15:00'), technicianId: leaving } });
    expect(codes(back)).toEqual(['CONFLICT']);
    expect(back.errors?.[0]?.message).toContain('inactive');
    expect((await get(w, id)).technician?.id).toBe(staying);
  });
});
