import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { AuditTrail } from '../audit/audit-trail';
import { TenantLoaders } from '../loaders';
import { connectDatabase } from '../mongo/connect';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';
import { makeTenantContext } from '../testing/tenants';
import { createOwned, findOwned, updateOwned, type OwnedContext } from '../subgraph/owned';
import { buildEvents, eventsPlugin, OUTBOX_COLLECTION, sweepPendingEvents, withEvents, type StoredEvent } from './outbox';

interface Parcel extends TenantOwned {
  label: string;
  status: string;
}

let connection: Connection;
let Parcel: mongoose.Model<Parcel>;

beforeAll(async () => {
  connection = await connectDatabase(inject('mongodbUri'), 'test-shared-events');
  const schema = new mongoose.Schema<Parcel>({ label: { type: String, required: true }, status: { type: String, required: true } });
  schema.plugin(tenantPlugin);
  schema.plugin(eventsPlugin);
  Parcel = connection.model<Parcel>('Parcel', schema);
  await Parcel.init();
});

afterAll(async () => {
  await connection?.close();
});

function request(tenant = makeTenantContext()): OwnedContext {
  const ctx: OwnedContext = { tenant, loaders: new TenantLoaders(tenant), audit: new AuditTrail(), clock: { now: () => new Date('2026-05-01T10:00:00Z') } };
  ctx.audit.enter(`field-${Math.random()}`);
  return ctx;
}

const outbox = () => connection.db!.collection<StoredEvent & { _id: string; relayedAt: Date | null }>(OUTBOX_COLLECTION);
const outboxOf = (subjectId: string) => outbox().find({ 'subject.id': subjectId }).sort({ occurredAt: 1, _id: 1 }).toArray();
const rawParcel = (id: mongoose.Types.ObjectId) => connection.db!.collection('parcels').findOne({ _id: id });

describe('domain events through the outbox', () => {
  it('a create stores its event with the record and moves it to the outbox with the tenant, id, type, version and time', async () => {
    const ctx = request();
    const created = await createOwned(
      ctx,
      Parcel,
      { label: 'p1', status: 'new' },
      { what: 'Parcel', events: [{ type: 'load.created', payload: { referenceNumber: 'p1', status: 'draft' } }] },
    );
    expect(created).not.toHaveProperty('pendingEvents');
    const [event, ...rest] = await outboxOf(created._id.toHexString());
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'load.created',
      version: 1,
      occurredAt: new Date('2026-05-01T10:00:00Z'),
      subject: { type: 'Parcel', id: created._id.toHexString() },
      payload: { referenceNumber: 'p1', status: 'draft' },
      relayedAt: null,
    });
    expect(event!._id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(event!._id).toBe(event!.id);
    expect(event!.parentCompany.toHexString()).toBe(ctx.tenant.tenantId);
    // The marker is gone from the record once the event is in the outbox.
    expect((await rawParcel(created._id))?.['pendingEvents']).toEqual({});
  });

  it('an update stores its event in the same write; a missed guard writes neither change nor event', async () => {
    const ctx = request();
    const created = await createOwned(ctx, Parcel, { label: 'p2', status: 'new' }, { what: 'Parcel' });
    const before = await findOwned(ctx, Parcel, created._id, 'Parcel');
    await updateOwned(
      ctx,
      Parcel,
      before,
      { $set: { status: 'sent' } },
      { what: 'Parcel', guard: { status: 'new' }, events: [{ type: 'load.status_changed', payload: { referenceNumber: 'p2', from: 'new', to: 'sent' } }] },
    );
    await expect(
      updateOwned(
        ctx,
        Parcel,
        before,
        { $set: { status: 'lost' } },
        { what: 'Parcel', guard: { status: 'new' }, events: [{ type: 'load.status_changed', payload: { referenceNumber: 'p2', from: 'new', to: 'lost' } }] },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const events = await outboxOf(created._id.toHexString());
    expect(events.map((e) => e.payload)).toEqual([{ referenceNumber: 'p2', from: 'new', to: 'sent' }]);
    expect((await findOwned(ctx, Parcel, created._id, 'Parcel')).status).toBe('sent');
  });

  it('a crash between the change and the move leaves the event on the record; the sweeper moves it once, with its id', async () => {
    const ctx = request();
    const created = await createOwned(ctx, Parcel, { label: 'p3', status: 'new' }, { what: 'Parcel' });
    // The write of updateOwned, without the move that follows it (the process "died" there).
    const [event] = buildEvents(
      ctx.tenant.tenantId,
      { type: 'Parcel', id: created._id.toHexString() },
      [{ type: 'load.delivered', payload: { referenceNumber: 'p3', deliveredAt: new Date() } }],
      new Date(),
    );
    await Parcel.updateOne({ _id: created._id, parentCompany: created.parentCompany }, withEvents({ $set: { status: 'delivered' } }, [event!]));
    expect(await outboxOf(created._id.toHexString())).toEqual([]);

    expect(await sweepPendingEvents(connection.db!, ['parcels'])).toBeGreaterThanOrEqual(1);
    // A second sweep (or a sweeper racing the request's own move) finds nothing more to do.
    await sweepPendingEvents(connection.db!, ['parcels']);
    const events = await outboxOf(created._id.toHexString());
    expect(events.map((e) => e._id)).toEqual([event!.id]);
    expect((await rawParcel(created._id))?.['pendingEvents']).toEqual({});
  });

  it('a record read never carries the marker', async () => {
    const ctx = request();
    const created = await createOwned(
      ctx,
      Parcel,
      { label: 'p4', status: 'new' },
      { what: 'Parcel', events: [{ type: 'load.created', payload: { referenceNumber: 'p', status: 'draft' } }] },
    );
    await Parcel.updateOne(
      { _id: created._id, parentCompany: created.parentCompany },
      withEvents(
        {},
        buildEvents(ctx.tenant.tenantId, { type: 'Parcel', id: 'x' }, [{ type: 'load.created', payload: { referenceNumber: 'p', status: 'draft' } }], new Date()),
      ),
    );
    const read = await findOwned(ctx, Parcel, created._id, 'Parcel');
    expect(read).not.toHaveProperty('pendingEvents');
    await sweepPendingEvents(connection.db!, ['parcels']);
  });

  it("one tenant's events carry only that tenant", async () => {
    const a = request();
    const b = request();
    const pa = await createOwned(
      a,
      Parcel,
      { label: 'pa', status: 'new' },
      { what: 'Parcel', events: [{ type: 'load.created', payload: { referenceNumber: 'p', status: 'draft' } }] },
    );
    const pb = await createOwned(
      b,
      Parcel,
      { label: 'pb', status: 'new' },
      { what: 'Parcel', events: [{ type: 'load.created', payload: { referenceNumber: 'p', status: 'draft' } }] },
    );
    const [ea] = await outboxOf(pa._id.toHexString());
    const [eb] = await outboxOf(pb._id.toHexString());
    expect(ea!.parentCompany.toHexString()).toBe(a.tenant.tenantId);
    expect(eb!.parentCompany.toHexString()).toBe(b.tenant.tenantId);
  });
});
