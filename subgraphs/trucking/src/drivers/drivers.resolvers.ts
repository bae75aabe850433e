import { userReference } from '@attunelogic/shared/subgraph';
import { referenced } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { latestLocationOf } from '../tracking/tracking.service';
import { createDriver, driverProfileOf, getDriver, licenseExpired, listDrivers, updateDriver, retireDriver } from './drivers.service';

export const driverResolvers = {
  Query: {
    drivers: (_parent, args, ctx) => listDrivers(ctx, args),
    driver: (_parent, args, ctx) => getDriver(ctx, args.id),
  },
  Mutation: {
    createDriver: (_parent, args, ctx) => createDriver(ctx, args.input),
    updateDriver: (_parent, args, ctx) => updateDriver(ctx, args.id, args.input),
    retireDriver: (_parent, args, ctx) => retireDriver(ctx, args.id, args.reason),
  },
  Driver: {
    id: (driver) => driver._id.toHexString(),
    user: (driver) => userReference(driver.userId),
    licenseExpiresOn: (driver) => driver.licenseExpiresOn.toISOString().slice(0, 10),
    licenseExpired: (driver, _args, ctx) => licenseExpired(driver, ctx.clock.now()),
    currentVehicle: (driver, _args, ctx) => referenced(ctx, ctx.models.Vehicle, driver.currentVehicle),
    currentLoad: (driver, _args, ctx) => referenced(ctx, ctx.models.Load, driver.activeLoads?.at(-1) ?? driver.activeLoad),
    lastLocation: (driver, _args, ctx) => latestLocationOf(ctx, driver),
    retiredAt: (driver) => driver.retiredAt?.toISOString() ?? null,
    retirementReason: (driver) => driver.retirementReason ?? null,
    createdBy: (driver) => userReference(driver.createdBy),
    createdAt: (driver) => driver.createdAt.toISOString(),
    updatedAt: (driver) => driver.updatedAt.toISOString(),
  },
  User: {
    // Resolving a reference never fails and reads nothing: core's `me: User!` must not turn null
    // because trucking refuses a field. `driverProfile` checks access and reads through the
    // per-request loader keyed by user id (one query for every user of a response).
    __resolveReference: (reference) => ({ id: reference.id }),
    driverProfile: (user, _args, ctx) => driverProfileOf(ctx, user.id),
  },
} satisfies Resolvers;
