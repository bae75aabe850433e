import { type Model } from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { notFound } from '@attunelogic/shared/errors';
import { type TruckingContext } from '../models';

/**
 * The document a field refers to, through the request's by-id loader (so a list of N objects costs
 * one query per referenced model, whatever N); null for no reference.
 */
export function referenced<T>(ctx: TruckingContext, model: Model<T>, id: { toHexString(): string } | null | undefined): Promise<Lean<T> | null> {
  return id ? ctx.loaders.byId(model).load(id.toHexString()) : Promise.resolve(null);
}

/**
 * The document a non-null field refers to (the SDL promises one): NOT_FOUND when it is missing,
 * rather than a null that GraphQL would turn into an error for the whole parent.
 */
export async function required<T>(ctx: TruckingContext, model: Model<T>, id: { toHexString(): string } | null | undefined, type: string): Promise<Lean<T>> {
  const doc = await referenced(ctx, model, id);
  if (!doc) throw notFound(type);
  return doc;
}
