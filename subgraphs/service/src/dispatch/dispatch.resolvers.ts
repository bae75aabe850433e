import { type Resolvers } from '../generated/resolvers';
import { type ServiceSettings } from '../settings';
import { dispatchWorkOrder } from './dispatch.service';

export const dispatchResolvers = (settings: ServiceSettings) => ({
  Mutation: {
    dispatchWorkOrder: (_parent, args, ctx) =>
      dispatchWorkOrder(ctx, settings, args.id, args.technicianId),
  },
  DispatchCandidate: {
    slot: (evaluation) => (evaluation.slot ? { start: new Date(evaluation.slot.start), end: new Date(evaluation.slot.end) } : null),
  },
} satisfies Resolvers);
