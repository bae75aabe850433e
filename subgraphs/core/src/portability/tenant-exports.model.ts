import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { TENANT_EXPORTS_COLLECTION } from '@attunelogic/shared/portability';

/**
 * An archive an owner asked for (`exportTenantData`): its bytes in the tenant's document storage
 * under `<tenantId>/<_id>`, downloadable through a signed link until `expiresAt`. The archives
 * themselves are never part of a later export (rules.ts), and go with the tenant's erasure.
 */
export interface TenantExportDocument extends TenantOwned {
  _id: mongoose.Types.ObjectId;
  createdBy: string;
  createdAt: Date;
  /** After this the download route answers 404 (the link's own expiry is shorter). */
  expiresAt: Date;
  size: number;
  sha256: string;
  documents: number;
  files: number;
  auditHeadHash: string | null;
}

const tenantExportSchema = new mongoose.Schema<TenantExportDocument>(
  {
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    documents: { type: Number, required: true },
    files: { type: Number, required: true },
    auditHeadHash: { type: String, default: null },
  },
  { collection: TENANT_EXPORTS_COLLECTION, versionKey: false },
);
tenantExportSchema.plugin(tenantPlugin);

export type TenantExportModel = Model<TenantExportDocument>;

export const tenantExportModel = (connection: Connection): TenantExportModel =>
  (connection.models['TenantExport'] as TenantExportModel | undefined) ?? connection.model<TenantExportDocument>('TenantExport', tenantExportSchema);
