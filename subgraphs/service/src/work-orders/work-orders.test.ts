import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { createAuditModels, type BatchObserver, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, createArea, createCustomer, createTechnician, DISPATCH, serviceTenant, startHarness, type ServiceHarness } from '../testing';
import { type WorkOrderStatus } from './work-orders.model';
import { nextStatuses, WORK_ORDER_TRANSITIONS } from './work-orders.service';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-work-orders');
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id number title description priority status statusHistory { status at changedBy { id } } createdBy { id } createdAt updatedAt';
const CREATE = `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${FIELDS} } }`;
const MOVE = `mutation ($id: ID!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { workOrder(id: $id) { ${FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: WorkOrderFilter) {
  workOrders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id number status priority } }
  }
}`;

interface WorkOrderView {
  id: string;
  number: number;
  title: string;
  description: string | null;
  priority: string;
  status: WorkOrderStatus;
  statusHistory: { status: WorkOrderStatus; at: string; changedBy: { id: string } }[];
  createdBy: { id: string };
  createdAt: string;
  updatedAt: string;
}

interface ListView {
  workOrders: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; number: number; status: string; priority: string } }[];
  };
}

// One customer per tenant, created on first use (a work order needs one).
const customers = new Map<string, Promise<string>>();
function customerOf(tenant: TenantContext): Promise<string> {
  let customer = customers.get(tenant.tenantId);
  if (!customer) {
    customer = createCustomer(h, tenant).then((c) => c.id);
    customers.set(tenant.tenantId, customer);
  }
  return customer;
}

// One technician per tenant covering the customers' ZIP around the clock, for the dispatched step.
const technicians = new Map<string, Promise<string>>();
function technicianOf(tenant: TenantContext): Promise<string> {
  let technician = technicians.get(tenant.tenantId);
  if (!technician) {
    technician = createArea(h, tenant, { zipCodes: ['60614'] }).then((area) => createTechnician(h, tenant, { serviceAreaIds: [area] }));
    technicians.set(tenant.tenantId, technician);
  }
  return technician;
}

async function open(tenant: TenantContext, input: Record<string, unknown> = {}): Promise<WorkOrderView> {
  const customerId = await customerOf(tenant);
  const result = await h.run<{ createWorkOrder: WorkOrderView }>(tenant, CREATE, { input: { title: 'Fix the boiler', customerId, ...input } });
  if (result.errors || !result.data) throw new Error(`createWorkOrder failed: ${JSON.stringify(result.errors)}`);
  return result.data.createWorkOrder;
}

async function move(tenant: TenantContext, id: string, status: WorkOrderStatus): Promise<WorkOrderView> {
  const result = await h.run<{ updateWorkOrderStatus: WorkOrderView }>(tenant, MOVE, { id, status });
  if (result.errors || !result.data) throw new Error(`updateWorkOrderStatus → ${status} failed: ${JSON.stringify(result.errors)}`);
  return result.data.updateWorkOrderStatus;
}

const MAIN_LINE: readonly WorkOrderStatus[] = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'completed', 'invoiced'];

/** Dispatches through dispatchWorkOrder, the only way into `dispatched` besides resuming from on_hold. */
async function dispatch(tenant: TenantContext, id: string): Promise<WorkOrderView> {
  const technicianId = await technicianOf(tenant);
  const result = await h.run<{ dispatchWorkOrder: unknown }>(tenant, DISPATCH, { id, technicianId });
  if (result.errors) throw new Error(`dispatchWorkOrder failed: ${JSON.stringify(result.errors)}`);
  return (await h.run<{ workOrder: WorkOrderView }>(tenant, GET, { id })).data!.workOrder;
}

/** A new work order driven through allowed moves to `path`'s last status. */
async function orderAt(tenant: TenantContext, path: readonly WorkOrderStatus[]): Promise<WorkOrderView> {
  let order = await open(tenant);
  for (const [i, status] of path.slice(1).entries()) {
    const resumes = path[i] === 'on_hold';
    order = status === 'dispatched' && !resumes ? await dispatch(tenant, order.id) : await move(tenant, order.id, status);
  }
  return order;
}

