import { required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { onTimeReport, operatingReport } from './reports.service';

export const reportResolvers = {
  Query: {
    onTimeReport: (_parent, args, ctx) => onTimeReport(ctx, args.from, args.to),
    operatingReport: (_parent, args, ctx) => operatingReport(ctx, args.from, args.to),
  },
  OperatingReport: {
    from: (report) => report.from.toISOString(),
    to: (report) => report.to.toISOString(),
  },
  DriverOperating: {
    driver: (row, _args, ctx) => required(ctx, ctx.models.Driver, row.driver, 'Driver'),
  },
  OnTimeReport: {
    from: (report) => report.from.toISOString(),
    to: (report) => report.to.toISOString(),
  },
  DriverOnTime: {
    driver: (row, _args, ctx) => required(ctx, ctx.models.Driver, row.driver, 'Driver'),
  },
} satisfies Resolvers;
