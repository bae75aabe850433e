// Correcting service work through the real gateway, as the office does it: reschedule and reassign
// a work order (double booking refused), edit and cancel it, with the tenant's booking configuration
// (travel buffer, jobs per day, default job duration) signed by the gateway and acting on each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

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
const userOf = (tenant: ProvisionedTenant, role: string): string => tenant.users.find((u) => u.roles.includes(role as never))!.id;

async function call<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  role: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

/** Runs an operation that must succeed, as `role` (the owner unless named). */
async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'owner'): Promise<T> {
  const res = await call<T>(tenant, role, query, variables);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const FIELDS = 'id number title notes priority status estimatedMinutes technician { id } schedule { start end } cancellation { reason by { id } }';
const CREATE = `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${FIELDS} } }`;
const DISPATCH = 'mutation ($id: ID!, $technicianId: ID) { dispatchWorkOrder(id: $id, technicianId: $technicianId) { workOrder { id schedule { start end } } } }';
const UPDATE = `mutation ($id: ID!, $input: UpdateWorkOrderInput!) { updateWorkOrder(id: $id, input: $input) { ${FIELDS} } }`;
const RESCHEDULE = `mutation ($id: ID!, $input: RescheduleWorkOrderInput!) { rescheduleWorkOrder(id: $id, input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation ($id: ID!, $reason: String!) { cancelWorkOrder(id: $id, reason: $reason) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { workOrder(id: $id) { ${FIELDS} } }`;
const BOOKINGS = 'query ($id: ID!) { technician(id: $id) { bookings { start end workOrder { id } } } }';
const CONFIG = 'mutation ($set: JSON, $clear: [String!]) { updateTenantConfig(set: $set, clear: $clear) { overriddenKeys } }';

interface WorkOrderView {
  id: string;
  number: number;
  title: string;
  notes: string | null;
  priority: string;
  status: string;
  estimatedMinutes: number;
  technician: { id: string } | null;
  schedule: { start: string; end: string } | null;
  cancellation: { reason: string; by: { id: string } } | null;
}

// Monday 2031-03-03 (UTC), far enough ahead of any real "now".
const at = (time: string, day = '03') => `2031-03-${day}T${time}:00.000Z`;
const ALL_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

interface Office {
  tenant: ProvisionedTenant;
  customer: string;
  /** Two technicians covering the customer: the tenant's technician user and one more. */
  technicians: [string, string];
}

/** A demo tenant's service set-up through the API: an area, a customer, two technicians working around the clock in UTC. */
async function office(): Promise<Office> {
  const tenant = await freshTenant(stack, 'serviceRepair');
  const area = (
    await ok<{ createServiceArea: { id: string } }>(tenant, 'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }', {
      input: { name: 'Lincoln Park', zipCodes: ['60614'] },
    })
  ).createServiceArea.id;
  const customer = (
    await ok<{ createCustomer: { id: string } }>(tenant, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] },
    })
  ).createCustomer.id;
  const second = (
    await ok<{ createUser: { id: string } }>(tenant, 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email: `second-tech@${tenant.slug}.test`, name: 'Second Tech', roles: ['technician'] },
    })
  ).createUser.id;
  const technician = async (userId: string) =>
    (
      await ok<{ createTechnician: { id: string } }>(tenant, 'mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }', {
        input: { userId, serviceAreaIds: [area], workingHours: ALL_DAY },
      })
    ).createTechnician.id;
  return { tenant, customer, technicians: [await technician(userOf(tenant, 'technician')), await technician(second)] };
}

/** A work order dispatched to `technicianId` in the window (as the dispatcher). */
async function booked(o: Office, technicianId: string, window: { start: string; end: string }, input: Record<string, unknown> = {}): Promise<WorkOrderView> {
  const order = (
    await ok<{ createWorkOrder: WorkOrderView }>(o.tenant, CREATE, { input: { title: 'Fix', customerId: o.customer, requestedWindow: window, ...input } }, 'dispatcher')
  ).createWorkOrder;
  await ok(o.tenant, DISPATCH, { id: order.id, technicianId }, 'dispatcher');
  return (await ok<{ workOrder: WorkOrderView }>(o.tenant, GET, { id: order.id })).workOrder;
}

const get = async (o: Office, id: string) => (await ok<{ workOrder: WorkOrderView }>(o.tenant, GET, { id })).workOrder;
const bookingsOf = async (o: Office, technicianId: string) =>
  (await ok<{ technician: { bookings: { start: string; end: string; workOrder: { id: string } }[] } }>(o.tenant, BOOKINGS, { id: technicianId })).technician.bookings.map(
    (b) => ({ start: b.start, end: b.end, workOrder: b.workOrder.id }),
  );

