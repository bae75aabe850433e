import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { WORK_ORDER_PRIORITIES, type RequiredSkill, type WorkOrderPriority } from '../work-orders/work-orders.model';

/** The job every occurrence of an agreement becomes: a work order with these fields. */
export interface AgreementTemplate {
  title: string;
  description: string | null;
  priority: WorkOrderPriority;
  /** The kind of job (e.g. "hvac-maintenance"): what the work order's checklist is chosen by. */
  jobType: string | null;
  estimatedMinutes: number;
  /** How long after the occurrence the customer's window stays open: the work order's requested window. */
  windowHours: number;
  requiredSkills: RequiredSkill[];
  /** What the visit is sold as (e.g. "Quarterly filter change", 1 × $89.00): shown with the agreement. */
  lines: AgreementLine[];
}

export interface AgreementLine {
  _id: mongoose.Types.ObjectId;
  description: string;
  quantity: number;
  unitPriceCents: number;
}

/**
 * A service agreement (maintenance contract): a customer's location visited on a schedule rule
 * (RFC 5545 RRULE, evaluated in UTC from `startsAt`), each visit a work order generated ahead of time.
 */
export interface ServiceAgreementDocument extends TenantOwned {
  name: string;
  customerId: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId;
  template: AgreementTemplate;
  /** The RRULE body without DTSTART, e.g. `FREQ=MONTHLY;INTERVAL=3`. */
  rrule: string;
  /** The first possible occurrence (the rule's DTSTART). */
  startsAt: Date;
  /** No occurrence after it; null: open-ended. */
  endsAt: Date | null;
  /** Set when retired: no more work orders are generated; those generated stay. */
  retiredAt: Date | null;
  /** The end of the horizon the last generation covered. */
  generatedThrough: Date | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type ServiceAgreementModel = Model<ServiceAgreementDocument>;

/**
 * The claim on one occurrence of an agreement: its `_id` is the deterministic key
 * `<agreementId>@<occurrence ISO 8601>`, so the primary key's uniqueness lets exactly one generation
 * create the occurrence's work order, however many run at once or again.
 */
export interface AgreementOccurrenceDocument extends TenantOwned {
  _id: string;
  agreementId: mongoose.Types.ObjectId;
  occursAt: Date;
  /** Set once the work order exists; null while (or if) the claiming generation is creating it. */
  workOrderId: mongoose.Types.ObjectId | null;
  claimedAt: Date;
}

export type AgreementOccurrenceModel = Model<AgreementOccurrenceDocument>;

const lineSchema = new mongoose.Schema<AgreementLine>({
  description: { type: String, required: true },
  quantity: { type: Number, required: true, min: 0 },
  unitPriceCents: { type: Number, required: true, min: 0 },
});

const templateSchema = new mongoose.Schema<AgreementTemplate>(
  {
    title: { type: String, required: true, trim: true },
    description: { type: String, default: null },
    priority: { type: String, enum: WORK_ORDER_PRIORITIES, required: true, default: 'normal' },
    jobType: { type: String, default: null },
    estimatedMinutes: { type: Number, required: true, min: 1 },
    windowHours: { type: Number, required: true, min: 1 },
    requiredSkills: {
      type: [new mongoose.Schema({ name: { type: String, required: true }, minLevel: { type: Number, required: true, min: 1, max: 5 } }, { _id: false })],
      default: [],
    },
    lines: { type: [lineSchema], default: [] },
  },
  { _id: false },
);

const agreementSchema = new mongoose.Schema<ServiceAgreementDocument>(
  {
    name: { type: String, required: true, trim: true },
    customerId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    locationId: { type: mongoose.Schema.Types.ObjectId, required: true },
    template: { type: templateSchema, required: true },
    rrule: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, default: null },
    retiredAt: { type: Date, default: null },
    generatedThrough: { type: Date, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'serviceAgreements', timestamps: true },
);
agreementSchema.plugin(tenantPlugin);
agreementSchema.index({ parentCompany: 1, _id: -1 });
agreementSchema.index({ parentCompany: 1, customerId: 1, _id: -1 });
// The generator's scan: the agreements still generating.
agreementSchema.index({ parentCompany: 1, retiredAt: 1 });

const occurrenceSchema = new mongoose.Schema<AgreementOccurrenceDocument>(
  {
    _id: { type: String, required: true },
    agreementId: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
    occursAt: { type: Date, required: true, immutable: true },
    workOrderId: { type: mongoose.Schema.Types.ObjectId, default: null },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'agreementOccurrences', timestamps: false },
);
occurrenceSchema.plugin(tenantPlugin);
occurrenceSchema.index({ parentCompany: 1, agreementId: 1, occursAt: 1 });

export const SERVICE_AGREEMENT_MODEL_NAME = 'ServiceAgreement';
export const AGREEMENT_OCCURRENCE_MODEL_NAME = 'AgreementOccurrence';

/** The ServiceAgreement model on `connection`; safe to call again on the same connection. */
export function serviceAgreementModel(connection: Connection): ServiceAgreementModel {
  return (
    (connection.models[SERVICE_AGREEMENT_MODEL_NAME] as ServiceAgreementModel | undefined) ??
    connection.model<ServiceAgreementDocument>(SERVICE_AGREEMENT_MODEL_NAME, agreementSchema)
  );
}

/** The AgreementOccurrence model (the claims) on `connection`; safe to call again on the same connection. */
export function agreementOccurrenceModel(connection: Connection): AgreementOccurrenceModel {
  return (
    (connection.models[AGREEMENT_OCCURRENCE_MODEL_NAME] as AgreementOccurrenceModel | undefined) ??
    connection.model<AgreementOccurrenceDocument>(AGREEMENT_OCCURRENCE_MODEL_NAME, occurrenceSchema)
  );
}
