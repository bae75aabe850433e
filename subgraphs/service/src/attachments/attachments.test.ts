// Photos, signatures and documents on a work order: an upload of the tenant (the shared documents
// storage) attached to one of its work orders and maybe one checklist item, listed with signed links,
// retired; another tenant's order, upload or attachment is NOT_FOUND; each role as it may.
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalContextKey, INTERNAL_CONTEXT_HEADER, listen, signInternalContext, type TenantContext } from '@attunelogic/shared';
import { findUpload, JPEG, PDF, PNG, storageKey, storeUpload, SVG, type Documents } from '@attunelogic/shared/documents';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { sweepAttachmentUploads } from './attachments.service';
import { codes, createCustomer, createTechnician, ok, serviceTenant, startHarness, TEST_KEYS, type ServiceHarness } from '../testing';

let h: ServiceHarness;
let documents: Documents;
let base: string;

beforeAll(async () => {
  h = await startHarness('test-service-attachments');
  documents = h.server.documents!;
  base = `http://127.0.0.1:${(await listen(h.server.http, 0, '127.0.0.1')).port}`;
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id kind checklistItemId name contentType size sha256 retiredAt retiredReason workOrder { id } createdBy { id } downloadLink { url expiresAt }';
const ATTACH = `mutation ($input: AttachToWorkOrderInput!) { attachToWorkOrder(input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!, $reason: String) { retireWorkOrderAttachment(id: $id, reason: $reason) { ${FIELDS} } }`;
const ONE = `query ($id: ID!) { workOrderAttachment(id: $id) { ${FIELDS} } }`;
const LIST = `query ($workOrderId: ID, $kind: WorkOrderAttachmentKind, $includeRetired: Boolean) {
  workOrderAttachments(workOrderId: $workOrderId, kind: $kind, includeRetired: $includeRetired) { totalCount edges { node { id kind } } }
}`;
const CREATE_TEMPLATE = 'mutation ($input: CreateChecklistTemplateInput!) { createChecklistTemplate(input: $input) { items { id } } }';

interface AttachmentView {
  id: string;
  kind: string;
  checklistItemId: string | null;
  name: string;
  contentType: string;
  size: number;
  retiredAt: string | null;
  downloadLink: { url: string; expiresAt: string } | null;
  [field: string]: unknown;
}

async function order(tenant: TenantContext, input: Record<string, unknown> = {}): Promise<string> {
  const customerId = (await createCustomer(h, tenant)).id;
  return (
    await ok<{ createWorkOrder: { id: string } }>(h, tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
      input: { title: 'No cooling', customerId, ...input },
    })
  ).createWorkOrder.id;
}

async function attached(tenant: TenantContext, workOrderId: string, input: Record<string, unknown> = {}, bytes: Buffer = PNG): Promise<AttachmentView> {
  const upload = await storeUpload(documents, tenant, bytes);
  return (await ok<{ attachToWorkOrder: AttachmentView }>(h, tenant, ATTACH, { input: { uploadId: upload.id, workOrderId, kind: 'photo', ...input } })).attachToWorkOrder;
}

/** The subgraph's download route, as the gateway forwards a link to it (slug replaced by the tenant's id). */
const download = (tenant: TenantContext, url: string) => fetch(`${base}${url.replace(`/api/v1/documents/${tenant.slug}/`, `/documents/${tenant.tenantId}/`)}`);

describe('attaching photos and signatures to work orders', () => {
  it('attaches a photo to a work order and to an item of its checklist, with the type and size read from its content', async () => {
    const tenant = serviceTenant();
    const items = (
      await ok<{ createChecklistTemplate: { items: { id: string }[] } }>(h, tenant, CREATE_TEMPLATE, {
        input: { jobType: 'hvac', name: 'HVAC', items: [{ label: 'Photo of the unit', required: true }] },
      })
    ).createChecklistTemplate.items;
    const id = await order(tenant, { jobType: 'hvac' });
    const photo = await attached(tenant, id, { checklistItemId: items[0]!.id, name: 'Condenser after' });
    expect(photo).toMatchObject({ kind: 'photo', checklistItemId: items[0]!.id, name: 'Condenser after', contentType: 'image/png', size: PNG.length, retiredAt: null });
    expect(photo['workOrder']).toEqual({ id });
    expect(photo['createdBy']).toEqual({ id: tenant.userId });
    expect(photo.downloadLink!.url).toMatch(new RegExp(`^/api/v1/documents/${tenant.slug}/${photo.id}\\?expires=\\d+&signature=`));
    expect((await ok<{ workOrderAttachment: AttachmentView }>(h, tenant, ONE, { id: photo.id })).workOrderAttachment.id).toBe(photo.id);
    // An item that is not on the order's checklist is NOT_FOUND.
    const upload = await storeUpload(documents, tenant, PNG);
    const stray = { uploadId: upload.id, workOrderId: id, kind: 'photo', checklistItemId: new mongoose.Types.ObjectId().toHexString() };
    expect(codes(await h.run(tenant, ATTACH, { input: stray }))).toEqual(['NOT_FOUND']);
  });

  it('attaches an upload once, refuses a signature that is not an image, a cancelled order and a malformed upload id', async () => {
    const tenant = serviceTenant();
    const id = await order(tenant);
    const pdf = await storeUpload(documents, tenant, PDF);
    expect((await h.run(tenant, ATTACH, { input: { uploadId: pdf.id, workOrderId: id, kind: 'document' } })).errors).toBeUndefined();
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: pdf.id, workOrderId: id, kind: 'document' } }))).toEqual(['CONFLICT']);
    const another = await storeUpload(documents, tenant, PDF);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: another.id, workOrderId: id, kind: 'signature' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: new mongoose.Types.ObjectId().toHexString(), workOrderId: id, kind: 'photo' } }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: 'x/../y', workOrderId: id, kind: 'photo' } }))).toEqual(['BAD_USER_INPUT']);
    await h.models.WorkOrder.updateOne({ ...tenantScope(tenant), _id: id }, { $set: { status: 'cancelled' } });
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: another.id, workOrderId: id, kind: 'document' } }))).toEqual(['CONFLICT']);
  });

  it('lists a work order’s attachments, by kind, and hides retired ones unless asked; a retired one keeps its reason and has no link', async () => {
    const tenant = serviceTenant();
    const id = await order(tenant);
    const photo = await attached(tenant, id);
    const signature = await attached(tenant, id, { kind: 'signature' }, JPEG);
    const list = async (vars: Record<string, unknown>) =>
      (await ok<{ workOrderAttachments: { totalCount: number; edges: { node: { id: string } }[] } }>(h, tenant, LIST, { workOrderId: id, ...vars })).workOrderAttachments;
    expect((await list({})).edges.map((e) => e.node.id)).toEqual([signature.id, photo.id]);
    expect((await list({ kind: 'signature' })).edges.map((e) => e.node.id)).toEqual([signature.id]);
    const retired = (await ok<{ retireWorkOrderAttachment: AttachmentView }>(h, tenant, RETIRE, { id: photo.id, reason: 'blurred' })).retireWorkOrderAttachment;
    expect(retired).toMatchObject({ retiredReason: 'blurred', downloadLink: null });
    expect(retired.retiredAt).not.toBeNull();
    expect(codes(await h.run(tenant, RETIRE, { id: photo.id }))).toEqual(['CONFLICT']);
    expect((await list({})).totalCount).toBe(1);
    expect((await list({ includeRetired: true })).totalCount).toBe(2);
    const onOrder = await ok<{ workOrder: { attachments: { id: string }[] } }>(h, tenant, 'query ($id: ID!) { workOrder(id: $id) { attachments { id } } }', { id });
    expect(onOrder.workOrder.attachments).toEqual([{ id: signature.id }]);
  });

  it('reads the attachments of 30 work orders in one query, as of 1 work order', async () => {
    const tenant = serviceTenant();
    const commandsFor = async (n: number) => {
      const ids = await Promise.all([...Array(n)].map(() => order(tenant)));
      for (const id of ids) await attached(tenant, id);
      const batches: { model: string; keys: number }[] = [];
      let seen: { attachments: { id: string }[] }[] = [];
      const counter = await h.commands(async () => {
        const result = await h.run<{ workOrders: { edges: { node: { attachments: { id: string }[] } }[] } }>(
          tenant,
          'query ($n: Int) { workOrders(first: $n) { edges { node { id attachments { id kind contentType } } } } }',
          { n },
          (batch) => batches.push(batch),
        );
        seen = result.data!.workOrders.edges.map((e) => e.node);
      });
      expect(seen).toHaveLength(n);
      expect(seen.every((o) => o.attachments.length >= 1)).toBe(true);
      expect(batches.filter((b) => b.model === 'AttachmentsByWorkOrder')).toEqual([expect.objectContaining({ keys: n })]);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(30)).toBe(one);
  });
});