describe('the office corrects its work through the gateway', () => {
  it('a dispatcher reschedules a work order to another technician; a double booking is refused and changes nothing', { timeout: 60_000 }, async () => {
    const o = await office();
    const [ann, bob] = o.technicians;
    const job = await booked(o, ann, { start: at('10:00'), end: at('12:00') }, { estimatedMinutes: 60 });
    const bobs = await booked(o, bob, { start: at('13:00'), end: at('14:00') }, { estimatedMinutes: 60 });
    expect(job.schedule).toEqual({ start: at('10:00'), end: at('11:00') });

    const refused = await call(o.tenant, 'dispatcher', RESCHEDULE, { id: job.id, input: { start: at('13:30'), technicianId: bob } });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.body.errors?.[0]?.message).toContain(`WO #${bobs.number}`);
    expect(await get(o, job.id)).toEqual(job);
    expect(await bookingsOf(o, bob)).toEqual([{ start: at('13:00'), end: at('14:00'), workOrder: bobs.id }]);

    const moved = (await ok<{ rescheduleWorkOrder: WorkOrderView }>(o.tenant, RESCHEDULE, { id: job.id, input: { start: at('15:00'), technicianId: bob } }, 'dispatcher'))
      .rescheduleWorkOrder;
    expect(moved).toMatchObject({ status: 'dispatched', technician: { id: bob }, schedule: { start: at('15:00'), end: at('16:00') } });
    expect(await bookingsOf(o, ann)).toEqual([]);
    expect(await bookingsOf(o, bob)).toEqual([
      { start: at('13:00'), end: at('14:00'), workOrder: bobs.id },
      { start: at('15:00'), end: at('16:00'), workOrder: job.id },
    ]);

    const edited = (await ok<{ updateWorkOrder: WorkOrderView }>(o.tenant, UPDATE, { id: job.id, input: { priority: 'high', notes: 'Side door' } }, 'dispatcher'))
      .updateWorkOrder;
    expect(edited).toMatchObject({ priority: 'high', notes: 'Side door', schedule: moved.schedule });
    const cancelled = (await ok<{ cancelWorkOrder: WorkOrderView }>(o.tenant, CANCEL, { id: bobs.id, reason: 'Customer away' }, 'dispatcher')).cancelWorkOrder;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Customer away', by: { id: userOf(o.tenant, 'dispatcher') } } });
    expect(await bookingsOf(o, bob)).toEqual([{ start: at('15:00'), end: at('16:00'), workOrder: job.id }]);
  });
});

describe("an office manager edits a customer's locations through the gateway", () => {
  const LOCATIONS = 'id locations { id label address { line1 } } all: locations(includeRetired: true) { id retiredAt }';
  const ADD = `mutation ($customerId: ID!, $input: CustomerLocationInput!) { addCustomerLocation(customerId: $customerId, input: $input) { ${LOCATIONS} } }`;
  const EDIT = `mutation ($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
    updateCustomerLocation(customerId: $customerId, locationId: $locationId, input: $input) { ${LOCATIONS} }
  }`;
  const RETIRE = `mutation ($customerId: ID!, $locationId: ID!) { retireCustomerLocation(customerId: $customerId, locationId: $locationId) { ${LOCATIONS} } }`;
  interface Locations {
    id: string;
    locations: { id: string; label: string | null; address: { line1: string } }[];
    all: { id: string; retiredAt: string | null }[];
  }

  it('adds a second address, corrects it, books work there, and retires the first; another tenant gets NOT_FOUND', { timeout: 60_000 }, async () => {
    const [o, other] = await Promise.all([office(), office()]);
    const shop = { label: 'Shop', address: { line1: '2400 N Lincoln Ave', city: 'Chicago', postalCode: '60614' } };
    const added = (await ok<{ addCustomerLocation: Locations }>(o.tenant, ADD, { customerId: o.customer, input: shop }, 'dispatcher')).addCustomerLocation;
    expect(added.locations.map((l) => l.label)).toEqual([null, 'Shop']);
    const [home, second] = added.locations.map((l) => l.id) as [string, string];
    const edited = (
      await ok<{ updateCustomerLocation: Locations }>(o.tenant, EDIT, { customerId: o.customer, locationId: second, input: { label: 'Workshop' } }, 'dispatcher')
    ).updateCustomerLocation;
    expect(edited.locations[1]).toEqual({ id: second, label: 'Workshop', address: { line1: '2400 N Lincoln Ave' } });

    const job = await booked(o, o.technicians[0], { start: at('10:00'), end: at('12:00') }, { estimatedMinutes: 60, locationId: second });
    expect(job.schedule).toEqual({ start: at('10:00'), end: at('11:00') });
    const retired = (await ok<{ retireCustomerLocation: Locations }>(o.tenant, RETIRE, { customerId: o.customer, locationId: home }, 'dispatcher'))
      .retireCustomerLocation;
    expect(retired.locations.map((l) => l.id)).toEqual([second]);
    expect(retired.all.map((l) => [l.id, l.retiredAt !== null])).toEqual([
      [home, true],
      [second, false],
    ]);
    // The work order's location has an open job: it stays.
    expect(codes(await call(o.tenant, 'dispatcher', RETIRE, { customerId: o.customer, locationId: second }))).toEqual(['CONFLICT']);

    for (const [query, variables] of [
      [ADD, { customerId: o.customer, input: shop }],
      [EDIT, { customerId: o.customer, locationId: second, input: { label: 'Taken' } }],
      [RETIRE, { customerId: o.customer, locationId: second }],
    ] as const) {
      expect(codes(await call(other.tenant, 'dispatcher', query, variables))).toEqual(['NOT_FOUND']);
    }
    for (const role of ['viewer', 'technician'])
      expect(codes(await call(o.tenant, role, EDIT, { customerId: o.customer, locationId: second, input: { label: role } }))).toEqual(['FORBIDDEN']);
    const after = (await ok<{ customer: Locations }>(o.tenant, `query ($id: ID!) { customer(id: $id) { ${LOCATIONS} } }`, { id: o.customer })).customer;
    expect(after).toEqual(retired);
  });
});

