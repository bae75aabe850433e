import { type Resolvers } from '../generated/resolvers';
import { optimize } from './routes.service';

export const routeResolvers = {
  Query: {
    // The optimiser's result is read-only; the generated types want plain arrays.
    optimizeRoute: async (_parent, args, ctx) => {
      const result = await optimize(ctx, args.input);
      return { ...result, stops: [...result.stops], legs: [...result.legs], violations: [...result.violations] };
    },
  },
} satisfies Resolvers;
