import { type Resolvers } from '../generated/resolvers';
import { dispatchWorkOrder, rescheduleWorkOrder } from './dispatch.service';

export const dispatchResolvers = {
  Mutation: {
    dispatchWorkOrder: (_parent, args, ctx) => dispatchWorkOrder(ctx, args.id, args.technicianId),
    rescheduleWorkOrder: (_parent, args, ctx) => rescheduleWorkOrder(ctx, args.id, args.input),
  },
  DispatchCandidate: {
    slot: (evaluation) => (evaluation.slot ? { start: new Date(evaluation.slot.start), end: new Date(evaluation.slot.end) } : null),
  },
} satisfies Resolvers;
