import { iso } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { required } from '../references';
import { technicianSchedule } from './technician-schedule.service';
import mongoose from 'mongoose';

export const technicianScheduleResolvers = {
  Query: {
    technicianSchedule: (_parent, args, ctx) => technicianSchedule(ctx, args.technicianId, args.from, args.to),
  },
  TechnicianSchedule: {
    from: (schedule) => iso(schedule.from),
    to: (schedule) => iso(schedule.to),
  },
  ScheduledJob: {
    start: (job) => iso(job.start),
    end: (job) => iso(job.end),
    workOrder: (job, _args, ctx) => required(ctx, ctx.models.WorkOrder, new mongoose.Types.ObjectId(job.workOrderId), 'WorkOrder'),
  },
} satisfies Resolvers;
