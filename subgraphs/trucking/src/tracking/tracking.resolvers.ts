import { type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type DriverDocument } from '../drivers/drivers.model';
import { type TruckingContext } from '../models';
import { latestLocationOf, listDriverPositions, recordDriverLocation, trackOf, type DriverLocation, type PositionsFilter } from './tracking.service';

export const trackingResolvers = {
  Query: {
    driverLocations: (_parent: unknown, args: ConnectionArgs & { filter?: PositionsFilter }, ctx: TruckingContext) => listDriverPositions(ctx, args),
  },
  Mutation: {
    recordDriverLocation: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => recordDriverLocation(ctx, args.input),
  },
  DriverPosition: {
    driver: (driver: Lean<DriverDocument>) => driver,
    latest: (driver: Lean<DriverDocument>, _args: unknown, ctx: TruckingContext) => latestLocationOf(ctx, driver),
    track: (driver: Lean<DriverDocument>, args: unknown, ctx: TruckingContext) => trackOf(ctx, driver, args),
  },
  DriverLocation: {
    id: (ping: DriverLocation) => ping._id.toHexString(),
    driver: (ping: DriverLocation, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Driver, ping.driver),
    recordedAt: (ping: DriverLocation) => ping.recordedAt.toISOString(),
    receivedAt: (ping: DriverLocation) => ping.receivedAt.toISOString(),
  },
};
