import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, type Lean, type TenantContext } from '@attunelogic/shared';
import { documentLink, requireDocuments, sweepUnattachedUploads, uploadToAttach, type Documents, type SweepResult } from '@attunelogic/shared/documents';
import { badInput, conflict, forbidden, notFound } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, setRetiredOwned, alreadyRetired, unchangedSince } from '@attunelogic/shared/subgraph';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { driversByUser } from '../drivers/drivers.service';
import { loadAssignees } from '../loads/assignees';
import { LOADS_FEATURE } from '../loads/loads.service';
import { type LoadDocument } from '../loads/loads.model';
import { type TruckingContext } from '../models';
import { DOCUMENT_KINDS, type DocumentKind, type TruckingDocumentDocument, type TruckingDocumentModel } from './documents.model';

export type TruckingDocument = Lean<TruckingDocumentDocument>;

const IMAGE_KINDS: readonly DocumentKind[] = ['photo', 'signature'];

const attachInput = z.object({
  uploadId: z.string(),
  loadId: z.string(),
  stopId: z.string().nullish(),
  kind: z.enum(DOCUMENT_KINDS),
  name: z.string().trim().min(1).max(200).nullish(),
});

/** A driver attaches only to loads assigned to their own profile; a dispatcher to any of the tenant's. */
async function requireOwnLoadForDriver(ctx: TruckingContext, load: Lean<LoadDocument>): Promise<void> {
  if (!actsOnlyAsDriver(ctx.tenant, 'loads:status')) return;
  const own = await driversByUser(ctx).load(ctx.tenant.userId);
  if (!own || !load.driver?.equals(own._id)) throw forbidden('A driver may only attach documents to loads assigned to them.');
}

/**
 * Attaches an upload of the tenant (POST /api/v1/documents) to one of its loads and maybe one of its
 * stops. Another tenant's upload or load is NOT_FOUND; an upload is attached once (CONFLICT);
 * a photo or a signature must be an image; an upload older than UPLOAD_ATTACH_WINDOW_MS (23 hours)
 * is BAD_USER_INPUT, as the sweep of unattached uploads may have removed it.
 */
export async function attachDocument(ctx: TruckingContext, raw: unknown): Promise<TruckingDocument> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:status');
  const documents = requireDocuments(ctx.documents);
  const parsed = attachInput.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const input = parsed.data;
  const loadId = parseId(input.loadId, 'loadId');
  const stop = input.stopId ? parseId(input.stopId, 'stopId') : null;
  parseId(input.uploadId, 'uploadId');
  const load = await findOwned(ctx, ctx.models.Load, loadId, 'Load');
  await requireOwnLoadForDriver(ctx, load);
  if (stop && !load.stops.some((s) => s._id.equals(stop))) throw notFound('Stop', stop.toHexString());
  const upload = await uploadToAttach(documents, ctx.tenant, input.uploadId, ctx.clock.now());
  if (IMAGE_KINDS.includes(input.kind) && !upload.contentType.startsWith('image/')) {
    throw badInput(`A ${input.kind} must be an image (JPEG, PNG or WebP); the upload is ${upload.contentType}.`, { field: 'kind' });
  }
  const name = input.name ?? `${input.kind} (${upload.contentType})`;
  const podAttached =
    input.kind === 'pod'
      ? [
          {
            type: 'load.pod_attached' as const,
            payload: {
              referenceNumber: load.referenceNumber,
              loadId: load._id.toHexString(),
              stopId: stop?.toHexString() ?? null,
              name,
              contentType: upload.contentType,
            },
            assignees: await loadAssignees(ctx, load.driver),
          },
        ]
      : [];
  return createOwned(
    ctx,
    ctx.models.Document,
    {
      kind: input.kind,
      load: load._id,
      stop,
      name,
      upload: upload.id,
      contentType: upload.contentType,
      size: upload.size,
      sha256: upload.sha256,
    },
    { what: 'Document', duplicate: () => conflict('The upload is already attached to a document.', { field: 'uploadId' }), events: podAttached },
  );
}

/** Retires a document (kept, hidden from the load, no more links); `loads:write`. */
export async function retireDocument(ctx: TruckingContext, id: unknown, reason: string | null | undefined): Promise<TruckingDocument> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const before = await findOwned(ctx, ctx.models.Document, id, 'Document');
  const note = reason?.trim() ? reason.trim().slice(0, 500) : null;
  return setRetiredOwned(ctx, ctx.models.Document, before, true, {
    what: 'Document',
    isRetired: (doc) => Boolean(doc.retiredAt),
    set: () => ({ retiredAt: ctx.clock.now(), retiredReason: note }),
    already: alreadyRetired('The document'),
    ...unchangedSince(before, 'The document'),
  });
}

