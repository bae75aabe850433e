import { type ServiceContext } from '../models';
import { type ServiceSettings } from '../settings';
import { type Evaluation } from './dispatch.score';
import { dispatchWorkOrder } from './dispatch.service';

export const dispatchResolvers = (settings: ServiceSettings) => ({
  Mutation: {
    dispatchWorkOrder: (_parent: unknown, args: { id: string; technicianId?: string | null }, ctx: ServiceContext) =>
      dispatchWorkOrder(ctx, settings, args.id, args.technicianId),
  },
  DispatchCandidate: {
    slot: (evaluation: Evaluation) => (evaluation.slot ? { start: new Date(evaluation.slot.start), end: new Date(evaluation.slot.end) } : null),
  },
});
