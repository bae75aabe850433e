import mongoose from 'mongoose';
import { hasPermission, type Lean } from '@attunelogic/shared';
import { DomainError } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { type DriverDocument } from '../drivers/drivers.model';
import { type TruckingContext } from '../models';
import { settingsFor, withinWorkingHours, workingHoursFor } from '../settings';
import { type VehicleDocument } from '../vehicles/vehicles.model';
import { assignLoad } from './assignment';
import { ACTIVE_LOAD_STATUSES } from './loads.model';
import { type Load } from './loads.service';

/** How many (driver, vehicle) pairs one tendered load tries before it stays tendered for a dispatcher. */
const MAX_ATTEMPTS = 5;

/** Whether the tenant's `dispatch.autoAssign` is on (off when the context carries no value). */
export const autoAssignOn = (ctx: TruckingContext): boolean => ctx.tenant.settings?.['dispatch.autoAssign'] === true;

/**
 * `dispatch.autoAssign`: a load that has just become tendered is assigned, through assignLoad and all
 * its checks, to the longest-standing active driver below `dispatch.maxLoadsPerDriver` and the
 * longest-standing active vehicle on no active load. A pair assignLoad refuses (hours of service,
 * license, overdue critical maintenance, a concurrent claim) is skipped, up to MAX_ATTEMPTS pairs;
 * when none fits, the load stays tendered and nothing is reported as an error. Only for a caller who
 * may assign (loads:assign), and only within the office's working hours (`workingHours.*`): outside
 * them the load stays tendered for a person to assign. Three queries plus the attempts, whatever the fleet's size.
 */
export async function autoAssigned(ctx: TruckingContext, load: Load): Promise<Load> {
  if (load.status !== 'tendered' || !autoAssignOn(ctx) || !hasPermission('trucking', ctx.tenant.roles, 'loads:assign')) return load;
  if (!withinWorkingHours(workingHoursFor(ctx.tenant), ctx.clock.now())) return load;
  const scope = tenantScope(ctx.tenant);
  const [drivers, vehicles, active] = await Promise.all([
    ctx.models.Driver.find({ ...scope, status: 'active' })
      .sort({ _id: 1 })
      .limit(50)
      .lean<Lean<DriverDocument>[]>(),
    ctx.models.Vehicle.find({ ...scope, status: 'active' })
      .sort({ _id: 1 })
      .limit(50)
      .lean<Lean<VehicleDocument>[]>(),
    ctx.models.Load.find({ ...scope, status: mongoose.trusted({ $in: [...ACTIVE_LOAD_STATUSES] }) }, { driver: 1, vehicle: 1 }).lean<
      Pick<Load, 'driver' | 'vehicle'>[]
    >(),
  ]);
  const held = new Map<string, number>();
  for (const other of active) if (other.driver) held.set(other.driver.toHexString(), (held.get(other.driver.toHexString()) ?? 0) + 1);
  const busyVehicles = new Set(active.flatMap((other) => (other.vehicle ? [other.vehicle.toHexString()] : [])));
  const max = settingsFor(ctx.tenant).maxLoadsPerDriver;
  const freeDrivers = drivers.filter((d) => (held.get(d._id.toHexString()) ?? 0) < max);
  const freeVehicles = vehicles.filter((v) => !busyVehicles.has(v._id.toHexString()));

  let attempts = 0;
  for (const driver of freeDrivers) {
    for (const vehicle of freeVehicles) {
      if (attempts++ >= MAX_ATTEMPTS) return load;
      try {
        return await assignLoad(ctx, { id: load._id.toHexString(), driverId: driver._id.toHexString(), vehicleId: vehicle._id.toHexString() });
      } catch (error) {
        // A refusal of this pair: try the next one. Anything else (the database) is the caller's.
        if (!(error instanceof DomainError) || !['CONFLICT', 'HOURS_EXCEEDED'].includes(error.code)) throw error;
        if (error.details?.['reason'] === 'LOAD_NOT_ASSIGNABLE') return load;
        // A refusal about the driver makes every vehicle with them fail: move on to the next driver.
        if (
          error.code === 'HOURS_EXCEEDED' ||
          String(error.details?.['reason'] ?? '').startsWith('DRIVER') ||
          String(error.details?.['reason'] ?? '').startsWith('LICENSE')
        )
          break;
      }
    }
  }
  return load;
}