describe('the booking configuration acts through the gateway', () => {
  it('dispatch.travelBufferMinutes: 30 by default keeps half an hour between jobs; 0 allows back to back', { timeout: 60_000 }, async () => {
    const o = await office();
    const [ann] = o.technicians;
    await booked(o, ann, { start: at('10:00'), end: at('11:00') }, { estimatedMinutes: 60 });
    const later = await booked(o, ann, { start: at('14:00'), end: at('15:00') }, { estimatedMinutes: 60 });
    const tooClose = await call(o.tenant, 'dispatcher', RESCHEDULE, { id: later.id, input: { start: at('11:15') } });
    expect(codes(tooClose)).toEqual(['CONFLICT']);
    expect(tooClose.body.errors?.[0]?.message).toContain('with 30 min travel buffer');

    expect(
      (await ok<{ updateTenantConfig: { overriddenKeys: string[] } }>(o.tenant, CONFIG, { set: { dispatch: { travelBufferMinutes: 0 } } })).updateTenantConfig
        .overriddenKeys,
    ).toContain('dispatch.travelBufferMinutes');
    await pastCacheLifetime();
    const moved = (await ok<{ rescheduleWorkOrder: WorkOrderView }>(o.tenant, RESCHEDULE, { id: later.id, input: { start: at('11:00') } }, 'dispatcher'))
      .rescheduleWorkOrder;
    expect(moved.schedule).toEqual({ start: at('11:00'), end: at('12:00') });
  });

  it('dispatch.maxJobsPerTechnicianPerDay: at 1 a second job that day is refused; cleared, the default 6 takes it', { timeout: 60_000 }, async () => {
    const o = await office();
    const [ann] = o.technicians;
    await ok(o.tenant, CONFIG, { set: { dispatch: { maxJobsPerTechnicianPerDay: 1 } } });
    await pastCacheLifetime();
    await booked(o, ann, { start: at('09:00'), end: at('10:00') }, { estimatedMinutes: 60 });
    const tuesday = await booked(o, ann, { start: at('09:00', '04'), end: at('10:00', '04') }, { estimatedMinutes: 60 });
    const full = await call(o.tenant, 'dispatcher', RESCHEDULE, { id: tuesday.id, input: { start: at('14:00') } });
    expect(codes(full)).toEqual(['CONFLICT']);
    expect(full.body.errors?.[0]?.message).toContain('at the limit of 1 jobs a day on 2031-03-03');
    expect(await get(o, tuesday.id)).toEqual(tuesday);

    await ok(o.tenant, CONFIG, { clear: ['dispatch.maxJobsPerTechnicianPerDay'] });
    await pastCacheLifetime();
    const moved = (await ok<{ rescheduleWorkOrder: WorkOrderView }>(o.tenant, RESCHEDULE, { id: tuesday.id, input: { start: at('14:00') } }, 'dispatcher'))
      .rescheduleWorkOrder;
    expect(moved.schedule?.start).toBe(at('14:00'));
  });

  it('dispatch.defaultJobDurationMinutes: a job without an estimate lasts 90 minutes by default, 45 once set', { timeout: 60_000 }, async () => {
    const o = await office();
    const [ann] = o.technicians;
    const byDefault = await booked(o, ann, { start: at('08:00'), end: at('12:00') });
    expect(byDefault.estimatedMinutes).toBe(90);
    expect(byDefault.schedule).toEqual({ start: at('08:00'), end: at('09:30') });

    await ok(o.tenant, CONFIG, { set: { dispatch: { defaultJobDurationMinutes: 45 } } });
    await pastCacheLifetime();
    const short = await booked(o, ann, { start: at('13:00'), end: at('17:00') });
    expect(short.estimatedMinutes).toBe(45);
    expect(short.schedule).toEqual({ start: at('13:00'), end: at('13:45') });
    // A reschedule without an end books the job's own estimate.
    const moved = (await ok<{ rescheduleWorkOrder: WorkOrderView }>(o.tenant, RESCHEDULE, { id: short.id, input: { start: at('15:00') } }, 'dispatcher'))
      .rescheduleWorkOrder;
    expect(moved.schedule).toEqual({ start: at('15:00'), end: at('15:45') });
  });

  it('workOrders.defaultPriority: a work order opened without a priority is normal by default, high once set; a given one wins', { timeout: 60_000 }, async () => {
    const o = await office();
    const open = async (input: Record<string, unknown> = {}) =>
      (await ok<{ createWorkOrder: WorkOrderView }>(o.tenant, CREATE, { input: { title: 'Leak', customerId: o.customer, ...input } })).createWorkOrder;
    expect((await open()).priority).toBe('normal');
    await ok(o.tenant, CONFIG, { set: { workOrders: { defaultPriority: 'high' } } });
    await pastCacheLifetime();
    expect((await open()).priority).toBe('high');
    expect((await open({ priority: 'low' })).priority).toBe('low');
    // The configuration's earlier name of the highest priority is refused.
    expect(codes(await call(o.tenant, 'owner', CONFIG, { set: { workOrders: { defaultPriority: 'urgent' } } }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe("another tenant's work order", () => {
  it('is NOT_FOUND for updateWorkOrder, rescheduleWorkOrder and cancelWorkOrder, and stays as it was', { timeout: 60_000 }, async () => {
    const [mine, theirs] = await Promise.all([office(), office()]);
    const job = await booked(mine, mine.technicians[0], { start: at('10:00'), end: at('12:00') }, { estimatedMinutes: 60 });
    const attempts: [string, Record<string, unknown>][] = [
      [UPDATE, { id: job.id, input: { title: 'Taken' } }],
      [RESCHEDULE, { id: job.id, input: { start: at('14:00') } }],
      [RESCHEDULE, { id: job.id, input: { start: at('14:00'), technicianId: theirs.technicians[0] } }],
      [CANCEL, { id: job.id, reason: 'Taken' }],
    ];
    for (const role of ['owner', 'dispatcher']) {
      for (const [query, variables] of attempts) {
        const res = await call(theirs.tenant, role, query, variables);
        expect(codes(res), `${role} ${query.slice(9, 40)}`).toEqual(['NOT_FOUND']);
        expect(res.body.data ?? null).toBeNull();
      }
    }
    // Their own technician cannot be handed my work order either.
    const mixed = await call(mine.tenant, 'dispatcher', RESCHEDULE, { id: job.id, input: { start: at('14:00'), technicianId: theirs.technicians[0] } });
    expect(codes(mixed)).toEqual(['NOT_FOUND']);
    expect(await get(mine, job.id)).toEqual(job);
    expect(await bookingsOf(mine, mine.technicians[0])).toEqual([{ start: at('10:00'), end: at('11:00'), workOrder: job.id }]);
    expect(await bookingsOf(theirs, theirs.technicians[0])).toEqual([]);
  });
});

describe('who may correct work orders', () => {
  const EXPECTED: Record<string, 'allowed' | 'FORBIDDEN'> = { owner: 'allowed', admin: 'allowed', dispatcher: 'allowed', viewer: 'FORBIDDEN', technician: 'FORBIDDEN' };

  it('owner, admin and dispatcher edit, reschedule and cancel; viewer and technician are FORBIDDEN', { timeout: 120_000 }, async () => {
    const o = await office();
    const [ann] = o.technicians;
    for (const [i, [role, expected]] of Object.entries(EXPECTED).entries()) {
      const day = String(10 + i);
      const job = await booked(o, ann, { start: at('09:00', day), end: at('12:00', day) }, { estimatedMinutes: 60 });
      const results = [
        await call(o.tenant, role, UPDATE, { id: job.id, input: { notes: `by ${role}` } }),
        await call(o.tenant, role, RESCHEDULE, { id: job.id, input: { start: at('14:00', day) } }),
        await call(o.tenant, role, CANCEL, { id: job.id, reason: `by ${role}` }),
      ];
      const after = await get(o, job.id);
      if (expected === 'allowed') {
        expect(results.map(codes), role).toEqual([[], [], []]);
        expect(after).toMatchObject({ notes: `by ${role}`, status: 'cancelled', schedule: { start: at('14:00', day) }, cancellation: { reason: `by ${role}` } });
      } else {
        expect(results.map(codes), role).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
        expect(after, role).toEqual(job);
      }
    }
  });
});
