import { type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { type CoreContext } from '../models';
import { type UserDocument } from './users.model';
import {
  createUser,
  currentUser,
  deactivateUser,
  getUser,
  listUsers,
  reactivateUser,
  updateUserRoles,
  userReference,
  type UserFilter,
} from './users.service';

export const userResolvers = {
  Query: {
    me: (_parent: unknown, _args: unknown, ctx: CoreContext) => currentUser(ctx),
    users: (_parent: unknown, args: ConnectionArgs & { filter?: UserFilter }, ctx: CoreContext) => listUsers(ctx, args),
    user: (_parent: unknown, args: { id: string }, ctx: CoreContext) => getUser(ctx, args.id),
  },
  Mutation: {
    createUser: (_parent: unknown, args: { input: unknown }, ctx: CoreContext) => createUser(ctx, args.input),
    updateUserRoles: (_parent: unknown, args: { id: string; roles: unknown }, ctx: CoreContext) => updateUserRoles(ctx, args.id, args.roles),
    deactivateUser: (_parent: unknown, args: { id: string }, ctx: CoreContext) => deactivateUser(ctx, args.id),
    reactivateUser: (_parent: unknown, args: { id: string }, ctx: CoreContext) => reactivateUser(ctx, args.id),
  },
  User: {
    __resolveReference: (reference: { id?: unknown }, ctx: CoreContext) => userReference(ctx, reference.id),
    id: (user: Lean<UserDocument>) => user._id.toHexString(),
  },
};
