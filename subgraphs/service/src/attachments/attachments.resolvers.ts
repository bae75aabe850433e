import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { required } from '../references';
import { attachmentById, attachmentsOfWorkOrder, attachToWorkOrder, downloadLinkOf, listAttachments, retireAttachment } from './attachments.service';

export const attachmentResolvers = {
  Query: {
    workOrderAttachments: (_parent, args, ctx) => listAttachments(ctx, args),
    workOrderAttachment: (_parent, args, ctx) => attachmentById(ctx, args.id),
  },
  Mutation: {
    attachToWorkOrder: (_parent, args, ctx) => attachToWorkOrder(ctx, args.input),
    retireWorkOrderAttachment: (_parent, args, ctx) => retireAttachment(ctx, args.id, args.reason),
  },
  WorkOrderAttachment: {
    id: (doc) => doc._id.toHexString(),
    workOrder: (doc, _args, ctx) => required(ctx, ctx.models.WorkOrder, doc.workOrder, 'WorkOrder'),
    checklistItemId: (doc) => doc.checklistItem?.toHexString() ?? null,
    downloadLink: (doc, _args, ctx) => {
      const link = downloadLinkOf(ctx, doc);
      return link ? { url: link.url, expiresAt: iso(link.expiresAt) } : null;
    },
    retiredAt: (doc) => isoOrNull(doc.retiredAt),
    createdBy: (doc) => userReference(doc.createdBy),
    createdAt: (doc) => iso(doc.createdAt),
  },
  WorkOrder: {
    attachments: (order, args, ctx) => attachmentsOfWorkOrder(ctx, order._id, args.kind),
  },
} satisfies Resolvers;
