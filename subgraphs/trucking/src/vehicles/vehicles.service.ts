import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { RETIRED, requireRetirable, retirementChange, retirementGuard, retireRecord, statusFilter } from '../common/retirement';
import { DUE_STALE, DUE_VERSION, noteDueWork, withoutDueMarkers } from '../maintenance/due-index';
import { type TruckingContext } from '../models';
import { duplicateUnitNumber, modelYear, name, plate, unitNumber, unitStatus, vin } from './fleet-inputs';
import { VEHICLE_TYPES, type VehicleDocument } from './vehicles.model';

export { isValidVin, vinCheckDigit } from './vin';

/** The tenant flag that switches the fleet (vehicles and trailers) on and off. */
export const FLEET_FEATURE = 'fleetManagement';

const odometer = z.number().int().min(0).max(10_000_000);
const engineHours = z.number().min(0).max(1_000_000);
const vehicleType = z.enum(VEHICLE_TYPES);

const createVehicleInput = z.object({
  unitNumber,
  vin,
  type: vehicleType.nullish(),
  make: name,
  model: name,
  year: modelYear,
  plate: plate.nullish(),
  status: unitStatus.nullish(),
  odometer: odometer.nullish(),
  engineHours: engineHours.nullish(),
});

// Omitted fields stay as they are; null is refused except for the plate, where it removes it.
const updateVehicleInput = z
  .object({
    unitNumber: unitNumber.optional(),
    type: vehicleType.optional(),
    make: name.optional(),
    model: name.optional(),
    year: modelYear.optional(),
    plate: plate.nullable().optional(),
    status: unitStatus.optional(),
    odometer: odometer.optional(),
    engineHours: engineHours.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const vehicleFilter = z.object({ status: unitStatus.nullish(), type: vehicleType.nullish(), includeRetired: z.boolean().nullish() }).nullish();

export type CreateVehicleInput = z.input<typeof createVehicleInput>;
export type UpdateVehicleInput = z.input<typeof updateVehicleInput>;
export type VehicleFilter = z.input<typeof vehicleFilter>;

/** The tenant's vehicles, newest first, optionally of one status and/or type; retired ones only when asked. */
export async function listVehicles(ctx: TruckingContext, args: ConnectionArgs & { filter?: VehicleFilter }): Promise<Connection<Lean<VehicleDocument>>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:read');
  const filter = vehicleFilter.parse(args.filter);
  return paginate(ctx.models.Vehicle, ctx.tenant, { ...statusFilter(filter?.status, filter?.includeRetired), ...(filter?.type && { type: filter.type }) }, args);
}

/** One of the tenant's vehicles; `NOT_FOUND` when missing or another tenant's. */
export async function getVehicle(ctx: TruckingContext, id: unknown): Promise<Lean<VehicleDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:read');
  return loadVehicle(ctx, id);
}

/**
 * A vehicle by client id through the request's loader, for any feature (no access check):
 * `BAD_USER_INPUT` for a malformed id, `NOT_FOUND` when missing or another tenant's.
 */
export const loadVehicle = (ctx: TruckingContext, id: unknown, field = 'id'): Promise<Lean<VehicleDocument>> => loadOwned(ctx, ctx.models.Vehicle, id, 'Vehicle', field);

/** Adds a vehicle to the tenant's fleet; a unit number the tenant already uses is `CONFLICT`. */
export async function createVehicle(ctx: TruckingContext, raw: unknown): Promise<Lean<VehicleDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  const input = createVehicleInput.parse(raw);
  // The vehicle starts marked (schema default): the due builder computes its maintenance pairs.
  noteDueWork(ctx.tenant.tenantId);
  return createOwned(
    ctx,
    ctx.models.Vehicle,
    {
      unitNumber: input.unitNumber,
      vin: input.vin,
      type: input.type ?? 'tractor',
      make: input.make,
      model: input.model,
      year: input.year,
      plate: input.plate ?? null,
      status: input.status ?? 'active',
      odometer: input.odometer ?? 0,
      engineHours: input.engineHours ?? 0,
    },
    { what: 'Vehicle', duplicate: () => duplicateUnitNumber(input.unitNumber, 'vehicle'), audit: withoutDueMarkers },
  );
}

