import { type Resolvers } from '../generated/resolvers';
import { dispatchBoard } from './board.service';

export const boardResolvers = {
  Query: {
    dispatchBoard: (_parent, args, ctx) => dispatchBoard(ctx, args.date),
  },
  DispatchBoard: {
    start: (board) => board.start.toISOString(),
    end: (board) => board.end.toISOString(),
  },
} satisfies Resolvers;
