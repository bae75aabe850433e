import { type ServiceContext } from '../models';
import { type Evaluation } from './dispatch.score';
import { dispatchWorkOrder } from './dispatch.service';

export const dispatchResolvers = {
  Mutation: {
    dispatchWorkOrder: (_parent: unknown, args: { id: string; technicianId?: string | null }, ctx: ServiceContext) =>
      dispatchWorkOrder(ctx, args.id, args.technicianId),
  },
  DispatchCandidate: {
    slot: (evaluation: Evaluation) => (evaluation.slot ? { start: new Date(evaluation.slot.start), end: new Date(evaluation.slot.end) } : null),
  },
};
