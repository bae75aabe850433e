import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared';

export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];

export const WORK_ORDER_STATUSES = [
  'new',
  'scheduled',
  'dispatched',
  'en_route',
  'in_progress',
  'completed',
  'invoiced',
  'on_hold',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** One step of the lifecycle: when, and by which core user. */
export interface WorkOrderStatusChange {
  status: WorkOrderStatus;
  at: Date;
  by: mongoose.Types.ObjectId;
}

/** A work order as stored. */
export interface WorkOrderDocument extends TenantOwned {
  number: number;
  title: string;
  description: string | null;
  priority: WorkOrderPriority;
  status: WorkOrderStatus;
  /** While on hold: the status the order was held from, which it may resume to. Null otherwise. */
  heldFrom: WorkOrderStatus | null;
  statusHistory: WorkOrderStatusChange[];
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

const workOrderSchema = new mongoose.Schema<WorkOrderDocument>(
  {
    number: { type: Number, required: true, immutable: true, min: 1 },
    title: { type: String, required: true, trim: true },
    description: { type: String, default: null },
    priority: { type: String, enum: WORK_ORDER_PRIORITIES, default: 'normal', required: true },
    status: { type: String, enum: WORK_ORDER_STATUSES, default: 'new', required: true },
    heldFrom: { type: String, enum: [...WORK_ORDER_STATUSES, null], default: null },
    statusHistory: { type: [statusChangeSchema], default: [] },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'workOrders', timestamps: true },
);
workOrderSchema.plugin(tenantPlugin);
// The arbiter of numbering: whatever the counter says, a tenant never has one number twice.
workOrderSchema.index({ parentCompany: 1, number: 1 }, { unique: true });
// The list's status filter, newest first.
workOrderSchema.index({ parentCompany: 1, status: 1, _id: -1 });

export const WORK_ORDER_MODEL_NAME = 'WorkOrder';

/** The WorkOrder model on `connection`; safe to call again on the same connection. */
export function workOrderModel(connection: Connection): WorkOrderModel {
  return (
    (connection.models[WORK_ORDER_MODEL_NAME] as WorkOrderModel | undefined) ??
    connection.model<WorkOrderDocument>(WORK_ORDER_MODEL_NAME, workOrderSchema)
  );
}
