import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type TruckingContext } from '../models';
import { latestLocationOf } from '../tracking/tracking.service';
import { type DriverDocument } from './drivers.model';
import { createDriver, driverProfileOf, getDriver, licenseExpired, listDrivers, updateDriver, type DriverFilter } from './drivers.service';

type Driver = Lean<DriverDocument>;

export const driverResolvers = {
  Query: {
    drivers: (_parent: unknown, args: ConnectionArgs & { filter?: DriverFilter }, ctx: TruckingContext) => listDrivers(ctx, args),
    driver: (_parent: unknown, args: { id: string }, ctx: TruckingContext) => getDriver(ctx, args.id),
  },
  Mutation: {
    createDriver: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => createDriver(ctx, args.input),
    updateDriver: (_parent: unknown, args: { id: string; input: unknown }, ctx: TruckingContext) => updateDriver(ctx, args.id, args.input),
  },
  Driver: {
    id: (driver: Driver) => driver._id.toHexString(),
    user: (driver: Driver) => userReference(driver.userId),
    licenseExpiresOn: (driver: Driver) => driver.licenseExpiresOn.toISOString().slice(0, 10),
    licenseExpired: (driver: Driver, _args: unknown, ctx: TruckingContext) => licenseExpired(driver, ctx.clock.now()),
    currentVehicle: (driver: Driver, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Vehicle, driver.currentVehicle),
    currentLoad: (driver: Driver, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Load, driver.activeLoad),
    lastLocation: (driver: Driver, _args: unknown, ctx: TruckingContext) => latestLocationOf(ctx, driver),
    createdBy: (driver: Driver) => userReference(driver.createdBy),
    createdAt: (driver: Driver) => driver.createdAt.toISOString(),
    updatedAt: (driver: Driver) => driver.updatedAt.toISOString(),
  },
  User: {
    // Resolving a reference never fails and reads nothing: core's `me: User!` must not turn null
    // because trucking refuses a field. `driverProfile` checks access and reads through the
    // per-request loader keyed by user id (one query for every user of a response).
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    driverProfile: (user: { id: string }, _args: unknown, ctx: TruckingContext) => driverProfileOf(ctx, user.id),
  },
};