/**
 * Changes a vehicle in one `findOneAndUpdate` scoped to the tenant. Readings that may only go up are
 * guarded in the same filter, so a lower reading is never written, whatever runs concurrently. The
 * vehicle is read first for clear errors and the audit diff; the guard, not that read, decides.
 */
export async function updateVehicle(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Lean<VehicleDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  const _id = parseId(id);
  const input = updateVehicleInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Vehicle, _id, 'Vehicle');
  const lowered = lowerReading(before, input);
  if (lowered) throw lowered;
  const retiring = input.status === RETIRED && before.status !== RETIRED;
  if (retiring) await requireRetirable(ctx, 'vehicle', before);
  // Readings, type and status move the vehicle's maintenance due points: marked in the same write.
  const movesDue = (['odometer', 'engineHours', 'type', 'status'] as const).some((field) => input[field] !== undefined);
  if (movesDue) noteDueWork(ctx.tenant.tenantId);
  return updateOwned(
    ctx,
    ctx.models.Vehicle,
    before,
    { $set: { ...input, ...retirementChange(ctx, before, input.status), ...(movesDue && DUE_STALE) }, ...(movesDue && { $inc: DUE_VERSION }) },
    {
      what: 'Vehicle',
      guard: {
        ...(retiring && retirementGuard(before)),
        ...(input.odometer !== undefined && { odometer: mongoose.trusted({ $lte: input.odometer }) }),
        ...(input.engineHours !== undefined && { engineHours: mongoose.trusted({ $lte: input.engineHours }) }),
      },
      // Changed since the read: a concurrent update raised a reading above ours, or something else.
      changed: (now) => lowerReading(now, input) ?? conflict('The vehicle was changed by another request; try again.'),
      duplicate: () => duplicateUnitNumber(input.unitNumber, 'vehicle'),
      audit: withoutDueMarkers,
    },
  );
}

/**
 * Retires a vehicle (sold, totalled, returned at the end of a lease): kept for history, hidden from
 * the list unless asked, refused by assignLoad. CONFLICT RETIRE_BLOCKED while it is on an open load;
 * a vehicle already retired is answered as it is. Its maintenance schedules stay, and
 * `maintenanceDue` leaves it out.
 */
export async function retireVehicle(ctx: TruckingContext, id: unknown, rawReason: unknown): Promise<Lean<VehicleDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  // Retirement takes the vehicle's pairs out of the fleet's list: marked in the same write.
  noteDueWork(ctx.tenant.tenantId);
  return retireRecord(ctx, 'vehicle', ctx.models.Vehicle, id, rawReason, DUE_STALE, { inc: DUE_VERSION, audit: withoutDueMarkers });
}

/**
 * Raises a vehicle's readings to at least the given values (`$max`: never lowers them, whatever runs
 * concurrently); used when a service is recorded at a reading the vehicle has not reported yet.
 */
export async function raiseReadings(ctx: TruckingContext, vehicleId: mongoose.Types.ObjectId, readings: { odometer: number; engineHours: number }): Promise<void> {
  await ctx.models.Vehicle.updateOne({ _id: vehicleId, ...tenantScope(ctx.tenant) }, { $max: readings, $set: DUE_STALE, $inc: DUE_VERSION });
  noteDueWork(ctx.tenant.tenantId);
  ctx.loaders.byId(ctx.models.Vehicle).clear(vehicleId.toHexString());
}

/** `BAD_USER_INPUT` when the input would lower a reading of `current`. */
function lowerReading(
  current: Pick<VehicleDocument, 'odometer' | 'engineHours'>,
  input: Pick<z.output<typeof updateVehicleInput>, 'odometer' | 'engineHours'>,
): Error | null {
  for (const field of ['odometer', 'engineHours'] as const) {
    const value = input[field];
    if (value !== undefined && value < current[field]) {
      return badInput(`"${field}" may not go down: the current reading is ${current[field]}.`, { field });
    }
  }
  return null;
}
