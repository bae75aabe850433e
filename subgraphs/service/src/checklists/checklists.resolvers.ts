import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { checkChecklistItem, checklistOf, createChecklistTemplate, listChecklistTemplates, retireChecklistTemplate, updateChecklistTemplate } from './checklists.service';

export const checklistResolvers = {
  Query: {
    checklistTemplates: (_parent, args, ctx) => listChecklistTemplates(ctx, args),
  },
  Mutation: {
    createChecklistTemplate: (_parent, args, ctx) => createChecklistTemplate(ctx, args.input),
    updateChecklistTemplate: (_parent, args, ctx) => updateChecklistTemplate(ctx, args.id, args.input),
    retireChecklistTemplate: (_parent, args, ctx) => retireChecklistTemplate(ctx, args.id),
    checkChecklistItem: (_parent, args, ctx) => checkChecklistItem(ctx, args),
  },
  ChecklistTemplate: {
    id: (template) => template._id.toHexString(),
    retiredAt: (template) => isoOrNull(template.retiredAt),
    updatedAt: (template) => iso(template.updatedAt),
  },
  ChecklistItem: {
    id: (item) => item._id.toHexString(),
  },
  ChecklistAnswer: {
    itemId: (answer) => answer.itemId.toHexString(),
    at: (answer) => isoOrNull(answer.at),
    by: (answer) => (answer.by ? userReference(answer.by) : null),
  },
  WorkOrder: {
    jobType: (workOrder) => workOrder.jobType ?? null,
    checklist: (workOrder, _args, ctx) => checklistOf(ctx, workOrder),
  },
} satisfies Resolvers;
