import mongoose, { type Connection, type Model } from 'mongoose';
import { eventsPlugin } from '@attunelogic/shared/events';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

export const DOCUMENT_KINDS = ['bol', 'pod', 'rate_confirmation', 'photo', 'signature'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A file attached to a load: its bytes in the tenant's storage under `storageKey` (ids only, see
 * `shared/src/documents`), its type and size as read from the content at upload.
 */
export interface TruckingDocumentDocument extends TenantOwned {
  kind: DocumentKind;
  load: mongoose.Types.ObjectId;
  stop: mongoose.Types.ObjectId | null;
  name: string;
  /** The upload's id: the object is `<tenantId>/<uploadId>` in storage. Unique: an upload is attached once. */
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

export type TruckingDocumentModel = Model<TruckingDocumentDocument>;

const documentSchema = new mongoose.Schema<TruckingDocumentDocument>(
  {
    kind: { type: String, enum: DOCUMENT_KINDS, required: true, immutable: true },
    load: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    stop: { type: mongoose.Schema.Types.ObjectId, default: null, immutable: true },
    name: { type: String, required: true, maxlength: 200 },
    upload: { type: String, required: true, immutable: true },
    contentType: { type: String, required: true, immutable: true },
    size: { type: Number, required: true, immutable: true },
    sha256: { type: String, required: true, immutable: true },
    retiredAt: { type: Date, default: null },
    retiredReason: { type: String, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'documents', timestamps: true },
);
documentSchema.plugin(tenantPlugin);
// A proof of delivery's load.pod_attached is written with the document.
documentSchema.plugin(eventsPlugin);
documentSchema.index({ parentCompany: 1, upload: 1 }, { unique: true });
// A load's documents (Load.documents, batched by load).
documentSchema.index({ parentCompany: 1, load: 1 });

export const DOCUMENT_MODEL_NAME = 'TruckingDocument';

/** The document model on `connection`; safe to call again on the same connection. */
export function documentModel(connection: Connection): TruckingDocumentModel {
  return (connection.models[DOCUMENT_MODEL_NAME] as TruckingDocumentModel | undefined) ?? connection.model<TruckingDocumentDocument>(DOCUMENT_MODEL_NAME, documentSchema);
}
