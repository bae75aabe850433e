import { notFound } from '@attunelogic/shared/errors';
import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { required } from '../references';
import { createAgreement, getAgreement, listAgreements, retireAgreement, updateAgreement, upcomingOccurrences, workOrdersOfAgreement } from './agreements.service';

export const agreementResolvers = {
  Query: {
    serviceAgreements: (_parent, args, ctx) => listAgreements(ctx, args),
    serviceAgreement: (_parent, args, ctx) => getAgreement(ctx, args.id),
  },
  Mutation: {
    createServiceAgreement: (_parent, args, ctx) => createAgreement(ctx, args.input),
    updateServiceAgreement: (_parent, args, ctx) => updateAgreement(ctx, args.id, args.input),
    retireServiceAgreement: (_parent, args, ctx) => retireAgreement(ctx, args.id),
  },
  ServiceAgreement: {
    id: (agreement) => agreement._id.toHexString(),
    customer: (agreement, _args, ctx) => required(ctx, ctx.models.Customer, agreement.customerId, 'Customer'),
    location: async (agreement, _args, ctx) => {
      const customer = await required(ctx, ctx.models.Customer, agreement.customerId, 'Customer');
      const location = customer.locations.find((l) => l._id.equals(agreement.locationId));
      if (!location) throw notFound('CustomerLocation');
      return location;
    },
    startsAt: (agreement) => iso(agreement.startsAt),
    endsAt: (agreement) => isoOrNull(agreement.endsAt),
    retiredAt: (agreement) => isoOrNull(agreement.retiredAt),
    generatedThrough: (agreement) => isoOrNull(agreement.generatedThrough),
    nextOccurrences: (agreement, args, ctx) => upcomingOccurrences(ctx, agreement, args.count ?? 5).map(iso),
    workOrders: (agreement, args, ctx) => workOrdersOfAgreement(ctx, agreement, args),
    createdBy: (agreement) => userReference(agreement.createdBy),
    createdAt: (agreement) => iso(agreement.createdAt),
    updatedAt: (agreement) => iso(agreement.updatedAt),
  },
  AgreementLine: {
    id: (line) => line._id.toHexString(),
  },
  WorkOrder: {
    agreement: (workOrder, _args, ctx) => (workOrder.agreementId ? ctx.loaders.byId(ctx.models.ServiceAgreement).load(workOrder.agreementId.toHexString()) : null),
    occursAt: (workOrder) => isoOrNull(workOrder.occursAt),
  },
} satisfies Resolvers;