describe('permissions and tenants', () => {
  it("is NOT_FOUND for another tenant's attachment, work order and upload", async () => {
    const [tenant, other] = [serviceTenant(), serviceTenant()];
    const id = await order(tenant);
    const photo = await attached(tenant, id);
    expect(codes(await h.run(other, ONE, { id: photo.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, RETIRE, { id: photo.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, LIST, { workOrderId: id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, LIST, { workOrderId: new mongoose.Types.ObjectId().toHexString() }))).toEqual(['NOT_FOUND']);
    const theirs = await storeUpload(documents, other, PNG);
    expect(codes(await h.run(other, ATTACH, { input: { uploadId: theirs.id, workOrderId: id, kind: 'photo' } }))).toEqual(['NOT_FOUND']);
    const ours = await storeUpload(documents, tenant, PNG);
    const theirOrder = await order(other);
    expect(codes(await h.run(other, ATTACH, { input: { uploadId: ours.id, workOrderId: theirOrder, kind: 'photo' } }))).toEqual(['NOT_FOUND']);
    expect(await h.models.Attachment.countDocuments({ ...tenantScope(other) })).toBe(0);
  });

  it('lets each role do what it may: viewers read, technicians attach to their own work only, dispatchers retire', async () => {
    const tenant = serviceTenant();
    const [mine, elsewhere] = [await order(tenant), await order(tenant)];
    const technician = await createTechnician(h, tenant);
    const profile = (await h.models.Technician.findOne({ _id: new mongoose.Types.ObjectId(technician), ...tenantScope(tenant) }).lean())!;
    await h.models.WorkOrder.updateOne({ ...tenantScope(tenant), _id: mine }, { $set: { technicianId: profile._id, status: 'in_progress' } });
    const photo = await attached(tenant, mine);
    const as = (roles: string[], userId?: string) => makeTenantContext({ ...tenant, roles, ...(userId ? { userId } : {}) });
    const upload = () => storeUpload(documents, tenant, JPEG).then((u) => u.id);

    expect((await h.run(as(['viewer']), ONE, { id: photo.id })).errors).toBeUndefined();
    expect(codes(await h.run(as(['viewer']), ATTACH, { input: { uploadId: await upload(), workOrderId: mine, kind: 'photo' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(as(['viewer']), RETIRE, { id: photo.id }))).toEqual(['FORBIDDEN']);

    const tech = as(['technician'], profile.userId.toHexString());
    expect((await h.run(tech, ATTACH, { input: { uploadId: await upload(), workOrderId: mine, kind: 'signature' } })).errors).toBeUndefined();
    expect(codes(await h.run(tech, ATTACH, { input: { uploadId: await upload(), workOrderId: elsewhere, kind: 'photo' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(tech, RETIRE, { id: photo.id }))).toEqual(['FORBIDDEN']);

    expect((await h.run(as(['dispatcher']), ATTACH, { input: { uploadId: await upload(), workOrderId: elsewhere, kind: 'photo' } })).errors).toBeUndefined();
    expect((await h.run(as(['dispatcher']), RETIRE, { id: photo.id })).errors).toBeUndefined();
  });

  it('is FEATURE_DISABLED for a trucking tenant and with work orders switched off', async () => {
    expect(codes(await h.run(serviceTenant({ appType: 'trucking' }), LIST, {}))).toEqual(['FEATURE_DISABLED']);
    expect(codes(await h.run(serviceTenant({ flags: { workOrders: false } }), LIST, {}))).toEqual(['FEATURE_DISABLED']);
  });
});

describe('over HTTP: upload and download', () => {
  const key = () => internalContextKey(TEST_KEYS.privateKey);
  const upload = async (tenant: TenantContext, body: Buffer) =>
    fetch(`${base}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [INTERNAL_CONTEXT_HEADER]: await signInternalContext(key(), 'service', tenant) },
      body,
    });

  it('stores an upload under a signed context, then serves the attached photo by its link with its stored type', async () => {
    const tenant = serviceTenant();
    const response = await upload(tenant, JPEG);
    expect(response.status).toBe(201);
    const { upload: stored } = (await response.json()) as { upload: { id: string; contentType: string; size: number } };
    expect(stored).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length });
    const id = await order(tenant);
    const photo = (await ok<{ attachToWorkOrder: AttachmentView }>(h, tenant, ATTACH, { input: { uploadId: stored.id, workOrderId: id, kind: 'photo' } }))
      .attachToWorkOrder;
    const got = await download(tenant, photo.downloadLink!.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('refuses an upload by a viewer (403) and of SVG (400); a retired photo’s link is 404, another tenant’s id under our signature 403', async () => {
    const tenant = serviceTenant();
    expect((await upload(makeTenantContext({ ...tenant, roles: ['viewer'] }), PNG)).status).toBe(403);
    expect((await upload(tenant, SVG)).status).toBe(400);
    const photo = await attached(tenant, await order(tenant));
    const url = photo.downloadLink!.url;
    const other = serviceTenant();
    expect((await fetch(`${base}${url.replace(`/api/v1/documents/${tenant.slug}/${photo.id}`, `/documents/${other.tenantId}/${photo.id}`)}`)).status).toBe(403);
    await ok(h, tenant, RETIRE, { id: photo.id });
    expect((await download(tenant, url)).status).toBe(404);
  });
});

describe('uploads never attached to a work order', () => {
  const HOUR = 3_600_000;
  /** An upload of `owner`'s route stored `hoursAgo` (its id carries the time). */
  async function uploadedHoursAgo(tenant: TenantContext, hoursAgo: number, owner = 'service'): Promise<string> {
    const id = Math.floor((Date.now() - hoursAgo * HOUR) / 1000).toString(16) + new mongoose.Types.ObjectId().toHexString().slice(8);
    await documents.storage.put(storageKey(tenant.tenantId, id), PNG, { contentType: 'image/png', size: PNG.length, sha256: 'x', owner });
    return id;
  }
  const attach = (tenant: TenantContext, uploadId: string, workOrderId: string) =>
    h.run<{ attachToWorkOrder: AttachmentView }>(tenant, ATTACH, { input: { uploadId, workOrderId, kind: 'photo' } });

  it("are removed by service's sweep once a day old; attached ones (retired too), recent ones and trucking's stay", async () => {
    const tenant = serviceTenant();
    const id = await order(tenant);
    const [kept, retired, loose, recent] = [
      await uploadedHoursAgo(tenant, 30),
      await uploadedHoursAgo(tenant, 30),
      await uploadedHoursAgo(tenant, 25),
      await uploadedHoursAgo(tenant, 2),
    ];
    const truckings = await uploadedHoursAgo(tenant, 30, 'trucking');
    // Attached when they were fresh (the tenant's clock an hour after the upload).
    h.clock(tenant).set(new Date(Date.now() - 29 * HOUR));
    expect((await attach(tenant, kept, id)).errors).toBeUndefined();
    const retiring = await attach(tenant, retired, id);
    expect((await h.run(tenant, RETIRE, { id: retiring.data!.attachToWorkOrder.id })).errors).toBeUndefined();
    h.clock(tenant).set(new Date());

    const { removed } = await sweepAttachmentUploads(() => h.models.Attachment, documents, new Date());
    expect(removed).toBeGreaterThanOrEqual(1);
    const present = async (uploadId: string) => (await findUpload(documents, tenant, uploadId)) !== null;
    expect(await Promise.all([kept, retired, loose, recent, truckings].map(present))).toEqual([true, true, false, true, true]);
  });

  it('cannot be attached past 23 hours, as the sweep may remove them at any moment', async () => {
    const tenant = serviceTenant();
    const id = await order(tenant);
    expect(codes(await attach(tenant, await uploadedHoursAgo(tenant, 23.5), id))).toEqual(['BAD_USER_INPUT']);
    expect((await attach(tenant, await uploadedHoursAgo(tenant, 22), id)).errors).toBeUndefined();
  });
});
