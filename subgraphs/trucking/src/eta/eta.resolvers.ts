import { type Resolvers } from '../generated/resolvers';
import { etaOf, saveLoadRoute } from './eta.service';

export const etaResolvers = {
  Mutation: {
    saveLoadRoute: (_parent, args, ctx) => saveLoadRoute(ctx, args.id, args.stopIds),
  },
  Load: {
    eta: (load, _args, ctx) => etaOf(ctx, load),
  },
  LoadEta: {
    asOf: (eta) => eta.asOf.toISOString(),
    late: (eta) => eta.stops.some((stop) => stop.lateMinutes > 0),
  },
  StopEta: {
    stopId: (stop) => stop.stopId.toHexString(),
    arriveAt: (stop) => stop.arriveAt.toISOString(),
    departAt: (stop) => stop.departAt.toISOString(),
    late: (stop) => stop.lateMinutes > 0,
  },
} satisfies Resolvers;
