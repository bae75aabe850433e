// A tenant's number sequences (invoice, quote and work order numbers, ...): one counter document per
// tenant and sequence, moved forward by single-document atomic updates.
import mongoose, { type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '../errors/mapper';
import { type TenantContext } from '../tenant';
import { tenantScope } from './scope';
import { tenantPlugin, type TenantOwned } from './tenant-plugin';

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

type Tenant = Pick<TenantContext, 'tenantId'>;

/** The next value (1, 2, 3, ...) of the tenant's sequence `name`, created on first use. */
export async function nextSequenceValue(Counter: CounterModel, tenant: Tenant, name: string): Promise<number> {
  const filter = { ...tenantScope(tenant), name };
  for (let attempt = 1; ; attempt++) {
    try {
      const counter = await Counter.findOneAndUpdate(filter, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
      if (!counter) throw new Error(`counter ${name}: upsert returned nothing`);
      return counter.seq;
    } catch (error) {
      // Two first-ever increments may both try to insert the counter; the unique index lets one
      // win and the other finds the counter on its retry.
      if (isDuplicateKey(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** Moves the tenant's sequence `name` forward to at least `value`; never back. */
export async function advanceSequence(Counter: CounterModel, tenant: Tenant, name: string, value: number): Promise<void> {
  try {
    await Counter.updateOne({ ...tenantScope(tenant), name }, { $max: { seq: value } }, { upsert: true });
  } catch (error) {
    // A concurrent first use created the counter between our match and insert; advance that one.
    if (!isDuplicateKey(error)) throw error;
    await Counter.updateOne({ ...tenantScope(tenant), name }, { $max: { seq: value } });
  }
}
