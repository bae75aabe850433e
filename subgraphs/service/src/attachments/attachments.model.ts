import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

export const ATTACHMENT_KINDS = ['photo', 'signature', 'document'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * A file attached to a work order: its bytes in the tenant's storage under `<tenantId>/<upload>`
 * (ids only, see `shared/src/documents`), its type and size as read from the content at upload.
 */
export interface AttachmentDocument extends TenantOwned {
  kind: AttachmentKind;
  workOrder: mongoose.Types.ObjectId;
  checklistItem: mongoose.Types.ObjectId | null;
  name: string;
  /** The upload's id. Unique: an upload is attached once. */
  upload: string;
  contentType: string;
  size: number;
  sha256: string;
  retiredAt: Date | null;
  retiredReason: string | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type AttachmentModel = Model<AttachmentDocument>;

const attachmentSchema = new mongoose.Schema<AttachmentDocument>(
  {
    kind: { type: String, enum: ATTACHMENT_KINDS, required: true, immutable: true },
    workOrder: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    checklistItem: { type: mongoose.Schema.Types.ObjectId, default: null, immutable: true },
    name: { type: String, required: true, maxlength: 200 },
    upload: { type: String, required: true, immutable: true },
    contentType: { type: String, required: true, immutable: true },
    size: { type: Number, required: true, immutable: true },
    sha256: { type: String, required: true, immutable: true },
    retiredAt: { type: Date, default: null },
    retiredReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'attachments', timestamps: true },
);
attachmentSchema.plugin(tenantPlugin);
attachmentSchema.index({ parentCompany: 1, upload: 1 }, { unique: true });
// A work order's attachments (WorkOrder.attachments, batched by work order).
attachmentSchema.index({ parentCompany: 1, workOrder: 1 });

export const ATTACHMENT_MODEL_NAME = 'WorkOrderAttachment';

/** The attachment model on `connection`; safe to call again on the same connection. */
export function attachmentModel(connection: Connection): AttachmentModel {
  return (connection.models[ATTACHMENT_MODEL_NAME] as AttachmentModel | undefined) ?? connection.model<AttachmentDocument>(ATTACHMENT_MODEL_NAME, attachmentSchema);
}