/** The moves that reach `status` (for on_hold: held from `heldFrom`). */
function pathTo(status: WorkOrderStatus, heldFrom?: WorkOrderStatus): WorkOrderStatus[] {
  if (status === 'on_hold') return [...pathTo(heldFrom ?? 'scheduled'), 'on_hold'];
  if (status === 'cancelled') return ['new', 'cancelled'];
  return MAIN_LINE.slice(0, MAIN_LINE.indexOf(status) + 1);
}

type Move = [from: WorkOrderStatus, heldFrom: WorkOrderStatus | undefined, to: WorkOrderStatus];
const withLabel = ([from, heldFrom, to]: Move): [string, ...Move] => [`${from}${heldFrom ? ` (held from ${heldFrom})` : ''} → ${to}`, from, heldFrom, to];

const countOrders = (tenant: TenantContext) => h.models.WorkOrder.countDocuments(tenantScope(tenant));
const storedOrder = (tenant: TenantContext, id: string) => h.models.WorkOrder.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

describe('the lifecycle table', () => {
  it('lets on_hold resume to the status it was held from, besides scheduled and cancelled', () => {
    expect(nextStatuses({ status: 'on_hold', heldFrom: 'en_route' }).sort()).toEqual(['cancelled', 'en_route', 'scheduled']);
    expect(nextStatuses({ status: 'on_hold', heldFrom: 'scheduled' }).sort()).toEqual(['cancelled', 'scheduled']);
  });

  it('allows cancelling from every status before completed, and from none after', () => {
    const cancellable = Object.entries(WORK_ORDER_TRANSITIONS)
      .filter(([, next]) => next.includes('cancelled'))
      .map(([from]) => from)
      .sort();
    expect(cancellable).toEqual(['dispatched', 'en_route', 'in_progress', 'new', 'on_hold', 'scheduled']);
  });
});

