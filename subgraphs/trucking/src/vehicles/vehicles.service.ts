import mongoose from 'mongoose';
import { z } from 'zod';
import { badInput, conflict, notFound, paginate, parseId, tenantScope, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { requireAccess } from '../common/access';
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

const vehicleFilter = z.object({ status: unitStatus.nullish(), type: vehicleType.nullish() }).nullish();

export type CreateVehicleInput = z.input<typeof createVehicleInput>;
export type UpdateVehicleInput = z.input<typeof updateVehicleInput>;
export type VehicleFilter = z.input<typeof vehicleFilter>;

/** The tenant's vehicles, newest first, optionally of one status and/or type. */
export async function listVehicles(
  ctx: TruckingContext,
  args: ConnectionArgs & { filter?: VehicleFilter },
): Promise<Connection<Lean<VehicleDocument>>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:read');
  const filter = vehicleFilter.parse(args.filter);
  return paginate(
    ctx.models.Vehicle,
    ctx.tenant,
    { ...(filter?.status && { status: filter.status }), ...(filter?.type && { type: filter.type }) },
    args,
  );
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
export async function loadVehicle(ctx: TruckingContext, id: unknown, field = 'id'): Promise<Lean<VehicleDocument>> {
  const key = parseId(id, field).toHexString();
  const vehicle = await ctx.loaders.byId(ctx.models.Vehicle).load(key);
  if (!vehicle) throw notFound('Vehicle', key);
  return vehicle;
}

/** Adds a vehicle to the tenant's fleet; a unit number the tenant already uses is `CONFLICT`. */
export async function createVehicle(ctx: TruckingContext, raw: unknown): Promise<Lean<VehicleDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  const input = createVehicleInput.parse(raw);
  let vehicle: Lean<VehicleDocument>;
  try {
    const created = await ctx.models.Vehicle.create({
      ...tenantScope(ctx.tenant),
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
      createdBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
    });
    vehicle = created.toObject<Lean<VehicleDocument>>();
  } catch (error) {
    throw duplicateUnitNumber(error, input.unitNumber, 'vehicle');
  }
  const key = vehicle._id.toHexString();
  ctx.loaders.byId(ctx.models.Vehicle).prime(key, vehicle);
  ctx.audit.record('Vehicle', key, null, { ...vehicle });
  return vehicle;
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
  const { Vehicle } = ctx.models;
  const scope = { _id, ...tenantScope(ctx.tenant) };
  const key = _id.toHexString();

  const before = await Vehicle.findOne(scope).lean<Lean<VehicleDocument>>();
  if (!before) throw notFound('Vehicle', key);
  const lowered = lowerReading(before, input);
  if (lowered) throw lowered;

  const guards = {
    ...(input.odometer !== undefined && { odometer: mongoose.trusted({ $lte: input.odometer }) }),
    ...(input.engineHours !== undefined && { engineHours: mongoose.trusted({ $lte: input.engineHours }) }),
  };
  let updated: Lean<VehicleDocument> | null;
  try {
    updated = await Vehicle.findOneAndUpdate({ ...scope, ...guards }, { $set: input }, { returnDocument: 'after', runValidators: true }).lean<
      Lean<VehicleDocument>
    >();
  } catch (error) {
    throw duplicateUnitNumber(error, input.unitNumber, 'vehicle');
  }
  if (!updated) {
    // Changed since the read: removed, or a concurrent update raised a reading above ours.
    const now = await Vehicle.findOne(scope).lean<Lean<VehicleDocument>>();
    if (!now) throw notFound('Vehicle', key);
    throw lowerReading(now, input) ?? conflict('The vehicle was changed by another request; try again.');
  }
  ctx.loaders.byId(Vehicle).clear(key).prime(key, updated);
  ctx.audit.record('Vehicle', key, { ...before }, { ...updated });
  return updated;
}

/**
 * Raises a vehicle's readings to at least the given values (`$max`: never lowers them, whatever runs
 * concurrently); used when a service is recorded at a reading the vehicle has not reported yet.
 */
export async function raiseReadings(ctx: TruckingContext, vehicleId: mongoose.Types.ObjectId, readings: { odometer: number; engineHours: number }): Promise<void> {
  await ctx.models.Vehicle.updateOne({ _id: vehicleId, ...tenantScope(ctx.tenant) }, { $max: readings });
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
