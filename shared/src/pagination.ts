import mongoose, { type Model } from 'mongoose';
import { z } from 'zod';
import { badInput } from './errors/domain-error';
import { type TenantContext } from './tenant';
import { type Lean } from './loaders';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /**
   * How many documents match, over all pages. A function is called by graphql-js's default resolver
   * only when the field is selected, so a count that costs a database command can be left to then.
   */
  totalCount: number | (() => Promise<number>);
}

/** What `paginate()` returns: the count is a command of its own, run only when `totalCount` is selected. */
export interface LazyConnection<T> extends Connection<T> {
  totalCount: () => Promise<number>;
}

const firstSchema = z.number().int().min(1).max(MAX_PAGE_SIZE);

const encodeCursor = (id: mongoose.Types.ObjectId): string => Buffer.from(`c:${id.toHexString()}`).toString('base64url');

function decodeCursor(cursor: string): mongoose.Types.ObjectId {
  const raw = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString() : '';
  const hex = raw.startsWith('c:') ? raw.slice(2) : '';
  if (!/^[0-9a-f]{24}$/.test(hex)) throw badInput('"after" is not a valid cursor.', { field: 'after' });
  return new mongoose.Types.ObjectId(hex);
}

export interface PaginateOptions {
  /**
   * Stored fields the page's nodes are not asked for, left out of the read (see `listProjection`).
   * The nodes are then partial documents: only for resolvers that do not read those fields.
   */
  readonly projection?: Record<string, 0> | undefined;
}

/**
 * One page of a tenant's documents, newest first, as a cursor connection. `filter` is built by the
 * caller from typed input; the tenant scope is added here and cannot be overridden by it. The page is
 * read with one `find` (one document more than asked, for `hasNextPage`); the count runs only if
 * `totalCount` is called, once however often.
 */
export async function paginate<T>(
  model: Model<T>,
  tenant: TenantContext,
  filter: Record<string, unknown>,
  args: ConnectionArgs,
  options: PaginateOptions = {},
): Promise<LazyConnection<Lean<T>>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!firstSchema.safeParse(first).success) {
    throw badInput(`"first" must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  const scoped: Record<string, unknown> = { ...filter, parentCompany: new mongoose.Types.ObjectId(tenant.tenantId) };
  // The cursor is one more condition: it never replaces an `_id` condition of the caller's filter.
  const page = args.after
    ? { ...scoped, $and: [...((scoped['$and'] as unknown[] | undefined) ?? []), { _id: mongoose.trusted({ $lt: decodeCursor(args.after) }) }] }
    : scoped;
  const docs = await model
    .find(page, options.projection)
    .sort({ _id: -1 })
    .limit(first + 1)
    .lean<Lean<T>[]>();
  let count: Promise<number> | undefined;
  const nodes = docs.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node._id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: docs.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => (count ??= model.countDocuments(scoped).exec()),
  };
}
