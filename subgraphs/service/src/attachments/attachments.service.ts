import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, type Connection, type Lean, type TenantContext } from '@attunelogic/shared';
import { documentLink, requireDocuments, sweepUnattachedUploads, uploadToAttach, type Documents, type SweepResult } from '@attunelogic/shared/documents';
import { badInput, conflict, notFound } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { alreadyRetired, createOwned, findOwned, setRetiredOwned, unchangedSince } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { checklistOf } from '../checklists/checklists.service';
import { type ServiceContext } from '../models';
import { requireOwnWorkOrderForTechnician, WORK_ORDERS_FEATURE } from '../work-orders/work-orders.service';
import { ATTACHMENT_KINDS, type AttachmentDocument, type AttachmentKind, type AttachmentModel } from './attachments.model';

export type Attachment = Lean<AttachmentDocument>;

const IMAGE_KINDS: readonly AttachmentKind[] = ['photo', 'signature'];

const attachInput = z.object({
  uploadId: z.string(),
  workOrderId: z.string(),
  checklistItemId: z.string().nullish(),
  kind: z.enum(ATTACHMENT_KINDS),
  name: z.string().trim().min(1).max(200).nullish(),
});

/**
 * Attaches an upload of the tenant (POST /api/v1/documents) to one of its work orders and maybe one
 * item of its checklist. Another tenant's upload or order is NOT_FOUND; a technician attaches only to
 * the orders assigned to them (FORBIDDEN); an upload is attached once (CONFLICT); a cancelled order
 * takes none (CONFLICT); a photo or a signature must be an image.
 */
export async function attachToWorkOrder(ctx: ServiceContext, raw: unknown): Promise<Attachment> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:status');
  const documents = requireDocuments(ctx.documents);
  const parsed = attachInput.safeParse(raw);
  if (!parsed.success) throw badInput(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const input = parsed.data;
  const orderId = parseId(input.workOrderId, 'workOrderId');
  const item = input.checklistItemId ? parseId(input.checklistItemId, 'checklistItemId') : null;
  parseId(input.uploadId, 'uploadId');
  const order = await findOwned(ctx, ctx.models.WorkOrder, orderId, 'WorkOrder', { field: 'workOrderId' });
  await requireOwnWorkOrderForTechnician(ctx, order, 'workOrders:status', 'attach files to work orders');
  if (order.status === 'cancelled') throw conflict(`Work order #${order.number} is cancelled; it takes no attachments.`, { status: order.status });
  if (item && !(await checklistOf(ctx, order)).some((answer) => answer.itemId.equals(item))) throw notFound('ChecklistItem', item.toHexString());
  const upload = await uploadToAttach(documents, ctx.tenant, input.uploadId, ctx.clock.now());
  if (IMAGE_KINDS.includes(input.kind) && !upload.contentType.startsWith('image/')) {
    throw badInput(`A ${input.kind} must be an image (JPEG, PNG or WebP); the upload is ${upload.contentType}.`, { field: 'kind' });
  }
  return createOwned(
    ctx,
    ctx.models.Attachment,
    {
      kind: input.kind,
      workOrder: order._id,
      checklistItem: item,
      name: input.name ?? `${input.kind} (${upload.contentType})`,
      upload: upload.id,
      contentType: upload.contentType,
      size: upload.size,
      sha256: upload.sha256,
      retiredAt: null,
      retiredReason: null,
    },
    { what: 'WorkOrderAttachment', duplicate: () => conflict('The upload is already attached.', { field: 'uploadId' }) },
  );
}

/** Retires an attachment (kept, hidden from the work order, no more links); `workOrders:write`. */
export async function retireAttachment(ctx: ServiceContext, id: unknown, reason: string | null | undefined): Promise<Attachment> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:write');
  const before = await findOwned(ctx, ctx.models.Attachment, id, 'WorkOrderAttachment');
  const note = reason?.trim() ? reason.trim().slice(0, 500) : null;
  return setRetiredOwned(ctx, ctx.models.Attachment, before, true, {
    what: 'WorkOrderAttachment',
    isRetired: (doc) => Boolean(doc.retiredAt),
    set: () => ({ retiredAt: ctx.clock.now(), retiredReason: note }),
    already: alreadyRetired('The attachment'),
    ...unchangedSince(before, 'The attachment'),
  });
}

