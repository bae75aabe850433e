import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

export interface ChecklistItem {
  _id: mongoose.Types.ObjectId;
  label: string;
  /** A required item must be done before the work order completes. */
  required: boolean;
}

/** The checklist of one job type: what a technician ticks off on every job of that type. */
export interface ChecklistTemplateDocument extends TenantOwned {
  jobType: string;
  name: string;
  items: ChecklistItem[];
  retiredAt: Date | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type ChecklistTemplateModel = Model<ChecklistTemplateDocument>;

const itemSchema = new mongoose.Schema<ChecklistItem>({ label: { type: String, required: true }, required: { type: Boolean, required: true } });

const templateSchema = new mongoose.Schema<ChecklistTemplateDocument>(
  {
    jobType: { type: String, required: true, immutable: true },
    name: { type: String, required: true, trim: true },
    items: { type: [itemSchema], default: [] },
    retiredAt: { type: Date, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'checklistTemplates', timestamps: true },
);
templateSchema.plugin(tenantPlugin);
// One template per job type and tenant; a retired one keeps its job type.
templateSchema.index({ parentCompany: 1, jobType: 1 }, { unique: true });

export const CHECKLIST_TEMPLATE_MODEL_NAME = 'ChecklistTemplate';

/** The ChecklistTemplate model on `connection`; safe to call again on the same connection. */
export function checklistTemplateModel(connection: Connection): ChecklistTemplateModel {
  return (
    (connection.models[CHECKLIST_TEMPLATE_MODEL_NAME] as ChecklistTemplateModel | undefined) ??
    connection.model<ChecklistTemplateDocument>(CHECKLIST_TEMPLATE_MODEL_NAME, templateSchema)
  );
}
