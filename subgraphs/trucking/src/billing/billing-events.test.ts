import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type TenantContext } from '@attunelogic/shared';
import { storeUpload, PNG } from '@attunelogic/shared/documents';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { tenantScope } from '@attunelogic/shared/mongo';
import { codes, Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';

// The events of freight invoices and proofs of delivery, each written with its change, and the
// assignees that let a driver's live stream carry the events of their own loads.

let h: TruckingHarness;
let fx: Fixtures;

beforeAll(async () => {
  h = await startHarness('test-trucking-billing-events');
  fx = new Fixtures(h);
});

afterAll(async () => {
  await h?.close();
});

const CREATE = `mutation ($loadIds: [ID!]!) { createFreightInvoice(loadIds: $loadIds) { id number totalCents } }`;
const SEND = `mutation ($id: ID!) { sendFreightInvoice(id: $id) { id status } }`;
const PAY = `mutation ($id: ID!, $input: RecordFreightPaymentInput!) { recordFreightPayment(id: $id, input: $input) { id status } }`;
const VOID = `mutation ($id: ID!, $reason: String!) { voidFreightInvoice(id: $id, reason: $reason) { id status } }`;
const ATTACH = `mutation ($input: AttachDocumentInput!) { attachDocument(input: $input) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelLoad(id: $id, reason: customer_cancelled) { id status } }`;

async function eventsOf(tenant: TenantContext, subject: string): Promise<StoredEvent[]> {
  const all = await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': subject }).toArray();
  return all.filter((e) => e.parentCompany.toHexString() === tenant.tenantId).sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function deliveredLoad(tenant: TenantContext): Promise<string> {
  const party = (
    await fx.ok<{ createParty: { id: string } }>(tenant, `mutation ($input: CreatePartyInput!) { createParty(input: $input) { id } }`, {
      input: { name: 'Acme Foods', kinds: ['shipper'], paymentTermsDays: 30 },
    })
  ).createParty.id;
  const { load } = await fx.loadIn(tenant, 'in_transit');
  await fx.ok(tenant, `mutation ($id: ID!, $b: ID) { setLoadBillTo(id: $id, billToId: $b) { id } }`, { id: load.id, b: party });
  const delivered = await fx.status(tenant, load.id, 'delivered');
  if (delivered.errors) throw new Error(JSON.stringify(delivered.errors));
  return load.id;
}

describe.concurrent('freight invoice and proof-of-delivery events', () => {
  it('issued, then paid by the payment that settles it (not by a partial one); a voided invoice tells its loads', async ({ expect }) => {
    const tenant = truckingTenant();
    const loadId = await deliveredLoad(tenant);
    const invoice = (await fx.ok<{ createFreightInvoice: { id: string; number: number; totalCents: number } }>(tenant, CREATE, { loadIds: [loadId] }))
      .createFreightInvoice;
    await fx.ok(tenant, SEND, { id: invoice.id });
    await fx.ok(tenant, PAY, { id: invoice.id, input: { amountCents: 100, method: 'ach' } });
    expect((await eventsOf(tenant, 'FreightInvoice')).map((e) => e.type)).toEqual(['freight_invoice.issued']);
    await fx.ok(tenant, PAY, { id: invoice.id, input: { amountCents: invoice.totalCents - 100, method: 'ach' } });
    const events = await eventsOf(tenant, 'FreightInvoice');
    expect(events.map((e) => [e.type, e.subject.id, e.version])).toEqual([
      ['freight_invoice.issued', invoice.id, 1],
      ['freight_invoice.paid', invoice.id, 1],
    ]);
    expect(events[0]!.payload).toMatchObject({ number: invoice.number, totalCents: invoice.totalCents, loadIds: [loadId], currency: 'USD' });
    expect(events[1]!.payload).toMatchObject({ number: invoice.number, totalCents: invoice.totalCents });
    // The record carries no pending event once its events are in the outbox.
    const stored = await h.connection.db!.collection('freight_invoices').findOne({ _id: new mongoose.Types.ObjectId(invoice.id) });
    expect(stored?.['pendingEvents']).toEqual({});
    // The load's move to invoiced is a load event too.
    expect((await eventsOf(tenant, 'Load')).filter((e) => e.payload['to'] === 'invoiced')).toHaveLength(1);

    const other = await deliveredLoad(tenant);
    const second = (await fx.ok<{ createFreightInvoice: { id: string } }>(tenant, CREATE, { loadIds: [other] })).createFreightInvoice;
    await fx.ok(tenant, VOID, { id: second.id, reason: 'Wrong rate' });
    const voided = (await eventsOf(tenant, 'FreightInvoice')).filter((e) => e.subject.id === second.id);
    expect(voided.map((e) => [e.type, e.payload['reason'], e.payload['loadIds']])).toEqual([['freight_invoice.voided', 'Wrong rate', [other]]]);
  });

  it("another tenant's payment or void is NOT_FOUND and records no event for either", async ({ expect }) => {
    const [owner, intruder] = [truckingTenant(), truckingTenant()];
    const loadId = await deliveredLoad(owner);
    const invoice = (await fx.ok<{ createFreightInvoice: { id: string; totalCents: number } }>(owner, CREATE, { loadIds: [loadId] })).createFreightInvoice;
    await fx.ok(owner, SEND, { id: invoice.id });
    expect(codes(await h.run(intruder, PAY, { id: invoice.id, input: { amountCents: invoice.totalCents, method: 'ach' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, VOID, { id: invoice.id, reason: 'x' }))).toEqual(['NOT_FOUND']);
    expect((await eventsOf(owner, 'FreightInvoice')).map((e) => e.type)).toEqual(['freight_invoice.issued']);
    expect(await eventsOf(intruder, 'FreightInvoice')).toEqual([]);
  });

  it("a proof of delivery tells load.pod_attached, naming the load's driver; a bill of lading tells nothing", async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver } = await fx.assignedLoad(tenant);
    const driverUser = (await h.models.Driver.findOne({ _id: driver, ...tenantScope(tenant) }).lean())!.userId.toHexString();
    const pod = await storeUpload(h.server.documents!, tenant, PNG);
    const bol = await storeUpload(h.server.documents!, tenant, PNG);
    const attached = (await fx.ok<{ attachDocument: { id: string } }>(tenant, ATTACH, { input: { uploadId: pod.id, loadId: load.id, kind: 'pod', name: 'POD' } }))
      .attachDocument;
    await fx.ok(tenant, ATTACH, { input: { uploadId: bol.id, loadId: load.id, kind: 'bol' } });
    const events = await eventsOf(tenant, 'Document');
    expect(events.map((e) => [e.type, e.subject.id, e.payload['loadId'], e.payload['referenceNumber'], e.assignees])).toEqual([
      ['load.pod_attached', attached.id, load.id, load.referenceNumber, [driverUser]],
    ]);
  });

  it("a load's events after its assignment name its driver; a cancellation tells its status change", async ({ expect }) => {
    const tenant = truckingTenant();
    const { load, driver } = await fx.assignedLoad(tenant);
    const driverUser = (await h.models.Driver.findOne({ _id: driver, ...tenantScope(tenant) }).lean())!.userId.toHexString();
    expect((await fx.status(tenant, load.id, 'in_transit')).errors).toBeUndefined();
    const events = await eventsOf(tenant, 'Load');
    expect(events.map((e) => [e.type, e.assignees ?? null])).toEqual([
      ['load.created', null],
      ['load.assigned', [driverUser]],
      ['load.status_changed', [driverUser]],
      ['load.status_changed', [driverUser]],
    ]);
    const other = await fx.load(tenant);
    await fx.ok(tenant, CANCEL, { id: other.id });
    expect((await eventsOf(tenant, 'Load')).filter((e) => e.subject.id === other.id).map((e) => [e.type, e.payload['to'] ?? null])).toEqual([
      ['load.created', null],
      ['load.status_changed', 'cancelled'],
    ]);
  });
});
