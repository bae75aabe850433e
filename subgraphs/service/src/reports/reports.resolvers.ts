import { iso } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { serviceReport } from './reports.service';

export const reportResolvers = {
  Query: {
    serviceReport: (_parent, args, ctx) => serviceReport(ctx, args),
  },
  ServiceReport: {
    from: (report) => iso(report.from),
    to: (report) => iso(report.to),
  },
} satisfies Resolvers;
