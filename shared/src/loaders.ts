import DataLoader from 'dataloader';
import mongoose, { type Model } from 'mongoose';
import { type TenantContext } from './tenant';

/** A lean document with its id; what loaders return. */
export type Lean<T> = T & { _id: mongoose.Types.ObjectId };

/** Observes every batch a loader sends to the database (tests count them; metrics may too). */
export type BatchObserver = (batch: { model: string; keys: number; tenantId: string }) => void;

/**
 * Per-request DataLoaders bound to one tenant: every batch is one query with that tenant's
 * `parentCompany`, results come back in key order, `null` for a key that is missing or another
 * tenant's. Build one per request; never share across requests or tenants.
 */
export class TenantLoaders {
  readonly #byId = new Map<string, DataLoader<string, unknown>>();
  readonly #custom = new Map<string, DataLoader<unknown, unknown>>();

  constructor(
    readonly tenant: TenantContext,
    private readonly observe?: BatchObserver,
    /** Off only to measure what batching saves (`LOADER_BATCHING=off`, benchmarks); never in service. */
    private readonly batch = process.env['LOADER_BATCHING'] !== 'off',
  ) {}

  /** The by-id loader of a tenant-owned model. */
  byId<T>(model: Model<T>): DataLoader<string, Lean<T> | null> {
    let loader = this.#byId.get(model.modelName);
    if (!loader) {
      const parentCompany = new mongoose.Types.ObjectId(this.tenant.tenantId);
      loader = new DataLoader<string, unknown>(
        async (ids) => {
          this.observe?.({ model: model.modelName, keys: ids.length, tenantId: this.tenant.tenantId });
          const valid = ids.filter((id) => mongoose.isObjectIdOrHexString(id));
          const docs = valid.length ? await model.find({ parentCompany, _id: mongoose.trusted({ $in: valid.map((id) => new mongoose.Types.ObjectId(id)) }) }).lean() : [];
          const byKey = new Map(docs.map((doc) => [String((doc as { _id: unknown })._id), doc]));
          return ids.map((id) => byKey.get(id) ?? null);
        },
        { batch: this.batch },
      );
      this.#byId.set(model.modelName, loader);
    }
    return loader as DataLoader<string, Lean<T> | null>;
  }

  /**
   * A loader of any other shape, created once per request under `name`. The batch function gets
   * this tenant; it must filter by it and return one result per key, in order.
   */
  custom<K, V>(name: string, batch: (tenant: TenantContext, keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.#custom.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(
        async (keys) => {
          this.observe?.({ model: name, keys: keys.length, tenantId: this.tenant.tenantId });
          return batch(this.tenant, keys);
        },
        { batch: this.batch },
      ) as DataLoader<unknown, unknown>;
      this.#custom.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}
