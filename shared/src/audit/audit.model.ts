import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '../mongo/tenant-plugin';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditChange {
  from: unknown;
  to: unknown;
}

/** One audit event. Events of a tenant form a hash chain ordered by `seq` (1, 2, 3, ...). */
export interface AuditEventDocument extends TenantOwned {
  seq: number;
  at: Date;
  actor: string;
  subgraph: string;
  operation: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  errorCode: string | null;
  diff: Record<string, AuditChange> | null;
  /** The request's id, given by the gateway. */
  requestId: string;
  /** The X-Request-Id the client sent, as it sent it (absent when it sent none). */
  clientRequestId?: string;
  prevHash: string;
  hash: string;
}

const auditEventSchema = new mongoose.Schema<AuditEventDocument>(
  {
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    subgraph: { type: String, required: true },
    operation: { type: String, required: true },
    targetType: { type: String, default: null },
    targetId: { type: String, default: null },
    outcome: { type: String, enum: AUDIT_OUTCOMES, required: true },
    errorCode: { type: String, default: null },
    diff: { type: mongoose.Schema.Types.Mixed, default: null },
    requestId: { type: String, required: true },
    clientRequestId: { type: String },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'auditEvents', versionKey: false, minimize: false },
);
auditEventSchema.plugin(tenantPlugin);
// The chain's order and its guard against two events taking the same place.
auditEventSchema.index({ parentCompany: 1, seq: 1 }, { unique: true });
auditEventSchema.index({ parentCompany: 1, at: -1 });

export type AuditEventModel = Model<AuditEventDocument>;

/** The last event of a tenant's chain, kept apart so that deleting the newest events shows too. */
export interface AuditHeadDocument extends TenantOwned {
  /** The tenant's id: one head per tenant, made unique by `_id` itself. */
  _id: mongoose.Types.ObjectId;
  seq: number;
  hash: string;
}

const auditHeadSchema = new mongoose.Schema<AuditHeadDocument>(
  { _id: { type: mongoose.Schema.Types.ObjectId, required: true }, seq: { type: Number, required: true }, hash: { type: String, required: true } },
  { collection: 'auditHeads', versionKey: false },
);
auditHeadSchema.plugin(tenantPlugin);

export type AuditHeadModel = Model<AuditHeadDocument>;

export interface AuditModels {
  readonly AuditEvent: AuditEventModel;
  readonly AuditHead: AuditHeadModel;
}

/** The audit models on a connection to the audit database (shared by every subgraph). */
export const createAuditModels = (connection: Connection): AuditModels => ({
  AuditEvent: (connection.models['AuditEvent'] as AuditEventModel | undefined) ?? connection.model<AuditEventDocument>('AuditEvent', auditEventSchema),
  AuditHead: (connection.models['AuditHead'] as AuditHeadModel | undefined) ?? connection.model<AuditHeadDocument>('AuditHead', auditHeadSchema),
});