/** One of the tenant's attachments, or NOT_FOUND. */
export async function attachmentById(ctx: ServiceContext, id: unknown): Promise<Attachment> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:read');
  return findOwned(ctx, ctx.models.Attachment, id, 'WorkOrderAttachment');
}

/** A page of the tenant's attachments, newest first. */
export async function listAttachments(
  ctx: ServiceContext,
  args: { workOrderId?: string | null; kind?: AttachmentKind | null; includeRetired?: boolean | null; first?: number | null; after?: string | null },
): Promise<Connection<Attachment>> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:read');
  const filter: Record<string, unknown> = {};
  // A work order the tenant does not have (another tenant's, or none) is NOT_FOUND, as everywhere.
  if (args.workOrderId) filter['workOrder'] = (await findOwned(ctx, ctx.models.WorkOrder, args.workOrderId, 'WorkOrder', { field: 'workOrderId' }))._id;
  if (args.kind) filter['kind'] = args.kind;
  if (!args.includeRetired) filter['retiredAt'] = null;
  return paginate(ctx.models.Attachment, ctx.tenant, filter, args);
}

/** `WorkOrder.attachments`: the attachments in use of every work order of a list in one query. */
export async function attachmentsOfWorkOrder(ctx: ServiceContext, orderId: mongoose.Types.ObjectId, kind: AttachmentKind | null | undefined): Promise<Attachment[]> {
  requireAccess(ctx, WORK_ORDERS_FEATURE, 'workOrders:read');
  const all = await attachmentsByWorkOrder(ctx).load(orderId.toHexString());
  return kind ? all.filter((doc) => doc.kind === kind) : all;
}

function attachmentsByWorkOrder(ctx: ServiceContext) {
  return ctx.loaders.custom<string, Attachment[]>('AttachmentsByWorkOrder', async (tenant: TenantContext, orderIds) => {
    const ids = orderIds.map((id) => new mongoose.Types.ObjectId(id));
    const docs = await ctx.models.Attachment.find({ ...tenantScope(tenant), workOrder: mongoose.trusted({ $in: ids }), retiredAt: null })
      .sort({ _id: 1 })
      .lean<Attachment[]>();
    const byOrder = new Map<string, Attachment[]>(orderIds.map((id) => [id, []]));
    for (const doc of docs) byOrder.get(doc.workOrder.toHexString())?.push(doc);
    return orderIds.map((id) => byOrder.get(id) ?? []);
  });
}

/** A new download link of an attachment in use (null once retired). */
export function downloadLinkOf(ctx: ServiceContext, doc: Attachment): { url: string; expiresAt: Date } | null {
  if (doc.retiredAt) return null;
  return documentLink(requireDocuments(ctx.documents), ctx.tenant, doc._id.toHexString(), ctx.clock.now());
}

/** What the download route needs of an attachment: its storage key while in use (the link has proven the tenant). */
export async function storedAttachment(model: AttachmentModel, tenantId: string, attachmentId: string): Promise<{ storageKey: string; name: string } | null> {
  const doc = await model
    .findOne({ _id: new mongoose.Types.ObjectId(attachmentId), parentCompany: new mongoose.Types.ObjectId(tenantId), retiredAt: null })
    .lean<Attachment>();
  return doc ? { storageKey: `${tenantId}/${doc.upload}`, name: doc.name } : null;
}

/**
 * Removes the tenant's service uploads that no attachment names (retired ones included: their files
 * are kept) once they are a day old (shared/src/documents/sweep.ts); `modelOf` is each tenant's
 * attachments where its placement keeps them.
 */
export function sweepAttachmentUploads(modelOf: (tenantId: string) => AttachmentModel | Promise<AttachmentModel>, documents: Documents, now: Date): Promise<SweepResult> {
  return sweepUnattachedUploads(documents, {
    now,
    owner: 'service',
    attached: async (tenantId, uploadIds) => {
      const named = await (
        await modelOf(tenantId)
      )
        .find({ parentCompany: new mongoose.Types.ObjectId(tenantId), upload: mongoose.trusted({ $in: [...uploadIds] }) })
        .select({ upload: 1 })
        .lean<Pick<Attachment, 'upload'>[]>();
      return new Set(named.map((doc) => doc.upload));
    },
  });
}
