import { type TruckingContext } from '../models';
import { optimize } from './routes.service';

export const routeResolvers = {
  Query: {
    optimizeRoute: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => optimize(ctx, args.input),
  },
};
