import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditModels, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { claimHolder, codes, DALLAS_STOP, Fixtures, HOUSTON_STOP, sameTenantAs, startHarness, storedLoad, truckingTenant, type TruckingHarness } from '../testing';
import { EDITABLE_LOAD_FIELDS, LOAD_EDIT_RULES } from './edit';
import { type LoadStatus } from './loads.model';

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-load-edit');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id referenceNumber customerReference commodity weightLbs rateCents notes status editableFields pickupAt deliverBy
  driver { id } vehicle { id }
  stops { id sequence type name pickupStopId arrivedAt notes window { start end } }
  cancellation { reason note by { id } }
  statusHistory { status }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateLoadInput!) { updateLoad(id: $id, input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation ($id: ID!, $reason: CancellationReason!, $note: String) { cancelLoad(id: $id, reason: $reason, note: $note) { ${FIELDS} } }`;
const ARRIVE = `mutation ($id: ID!, $stop: ID!) { recordStopEvent(id: $id, stopId: $stop, event: arrived) { id } }`;

interface Edited {
  id: string;
  referenceNumber: string;
  customerReference: string;
  commodity: string | null;
  weightLbs: number;
  rateCents: number;
  notes: string | null;
  status: string;
  editableFields: string[];
  pickupAt: string;
  deliverBy: string;
  driver: { id: string } | null;
  vehicle: { id: string } | null;
  stops: {
    id: string;
    sequence: number;
    type: string;
    name: string | null;
    pickupStopId: string | null;
    arrivedAt: string | null;
    notes: string | null;
    window: { start: string; end: string };
  }[];
  cancellation: { reason: string | null; note: string | null; by: { id: string } } | null;
  statusHistory: { status: string }[];
}

const update = (tenant: TenantContext, id: string, input: Record<string, unknown>) => h.run<{ updateLoad: Edited }>(tenant, UPDATE, { id, input });
const cancel = (tenant: TenantContext, id: string, reason: string, note?: string) => h.run<{ cancelLoad: Edited }>(tenant, CANCEL, { id, reason, note });
const reasonOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.['reason'];

/** The stop inputs of a load as the API lists them, for sending the stops back with changes. */
const asEdits = (stops: { id: string }[], inputs: Record<string, unknown>[]) => stops.map((stop, i) => ({ id: stop.id, ...inputs[i] }));

const WACO = { ...DALLAS_STOP, name: 'Waco', location: { latitude: 31.6043, longitude: -97.1094 } };

describe('the edit rules', () => {
  it('say per status which fields may change: stops until delivered, rate and bill-to until invoiced, notes always', () => {
    const editableIn = (status: LoadStatus) => EDITABLE_LOAD_FIELDS.filter((field) => LOAD_EDIT_RULES[field].includes(status));
    expect(editableIn('tendered')).toEqual(['referenceNumber', 'customerReference', 'commodity', 'weightLbs', 'rateCents', 'notes', 'stops']);
    expect(editableIn('in_transit')).toEqual(['referenceNumber', 'customerReference', 'weightLbs', 'rateCents', 'notes', 'stops']);
    expect(editableIn('delivered')).toEqual(['customerReference', 'rateCents', 'notes']);
    expect(editableIn('invoiced')).toEqual(['notes']);
    expect(editableIn('cancelled')).toEqual(['notes']);
  });
});

describe.concurrent('updateLoad', () => {
  it('corrects a tendered load: number, bill-to, commodity, weight, rate and notes, audited with a field diff', async ({ expect }) => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const input = { referenceNumber: 'R-EDIT-1', customerReference: 'Globex PO 77', commodity: 'Paper', weightLbs: 38_500, rateCents: 162_500, notes: 'Dock 4' };
    const result = await update(tenant, load.id, input);
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateLoad).toMatchObject({ ...input, status: 'tendered' });
    expect(result.data?.updateLoad.editableFields).toContain('commodity');
    expect(await storedLoad(h, tenant, load.id)).toMatchObject(input);

    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    const last = events.at(-1)!;
    expect({ operation: last.operation, targetType: last.targetType, targetId: last.targetId, outcome: last.outcome }).toEqual({
      operation: 'updateLoad',
      targetType: 'Load',
      targetId: load.id,
      outcome: 'success',
    });
    expect(last.diff).toMatchObject({
      rateCents: { from: 150_000, to: 162_500 },
      customerReference: { from: 'ACME PO 1', to: 'Globex PO 77' },
      notes: { from: null, to: 'Dock 4' },
    });
    expect(Object.keys(last.diff ?? {}).sort()).toEqual(['commodity', 'customerReference', 'notes', 'rateCents', 'referenceNumber', 'weightLbs']);
  });

  it('replaces the stops: a kept stop keeps its id, a new one is added, the date range follows', async ({ expect }) => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const later = { ...HOUSTON_STOP, window: { start: '2025-06-18T06:00:00.000Z', end: '2025-06-18T10:00:00.000Z' } };
    const result = await update(tenant, load.id, { stops: [{ id: load.stops[0]!.id, ...DALLAS_STOP }, WACO, { ...later, id: load.stops[1]!.id, notes: 'Call ahead' }] });
    expect(result.errors).toBeUndefined();
    const edited = result.data!.updateLoad;
    expect(edited.stops.map((s) => [s.sequence, s.name])).toEqual([
      [1, 'North Texas DC'],
      [2, 'Waco'],
      [3, 'Port Houston Warehouse'],
    ]);
    expect(edited.stops[0]!.id).toBe(load.stops[0]!.id);
    expect(edited.stops[2]).toMatchObject({ id: load.stops[1]!.id, notes: 'Call ahead', window: later.window });
    expect(edited.stops[1]!.id).not.toBe(load.stops[1]!.id);
    expect(edited.deliverBy).toBe('2025-06-18T10:00:00.000Z');
    expect(edited.pickupAt).toBe(load.pickupAt);
  });

  it('keeps the stop rules of createLoad, and refuses a stop of another load (NOT_FOUND)', async ({ expect }) => {
    const tenant = truckingTenant();
    const [load, other] = await Promise.all([fx.load(tenant), fx.load(tenant)]);
    expect(codes(await update(tenant, load.id, { stops: [DALLAS_STOP, DALLAS_STOP] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(tenant, load.id, { stops: [HOUSTON_STOP, DALLAS_STOP] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(tenant, load.id, { stops: asEdits([load.stops[0]!, load.stops[0]!], [DALLAS_STOP, HOUSTON_STOP]) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(tenant, load.id, { stops: [{ ...DALLAS_STOP, id: other.stops[0]!.id }, HOUSTON_STOP] }))).toEqual(['NOT_FOUND']);
    expect(codes(await update(tenant, load.id, {}))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(tenant, load.id, { rateCents: -1 }))).toEqual(['BAD_USER_INPUT']);
    expect((await storedLoad(h, tenant, load.id))?.stops.map((s) => s._id.toHexString())).toEqual(load.stops.map((s) => s.id));
  });

  it('refuses a reference number another load of the tenant has (CONFLICT)', async ({ expect }) => {
    const tenant = truckingTenant();
    const [load, other] = await Promise.all([fx.load(tenant), fx.load(tenant)]);
    expect(codes(await update(tenant, load.id, { referenceNumber: other.referenceNumber }))).toEqual(['CONFLICT']);
  });

  it('in transit: a stop arrived at cannot move, change or go (STOP_ARRIVED); the next one can; the commodity is locked', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.loadIn(tenant, 'in_transit');
    expect((await h.run(tenant, ARRIVE, { id: load.id, stop: load.stops[0]!.id })).errors).toBeUndefined();
    const [pickup, delivery] = [load.stops[0]!, load.stops[1]!];

    const moved = await update(tenant, load.id, {
      stops: [
        { ...DALLAS_STOP, id: pickup.id, window: { start: '2025-06-16T15:00:00Z', end: '2025-06-16T18:00:00Z' } },
        { ...HOUSTON_STOP, id: delivery.id },
      ],
    });
    expect(codes(moved)).toEqual(['CONFLICT']);
    expect(reasonOf(moved)).toBe('STOP_ARRIVED');
    const removed = await update(tenant, load.id, { stops: [WACO, { ...HOUSTON_STOP, id: delivery.id }] });
    expect(reasonOf(removed)).toBe('STOP_ARRIVED');
    const reordered = await update(tenant, load.id, { stops: [WACO, { ...DALLAS_STOP, id: pickup.id }, { ...HOUSTON_STOP, id: delivery.id }] });
    expect(reasonOf(reordered)).toBe('STOP_ARRIVED');
    const commodity = await update(tenant, load.id, { commodity: 'Steel' });
    expect(codes(commodity)).toEqual(['CONFLICT']);
    expect(commodity.errors?.[0]?.extensions).toMatchObject({ reason: 'FIELD_LOCKED', field: 'commodity', status: 'in_transit' });

    const window = { start: '2025-06-16T21:00:00.000Z', end: '2025-06-17T02:00:00.000Z' };
    const ok = await update(tenant, load.id, {
      stops: [
        { ...DALLAS_STOP, id: pickup.id, notes: 'Loaded at door 2' },
        { ...HOUSTON_STOP, id: delivery.id, window },
      ],
      weightLbs: 41_200,
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.updateLoad.stops.map((s) => [s.id, s.notes, s.arrivedAt !== null])).toEqual([
      [pickup.id, 'Loaded at door 2', true],
      [delivery.id, null, false],
    ]);
    expect(ok.data?.updateLoad.stops[1]!.window).toEqual(window);
    expect(ok.data?.updateLoad.weightLbs).toBe(41_200);
  });

  it('delivered: rate and bill-to still change, number and stops do not; invoiced: only notes; a field sent unchanged is no change', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.loadIn(tenant, 'delivered');
    expect((await update(tenant, load.id, { rateCents: 175_000, customerReference: 'ACME PO 2', notes: 'Lumper paid' })).errors).toBeUndefined();
    const number = await update(tenant, load.id, { referenceNumber: 'NEW-1' });
    expect(number.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIELD_LOCKED', field: 'referenceNumber' });
    const stops = await update(tenant, load.id, { stops: [DALLAS_STOP, HOUSTON_STOP] });
    expect(stops.errors?.[0]?.extensions).toMatchObject({ reason: 'FIELD_LOCKED', field: 'stops' });

    expect((await fx.status(tenant, load.id, 'invoiced')).errors).toBeUndefined();
    const rate = await update(tenant, load.id, { rateCents: 1 });
    expect(rate.errors?.[0]?.extensions).toMatchObject({ reason: 'FIELD_LOCKED', field: 'rateCents', status: 'invoiced' });
    const same = await update(tenant, load.id, { rateCents: 175_000, referenceNumber: load.referenceNumber, notes: 'Paid in full' });
    expect(same.errors).toBeUndefined();
    expect(same.data?.updateLoad).toMatchObject({ rateCents: 175_000, notes: 'Paid in full', editableFields: ['notes'] });
    expect(await storedLoad(h, tenant, load.id)).toMatchObject({ rateCents: 175_000, customerReference: 'ACME PO 2', referenceNumber: load.referenceNumber });
  });

  it('an arrival recorded while a stop edit is in flight is never erased: one of the two is refused', async ({ expect }) => {
    const tenant = truckingTenant();
    const loads = await Promise.all(Array.from({ length: 6 }, () => fx.loadIn(tenant, 'in_transit')));
    await Promise.all(
      loads.map(async ({ load }) => {
        const [pickup, delivery] = [load.stops[0]!, load.stops[1]!];
        const window = { start: '2025-06-16T15:00:00.000Z', end: '2025-06-16T19:00:00.000Z' };
        const [arrival, edit] = await Promise.all([
          h.run(tenant, ARRIVE, { id: load.id, stop: pickup.id }),
          update(tenant, load.id, {
            stops: [
              { ...DALLAS_STOP, id: pickup.id, window },
              { ...HOUSTON_STOP, id: delivery.id },
            ],
          }),
        ]);
        const stop = (await storedLoad(h, tenant, load.id))!.stops[0]!;
        if (!arrival.errors) expect(stop.arrivedAt).not.toBeNull();
        if (!edit.errors) expect(stop.windowStart.toISOString()).toBe(window.start);
        // Both may succeed only in the order edit, then arrival.
        if (!arrival.errors && !edit.errors) expect(edit.data?.updateLoad.stops[0]!.arrivedAt).toBeNull();
        expect([arrival.errors, edit.errors].filter(Boolean).length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("refuses another tenant's load as NOT_FOUND and changes nothing", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const load = await fx.load(owner);
    const before = await storedLoad(h, owner, load.id);
    expect(codes(await update(intruder, load.id, { rateCents: 1, notes: 'x' }))).toEqual(['NOT_FOUND']);
    expect(codes(await update(intruder, load.id, { stops: [{ ...DALLAS_STOP, id: load.stops[0]!.id }, HOUSTON_STOP] }))).toEqual(['NOT_FOUND']);
    expect(codes(await cancel(intruder, load.id, 'duplicate'))).toEqual(['NOT_FOUND']);
    expect(await storedLoad(h, owner, load.id)).toEqual(before);
  });

  it('is for dispatchers, admins and owners: a viewer and a driver are FORBIDDEN, even on their own load', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver } = await fx.assignedLoad(tenant);
    const profile = await h.models.Driver.findOne({ _id: driver, ...tenantScope(tenant) }).lean();
    for (const roles of [['dispatcher'], ['admin'], ['owner']]) {
      expect((await update(sameTenantAs(tenant, roles), load.id, { notes: roles[0]! })).errors, roles[0]).toBeUndefined();
    }
    const asDriver = sameTenantAs(tenant, ['driver'], profile!.userId.toHexString());
    for (const user of [sameTenantAs(tenant, ['viewer']), asDriver]) {
      expect(codes(await update(user, load.id, { rateCents: 1 }))).toEqual(['FORBIDDEN']);
      expect(codes(await cancel(user, load.id, 'weather'))).toEqual(['FORBIDDEN']);
    }
    expect(await storedLoad(h, tenant, load.id)).toMatchObject({ rateCents: 150_000, status: 'assigned', notes: 'owner' });
  });
});

describe.concurrent('cancelLoad', () => {
  it('cancels an assigned load with a reason and a note, frees its driver and vehicle, and audits it', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver, vehicle } = await fx.assignedLoad(tenant);
    const result = await cancel(tenant, load.id, 'shipper_not_ready', 'Plant closed for inventory');
    expect(result.errors).toBeUndefined();
    expect(result.data?.cancelLoad).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'shipper_not_ready', note: 'Plant closed for inventory', by: { id: tenant.userId } },
      editableFields: ['notes'],
    });
    expect(result.data?.cancelLoad.statusHistory.map((c) => c.status)).toEqual(['tendered', 'assigned', 'cancelled']);
    expect(await claimHolder(h, tenant, 'Driver', driver)).toBeNull();
    expect(await claimHolder(h, tenant, 'Vehicle', vehicle)).toBeNull();
    const events = await createAuditModels(h.connection).AuditEvent.find(tenantScope(tenant)).sort({ seq: 1 }).lean();
    expect(events.at(-1)).toMatchObject({ operation: 'cancelLoad', targetId: load.id, diff: { status: { from: 'assigned', to: 'cancelled' } } });
  });

  it('needs a note for other; refuses a delivered or already cancelled load (LOAD_NOT_CANCELLABLE)', async ({ expect }) => {
    const tenant = truckingTenant();
    const [{ load: tendered }, { load: delivered }] = await Promise.all([fx.loadIn(tenant, 'tendered'), fx.loadIn(tenant, 'delivered')]);
    expect(codes(await cancel(tenant, tendered.id, 'other'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, CANCEL, { id: tendered.id, reason: 'bored' }))).toEqual(['BAD_USER_INPUT']);
    expect((await cancel(tenant, tendered.id, 'other', 'Consignee refused the appointment')).data?.cancelLoad.cancellation?.reason).toBe('other');
    for (const id of [tendered.id, delivered.id]) {
      const refused = await cancel(tenant, id, 'duplicate');
      expect(codes(refused)).toEqual(['CONFLICT']);
      expect(reasonOf(refused)).toBe('LOAD_NOT_CANCELLABLE');
    }
    expect((await storedLoad(h, tenant, delivered.id))?.status).toBe('delivered');
  });

  it('a cancellation through updateLoadStatus is recorded without a reason', async ({ expect }) => {
    const tenant = truckingTenant();
    const { load } = await fx.loadIn(tenant, 'cancelled');
    const read = await h.run<{ load: Edited }>(tenant, `query ($id: ID!) { load(id: $id) { ${FIELDS} } }`, { id: load.id });
    expect(read.data?.load.cancellation).toEqual({ reason: null, note: null, by: { id: tenant.userId } });
  });
});
