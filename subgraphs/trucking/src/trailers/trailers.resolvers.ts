import { userReference } from '@attunelogic/shared/subgraph';
import { referenced } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { createTrailer, getTrailer, listTrailers, updateTrailer, retireTrailer } from './trailers.service';

export const trailerResolvers = {
  Query: {
    trailers: (_parent, args, ctx) => listTrailers(ctx, args),
    trailer: (_parent, args, ctx) => getTrailer(ctx, args.id),
  },
  Mutation: {
    createTrailer: (_parent, args, ctx) => createTrailer(ctx, args.input),
    updateTrailer: (_parent, args, ctx) => updateTrailer(ctx, args.id, args.input),
    retireTrailer: (_parent, args, ctx) => retireTrailer(ctx, args.id, args.reason),
  },
  Trailer: {
    id: (trailer) => trailer._id.toHexString(),
    currentLoad: (trailer, _args, ctx) => referenced(ctx, ctx.models.Load, trailer.activeLoad),
    retiredAt: (trailer) => trailer.retiredAt?.toISOString() ?? null,
    retirementReason: (trailer) => trailer.retirementReason ?? null,
    createdBy: (trailer) => userReference(trailer.createdBy),
    createdAt: (trailer) => trailer.createdAt.toISOString(),
    updatedAt: (trailer) => trailer.updatedAt.toISOString(),
  },
} satisfies Resolvers;
