import { formatMoney } from '@attunelogic/shared';
import { userReference } from '@attunelogic/shared/subgraph';
import { required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { advanceDriverSettlement, createDriverSettlement, getDriverSettlement, listDriverSettlements, voidDriverSettlement } from './settlements.service';

const day = (date: Date): string => date.toISOString().slice(0, 10);

export const settlementResolvers = {
  Query: {
    driverSettlements: (_parent, args, ctx) => listDriverSettlements(ctx, args),
    driverSettlement: (_parent, args, ctx) => getDriverSettlement(ctx, args.id),
  },
  Mutation: {
    createDriverSettlement: (_parent, args, ctx) => createDriverSettlement(ctx, args.input),
    approveDriverSettlement: (_parent, args, ctx) => advanceDriverSettlement(ctx, args.id, 'approved'),
    markDriverSettlementPaid: (_parent, args, ctx) => advanceDriverSettlement(ctx, args.id, 'paid', args.reference),
    voidDriverSettlement: (_parent, args, ctx) => voidDriverSettlement(ctx, args.id, args.reason),
  },
  DriverSettlement: {
    id: (settlement) => settlement._id.toHexString(),
    driver: (settlement, _args, ctx) => required(ctx, ctx.models.Driver, settlement.driver, 'Driver'),
    periodStart: (settlement) => day(settlement.periodStart),
    periodEnd: (settlement) => day(settlement.periodEnd),
    totalFormatted: (settlement) => formatMoney(settlement.totalCents, settlement.currency),
    approvedAt: (settlement) => settlement.approvedAt?.toISOString() ?? null,
    approvedBy: (settlement) => (settlement.approvedBy ? userReference(settlement.approvedBy) : null),
    paidAt: (settlement) => settlement.paidAt?.toISOString() ?? null,
    paymentReference: (settlement) => settlement.paymentReference ?? null,
    voidedAt: (settlement) => settlement.voidedAt?.toISOString() ?? null,
    voidReason: (settlement) => settlement.voidReason ?? null,
    createdBy: (settlement) => userReference(settlement.createdBy),
    createdAt: (settlement) => settlement.createdAt.toISOString(),
  },
  DriverSettlementLine: {
    id: (line) => line._id.toHexString(),
    load: (line, _args, ctx) => required(ctx, ctx.models.Load, line.loadId, 'Load'),
    deliveredAt: (line) => line.deliveredAt.toISOString(),
  },
} satisfies Resolvers;
