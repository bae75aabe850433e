import { z } from 'zod';
import { paginate, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { RETIRED, requireRetirable, retirementChange, retirementGuard, retireRecord, statusFilter } from '../common/retirement';
import { type TruckingContext } from '../models';
import { duplicateUnitNumber, modelYear, name, plate, unitNumber, unitStatus, vin } from '../vehicles/fleet-inputs';
import { FLEET_FEATURE } from '../vehicles/vehicles.service';
import { TRAILER_TYPES, type TrailerDocument } from './trailers.model';

const trailerType = z.enum(TRAILER_TYPES);
const lengthFeet = z.number().int().min(8).max(65);

const createTrailerInput = z.object({
  unitNumber,
  vin,
  type: trailerType,
  make: name,
  model: name,
  year: modelYear,
  plate: plate.nullish(),
  lengthFeet: lengthFeet.nullish(),
  status: unitStatus.nullish(),
});

const updateTrailerInput = z
  .object({
    unitNumber: unitNumber.optional(),
    type: trailerType.optional(),
    make: name.optional(),
    model: name.optional(),
    year: modelYear.optional(),
    plate: plate.nullable().optional(),
    lengthFeet: lengthFeet.nullable().optional(),
    status: unitStatus.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const trailerFilter = z.object({ status: unitStatus.nullish(), type: trailerType.nullish(), includeRetired: z.boolean().nullish() }).nullish();

export type TrailerFilter = z.input<typeof trailerFilter>;

/** The tenant's trailers, newest first, optionally of one status and/or type; retired ones only when asked. */
export async function listTrailers(ctx: TruckingContext, args: ConnectionArgs & { filter?: TrailerFilter }): Promise<Connection<Lean<TrailerDocument>>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:read');
  const filter = trailerFilter.parse(args.filter);
  return paginate(ctx.models.Trailer, ctx.tenant, { ...statusFilter(filter?.status, filter?.includeRetired), ...(filter?.type && { type: filter.type }) }, args);
}

export async function getTrailer(ctx: TruckingContext, id: unknown): Promise<Lean<TrailerDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:read');
  return loadTrailer(ctx, id);
}

/** A trailer by client id through the request's loader (no access check); `NOT_FOUND` when missing or another tenant's. */
export const loadTrailer = (ctx: TruckingContext, id: unknown, field = 'id'): Promise<Lean<TrailerDocument>> => loadOwned(ctx, ctx.models.Trailer, id, 'Trailer', field);

export async function createTrailer(ctx: TruckingContext, raw: unknown): Promise<Lean<TrailerDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  const input = createTrailerInput.parse(raw);
  return createOwned(
    ctx,
    ctx.models.Trailer,
    { ...input, plate: input.plate ?? null, lengthFeet: input.lengthFeet ?? null, status: input.status ?? 'active' },
    { what: 'Trailer', duplicate: () => duplicateUnitNumber(input.unitNumber, 'trailer') },
  );
}

export async function updateTrailer(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Lean<TrailerDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  const _id = parseId(id);
  const input = updateTrailerInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Trailer, _id, 'Trailer');
  const retiring = input.status === RETIRED && before.status !== RETIRED;
  if (retiring) await requireRetirable(ctx, 'trailer', before);
  return updateOwned(
    ctx,
    ctx.models.Trailer,
    before,
    { $set: { ...input, ...retirementChange(ctx, before, input.status) } },
    {
      what: 'Trailer',
      ...(retiring && { guard: retirementGuard(before) }),
      changed: 'The trailer was changed by another request; try again.',
      duplicate: () => duplicateUnitNumber(input.unitNumber, 'trailer'),
    },
  );
}

/** Retires a trailer (see retireVehicle): CONFLICT RETIRE_BLOCKED while it is on an open load. */
export async function retireTrailer(ctx: TruckingContext, id: unknown, rawReason: unknown): Promise<Lean<TrailerDocument>> {
  requireAccess(ctx.tenant, FLEET_FEATURE, 'vehicles:write');
  return retireRecord(ctx, 'trailer', ctx.models.Trailer, id, rawReason);
}
