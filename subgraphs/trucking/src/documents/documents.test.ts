import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { internalContextKey, INTERNAL_CONTEXT_HEADER, listen, signInternalContext, type TenantContext } from '@attunelogic/shared';
import { findUpload, JPEG, PDF, PNG, storageKey, SVG, storeUpload, type Documents } from '@attunelogic/shared/documents';
import { tenantScope } from '@attunelogic/shared/mongo';
import { sweepUploads } from './documents.service';
import { codes, Fixtures, sameTenantAs, startHarness, TEST_KEYS, truckingTenant, type TruckingHarness } from '../testing';

let h: TruckingHarness;
let fx: Fixtures;
let documents: Documents;
let base: string;

beforeAll(async () => {
  h = await startHarness('test-trucking-documents');
  fx = new Fixtures(h);
  documents = h.server.documents!;
  base = `http://127.0.0.1:${(await listen(h.server.http, 0, '127.0.0.1')).port}`;
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id kind stopId name contentType size sha256 retiredAt retiredReason load { id } createdBy { id } downloadLink { url expiresAt }';
const ATTACH = `mutation ($input: AttachDocumentInput!) { attachDocument(input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation ($id: ID!, $reason: String) { retireDocument(id: $id, reason: $reason) { ${FIELDS} } }`;
const ONE = `query ($id: ID!) { document(id: $id) { ${FIELDS} } }`;
const LIST = `query ($loadId: ID, $kind: DocumentKind, $includeRetired: Boolean) { documents(loadId: $loadId, kind: $kind, includeRetired: $includeRetired) { totalCount edges { node { id kind } } } }`;

interface DocumentView {
  id: string;
  kind: string;
  stopId: string | null;
  name: string;
  contentType: string;
  size: number;
  retiredAt: string | null;
  downloadLink: { url: string; expiresAt: string } | null;
  [field: string]: unknown;
}

async function attached(tenant: TenantContext, loadId: string, input: Record<string, unknown> = {}, bytes: Buffer = PNG): Promise<DocumentView> {
  const upload = await storeUpload(documents, tenant, bytes);
  return (await fx.ok<{ attachDocument: DocumentView }>(tenant, ATTACH, { input: { uploadId: upload.id, loadId, kind: 'pod', ...input } })).attachDocument;
}

/** The subgraph's download route, as the gateway forwards a link to it (slug replaced by the tenant's id). */
const download = (tenant: TenantContext, url: string) => fetch(`${base}${url.replace(`/api/v1/documents/${tenant.slug}/`, `/documents/${tenant.tenantId}/`)}`);

describe('attaching documents to loads', () => {
  it('attaches an upload to a load and a stop, with the type and size read from its content', async () => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const delivery = load.stops[1]!.id;
    const doc = await attached(tenant, load.id, { stopId: delivery, name: 'POD Houston' });
    expect(doc).toMatchObject({ kind: 'pod', stopId: delivery, name: 'POD Houston', contentType: 'image/png', size: PNG.length, retiredAt: null });
    expect(doc['load']).toEqual({ id: load.id });
    expect(doc['createdBy']).toEqual({ id: tenant.userId });
    expect((await fx.ok<{ document: DocumentView }>(tenant, ONE, { id: doc.id })).document.id).toBe(doc.id);
  });

  it('attaches an upload once, refuses a photo that is not an image, and a stop of another load', async () => {
    const tenant = truckingTenant();
    const [load, other] = await Promise.all([fx.load(tenant), fx.load(tenant)]);
    const upload = await storeUpload(documents, tenant, PDF);
    expect((await h.run(tenant, ATTACH, { input: { uploadId: upload.id, loadId: load.id, kind: 'bol' } })).errors).toBeUndefined();
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: upload.id, loadId: load.id, kind: 'bol' } }))).toEqual(['CONFLICT']);
    const pdf = await storeUpload(documents, tenant, PDF);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: pdf.id, loadId: load.id, kind: 'photo' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: pdf.id, loadId: load.id, kind: 'pod', stopId: other.stops[0]!.id } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: new mongoose.Types.ObjectId().toHexString(), loadId: load.id, kind: 'pod' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(tenant, ATTACH, { input: { uploadId: 'x/../y', loadId: load.id, kind: 'pod' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists a load’s documents, by kind, and hides retired ones unless asked; a retired one keeps its reason and has no link', async () => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const pod = await attached(tenant, load.id);
    const bol = await attached(tenant, load.id, { kind: 'bol' }, PDF);
    const list = async (vars: Record<string, unknown>) =>
      (await fx.ok<{ documents: { totalCount: number; edges: { node: { id: string } }[] } }>(tenant, LIST, { loadId: load.id, ...vars })).documents;
    expect((await list({})).edges.map((e) => e.node.id)).toEqual([bol.id, pod.id]);
    expect((await list({ kind: 'bol' })).edges.map((e) => e.node.id)).toEqual([bol.id]);
    const retired = (await fx.ok<{ retireDocument: DocumentView }>(tenant, RETIRE, { id: pod.id, reason: 'blurred' })).retireDocument;
    expect(retired).toMatchObject({ retiredReason: 'blurred', downloadLink: null });
    expect(retired.retiredAt).not.toBeNull();
    expect(codes(await h.run(tenant, RETIRE, { id: pod.id }))).toEqual(['CONFLICT']);
    expect((await list({})).totalCount).toBe(1);
    expect((await list({ includeRetired: true })).totalCount).toBe(2);
    const onLoad = await fx.ok<{ load: { documents: { id: string }[] } }>(tenant, `query ($id: ID!) { load(id: $id) { documents { id } } }`, { id: load.id });
    expect(onLoad.load.documents).toEqual([{ id: bol.id }]);
  });

  it('reads the documents of 30 loads in one query, as of 1 load', async () => {
    const tenant = truckingTenant();
    const commandsFor = async (n: number) => {
      const loads = await Promise.all([...Array(n)].map(() => fx.load(tenant, { customerReference: `batch-${n}` })));
      for (const load of loads) await attached(tenant, load.id);
      const batches: { model: string; keys: number }[] = [];
      let seen: { documents: { id: string }[] }[] = [];
      const counter = await h.commands(async () => {
        const result = await h.run<{ loads: { edges: { node: { documents: { id: string }[] } }[] } }>(
          tenant,
          `query ($n: Int) { loads(first: $n) { edges { node { id documents { id kind contentType } } } } }`,
          { n },
          (batch) => batches.push(batch),
        );
        seen = result.data!.loads.edges.map((e) => e.node);
      });
      expect(seen).toHaveLength(n);
      expect(seen.every((load) => load.documents.length >= 1)).toBe(true);
      expect(batches.filter((b) => b.model === 'DocumentsByLoad')).toEqual([expect.objectContaining({ keys: n })]);
      return counter.commands.length;
    };
    const one = await commandsFor(1);
    expect(await commandsFor(30)).toBe(one);
  });
});

