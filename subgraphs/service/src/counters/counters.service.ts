import { type TenantContext } from '@attunelogic/shared';
import { isDuplicateKey } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type CounterModel } from './counters.model';

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
