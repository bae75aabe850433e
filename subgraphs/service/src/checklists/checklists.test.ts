// Checklists per job type: a template per job type, filled on the job, its required items blocking
// completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, createCustomer, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

const NOW = new Date('2031-03-03T06:00:00Z');
let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-checklists', { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
});

const TEMPLATE = 'id jobType name retiredAt items { id label required }';
const CREATE_TEMPLATE = `mutation ($input: CreateChecklistTemplateInput!) { createChecklistTemplate(input: $input) { ${TEMPLATE} } }`;
const UPDATE_TEMPLATE = `mutation ($id: ID!, $input: UpdateChecklistTemplateInput!) { updateChecklistTemplate(id: $id, input: $input) { ${TEMPLATE} } }`;
const RETIRE_TEMPLATE = `mutation ($id: ID!) { retireChecklistTemplate(id: $id) { ${TEMPLATE} } }`;
const TEMPLATES = `query ($includeRetired: Boolean) { checklistTemplates(includeRetired: $includeRetired) { totalCount edges { node { ${TEMPLATE} } } } }`;
const ORDER = 'id number status jobType checklist { itemId label required done note at by { id } }';
const CREATE_ORDER = `mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${ORDER} } }`;
const CHECK = `mutation ($workOrderId: ID!, $itemId: ID!, $done: Boolean!, $note: String) {
  checkChecklistItem(workOrderId: $workOrderId, itemId: $itemId, done: $done, note: $note) { ${ORDER} }
}`;
const COMPLETE = `mutation ($id: ID!) { updateWorkOrderStatus(id: $id, status: completed) { ${ORDER} } }`;
const LIST = `query { workOrders(first: 50) { edges { node { ${ORDER} } } } }`;

interface Answer {
  itemId: string;
  label: string;
  required: boolean;
  done: boolean;
  note: string | null;
}
interface Order {
  id: string;
  number: number;
  status: string;
  jobType: string | null;
  checklist: Answer[];
}
interface Template {
  id: string;
  items: { id: string; label: string; required: boolean }[];
}

const ITEMS = [{ label: 'Replace filter', required: true }, { label: 'Check refrigerant', required: true }, { label: 'Photo of the unit' }];

async function world(): Promise<{ tenant: TenantContext; customer: string; template: Template }> {
  const tenant = serviceTenant();
  const customer = (await createCustomer(h, tenant)).id;
  const template = (
    await ok<{ createChecklistTemplate: Template }>(h, tenant, CREATE_TEMPLATE, { input: { jobType: 'hvac-maintenance', name: 'HVAC maintenance', items: ITEMS } })
  ).createChecklistTemplate;
  return { tenant, customer, template };
}

/** A work order of the job type, in progress (arranged in the database: dispatch is not what is tested here). */
async function onTheJob(w: { tenant: TenantContext; customer: string }, jobType: string | null = 'hvac-maintenance'): Promise<Order> {
  const order = (await ok<{ createWorkOrder: Order }>(h, w.tenant, CREATE_ORDER, { input: { title: 'Maintenance', customerId: w.customer, jobType } })).createWorkOrder;
  await h.models.WorkOrder.updateOne({ ...tenantScope(w.tenant), _id: order.id }, { $set: { status: 'in_progress' } });
  return order;
}