/** One of the tenant's documents, or NOT_FOUND. */
export async function documentById(ctx: TruckingContext, id: unknown): Promise<TruckingDocument> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  const _id = parseId(id, 'id');
  const doc = await ctx.loaders.byId(ctx.models.Document).load(_id.toHexString());
  if (!doc) throw notFound('Document', _id.toHexString());
  return doc;
}

/** A page of the tenant's documents, newest first. */
export async function listDocuments(
  ctx: TruckingContext,
  args: { loadId?: string | null; kind?: DocumentKind | null; includeRetired?: boolean | null; first?: number | null; after?: string | null },
) {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  const filter: Record<string, unknown> = {};
  // A load the tenant does not have (another tenant's, or none) is NOT_FOUND, as everywhere.
  if (args.loadId) filter['load'] = (await findOwned(ctx, ctx.models.Load, parseId(args.loadId, 'loadId'), 'Load'))._id;
  if (args.kind) filter['kind'] = args.kind;
  if (!args.includeRetired) filter['retiredAt'] = null;
  return paginate(ctx.models.Document, ctx.tenant, filter, args);
}

/** `Load.documents`: the documents in use of every load of a list in one query (a loader keyed by load id). */
export async function documentsOfLoad(ctx: TruckingContext, loadId: mongoose.Types.ObjectId, kind: DocumentKind | null | undefined): Promise<TruckingDocument[]> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  const all = await documentsByLoad(ctx).load(loadId.toHexString());
  return kind ? all.filter((doc) => doc.kind === kind) : all;
}

function documentsByLoad(ctx: TruckingContext) {
  return ctx.loaders.custom<string, TruckingDocument[]>('DocumentsByLoad', async (tenant: TenantContext, loadIds) => {
    const ids = loadIds.map((id) => new mongoose.Types.ObjectId(id));
    const docs = await ctx.models.Document.find({ ...tenantScope(tenant), load: mongoose.trusted({ $in: ids }), retiredAt: null })
      .sort({ _id: 1 })
      .lean<TruckingDocument[]>();
    const byLoad = new Map<string, TruckingDocument[]>(loadIds.map((id) => [id, []]));
    for (const doc of docs) byLoad.get(doc.load.toHexString())?.push(doc);
    return loadIds.map((id) => byLoad.get(id) ?? []);
  });
}

/** A new download link of a document in use (null once retired). */
export function downloadLinkOf(ctx: TruckingContext, doc: TruckingDocument): { url: string; expiresAt: Date } | null {
  if (doc.retiredAt) return null;
  return documentLink(requireDocuments(ctx.documents), ctx.tenant, doc._id.toHexString(), ctx.clock.now());
}

/** What the download route needs of a document: its storage key while in use (the link has proven the tenant). */
export async function storedDocument(model: TruckingDocumentModel, tenantId: string, documentId: string): Promise<{ storageKey: string; name: string } | null> {
  const doc = await model
    .findOne({ _id: new mongoose.Types.ObjectId(documentId), parentCompany: new mongoose.Types.ObjectId(tenantId), retiredAt: null })
    .lean<TruckingDocument>();
  return doc ? { storageKey: `${tenantId}/${doc.upload}`, name: doc.name } : null;
}

/**
 * Removes the uploads of every tenant that no document names once they are a day old
 * (`shared/src/documents`' sweep), the trucking process's hourly job and `pnpm --filter
 * @attunelogic/subgraph-trucking sweep-uploads`. A retired document keeps its file.
 */
export function sweepUploads(
  modelOf: (tenantId: string) => TruckingDocumentModel | Promise<TruckingDocumentModel>,
  documents: Documents,
  now: Date,
): Promise<SweepResult> {
  return sweepUnattachedUploads(documents, {
    now,
    owner: 'trucking',
    attached: async (tenantId, uploadIds) => {
      // Each tenant's documents where its placement keeps them (a dedicated tenant's own database).
      const named = await (
        await modelOf(tenantId)
      )
        .find({ parentCompany: new mongoose.Types.ObjectId(tenantId), upload: mongoose.trusted({ $in: [...uploadIds] }) })
        .select({ upload: 1 })
        .lean<Pick<TruckingDocument, 'upload'>[]>();
      return new Set(named.map((doc) => doc.upload));
    },
  });
}
