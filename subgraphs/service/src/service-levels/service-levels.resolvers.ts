import { isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { OPEN_STATUSES } from '../work-orders/work-orders.service';

export const serviceLevelResolvers = {
  WorkOrder: {
    dueBy: (workOrder) => isoOrNull(workOrder.dueBy),
    overdue: (workOrder, _args, ctx) => Boolean(workOrder.dueBy && workOrder.dueBy < ctx.clock.now() && OPEN_STATUSES.includes(workOrder.status)),
  },
} satisfies Resolvers;
