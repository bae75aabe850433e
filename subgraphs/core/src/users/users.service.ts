import { notFound, type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type UserDocument } from './users.model';

/** The signed-in user. The gateway has verified membership; a miss here means the user was just removed. */
export async function currentUser(ctx: CoreContext): Promise<Lean<UserDocument>> {
  const user = await ctx.loaders.byId(ctx.models.User).load(ctx.tenant.userId);
  if (!user) throw notFound('User');
  return user;
}

/**
 * A user referenced by another subgraph. Through the loader, so twenty references cost one query;
 * another tenant's id (or no valid id at all) is `null`, as for a missing user.
 */
export const userReference = (ctx: CoreContext, id: unknown): Promise<Lean<UserDocument> | null> =>
  typeof id === 'string' ? ctx.loaders.byId(ctx.models.User).load(id) : Promise.resolve(null);
