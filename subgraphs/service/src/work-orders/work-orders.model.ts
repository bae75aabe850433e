import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { eventsPlugin } from '@attunelogic/shared/events';

export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];

export const WORK_ORDER_STATUSES = ['new', 'scheduled', 'dispatched', 'en_route', 'in_progress', 'completed', 'invoiced', 'on_hold', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Statuses in which the order's technician stays assigned and holds the booked slot. */
export const ASSIGNED_STATUSES: readonly WorkOrderStatus[] = ['dispatched', 'en_route', 'in_progress', 'on_hold'];

/** One step of the lifecycle: when, and by which core user. */
export interface WorkOrderStatusChange {
  status: WorkOrderStatus;
  at: Date;
  by: mongoose.Types.ObjectId;
}

/** A skill the job needs, at least at `minLevel` (1–5). */
export interface RequiredSkill {
  name: string;
  minLevel: number;
}

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** A part used on the job, taken from stock by `consumePart`; the unit cost is the item's at that time. */
export interface WorkOrderPart {
  _id: mongoose.Types.ObjectId;
  itemId: mongoose.Types.ObjectId;
  locationId: mongoose.Types.ObjectId;
  qty: number;
  unitCostCents: number;
  consumedAt: Date;
  consumedBy: mongoose.Types.ObjectId;
}

/** One item of a work order's checklist as filled on the job. */
export interface ChecklistAnswer {
  itemId: mongoose.Types.ObjectId;
  label: string;
  required: boolean;
  done: boolean;
  note: string | null;
  at: Date | null;
  by: mongoose.Types.ObjectId | null;
}

/** Why and when a work order was cancelled (cancelWorkOrder). */
export interface WorkOrderCancellation {
  reason: string;
  at: Date;
  by: mongoose.Types.ObjectId;
}

/** A work order as stored. */
export interface WorkOrderDocument extends TenantOwned {
  number: number;
  title: string;
  description: string | null;
  /** The office's notes on the job (access, gate codes, what the customer said); absent in older data. */
  notes?: string | null;
  priority: WorkOrderPriority;
  status: WorkOrderStatus;
  /** Required for every work order created through the API; null only in data older than customers. */
  customerId: mongoose.Types.ObjectId | null;
  /** One of the customer's locations. */
  locationId: mongoose.Types.ObjectId | null;
  requiredSkills: RequiredSkill[];
  /** When the customer wants the work done; dispatch books a slot of `estimatedMinutes` inside it. */
  requestedWindow: TimeWindow | null;
  estimatedMinutes: number;
  /** Set by dispatch, with the booked slot; cleared when the order goes back to scheduled. */
  technicianId: mongoose.Types.ObjectId | null;
  schedule: TimeWindow | null;
  parts: WorkOrderPart[];
  /** While on hold: the status the order was held from, which it may resume to. Null otherwise. */
  heldFrom: WorkOrderStatus | null;
  statusHistory: WorkOrderStatusChange[];
  /** Set by cancelWorkOrder; absent or null otherwise (also for orders cancelled through updateWorkOrderStatus). */
  cancellation?: WorkOrderCancellation | null;
  /** The accepted quote the order was converted from; absent or null otherwise. */
  quoteId?: mongoose.Types.ObjectId | null;
  /** The order's live invoice (createInvoice sets it, voidInvoice clears it); absent or null otherwise. */
  invoiceId?: mongoose.Types.ObjectId | null;
  /** The service agreement that generated the order, and the occurrence it is; absent or null otherwise. */
  agreementId?: mongoose.Types.ObjectId | null;
  occursAt?: Date | null;
  /** The kind of job; its checklist template applies. Absent or null: none. */
  jobType?: string | null;
  /** The checklist as filled on the job (a snapshot of the template at the first answer); absent or empty before. */
  checklist?: ChecklistAnswer[];
  /** When the work is due (the tenant's workOrders.responseHours of its priority); absent or null without the key. */
  dueBy?: Date | null;
  /** Set when completed: the end of the work's warranty (completion + the tenant's maintenance.warrantyDays). */
  warrantyUntil?: Date | null;
  /** Set when completed: when a follow-up visit is due (completion + the tenant's maintenance.followUpDays). */
  followUpDueAt?: Date | null;
  /** The follow-up work order scheduled for this one (scheduleFollowUp); absent or null otherwise. */
  followUpId?: mongoose.Types.ObjectId | null;
  /** The completed work order this one follows up; absent or null otherwise. */
  followUpOf?: mongoose.Types.ObjectId | null;
  /** The core user who opened it (ids live in the core database; no join across databases). */
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type WorkOrderModel = Model<WorkOrderDocument>;

const statusChangeSchema = new mongoose.Schema<WorkOrderStatusChange>(
  {
    status: { type: String, enum: WORK_ORDER_STATUSES, required: true },
    at: { type: Date, required: true },
    by: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { _id: false },
);

const requiredSkillSchema = new mongoose.Schema<RequiredSkill>(
  { name: { type: String, required: true }, minLevel: { type: Number, required: true, min: 1, max: 5 } },
  { _id: false },
);

const cancellationSchema = new mongoose.Schema<WorkOrderCancellation>(
  {
    reason: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: mongoose.Schema.Types.ObjectId, required: true },
  },
  { _id: false },
);

const windowSchema = new mongoose.Schema<TimeWindow>({ start: { type: Date, required: true }, end: { type: Date, required: true } }, { _id: false });

const partSchema = new mongoose.Schema<WorkOrderPart>({
  itemId: { type: mongoose.Schema.Types.ObjectId, required: true },
  locationId: { type: mongoose.Schema.Types.ObjectId, required: true },
  qty: { type: Number, required: true, min: 1 },
  unitCostCents: { type: Number, required: true, min: 0 },
  consumedAt: { type: Date, required: true },
  consumedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
});

const workOrderSchema = new mongoose.Schema<WorkOrderDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    title: { type: String, required: true, trim: true },
    description: { type: String, default: null },
    notes: { type: String, default: null },
    priority: { type: String, enum: WORK_ORDER_PRIORITIES, default: 'normal', required: true },
    status: { type: String, enum: WORK_ORDER_STATUSES, default: 'new', required: true },
    heldFrom: { type: String, enum: [...WORK_ORDER_STATUSES, null], default: null },
    customerId: { type: mongoose.Schema.Types.ObjectId, default: null },
    locationId: { type: mongoose.Schema.Types.ObjectId, default: null },
    requiredSkills: { type: [requiredSkillSchema], default: [] },
    requestedWindow: { type: windowSchema, default: null },
    estimatedMinutes: { type: Number, required: true, min: 1, default: 60 },
    technicianId: { type: mongoose.Schema.Types.ObjectId, default: null },
    schedule: { type: windowSchema, default: null },
    parts: { type: [partSchema], default: [] },
    statusHistory: { type: [statusChangeSchema], default: [] },
    cancellation: { type: cancellationSchema, default: null },
    quoteId: { type: mongoose.Schema.Types.ObjectId, default: null },
    invoiceId: { type: mongoose.Schema.Types.ObjectId, default: null },
    agreementId: { type: mongoose.Schema.Types.ObjectId, default: null },
    occursAt: { type: Date, default: null },
    jobType: { type: String, default: null },
    checklist: {
      type: [
        new mongoose.Schema<ChecklistAnswer>(
          {
            itemId: { type: mongoose.Schema.Types.ObjectId, required: true },
            label: { type: String, required: true },
            required: { type: Boolean, required: true },
            done: { type: Boolean, required: true },
            note: { type: String, default: null },
            at: { type: Date, default: null },
            by: { type: mongoose.Schema.Types.ObjectId, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    dueBy: { type: Date, default: null },
    warrantyUntil: { type: Date, default: null },
    followUpDueAt: { type: Date, default: null },
    followUpId: { type: mongoose.Schema.Types.ObjectId, default: null },
    followUpOf: { type: mongoose.Schema.Types.ObjectId, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'workOrders', timestamps: true },
);
workOrderSchema.plugin(tenantPlugin);
// Its writes carry domain events (the outbox's pending marker).
workOrderSchema.plugin(eventsPlugin);
// The arbiter of numbering: whatever the counter says, a tenant never has one number twice.
workOrderSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
// The list's status filter, newest first.
workOrderSchema.index({ parentCompany: 1, status: 1, _id: -1 });
workOrderSchema.index({ parentCompany: 1, customerId: 1, _id: -1 });
workOrderSchema.index({ parentCompany: 1, technicianId: 1, _id: -1 });
// The overdue filter.
workOrderSchema.index({ parentCompany: 1, dueBy: 1 });
// An agreement's generated work orders, by occurrence.
workOrderSchema.index({ parentCompany: 1, agreementId: 1, occursAt: 1 });

export const WORK_ORDER_MODEL_NAME = 'WorkOrder';

/** The WorkOrder model on `connection`; safe to call again on the same connection. */
export function workOrderModel(connection: Connection): WorkOrderModel {
  return (connection.models[WORK_ORDER_MODEL_NAME] as WorkOrderModel | undefined) ?? connection.model<WorkOrderDocument>(WORK_ORDER_MODEL_NAME, workOrderSchema);
}