describe.concurrent('work orders', () => {
  it('opens a work order: number 1, status new, normal priority, created by the caller', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await open(tenant, { title: '  Replace the thermostat ', description: 'Hallway, model T6.' });
    expect(order).toMatchObject({
      number: 1,
      title: 'Replace the thermostat',
      description: 'Hallway, model T6.',
      priority: 'normal',
      status: 'new',
      createdBy: { id: tenant.userId },
      statusHistory: [{ status: 'new', at: order.createdAt, changedBy: { id: tenant.userId } }],
    });
    const second = await open(tenant, { priority: 'emergency' });
    expect(second).toMatchObject({ number: 2, priority: 'emergency', description: null });
    // Numbers are per tenant.
    expect((await open(serviceTenant())).number).toBe(1);
  });

  // Generous timeout: the other concurrent tests' writes share the database's single writer.
  it('numbers 50 concurrent creates 1..50, each once', { timeout: 60_000 }, async ({ expect }) => {
    const tenant = serviceTenant();
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => open(tenant, { title: `Job ${i}` })));
    expect(created.map((order) => order.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await countOrders(tenant)).toBe(50);
    // The counter is consistent afterwards: the next work order continues the sequence.
    expect((await open(tenant)).number).toBe(51);
  });

  it('gets work orders by id in one batch, scoped to the tenant', async ({ expect }) => {
    const tenant = serviceTenant();
    const [a, b] = [await open(tenant), await open(tenant)];
    const batches: Parameters<BatchObserver>[0][] = [];
    const result = await h.run(tenant, `query ($a: ID!, $b: ID!) { a: workOrder(id: $a) { number } b: workOrder(id: $b) { number } }`, { a: a.id, b: b.id }, (batch) =>
      batches.push(batch),
    );
    expect(result).toEqual({ data: { a: { number: 1 }, b: { number: 2 } } });
    expect(batches).toEqual([{ model: 'WorkOrder', keys: 2, tenantId: tenant.tenantId }]);
    const full = await h.run<{ workOrder: WorkOrderView }>(tenant, GET, { id: a.id });
    expect(full.data?.workOrder).toEqual(a);
  });

  it('lists newest first, in pages, filtered by status and priority', async ({ expect }) => {
    const tenant = serviceTenant();
    const one = await open(tenant, { priority: 'high' });
    const two = await open(tenant, { priority: 'high' });
    const three = await open(tenant, { priority: 'low' });
    await move(tenant, two.id, 'scheduled');

    const page1 = await h.run<ListView>(tenant, LIST, { first: 2 });
    expect(page1.data?.workOrders.totalCount).toBe(3);
    expect(page1.data?.workOrders.edges.map((e) => e.node.number)).toEqual([3, 2]);
    expect(page1.data?.workOrders.pageInfo.hasNextPage).toBe(true);
    const page2 = await h.run<ListView>(tenant, LIST, { first: 2, after: page1.data?.workOrders.pageInfo.endCursor });
    expect(page2.data?.workOrders.edges.map((e) => e.node.id)).toEqual([one.id]);
    expect(page2.data?.workOrders.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.data?.workOrders.edges[0]?.cursor });

    const highNew = await h.run<ListView>(tenant, LIST, { filter: { status: 'new', priority: 'high' } });
    expect(highNew.data?.workOrders.edges.map((e) => e.node.id)).toEqual([one.id]);
    const scheduled = await h.run<ListView>(tenant, LIST, { filter: { status: 'scheduled' } });
    expect(scheduled.data?.workOrders.edges.map((e) => e.node.id)).toEqual([two.id]);
    const low = await h.run<ListView>(tenant, LIST, { filter: { priority: 'low' } });
    expect(low.data?.workOrders.edges.map((e) => e.node.id)).toEqual([three.id]);
  });

  it('walks the main line from new to invoiced, recording every step with time and user', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, MAIN_LINE);
    expect(order.status).toBe('invoiced');
    expect(order.statusHistory.map((step) => step.status)).toEqual(MAIN_LINE);
    const times = order.statusHistory.map((step) => Date.parse(step.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(order.statusHistory.map((step) => step.changedBy.id))).toEqual(new Set([tenant.userId]));
  });

  it('audits each mutation with the work order as target; a move records the status change', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await open(tenant);
    await move(tenant, order.id, 'scheduled');
    await h.run(tenant, MOVE, { id: order.id, status: 'invoiced' });
    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    expect(events.map(({ operation, targetId, outcome, errorCode }) => ({ operation, targetId, outcome, errorCode }))).toEqual([
      { operation: 'createCustomer', targetId: await customerOf(tenant), outcome: 'success', errorCode: null },
      { operation: 'createWorkOrder', targetId: order.id, outcome: 'success', errorCode: null },
      { operation: 'updateWorkOrderStatus', targetId: order.id, outcome: 'success', errorCode: null },
      { operation: 'updateWorkOrderStatus', targetId: null, outcome: 'failed', errorCode: 'CONFLICT' },
    ]);
    expect(events[2]?.diff).toEqual({ status: { from: 'new', to: 'scheduled' } });
  });

  it('lets exactly one of ten concurrent identical moves through; the others are CONFLICT', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await open(tenant);
    const results = await Promise.all(Array.from({ length: 10 }, () => h.run(tenant, MOVE, { id: order.id, status: 'scheduled' })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.flatMap((result) => codes(result) ?? [])).toEqual(Array.from({ length: 9 }, () => 'CONFLICT'));
    expect((await storedOrder(tenant, order.id))?.statusHistory.map((step) => step.status)).toEqual(['new', 'scheduled']);
  });

  // Every move of the table, plus the resumes from on_hold to where it was held from. Into dispatched
  // only by resuming: dispatching itself is dispatchWorkOrder's (dispatch.test.ts).
  const ALLOWED: Move[] = [
    ...(Object.entries(WORK_ORDER_TRANSITIONS) as [WorkOrderStatus, readonly WorkOrderStatus[]][])
      .filter(([from]) => from !== 'on_hold')
      .flatMap(([from, next]) => next.filter((to) => to !== 'dispatched').map((to): Move => [from, undefined, to])),
    ...(['scheduled', 'dispatched', 'en_route', 'in_progress'] as const).flatMap((heldFrom) =>
      [...new Set([heldFrom, 'scheduled', 'cancelled'] as const)].map((to): Move => ['on_hold', heldFrom, to]),
    ),
  ];

  it.for(ALLOWED.map(withLabel))('allows %s', async ([, from, heldFrom, to], { expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, pathTo(from, heldFrom));
    const result = await h.run<{ updateWorkOrderStatus: WorkOrderView }>(tenant, MOVE, { id: order.id, status: to });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateWorkOrderStatus.status).toBe(to);
    expect(result.data?.updateWorkOrderStatus.statusHistory.at(-1)).toMatchObject({ status: to, changedBy: { id: tenant.userId } });
    const stored = await storedOrder(tenant, order.id);
    expect(stored?.status).toBe(to);
    expect(stored?.heldFrom).toBe(to === 'on_hold' ? from : null);
  });

  it('refuses scheduled → dispatched through updateWorkOrderStatus: dispatchWorkOrder assigns the technician', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, ['new', 'scheduled']);
    const before = await storedOrder(tenant, order.id);
    const result = await h.run(tenant, MOVE, { id: order.id, status: 'dispatched' });
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.message).toMatch(/dispatchWorkOrder/);
    expect(await storedOrder(tenant, order.id)).toEqual(before);
  });

  it('stamps every step in timestamps with the latest time it was entered', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, ['new', 'scheduled', 'dispatched', 'on_hold', 'dispatched', 'en_route']);
    const result = await h.run<{ workOrder: { timestamps: Record<string, string | null> } }>(
      tenant,
      'query ($id: ID!) { workOrder(id: $id) { timestamps { created scheduled dispatched enRoute started completed invoiced onHold cancelled } } }',
      { id: order.id },
    );
    const at = (status: WorkOrderStatus) => order.statusHistory.filter((s) => s.status === status).at(-1)?.at ?? null;
    expect(result.data?.workOrder.timestamps).toEqual({
      created: order.createdAt,
      scheduled: at('scheduled'),
      dispatched: at('dispatched'),
      enRoute: at('en_route'),
      started: null,
      completed: null,
      invoiced: null,
      onHold: at('on_hold'),
      cancelled: null,
    });
  });

  const FORBIDDEN: Move[] = [
    ['new', undefined, 'new'],
    ['new', undefined, 'dispatched'],
    ['new', undefined, 'completed'],
    ['new', undefined, 'on_hold'],
    ['scheduled', undefined, 'in_progress'],
    ['dispatched', undefined, 'scheduled'],
    ['in_progress', undefined, 'en_route'],
    ['completed', undefined, 'cancelled'],
    ['completed', undefined, 'on_hold'],
    ['completed', undefined, 'in_progress'],
    ['invoiced', undefined, 'completed'],
    ['invoiced', undefined, 'cancelled'],
    ['cancelled', undefined, 'new'],
    ['cancelled', undefined, 'scheduled'],
    ['on_hold', 'dispatched', 'en_route'],
    ['on_hold', 'dispatched', 'in_progress'],
    ['on_hold', 'en_route', 'dispatched'],
    ['on_hold', 'in_progress', 'completed'],
    ['on_hold', 'scheduled', 'on_hold'],
  ];

  it.for(FORBIDDEN.map(withLabel))('refuses %s with CONFLICT and changes nothing', async ([, from, heldFrom, to], { expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, pathTo(from, heldFrom));
    const before = await storedOrder(tenant, order.id);
    const result = await h.run(tenant, MOVE, { id: order.id, status: to });
    expect(result.data).toBeNull();
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ from, to });
    expect(await storedOrder(tenant, order.id)).toEqual(before);
  });

  it("treats another tenant's work order as missing: null + NOT_FOUND, move NOT_FOUND, nothing changed", async ({ expect }) => {
    const owner = serviceTenant();
    const intruder = serviceTenant();
    const order = await open(owner);
    const before = await storedOrder(owner, order.id);

    const batches: Parameters<BatchObserver>[0][] = [];
    const read = await h.run(intruder, GET, { id: order.id }, (batch) => batches.push(batch));
    expect(read.data).toEqual({ workOrder: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(batches).toEqual([{ model: 'WorkOrder', keys: 1, tenantId: intruder.tenantId }]);

    // An allowed move and a forbidden one answer the same: the order's state must not leak.
    for (const status of ['scheduled', 'invoiced'] as const) {
      const write = await h.run(intruder, MOVE, { id: order.id, status });
      expect(write.data).toBeNull();
      expect(codes(write)).toEqual(['NOT_FOUND']);
    }
    expect((await h.run<ListView>(intruder, LIST, {})).data?.workOrders.totalCount).toBe(0);
    expect(await storedOrder(owner, order.id)).toEqual(before);
    // The intruder's own numbering is untouched by the owner's.
    expect((await open(intruder)).number).toBe(1);
  });

  it("createWorkOrder with another tenant's customer, or a location not of the customer, is NOT_FOUND and draws no number", async ({ expect }) => {
    const owner = serviceTenant();
    const intruder = serviceTenant();
    const foreign = await createCustomer(h, owner);
    const own = await createCustomer(h, intruder);
    expect(codes(await h.run(intruder, CREATE, { input: { title: 'Steal', customerId: foreign.id } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, CREATE, { input: { title: 'Mix', customerId: own.id, locationId: foreign.locationIds[0] } }))).toEqual(['NOT_FOUND']);
    expect(await countOrders(intruder)).toBe(0);
    expect((await open(intruder)).number).toBe(1);
  });

  it('records customer, location, skills, window and estimate; the location defaults to the first', async ({ expect }) => {
    const tenant = serviceTenant();
    const customer = await createCustomer(h, tenant, {
      locations: [
        { label: 'Home', address: { line1: '1 A St', city: 'Chicago', postalCode: '60614' } },
        { label: 'Shop', address: { line1: '2 B St', city: 'Chicago', postalCode: '60657-1234' } },
      ],
    });
    const fields =
      'customer { id } location { id label address { postalCode } } requiredSkills { name minLevel } requestedWindow { start end } estimatedMinutes technician { id } schedule { start } parts { id } partsCostCents';
    const first = await h.run<{ createWorkOrder: Record<string, unknown> }>(
      tenant,
      `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${fields} } }`,
      {
        input: { title: 'A', customerId: customer.id },
      },
    );
    expect(first.data?.createWorkOrder).toEqual({
      customer: { id: customer.id },
      location: { id: customer.locationIds[0], label: 'Home', address: { postalCode: '60614' } },
      requiredSkills: [],
      requestedWindow: null,
      estimatedMinutes: 60,
      technician: null,
      schedule: null,
      parts: [],
      partsCostCents: 0,
    });
    const second = await h.run<{ createWorkOrder: Record<string, unknown> }>(
      tenant,
      `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${fields} } }`,
      {
        input: {
          title: 'B',
          customerId: customer.id,
          locationId: customer.locationIds[1],
          requiredSkills: [{ name: ' HVAC ', minLevel: 3 }, { name: 'electrical' }],
          requestedWindow: { start: '2031-03-04T08:00:00-06:00', end: '2031-03-04T12:00:00-06:00' },
          estimatedMinutes: 90,
        },
      },
    );
    expect(second.data?.createWorkOrder).toMatchObject({
      location: { id: customer.locationIds[1], label: 'Shop', address: { postalCode: '60657' } },
      requiredSkills: [
        { name: 'hvac', minLevel: 3 },
        { name: 'electrical', minLevel: 1 },
      ],
      requestedWindow: { start: '2031-03-04T14:00:00.000Z', end: '2031-03-04T18:00:00.000Z' },
      estimatedMinutes: 90,
    });
  });

  it('filters the list by customer and by technician', async ({ expect }) => {
    const tenant = serviceTenant();
    const other = await createCustomer(h, tenant);
    const mine = await open(tenant);
    const theirs = await open(tenant, { customerId: other.id });
    await dispatch(tenant, theirs.id);
    const byCustomer = await h.run<ListView>(tenant, LIST, { filter: { customerId: other.id } });
    expect(byCustomer.data?.workOrders.edges.map((e) => e.node.id)).toEqual([theirs.id]);
    const byTechnician = await h.run<ListView>(tenant, LIST, { filter: { technicianId: await technicianOf(tenant) } });
    expect(byTechnician.data?.workOrders.edges.map((e) => e.node.id)).toEqual([theirs.id]);
    expect(mine.id).not.toBe(theirs.id);
  });

  it('answers NOT_FOUND for a well-formed id that does not exist', async ({ expect }) => {
    const tenant = serviceTenant();
    const id = new mongoose.Types.ObjectId().toHexString();
    const read = await h.run(tenant, GET, { id });
    expect(read.data).toEqual({ workOrder: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, MOVE, { id, status: 'scheduled' }))).toEqual(['NOT_FOUND']);
  });

  it.for<[name: string, tenant: TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['a serviceRepair tenant with workOrders switched off', serviceTenant({ flags: { workOrders: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: { title: 'Nope', customerId: id } }],
      [MOVE, { id, status: 'scheduled' }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await countOrders(tenant)).toBe(0);
    expect(await h.models.Counter.countDocuments(tenantScope(tenant))).toBe(0);
  });

  const operator = JSON.parse('{"$ne": null}') as unknown;

  it.for<[name: string, input: Record<string, unknown>]>([
    ['a title over 200 characters', { title: 't'.repeat(201) }],
    ['a blank title', { title: '   ' }],
    ['a description over 5000 characters', { title: 'ok', description: 'd'.repeat(5_001) }],
    ['an unknown priority', { title: 'ok', priority: 'urgent' }],
    ['an operator object for the title', { title: operator }],
    ['a status (new orders always start as new)', { title: 'ok', status: 'completed' }],
    ['a customerId that is no id', { title: 'ok', customerId: 'C-1' }],
    ['a requested window ending before it starts', { title: 'ok', requestedWindow: { start: '2031-01-02T10:00:00Z', end: '2031-01-02T09:00:00Z' } }],
    [
      'a requested window shorter than the estimate',
      { title: 'ok', estimatedMinutes: 90, requestedWindow: { start: '2031-01-02T10:00:00Z', end: '2031-01-02T11:00:00Z' } },
    ],
    ['a requested window over 14 days', { title: 'ok', requestedWindow: { start: '2031-01-01T00:00:00Z', end: '2031-01-16T00:00:00Z' } }],
    ['a requested window that is over', { title: 'ok', requestedWindow: { start: '2001-01-01T10:00:00Z', end: '2001-01-01T12:00:00Z' } }],
    ['a requested window without offset', { title: 'ok', requestedWindow: { start: '2031-01-02T10:00:00', end: '2031-01-02T12:00:00' } }],
    ['an estimate under 5 minutes', { title: 'ok', estimatedMinutes: 4 }],
    ['a required skill twice', { title: 'ok', requiredSkills: [{ name: 'hvac' }, { name: 'HVAC', minLevel: 2 }] }],
    ['a required skill level of 6', { title: 'ok', requiredSkills: [{ name: 'hvac', minLevel: 6 }] }],
  ])('createWorkOrder refuses %s with BAD_USER_INPUT and writes nothing', async ([, input], { expect }) => {
    const tenant = serviceTenant();
    const result = await h.run(tenant, CREATE, { input: { customerId: await customerOf(tenant), ...input } });
    expect(result.data ?? null).toBeNull();
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await countOrders(tenant)).toBe(0);
    // Refused before a number was drawn: the first real work order is still number 1.
    expect((await open(tenant)).number).toBe(1);
  });

  it.for<[name: string, query: string, variables: Record<string, unknown>]>([
    ['workOrder with a malformed id', GET, { id: 'WO-1' }],
    ['workOrder with an operator object as id', GET, { id: operator }],
    ['updateWorkOrderStatus with a malformed id', MOVE, { id: '123', status: 'scheduled' }],
    ['updateWorkOrderStatus with an unknown status', MOVE, { id: new mongoose.Types.ObjectId().toHexString(), status: 'done' }],
    ['updateWorkOrderStatus with an operator object as status', MOVE, { id: new mongoose.Types.ObjectId().toHexString(), status: operator }],
    ['workOrders with first over 100', LIST, { first: 101 }],
    ['workOrders with a forged cursor', LIST, { after: 'Yzp6enp6' }],
    ['workOrders with an unknown priority filter', LIST, { filter: { priority: 'urgent' } }],
    ['workOrders with an operator object as status filter', LIST, { filter: { status: operator } }],
  ])('refuses %s with BAD_USER_INPUT', async ([, query, variables], { expect }) => {
    expect(codes(await h.run(serviceTenant(), query, variables))).toEqual(['BAD_USER_INPUT']);
  });

  it('an unknown status for an existing order is BAD_USER_INPUT and changes nothing', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await open(tenant);
    const before = await storedOrder(tenant, order.id);
    expect(codes(await h.run(tenant, MOVE, { id: order.id, status: 'done' }))).toEqual(['BAD_USER_INPUT']);
    expect(await storedOrder(tenant, order.id)).toEqual(before);
  });
});

