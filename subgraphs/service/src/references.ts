import { type Model } from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { notFound } from '@attunelogic/shared/errors';
import { type ServiceContext } from './models';

/**
 * The document a non-null field refers to, through the request's by-id loader: NOT_FOUND when it is
 * missing, rather than a null that GraphQL would turn into an error for the whole parent.
 */
export async function required<T>(ctx: ServiceContext, model: Model<T>, id: { toHexString(): string }, type: string): Promise<Lean<T>> {
  const doc = await ctx.loaders.byId(model).load(id.toHexString());
  if (!doc) throw notFound(type);
  return doc;
}
