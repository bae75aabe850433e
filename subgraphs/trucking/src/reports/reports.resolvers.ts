import { required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { onTimeReport } from './reports.service';

export const reportResolvers = {
  Query: {
    onTimeReport: (_parent, args, ctx) => onTimeReport(ctx, args.from, args.to),
  },
  OnTimeReport: {
    from: (report) => report.from.toISOString(),
    to: (report) => report.to.toISOString(),
  },
  DriverOnTime: {
    driver: (row, _args, ctx) => required(ctx, ctx.models.Driver, row.driver, 'Driver'),
  },
} satisfies Resolvers;
