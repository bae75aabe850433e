import mongoose from 'mongoose';
import { z } from 'zod';
import {
  badInput,
  conflict,
  isDuplicateKey,
  notFound,
  paginate,
  parseId,
  requireFeature,
  tenantScope,
  type Connection,
  type ConnectionArgs,
  type Lean,
  singleLine,
} from '@attunelogic/shared';
import { type TruckingContext } from '../models';
import { VEHICLE_STATUSES, type VehicleDocument } from './vehicles.model';

/** The tenant flag that switches the fleet on and off. */
export const FLEET_FEATURE = 'fleetManagement';

const requireFleet = (ctx: TruckingContext): void => requireFeature(ctx.tenant, 'trucking', FLEET_FEATURE);

// ISO 3779 / 49 CFR 565: letters I, O and Q are never used; position 9 is a check digit over the rest.
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const VIN_LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

/**
 * The check digit ('0'-'9' or 'X') a 17-character VIN must carry at position 9; the character at
 * position 9 of `vin` itself is ignored (its weight is 0).
 */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin.charAt(i);
    const value = /\d/.test(char) ? Number(char) : VIN_LETTER_VALUES[char];
    if (value === undefined) throw new RangeError(`not a VIN character: ${char}`);
    sum += value * VIN_WEIGHTS[i]!;
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** True for 17 allowed characters whose check digit matches. */
export const isValidVin = (vin: string): boolean => VIN_PATTERN.test(vin) && vin.charAt(8) === vinCheckDigit(vin);

const vin = z
  .string()
  .trim()
  .toUpperCase()
  .regex(VIN_PATTERN, 'A VIN has 17 characters: digits and letters except I, O and Q.')
  .refine(isValidVin, 'The VIN check digit (9th character) does not match: is a character mistyped?');
const unitNumber = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'Letters, digits, space and . _ / - only.');
const name = singleLine(60);
// Checked when parsed, not when the module loads, so a long-running process accepts next year's models.
const year = z
  .number()
  .int()
  .min(1950)
  .refine((value) => value <= new Date().getUTCFullYear() + 2, 'The model year is too far in the future.');
const plate = z.string().trim().min(1).max(15);
const odometer = z.number().int().min(0).max(10_000_000);
const engineHours = z.number().min(0).max(1_000_000);
const status = z.enum(VEHICLE_STATUSES);

const createVehicleInput = z.object({
  unitNumber,
  vin,
  make: name,
  model: name,
  year,
  plate: plate.nullish(),
  status: status.nullish(),
  odometer: odometer.nullish(),
  engineHours: engineHours.nullish(),
});

// Omitted fields stay as they are; null is refused except for the plate, where it removes it.
const updateVehicleInput = z
  .object({
    unitNumber: unitNumber.optional(),
    make: name.optional(),
    model: name.optional(),
    year: year.optional(),
    plate: plate.nullable().optional(),
    status: status.optional(),
    odometer: odometer.optional(),
    engineHours: engineHours.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const vehicleFilter = z.object({ status: status.nullish() }).nullish();

export type CreateVehicleInput = z.input<typeof createVehicleInput>;
export type UpdateVehicleInput = z.input<typeof updateVehicleInput>;
export type VehicleFilter = z.input<typeof vehicleFilter>;

/** The tenant's vehicles, newest first, optionally of one status. */
export async function listVehicles(
  ctx: TruckingContext,
  args: ConnectionArgs & { filter?: VehicleFilter },
): Promise<Connection<Lean<VehicleDocument>>> {
  requireFleet(ctx);
  const filter = vehicleFilter.parse(args.filter);
  return paginate(ctx.models.Vehicle, ctx.tenant, filter?.status ? { status: filter.status } : {}, args);
}

/** One of the tenant's vehicles; `NOT_FOUND` when missing or another tenant's. */
export async function getVehicle(ctx: TruckingContext, id: unknown): Promise<Lean<VehicleDocument>> {
  requireFleet(ctx);
  const key = parseId(id).toHexString();
  const vehicle = await ctx.loaders.byId(ctx.models.Vehicle).load(key);
  if (!vehicle) throw notFound('Vehicle', key);
  return vehicle;
}

/** Adds a vehicle to the tenant's fleet; a unit number the tenant already uses is `CONFLICT`. */
export async function createVehicle(ctx: TruckingContext, raw: unknown): Promise<Lean<VehicleDocument>> {
  requireFleet(ctx);
  const input = createVehicleInput.parse(raw);
  let vehicle: Lean<VehicleDocument>;
  try {
    const created = await ctx.models.Vehicle.create({
      ...tenantScope(ctx.tenant),
      unitNumber: input.unitNumber,
      vin: input.vin,
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
    throw duplicateUnitNumber(error, input.unitNumber);
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
  requireFleet(ctx);
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
    throw duplicateUnitNumber(error, input.unitNumber);
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

function duplicateUnitNumber(error: unknown, unitNumber: string | undefined): unknown {
  if (!isDuplicateKey(error)) return error;
  return conflict(`The unit number "${unitNumber}" is already used by another vehicle.`, { field: 'unitNumber' });
}