describe('permissions and tenants', () => {
  it("is NOT_FOUND for another tenant's document, load and upload", async () => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    const load = await fx.load(tenant);
    const doc = await attached(tenant, load.id);
    expect(codes(await h.run(other, ONE, { id: doc.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, RETIRE, { id: doc.id }))).toEqual(['NOT_FOUND']);
    // Listing by our load is NOT_FOUND for them, as by a load nobody has: the list says nothing of it.
    expect(codes(await h.run(other, LIST, { loadId: load.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(other, LIST, { loadId: new mongoose.Types.ObjectId().toHexString() }))).toEqual(['NOT_FOUND']);
    // Their own upload on our load, and our upload on their load: both NOT_FOUND.
    const theirs = await storeUpload(documents, other, PNG);
    expect(codes(await h.run(other, ATTACH, { input: { uploadId: theirs.id, loadId: load.id, kind: 'pod' } }))).toEqual(['NOT_FOUND']);
    const ours = await storeUpload(documents, tenant, PNG);
    const theirLoad = await fx.load(other);
    expect(codes(await h.run(other, ATTACH, { input: { uploadId: ours.id, loadId: theirLoad.id, kind: 'pod' } }))).toEqual(['NOT_FOUND']);
    expect(await h.models.Document.countDocuments({ ...tenantScope(other) })).toBe(0);
  });

  it('lets each role do what it may: viewers read, drivers attach to their own loads only, dispatchers retire', async () => {
    const tenant = truckingTenant();
    const { load, driver } = await fx.assignedLoad(tenant);
    const other = await fx.load(tenant);
    const doc = await attached(tenant, load.id);
    const viewer = sameTenantAs(tenant, ['viewer']);
    const dispatcher = sameTenantAs(tenant, ['dispatcher']);
    const driverUser = (await h.models.Driver.findOne({ _id: new mongoose.Types.ObjectId(driver), ...tenantScope(tenant) }).lean())!.userId.toHexString();
    const asDriver = sameTenantAs(tenant, ['driver'], driverUser);

    expect((await h.run(viewer, ONE, { id: doc.id })).errors).toBeUndefined();
    const upload = () => storeUpload(documents, tenant, JPEG).then((u) => u.id);
    expect(codes(await h.run(viewer, ATTACH, { input: { uploadId: await upload(), loadId: load.id, kind: 'photo' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(viewer, RETIRE, { id: doc.id }))).toEqual(['FORBIDDEN']);

    expect((await h.run(asDriver, ATTACH, { input: { uploadId: await upload(), loadId: load.id, kind: 'photo' } })).errors).toBeUndefined();
    expect(codes(await h.run(asDriver, ATTACH, { input: { uploadId: await upload(), loadId: other.id, kind: 'photo' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(asDriver, RETIRE, { id: doc.id }))).toEqual(['FORBIDDEN']);

    expect((await h.run(dispatcher, ATTACH, { input: { uploadId: await upload(), loadId: other.id, kind: 'photo' } })).errors).toBeUndefined();
    expect((await h.run(dispatcher, RETIRE, { id: doc.id })).errors).toBeUndefined();
  });

  it('is FEATURE_DISABLED for a service tenant and with loads switched off', async () => {
    const service = truckingTenant({ appType: 'serviceRepair' });
    expect(codes(await h.run(service, LIST, {}))).toEqual(['FEATURE_DISABLED']);
    const off = truckingTenant({ flags: { loadTracking: false } });
    expect(codes(await h.run(off, LIST, {}))).toEqual(['FEATURE_DISABLED']);
  });
});

describe('over HTTP: upload and download', () => {
  const key = () => internalContextKey(TEST_KEYS.privateKey);
  const upload = async (tenant: TenantContext, body: Buffer) =>
    fetch(`${base}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [INTERNAL_CONTEXT_HEADER]: await signInternalContext(key(), 'trucking', tenant) },
      body,
    });

  it('stores an upload under a signed context, then serves the attached document by its link with its stored type', async () => {
    const tenant = truckingTenant();
    const response = await upload(tenant, JPEG);
    expect(response.status).toBe(201);
    const { upload: stored } = (await response.json()) as { upload: { id: string; contentType: string; size: number } };
    expect(stored).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length });
    // Marked as trucking's: only trucking's sweep may remove it (the subgraphs share the storage).
    expect(await documents.storage.head(storageKey(tenant.tenantId, stored.id))).toMatchObject({ owner: 'trucking' });
    const load = await fx.load(tenant);
    const doc = (await fx.ok<{ attachDocument: DocumentView }>(tenant, ATTACH, { input: { uploadId: stored.id, loadId: load.id, kind: 'photo' } })).attachDocument;
    const got = await download(tenant, doc.downloadLink!.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('refuses an upload without a context (401), by a viewer (403), of SVG (400) and over the limit (413)', async () => {
    const tenant = truckingTenant();
    const bare = await fetch(`${base}/uploads`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: PNG });
    expect(bare.status).toBe(401);
    expect((await upload(sameTenantAs(tenant, ['viewer']), PNG)).status).toBe(403);
    const svg = await upload(tenant, SVG);
    expect(svg.status).toBe(400);
    expect(((await svg.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await upload(tenant, Buffer.concat([PNG, Buffer.alloc(70_000)]))).status).toBe(413);
  });

  it('answers a forged link 403, an expired one 410 LINK_EXPIRED, a retired document 404, and another tenant’s link for our document 403', async () => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const doc = await attached(tenant, load.id);
    const url = doc.downloadLink!.url;
    const forged = url.replace(/signature=[^&]+/, 'signature=AAAA');
    expect((await download(tenant, forged)).status).toBe(403);
    // The same signature presented for another tenant's id: the HMAC covers the tenant.
    const other = truckingTenant();
    expect((await fetch(`${base}${url.replace(`/api/v1/documents/${tenant.slug}/${doc.id}`, `/documents/${other.tenantId}/${doc.id}`)}`)).status).toBe(403);
    // A link made an hour ago has expired (TTL 300 s).
    h.clock(tenant).set(new Date(Date.now() - 3_600_000));
    const old = (await fx.ok<{ document: DocumentView }>(tenant, ONE, { id: doc.id })).document.downloadLink!.url;
    h.clock(tenant).set(new Date());
    const expired = await download(tenant, old);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('LINK_EXPIRED');
    await fx.ok(tenant, RETIRE, { id: doc.id });
    expect((await download(tenant, url)).status).toBe(404);
  });
});

describe('uploads never attached', () => {
  const HOUR = 3_600_000;
  /** An upload of the tenant stored `hoursAgo` (its id carries the time), as the upload route stores one. */
  async function uploadedHoursAgo(tenant: TenantContext, hoursAgo: number): Promise<string> {
    // An ObjectId's first four bytes are its time; the rest keeps it unique.
    const id = Math.floor((Date.now() - hoursAgo * HOUR) / 1000).toString(16) + new mongoose.Types.ObjectId().toHexString().slice(8);
    await documents.storage.put(storageKey(tenant.tenantId, id), PNG, { contentType: 'image/png', size: PNG.length, sha256: 'x', owner: 'trucking' });
    return id;
  }
  const attach = (tenant: TenantContext, uploadId: string, loadId: string) =>
    h.run<{ attachDocument: DocumentView }>(tenant, ATTACH, { input: { uploadId, loadId, kind: 'pod' } });

  it('are removed by the sweep once a day old, every tenant’s; attached ones (retired too) and recent ones stay', async () => {
    const [tenant, other] = [truckingTenant(), truckingTenant()];
    const load = await fx.load(tenant);
    const [kept, retired, loose, recent, theirs] = [
      await uploadedHoursAgo(tenant, 30),
      await uploadedHoursAgo(tenant, 30),
      await uploadedHoursAgo(tenant, 25),
      await uploadedHoursAgo(tenant, 2),
      await uploadedHoursAgo(other, 48),
    ];
    // Attached when they were fresh (the tenant's clock an hour after the upload).
    h.clock(tenant).set(new Date(Date.now() - 29 * HOUR));
    expect((await attach(tenant, kept, load.id)).errors).toBeUndefined();
    const retiring = await attach(tenant, retired, load.id);
    await fx.ok(tenant, RETIRE, { id: retiring.data!.attachDocument.id });
    h.clock(tenant).set(new Date());

    const { removed } = await sweepUploads(() => h.models.Document, documents, new Date());
    expect(removed).toBeGreaterThanOrEqual(2);
    const present = async (t: TenantContext, id: string) => (await findUpload(documents, t, id)) !== null;
    expect(await Promise.all([kept, retired, loose, recent].map((id) => present(tenant, id)))).toEqual([true, true, false, true]);
    expect(await present(other, theirs)).toBe(false);
    // The attached document still downloads.
    const doc = (await fx.ok<{ documents: { edges: { node: { id: string } }[] } }>(tenant, LIST, { loadId: load.id })).documents.edges[0]!.node;
    const link = (await fx.ok<{ document: DocumentView }>(tenant, ONE, { id: doc.id })).document.downloadLink!.url;
    expect((await download(tenant, link)).status).toBe(200);
  });

  it('are swept by the trucking process when it starts (then hourly)', async () => {
    const tenant = truckingTenant();
    const loose = await uploadedHoursAgo(tenant, 26);
    // A second server on the same storage, as another instance of the subgraph would be.
    const another = await startHarness('test-trucking-documents-sweep');
    try {
      await vi.waitFor(async () => expect(await findUpload(documents, tenant, loose)).toBeNull(), { timeout: 10_000, interval: 100 });
    } finally {
      await another.close();
    }
  });

  it('cannot be attached past 23 hours, as the sweep may remove them at any moment', async () => {
    const tenant = truckingTenant();
    const load = await fx.load(tenant);
    const stale = await uploadedHoursAgo(tenant, 23.5);
    expect(codes(await attach(tenant, stale, load.id))).toEqual(['BAD_USER_INPUT']);
    expect((await attach(tenant, await uploadedHoursAgo(tenant, 22), load.id)).errors).toBeUndefined();
  });
});
