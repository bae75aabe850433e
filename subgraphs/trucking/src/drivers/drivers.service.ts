import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, type Connection, type ConnectionArgs, type Lean, type TenantContext, requireTenantUser } from '@attunelogic/shared';
import { conflict } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { RETIRED, requireRetirable, retirementChange, retirementGuard, retireRecord, statusFilter } from '../common/retirement';
import { calendarDate, objectId } from '../common/inputs';
import { type TruckingContext } from '../models';
import { loadVehicle } from '../vehicles/vehicles.service';
import { DRIVER_STATUSES, LICENSE_CLASSES, type DriverDocument } from './drivers.model';

/** The tenant flag that switches driver management on and off. */
export const DRIVERS_FEATURE = 'driverManagement';

const DAY = 86_400_000;

const licenseNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{4,20}$/, 'Letters, digits and - only, 4 to 20 characters.');
const licenseState = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'A two-letter state code.');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{6,19}$/, 'A phone number: digits, spaces and ( ) . - only.');
const status = z.enum(DRIVER_STATUSES);

const createDriverInput = z.object({
  userId: objectId,
  licenseNumber,
  licenseClass: z.enum(LICENSE_CLASSES),
  licenseState,
  licenseExpiresOn: calendarDate,
  status: status.nullish(),
  phone: phone.nullish(),
  currentVehicleId: objectId.nullish(),
});

const updateDriverInput = z
  .object({
    licenseNumber: licenseNumber.optional(),
    licenseClass: z.enum(LICENSE_CLASSES).optional(),
    licenseState: licenseState.optional(),
    licenseExpiresOn: calendarDate.optional(),
    status: status.optional(),
    phone: phone.nullable().optional(),
    currentVehicleId: objectId.nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change.');

const driverFilter = z.object({ status: status.nullish(), licenseExpiresBefore: calendarDate.nullish(), includeRetired: z.boolean().nullish() }).nullish();

export type DriverFilter = z.input<typeof driverFilter>;

/** A license is valid through its expiry date (UTC) and expired from the next midnight on. */
export const licenseExpired = (driver: Pick<DriverDocument, 'licenseExpiresOn'>, at: Date): boolean => at.getTime() >= driver.licenseExpiresOn.getTime() + DAY;

/** The tenant's drivers, newest first, optionally of one status or with a license expiring before a date; retired ones only when asked. */
export async function listDrivers(ctx: TruckingContext, args: ConnectionArgs & { filter?: DriverFilter }): Promise<Connection<Lean<DriverDocument>>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:read');
  const filter = driverFilter.parse(args.filter);
  return paginate(
    ctx.models.Driver,
    ctx.tenant,
    {
      ...statusFilter(filter?.status, filter?.includeRetired),
      ...(filter?.licenseExpiresBefore && { licenseExpiresOn: mongoose.trusted({ $lt: filter.licenseExpiresBefore }) }),
    },
    args,
  );
}

export async function getDriver(ctx: TruckingContext, id: unknown): Promise<Lean<DriverDocument>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:read');
  return loadDriver(ctx, id);
}

/** A driver by client id through the request's loader (no access check); `NOT_FOUND` when missing or another tenant's. */
export const loadDriver = (ctx: TruckingContext, id: unknown, field = 'id'): Promise<Lean<DriverDocument>> => loadOwned(ctx, ctx.models.Driver, id, 'Driver', field);

/** The per-request loader of driver profiles by core user id, one query per batch, tenant-scoped. */
export function driversByUser(ctx: TruckingContext) {
  return ctx.loaders.custom<string, Lean<DriverDocument> | null>('DriverByUser', async (tenant: TenantContext, userIds) => {
    const valid = userIds.filter((id) => mongoose.isObjectIdOrHexString(id)).map((id) => new mongoose.Types.ObjectId(id));
    const docs = valid.length ? await ctx.models.Driver.find({ ...tenantScope(tenant), userId: mongoose.trusted({ $in: valid }) }).lean<Lean<DriverDocument>[]>() : [];
    const byUser = new Map(docs.map((doc) => [doc.userId.toHexString(), doc]));
    return userIds.map((id) => byUser.get(id) ?? null);
  });
}

/** `User.driverProfile`: the driver profile of a core user of the tenant, or null. */
export async function driverProfileOf(ctx: TruckingContext, userId: string): Promise<Lean<DriverDocument> | null> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:read');
  const driver = await driversByUser(ctx).load(userId);
  if (driver) ctx.loaders.byId(ctx.models.Driver).prime(driver._id.toHexString(), driver);
  return driver;
}

/**
 * Creates the driver profile of a core user: one of this tenant's users with the driver role
 * (checked on core's users, read-only; another tenant's user is NOT_FOUND). A uniqueness index keeps
 * one profile per user id and one per license within the tenant.
 */
export async function createDriver(ctx: TruckingContext, raw: unknown): Promise<Lean<DriverDocument>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:write');
  const input = createDriverInput.parse(raw);
  if (input.currentVehicleId) await loadVehicle(ctx, input.currentVehicleId.toHexString(), 'currentVehicleId');
  await requireTenantUser(ctx.models.CoreUser, ctx.tenant, input.userId, 'driver');
  return createOwned(
    ctx,
    ctx.models.Driver,
    {
      userId: input.userId,
      licenseNumber: input.licenseNumber,
      licenseClass: input.licenseClass,
      licenseState: input.licenseState,
      licenseExpiresOn: input.licenseExpiresOn,
      status: input.status ?? 'active',
      phone: input.phone ?? null,
      currentVehicle: input.currentVehicleId ?? null,
    },
    { what: 'Driver', duplicate: duplicateDriver },
  );
}

export async function updateDriver(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Lean<DriverDocument>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:write');
  const _id = parseId(id);
  const input = updateDriverInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Driver, _id, 'Driver');
  if (input.currentVehicleId) await loadVehicle(ctx, input.currentVehicleId.toHexString(), 'currentVehicleId');
  const { currentVehicleId, ...fields } = input;
  const retiring = input.status === RETIRED && before.status !== RETIRED;
  if (retiring) await requireRetirable(ctx, 'driver', before);
  const set = { ...fields, ...(currentVehicleId !== undefined && { currentVehicle: currentVehicleId }), ...retirementChange(ctx, before, input.status) };
  return updateOwned(ctx, ctx.models.Driver, before, { $set: set }, { what: 'Driver', duplicate: duplicateDriver, ...(retiring && { guard: retirementGuard(before) }) });
}

/**
 * Retires a driver who left the company: the profile stays for the loads and positions that name
 * it, is hidden from the list unless asked, and cannot be assigned; their device's pings are refused.
 * CONFLICT RETIRE_BLOCKED while the driver is on an open load. No usual vehicle is kept.
 */
export async function retireDriver(ctx: TruckingContext, id: unknown, rawReason: unknown): Promise<Lean<DriverDocument>> {
  requireAccess(ctx.tenant, DRIVERS_FEATURE, 'drivers:write');
  return retireRecord(ctx, 'driver', ctx.models.Driver, id, rawReason, { currentVehicle: null });
}

/** What a unique-index refusal of a driver profile becomes. */
function duplicateDriver(): Error {
  return conflict('This user already has a driver profile, or another driver holds this license (state and number).');
}
