import { notFound } from '@attunelogic/shared/errors';
import { required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { latestLocationOf, listDriverPositions, recordDriverLocation, trackingSettingsOf, trackOf } from './tracking.service';

export const trackingResolvers = {
  Query: {
    driverLocations: (_parent, args, ctx) => listDriverPositions(ctx, args),
    trackingSettings: (_parent, _args, ctx) => trackingSettingsOf(ctx),
  },
  Mutation: {
    recordDriverLocation: (_parent, args, ctx) => recordDriverLocation(ctx, args.input),
  },
  DriverPosition: {
    driver: (driver) => driver,
    // The list only holds drivers with a reading inside retention, but the cutoff moves while the
    // request runs: a reading that has just left it is NOT_FOUND, not a null in a non-null field.
    latest: (driver, _args, ctx) => {
      const latest = latestLocationOf(ctx, driver);
      if (!latest) throw notFound('DriverLocation');
      return latest;
    },
    track: (driver, args, ctx) => trackOf(ctx, driver, args),
  },
  DriverLocation: {
    id: (ping) => ping._id.toHexString(),
    driver: (ping, _args, ctx) => required(ctx, ctx.models.Driver, ping.driver, 'Driver'),
    recordedAt: (ping) => ping.recordedAt.toISOString(),
    receivedAt: (ping) => ping.receivedAt.toISOString(),
  },
} satisfies Resolvers;
