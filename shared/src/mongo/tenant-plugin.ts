import mongoose, { type Schema } from 'mongoose';

/** Thrown when code tries to read or write tenant-owned data without naming the tenant. */
export class UnscopedQueryError extends Error {
  override readonly name = 'UnscopedQueryError';
  constructor(model: string, operation: string) {
    super(`${model}.${operation} without a parentCompany filter: every query of tenant-owned data must name its tenant`);
  }
}

const QUERY_OPERATIONS = [
  'find',
  'findOne',
  'countDocuments',
  'distinct',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
] as const;

/** A tenant filter is a concrete id (or `{ $eq: id }`), never an operator that widens it. */
function isTenantFilter(value: unknown): boolean {
  if (value instanceof mongoose.Types.ObjectId) return true;
  if (typeof value === 'string') return mongoose.isValidObjectId(value);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 1 && keys[0] === '$eq' && isTenantFilter((value as { $eq: unknown }).$eq);
  }
  return false;
}

/**
 * Mongoose plugin for tenant-owned collections: adds `parentCompany` (required, indexed,
 * immutable) and makes every find, count, update, delete and aggregate without a `parentCompany`
 * filter throw. Fail-closed: there is no way to ask for "all tenants" through the model.
 */
export function tenantPlugin(schema: Schema): void {
  schema.add({
    parentCompany: { type: mongoose.Schema.Types.ObjectId, required: true, index: true, immutable: true },
  });

  for (const operation of QUERY_OPERATIONS) {
    schema.pre(operation, function (this: mongoose.Query<unknown, unknown>) {
      if (!isTenantFilter(this.getFilter()['parentCompany'])) {
        throw new UnscopedQueryError(this.model.modelName, operation);
      }
      const update = this.getUpdate() as Record<string, unknown> | null;
      if (update && touchesParentCompany(update)) {
        throw new UnscopedQueryError(this.model.modelName, `${operation} (changing parentCompany)`);
      }
    });
  }

  schema.pre('aggregate', function (this: mongoose.Aggregate<unknown>) {
    const first = this.pipeline()[0] as { $match?: Record<string, unknown> } | undefined;
    if (!first?.$match || !isTenantFilter(first.$match['parentCompany'])) {
      throw new UnscopedQueryError(this.model().modelName, 'aggregate');
    }
  });

  // estimatedDocumentCount cannot take a filter: it would always count every tenant.
  schema.pre('estimatedDocumentCount', function (this: mongoose.Query<unknown, unknown>) {
    throw new UnscopedQueryError(this.model.modelName, 'estimatedDocumentCount');
  });

  // Mongoose 9 passes the operations as the hook's first argument (no `next`).
  schema.pre('bulkWrite', function (this: mongoose.Model<unknown>, ops: unknown) {
    for (const op of ops as Record<string, { filter?: Record<string, unknown>; document?: Record<string, unknown> }>[]) {
      const [kind, body] = Object.entries(op)[0] ?? [];
      if (!kind || !body) continue;
      const scoped = kind === 'insertOne' ? isTenantFilter(body.document?.['parentCompany']) : isTenantFilter(body.filter?.['parentCompany']);
      if (!scoped) throw new UnscopedQueryError(this.modelName, `bulkWrite.${kind}`);
    }
  } as never);
}

function touchesParentCompany(update: Record<string, unknown>): boolean {
  if (Array.isArray(update)) return true; // pipeline updates can rewrite anything; we do not use them
  for (const [key, value] of Object.entries(update)) {
    if (key === 'parentCompany') return true;
    if (key.startsWith('$') && value && typeof value === 'object' && Object.hasOwn(value, 'parentCompany')) return true;
  }
  return false;
}

/** The field the plugin adds; document interfaces of tenant-owned models extend this. */
export interface TenantOwned {
  parentCompany: mongoose.Types.ObjectId;
}
