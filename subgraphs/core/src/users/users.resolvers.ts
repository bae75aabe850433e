import { type Resolvers } from '../generated/resolvers';
import { createUser, currentUser, deactivateUser, getUser, listUsers, reactivateUser, readableField, updateUserRoles, userReference } from './users.service';

export const userResolvers = {
  Query: {
    me: (_parent, _args, ctx) => currentUser(ctx),
    users: (_parent, args, ctx) => listUsers(ctx, args),
    user: (_parent, args, ctx) => getUser(ctx, args.id),
  },
  Mutation: {
    createUser: (_parent, args, ctx) => createUser(ctx, args.input),
    updateUserRoles: (_parent, args, ctx) => updateUserRoles(ctx, args.id, args.roles),
    deactivateUser: (_parent, args, ctx) => deactivateUser(ctx, args.id),
    reactivateUser: (_parent, args, ctx) => reactivateUser(ctx, args.id),
  },
  User: {
    __resolveReference: (reference, ctx) => userReference(ctx, reference.id),
    id: (user) => user._id.toHexString(),
    // The same rule on every path to a user, references included (FORBIDDEN without users:read).
    email: (user, _args, ctx) => readableField(ctx, user, user.email),
    roles: (user, _args, ctx) => readableField(ctx, user, user.roles),
    active: (user, _args, ctx) => readableField(ctx, user, user.active),
  },
} satisfies Resolvers;
