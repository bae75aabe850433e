import { userReference, type ConnectionArgs } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type TruckingContext } from '../models';
import {
  createSchedule,
  getSchedule,
  listDue,
  listRecords,
  listSchedules,
  measureOf,
  recordMaintenance,
  updateSchedule,
  type DueFilter,
  type DueItem,
  type MaintenanceRecord,
  type RecordFilter,
  type Schedule,
  type ScheduleFilter,
} from './maintenance.service';

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export const maintenanceResolvers = {
  Query: {
    maintenanceSchedules: (_parent: unknown, args: ConnectionArgs & { filter?: ScheduleFilter }, ctx: TruckingContext) => listSchedules(ctx, args),
    maintenanceSchedule: (_parent: unknown, args: { id: string }, ctx: TruckingContext) => getSchedule(ctx, args.id),
    maintenanceDue: (_parent: unknown, args: ConnectionArgs & { filter?: DueFilter }, ctx: TruckingContext) => listDue(ctx, args),
    maintenanceRecords: (_parent: unknown, args: ConnectionArgs & { filter?: RecordFilter }, ctx: TruckingContext) => listRecords(ctx, args),
  },
  Mutation: {
    createMaintenanceSchedule: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => createSchedule(ctx, args.input),
    updateMaintenanceSchedule: (_parent: unknown, args: { id: string; input: unknown }, ctx: TruckingContext) => updateSchedule(ctx, args.id, args.input),
    recordMaintenance: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => recordMaintenance(ctx, args.input),
  },
  MaintenanceSchedule: {
    id: (schedule: Schedule) => schedule._id.toHexString(),
    vehicle: (schedule: Schedule, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Vehicle, schedule.vehicle),
    createdBy: (schedule: Schedule) => userReference(schedule.createdBy),
    createdAt: (schedule: Schedule) => schedule.createdAt.toISOString(),
    updatedAt: (schedule: Schedule) => schedule.updatedAt.toISOString(),
  },
  MaintenanceRecord: {
    id: (record: MaintenanceRecord) => record._id.toHexString(),
    vehicle: (record: MaintenanceRecord, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Vehicle, record.vehicle),
    schedule: (record: MaintenanceRecord, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.MaintenanceSchedule, record.schedule),
    performedAt: (record: MaintenanceRecord) => record.performedAt.toISOString(),
    createdBy: (record: MaintenanceRecord) => userReference(record.createdBy),
    createdAt: (record: MaintenanceRecord) => record.createdAt.toISOString(),
  },
  MaintenanceDue: {
    critical: (item: DueItem) => item.schedule.critical,
    dueBy: (item: DueItem) =>
      item.measures
        .filter((m) => m.status !== 'ok')
        .sort((a, b) => b.overFraction - a.overFraction)
        .map((m) => m.measure),
    lastService: (item: DueItem, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.MaintenanceRecord, item.last?.record),
    dueAtOdometer: (item: DueItem) => measureOf(item, 'miles')?.dueAt ?? null,
    milesOverdue: (item: DueItem) => measureOf(item, 'miles')?.over ?? null,
    dueAtEngineHours: (item: DueItem) => measureOf(item, 'engine_hours')?.dueAt ?? null,
    engineHoursOverdue: (item: DueItem) => {
      const over = measureOf(item, 'engine_hours')?.over;
      return over === undefined ? null : round(over, 1);
    },
    dueDate: (item: DueItem) => {
      const dueAt = measureOf(item, 'days')?.dueAt;
      return dueAt === undefined ? null : new Date(dueAt).toISOString();
    },
    daysOverdue: (item: DueItem) => {
      const over = measureOf(item, 'days')?.over;
      return over === undefined ? null : round(over, 2);
    },
  },
};