describe('a technician’s own work orders', () => {
  it('a technician moves the work orders assigned to them, and no other; an office role moves any', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, ['new', 'scheduled', 'dispatched']);
    const profile = async (id: string) => h.models.Technician.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();
    const assigned = await profile(await technicianOf(tenant));
    const asTechnician = (userId: string) => makeTenantContext({ ...tenant, userId, roles: ['technician'] });
    const otherUser = String((await profile(await createTechnician(h, tenant)))!.userId);

    const before = await storedOrder(tenant, order.id);
    const refused = await h.run(asTechnician(otherUser), MOVE, { id: order.id, status: 'en_route' });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toBe('A technician may only update work orders assigned to them.');
    expect(await storedOrder(tenant, order.id)).toEqual(before);

    const own = await h.run<{ updateWorkOrderStatus: WorkOrderView }>(asTechnician(String(assigned!.userId)), MOVE, { id: order.id, status: 'en_route' });
    expect(own.errors).toBeUndefined();
    expect(own.data?.updateWorkOrderStatus.status).toBe('en_route');

    // A dispatcher who is also a technician acts as the office: any work order of the tenant.
    const both = makeTenantContext({ ...tenant, userId: otherUser, roles: ['dispatcher', 'technician'] });
    expect((await h.run(both, MOVE, { id: order.id, status: 'in_progress' })).errors).toBeUndefined();
  });

  it('a technician without a profile, or on an unassigned work order, is refused', async ({ expect }) => {
    const tenant = serviceTenant();
    const order = await orderAt(tenant, ['new', 'scheduled']);
    const bare = makeTenantContext({ ...tenant, userId: new mongoose.Types.ObjectId().toHexString(), roles: ['technician'] });
    expect(codes(await h.run(bare, MOVE, { id: order.id, status: 'on_hold' }))).toEqual(['FORBIDDEN']);
    expect((await storedOrder(tenant, order.id))?.status).toBe('scheduled');
  });
});