describe('checklists', () => {
  it("a work order of the job type shows its template's checklist; required items block completion until done", async () => {
    const w = await world();
    const order = await onTheJob(w);
    expect(order.checklist.map((a) => [a.label, a.required, a.done])).toEqual([
      ['Replace filter', true, false],
      ['Check refrigerant', true, false],
      ['Photo of the unit', false, false],
    ]);
    const [filter, refrigerant] = w.template.items;
    const ticked = (await ok<{ checkChecklistItem: Order }>(h, w.tenant, CHECK, { workOrderId: order.id, itemId: filter!.id, done: true, note: 'MERV 11' }))
      .checkChecklistItem;
    expect(ticked.checklist[0]).toMatchObject({ done: true, note: 'MERV 11' });
    const refused = await h.run(w.tenant, COMPLETE, { id: order.id });
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toContain('"Check refrigerant"');
    await ok(h, w.tenant, CHECK, { workOrderId: order.id, itemId: refrigerant!.id, done: true });
    const done = (await ok<{ updateWorkOrderStatus: Order }>(h, w.tenant, COMPLETE, { id: order.id })).updateWorkOrderStatus;
    expect(done.status).toBe('completed');
    // Closed once completed.
    expect(codes(await h.run(w.tenant, CHECK, { workOrderId: order.id, itemId: filter!.id, done: false }))).toEqual(['CONFLICT']);
  });

  it('a filled checklist keeps its items when the template changes; an order without a job type has none and completes', async () => {
    const w = await world();
    const filling = await onTheJob(w);
    await ok(h, w.tenant, CHECK, { workOrderId: filling.id, itemId: w.template.items[2]!.id, done: true });
    const edited = (
      await ok<{ updateChecklistTemplate: Template }>(h, w.tenant, UPDATE_TEMPLATE, { id: w.template.id, input: { items: [{ label: 'Only this', required: true }] } })
    ).updateChecklistTemplate;
    expect(edited.items.map((i) => i.label)).toEqual(['Only this']);
    const orders = (await ok<{ workOrders: { edges: { node: Order }[] } }>(h, w.tenant, LIST)).workOrders.edges.map((e) => e.node);
    expect(orders.find((o) => o.id === filling.id)!.checklist.map((a) => a.label)).toEqual(['Replace filter', 'Check refrigerant', 'Photo of the unit']);
    const fresh = await onTheJob(w);
    expect(
      (await ok<{ workOrders: { edges: { node: Order }[] } }>(h, w.tenant, LIST)).workOrders.edges
        .find((e) => e.node.id === fresh.id)!
        .node.checklist.map((a) => a.label),
    ).toEqual(['Only this']);
    const plain = await onTheJob(w, null);
    expect(plain.checklist).toEqual([]);
    expect(codes(await h.run(w.tenant, COMPLETE, { id: plain.id }))).toBeUndefined();
    // Retired, the template no longer applies to orders that have not started filling it.
    await ok(h, w.tenant, RETIRE_TEMPLATE, { id: w.template.id });
    expect(codes(await h.run(w.tenant, COMPLETE, { id: fresh.id }))).toBeUndefined();
    expect((await ok<{ checklistTemplates: { totalCount: number } }>(h, w.tenant, TEMPLATES, {})).checklistTemplates.totalCount).toBe(0);
    expect((await ok<{ checklistTemplates: { totalCount: number } }>(h, w.tenant, TEMPLATES, { includeRetired: true })).checklistTemplates.totalCount).toBe(1);
  });

  it('refuses a second template for a job type, and concurrent answers all land', async () => {
    const w = await world();
    expect(codes(await h.run(w.tenant, CREATE_TEMPLATE, { input: { jobType: 'hvac-maintenance', name: 'Again', items: ITEMS } }))).toEqual(['CONFLICT']);
    const order = await onTheJob(w);
    await Promise.all(w.template.items.map((item) => ok(h, w.tenant, CHECK, { workOrderId: order.id, itemId: item.id, done: true })));
    const after = (await ok<{ updateWorkOrderStatus: Order }>(h, w.tenant, COMPLETE, { id: order.id })).updateWorkOrderStatus;
    expect(after.checklist.every((a) => a.done)).toBe(true);
  });

  it('lists work orders with their checklists in a constant number of database commands', async () => {
    const counts: number[] = [];
    for (const n of [1, 5]) {
      const w = await world();
      for (let i = 0; i < n; i++) await onTheJob(w);
      const counter = await h.commands(() => ok(h, w.tenant, LIST));
      counts.push(counter.commands.length);
      counter.stop();
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

describe('tenant isolation and roles', () => {
  it("another tenant's work order, item or template is NOT_FOUND", async () => {
    const [mine, theirs] = [await world(), await world()];
    const order = await onTheJob(mine);
    expect(codes(await h.run(theirs.tenant, CHECK, { workOrderId: order.id, itemId: mine.template.items[0]!.id, done: true }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(theirs.tenant, UPDATE_TEMPLATE, { id: mine.template.id, input: { name: 'Mine' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(theirs.tenant, RETIRE_TEMPLATE, { id: mine.template.id }))).toEqual(['NOT_FOUND']);
    const theirOrder = await onTheJob(theirs);
    expect(codes(await h.run(theirs.tenant, CHECK, { workOrderId: theirOrder.id, itemId: mine.template.items[0]!.id, done: true }))).toEqual(['NOT_FOUND']);
  });

  it('a viewer neither writes templates nor fills checklists; a technician fills only work assigned to them; a dispatcher does both', async () => {
    const w = await world();
    const order = await onTheJob(w);
    const as = (role: string) => serviceTenant({ tenantId: w.tenant.tenantId, slug: w.tenant.slug, roles: [role] });
    const item = w.template.items[0]!.id;
    expect(codes(await h.run(as('viewer'), CHECK, { workOrderId: order.id, itemId: item, done: true }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('viewer'), CREATE_TEMPLATE, { input: { jobType: 'x', name: 'x', items: ITEMS } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('technician'), CREATE_TEMPLATE, { input: { jobType: 'x', name: 'x', items: ITEMS } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('technician'), CHECK, { workOrderId: order.id, itemId: item, done: true }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as('dispatcher'), CHECK, { workOrderId: order.id, itemId: item, done: true }))).toBeUndefined();
    expect(codes(await h.run(as('dispatcher'), CREATE_TEMPLATE, { input: { jobType: 'plumbing', name: 'Plumbing', items: ITEMS } }))).toBeUndefined();
  });
});
