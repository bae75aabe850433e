import { userReference } from '@attunelogic/shared/subgraph';
import { referenced, required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { createSchedule, getSchedule, listDue, listRecords, listSchedules, measureOf, recordMaintenance, updateSchedule } from './maintenance.service';

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export const maintenanceResolvers = {
  Query: {
    maintenanceSchedules: (_parent, args, ctx) => listSchedules(ctx, args),
    maintenanceSchedule: (_parent, args, ctx) => getSchedule(ctx, args.id),
    maintenanceDue: (_parent, args, ctx) => listDue(ctx, args),
    maintenanceRecords: (_parent, args, ctx) => listRecords(ctx, args),
  },
  Mutation: {
    createMaintenanceSchedule: (_parent, args, ctx) => createSchedule(ctx, args.input),
    updateMaintenanceSchedule: (_parent, args, ctx) => updateSchedule(ctx, args.id, args.input),
    recordMaintenance: (_parent, args, ctx) => recordMaintenance(ctx, args.input),
  },
  MaintenanceSchedule: {
    id: (schedule) => schedule._id.toHexString(),
    vehicle: (schedule, _args, ctx) => referenced(ctx, ctx.models.Vehicle, schedule.vehicle),
    createdBy: (schedule) => userReference(schedule.createdBy),
    createdAt: (schedule) => schedule.createdAt.toISOString(),
    updatedAt: (schedule) => schedule.updatedAt.toISOString(),
  },
  MaintenanceRecord: {
    id: (record) => record._id.toHexString(),
    vehicle: (record, _args, ctx) => required(ctx, ctx.models.Vehicle, record.vehicle, 'Vehicle'),
    schedule: (record, _args, ctx) => referenced(ctx, ctx.models.MaintenanceSchedule, record.schedule),
    performedAt: (record) => record.performedAt.toISOString(),
    createdBy: (record) => userReference(record.createdBy),
    createdAt: (record) => record.createdAt.toISOString(),
  },
  MaintenanceDue: {
    critical: (item) => item.schedule.critical,
    dueBy: (item) =>
      item.measures
        .filter((m) => m.status !== 'ok')
        .sort((a, b) => b.overFraction - a.overFraction)
        .map((m) => m.measure),
    lastService: (item, _args, ctx) => referenced(ctx, ctx.models.MaintenanceRecord, item.last?.record),
    dueAtOdometer: (item) => measureOf(item, 'miles')?.dueAt ?? null,
    milesOverdue: (item) => measureOf(item, 'miles')?.over ?? null,
    dueAtEngineHours: (item) => measureOf(item, 'engine_hours')?.dueAt ?? null,
    engineHoursOverdue: (item) => {
      const over = measureOf(item, 'engine_hours')?.over;
      return over === undefined ? null : round(over, 1);
    },
    dueDate: (item) => {
      const dueAt = measureOf(item, 'days')?.dueAt;
      return dueAt === undefined ? null : new Date(dueAt).toISOString();
    },
    daysOverdue: (item) => {
      const over = measureOf(item, 'days')?.over;
      return over === undefined ? null : round(over, 2);
    },
  },
} satisfies Resolvers;
