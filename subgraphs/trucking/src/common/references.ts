import { type Model } from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { type TruckingContext } from '../models';

/**
 * The document a field refers to, through the request's by-id loader (so a list of N objects costs
 * one query per referenced model, whatever N); null for no reference.
 */
export function referenced<T>(ctx: TruckingContext, model: Model<T>, id: { toHexString(): string } | null | undefined): Promise<Lean<T> | null> {
  return id ? ctx.loaders.byId(model).load(id.toHexString()) : Promise.resolve(null);
}
