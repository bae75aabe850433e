import { isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { scheduleFollowUp } from './follow-ups.service';

export const followUpResolvers = {
  Mutation: {
    scheduleFollowUp: (_parent, args, ctx) => scheduleFollowUp(ctx, args.id, args.windowHours),
  },
  WorkOrder: {
    warrantyUntil: (workOrder) => isoOrNull(workOrder.warrantyUntil),
    followUpDueAt: (workOrder) => isoOrNull(workOrder.followUpDueAt),
    followUp: (workOrder, _args, ctx) => (workOrder.followUpId ? ctx.loaders.byId(ctx.models.WorkOrder).load(workOrder.followUpId.toHexString()) : null),
    followUpOf: (workOrder, _args, ctx) => (workOrder.followUpOf ? ctx.loaders.byId(ctx.models.WorkOrder).load(workOrder.followUpOf.toHexString()) : null),
  },
} satisfies Resolvers;
