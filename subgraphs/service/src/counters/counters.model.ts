import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

/** The last number handed out of one of a tenant's sequences (work order numbers, ...). */
export interface CounterDocument extends TenantOwned {
  name: string;
  seq: number;
}

export type CounterModel = Model<CounterDocument>;

const counterSchema = new mongoose.Schema<CounterDocument>(
  {
    name: { type: String, required: true },
    seq: { type: Number, required: true, default: 0 },
  },
  { collection: 'counters' },
);
counterSchema.plugin(tenantPlugin);
// One counter per tenant and sequence, so concurrent first increments cannot create two.
counterSchema.index({ parentCompany: 1, name: 1 }, { unique: true });

export const COUNTER_MODEL_NAME = 'Counter';

/** The Counter model on `connection`; safe to call again on the same connection. */
export function counterModel(connection: Connection): CounterModel {
  return (connection.models[COUNTER_MODEL_NAME] as CounterModel | undefined) ?? connection.model<CounterDocument>(COUNTER_MODEL_NAME, counterSchema);
}
