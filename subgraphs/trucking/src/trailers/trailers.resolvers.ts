import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type TruckingContext } from '../models';
import { type TrailerDocument } from './trailers.model';
import { createTrailer, getTrailer, listTrailers, updateTrailer, type TrailerFilter } from './trailers.service';

type Trailer = Lean<TrailerDocument>;

export const trailerResolvers = {
  Query: {
    trailers: (_parent: unknown, args: ConnectionArgs & { filter?: TrailerFilter }, ctx: TruckingContext) => listTrailers(ctx, args),
    trailer: (_parent: unknown, args: { id: string }, ctx: TruckingContext) => getTrailer(ctx, args.id),
  },
  Mutation: {
    createTrailer: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => createTrailer(ctx, args.input),
    updateTrailer: (_parent: unknown, args: { id: string; input: unknown }, ctx: TruckingContext) => updateTrailer(ctx, args.id, args.input),
  },
  Trailer: {
    id: (trailer: Trailer) => trailer._id.toHexString(),
    currentLoad: (trailer: Trailer, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Load, trailer.activeLoad),
    createdBy: (trailer: Trailer) => userReference(trailer.createdBy),
    createdAt: (trailer: Trailer) => trailer.createdAt.toISOString(),
    updatedAt: (trailer: Trailer) => trailer.updatedAt.toISOString(),
  },
};
