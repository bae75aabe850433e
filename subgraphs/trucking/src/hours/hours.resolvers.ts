import { userReference } from '@attunelogic/shared/subgraph';
import { referenced, required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { correctDutyStatus, driverHours, driverLog, hoursOfListed, hoursViolations, loadHoursCheck, minutes, recordDutyStatus } from './hours.service';

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export const hoursResolvers = {
  Query: {
    driverHours: (_parent, args, ctx) => driverHours(ctx, args.driverId),
    driverLog: (_parent, args, ctx) => driverLog(ctx, args.driverId, args.date),
    hoursViolations: (_parent, args, ctx) => hoursViolations(ctx, args),
  },
  Mutation: {
    recordDutyStatus: (_parent, args, ctx) => recordDutyStatus(ctx, args.input),
    correctDutyStatus: (_parent, args, ctx) => correctDutyStatus(ctx, args.id, args.input),
  },
  DutyStatusEvent: {
    id: (event) => event._id.toHexString(),
    driver: (event, _args, ctx) => required(ctx, ctx.models.Driver, event.driver, 'Driver'),
    at: (event) => event.at.toISOString(),
    location: (event) => (event.latitude === null || event.longitude === null ? null : { latitude: event.latitude, longitude: event.longitude }),
    supersedes: (event, _args, ctx) => referenced(ctx, ctx.models.DutyStatusEvent, event.supersedes),
    supersededBy: (event, _args, ctx) => referenced(ctx, ctx.models.DutyStatusEvent, event.supersededBy),
    recordedByDriver: (event) => event.byDriver,
    createdBy: (event) => userReference(event.createdBy),
    createdAt: (event) => event.createdAt.toISOString(),
  },
  DriverHours: {
    asOf: (hours) => hours.asOf.toISOString(),
    currentStatus: (hours) => hours.status,
    currentStatusSince: (hours) => iso(hours.statusSince),
    drivingMinutesLeft: (hours) => minutes(hours.drivingLeft),
    drivingLimitMinutesLeft: (hours) => minutes(hours.driving),
    onDutyWindowMinutesLeft: (hours) => minutes(hours.window),
    windowEndsAt: (hours) => iso(hours.windowEndsAt),
    cycleMinutesLeft: (hours) => minutes(hours.cycle),
    cycle: (hours) => hours.cycleName,
    minutesUntilBreak: (hours) => minutes(hours.untilBreak),
    breakDueAt: (hours) => (hours.status === 'driving' ? new Date(hours.asOf.getTime() + hours.untilBreak).toISOString() : null),
  },
  DriverLogDay: {
    start: (day) => day.start.toISOString(),
    end: (day) => day.end.toISOString(),
    totals: (day) => ({
      offDutyMinutes: minutes(day.totals.off_duty),
      sleeperBerthMinutes: minutes(day.totals.sleeper_berth),
      drivingMinutes: minutes(day.totals.driving),
      onDutyMinutes: minutes(day.totals.on_duty),
    }),
  },
  HoursViolation: {
    driver: (violation, _args, ctx) => required(ctx, ctx.models.Driver, violation.driver, 'Driver'),
    startedAt: (violation) => violation.start.toISOString(),
    endedAt: (violation) => violation.end.toISOString(),
    minutes: (violation) => Math.ceil((violation.end.getTime() - violation.start.getTime()) / 60_000),
  },
  LoadHoursCheck: {
    plannedDrivingMinutes: (check) => Math.ceil(check.plannedDriving / 60_000),
    drivingMinutesLeft: (check) => (check.drivingLeft === null ? null : minutes(check.drivingLeft)),
  },
  Driver: {
    hours: (driver, _args, ctx) => hoursOfListed(ctx, driver),
  },
  Load: {
    hoursCheck: (load, _args, ctx) => loadHoursCheck(ctx, load),
  },
} satisfies Resolvers;
