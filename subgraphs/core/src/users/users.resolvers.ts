import { type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type UserDocument } from './users.model';
import { currentUser, userReference } from './users.service';

export const userResolvers = {
  Query: {
    me: (_parent: unknown, _args: unknown, ctx: CoreContext) => currentUser(ctx),
  },
  User: {
    __resolveReference: (reference: { id?: unknown }, ctx: CoreContext) => userReference(ctx, reference.id),
    id: (user: Lean<UserDocument>) => user._id.toHexString(),
  },
};
