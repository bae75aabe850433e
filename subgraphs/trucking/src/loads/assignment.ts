// assignLoad, and the claims that keep "one active load per driver, per vehicle, per trailer" true
// without transactions.
//
// Each driver, vehicle and trailer document carries `activeLoad`: the load it is on, or null. A
// load claims a resource with one guarded update (`activeLoad` is null or already this load), which
// the database applies atomically, so two concurrent assignments of one driver cannot both succeed.
// Only then is the load itself updated, guarded on the status and assignment that were read. A
// failure after a claim gives back what this call took. Delivered and cancelled loads release their
// claims; a claim left behind by a crash between two writes is recognised as stale (its load is not
// active on that resource any more) and taken over, so nothing stays blocked. A claim by a load that
// is merely not assigned *yet* may belong to an assignment in progress (claims come before the load
// update): it counts as stale only once it is older than CLAIM_GRACE_MS.
//
// A driver may hold up to the tenant's `dispatch.maxLoadsPerDriver` loads (default 1): the driver's
// claim is the list `activeLoads`, grown by one guarded update that only matches while the list is
// shorter than the max (claimDriver); `activeLoad` mirrors the latest for what reads one load.
import mongoose, { type Model } from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { conflict } from '@attunelogic/shared/errors';
import { buildEvents, publishEventsOf, withEvents, withoutMarker, type StoredEvent } from '@attunelogic/shared/events';
import { parseId, parseOptionalId, tenantScope } from '@attunelogic/shared/mongo';
import { requireAccess } from '../common/access';
import { type DriverDocument } from '../drivers/drivers.model';
import { licenseExpired, loadDriver } from '../drivers/drivers.service';
import { requireHoursFor } from '../hours/hours.service';
import { overdueCriticalMaintenance } from '../maintenance/maintenance.service';
import { type TruckingContext } from '../models';
import { settingsFor } from '../settings';
import { type TrailerDocument } from '../trailers/trailers.model';
import { loadTrailer } from '../trailers/trailers.service';
import { type VehicleDocument } from '../vehicles/vehicles.model';
import { loadVehicle } from '../vehicles/vehicles.service';
import { loadAssignees } from './assignees';
import { ACTIVE_LOAD_STATUSES, type LoadDocument, type LoadStatus } from './loads.model';
import { LOADS_FEATURE, loadLoad, type Load } from './loads.service';

/** How long a claim by a load not (yet) assigned to the resource is presumed to be an assignment in progress. */
export const CLAIM_GRACE_MS = 60_000;
const TERMINAL: readonly LoadStatus[] = ['delivered', 'invoiced', 'cancelled'];

/** A load can be assigned when tendered, and reassigned (another driver, vehicle or trailer) when assigned. */
const ASSIGNABLE: readonly LoadStatus[] = ['tendered', 'assigned'];

type Resource = 'driver' | 'vehicle' | 'trailer';
interface Claimable {
  _id: mongoose.Types.ObjectId;
  status: string;
  activeLoad: mongoose.Types.ObjectId | null;
  /** When `activeLoad` was claimed (real time, not the tenant clock: it times an operation in flight). */
  activeLoadClaimedAt?: Date | null;
}

const LABEL: Record<Resource, string> = { driver: 'The driver', vehicle: 'The vehicle', trailer: 'The trailer' };

function modelOf(ctx: TruckingContext, resource: Resource): Model<Claimable> {
  const models = { driver: ctx.models.Driver, vehicle: ctx.models.Vehicle, trailer: ctx.models.Trailer };
  return models[resource] as unknown as Model<Claimable>;
}

/**
 * Assigns a tendered load to a driver, a vehicle and optionally a trailer (or changes them on an
 * assigned load). Refused with CONFLICT when the driver is not active or their license is expired
 * (or expires before the load's last window), when the vehicle or trailer is not active, when the
 * vehicle has overdue critical maintenance (unless the tenant's settings allow it), or when any of
 * them is on another active load; HOURS_EXCEEDED when the load's planned driving exceeds the driver's
 * hours of service left (as the tenant's `dispatch.hoursOfService` says: enforce, warn or off).
 */
export async function assignLoad(ctx: TruckingContext, args: { id: unknown; driverId: unknown; vehicleId: unknown; trailerId?: unknown }): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:assign');
  const ids = {
    load: parseId(args.id),
    driver: parseId(args.driverId, 'driverId'),
    vehicle: parseId(args.vehicleId, 'vehicleId'),
    trailer: parseOptionalId(args.trailerId, 'trailerId'),
  };
  const [load, driver, vehicle, trailer] = await Promise.all([
    loadLoad(ctx, ids.load.toHexString()),
    loadDriver(ctx, ids.driver.toHexString(), 'driverId'),
    loadVehicle(ctx, ids.vehicle.toHexString(), 'vehicleId'),
    ids.trailer ? loadTrailer(ctx, ids.trailer.toHexString(), 'trailerId') : Promise.resolve(null),
  ]);
  await checkAssignable(ctx, load, driver, vehicle, trailer);
  const key = load._id.toHexString();
  const unchanged =
    load.status === 'assigned' &&
    load.driver?.equals(driver._id) &&
    load.vehicle?.equals(vehicle._id) &&
    (load.trailer?.toHexString() ?? null) === (trailer?._id.toHexString() ?? null);
  if (unchanged) {
    // A retried request: already so. Nothing to write, no second history entry.
    ctx.audit.record('Load', key, { ...load }, { ...load });
    return load;
  }

  const wanted: [Resource, Claimable][] = [
    ['driver', driver],
    ['vehicle', vehicle],
  ];
  if (trailer) wanted.push(['trailer', trailer]);
  const taken: [Resource, mongoose.Types.ObjectId][] = [];
  let updated: Load | null;
  let events: StoredEvent[];
  try {
    for (const [resource, doc] of wanted) {
      if (await claim(ctx, resource, doc, load._id)) taken.push([resource, doc._id]);
    }
    const change = { status: 'assigned' as const, at: ctx.clock.now(), by: new mongoose.Types.ObjectId(ctx.tenant.userId) };
    const assigned = { driverId: driver._id.toHexString(), vehicleId: vehicle._id.toHexString(), trailerId: trailer?._id.toHexString() ?? null };
    // The driver given the load, and on a reassignment the one it was taken from.
    const assignees = [...new Set([driver.userId.toHexString(), ...(await loadAssignees(ctx, load.driver))])];
    events = buildEvents(
      ctx.tenant.tenantId,
      { type: 'Load', id: key },
      [
        { type: 'load.assigned', payload: { referenceNumber: load.referenceNumber, ...assigned }, assignees },
        ...(load.status === 'assigned'
          ? []
          : [{ type: 'load.status_changed' as const, payload: { referenceNumber: load.referenceNumber, from: load.status, to: 'assigned' }, assignees }]),
      ],
      change.at,
    );
    updated = await ctx.models.Load.findOneAndUpdate(
      { _id: load._id, ...tenantScope(ctx.tenant), status: load.status, driver: load.driver, vehicle: load.vehicle, trailer: load.trailer },
      withEvents({ $set: { status: 'assigned', driver: driver._id, vehicle: vehicle._id, trailer: trailer?._id ?? null }, $push: { statusHistory: change } }, events),
      { returnDocument: 'after' },
    ).lean<Load>();
    if (!updated) throw conflict('The load was changed by another request meanwhile; read it again.');
    withoutMarker(updated);
  } catch (error) {
    await Promise.all(taken.map(([resource, id]) => release(ctx, resource, id, load._id)));
    throw error;
  }
  await publishEventsOf(ctx.models.Load, load._id, events);
  // A reassignment frees what the load held and holds no more.
  await releaseClaims(ctx, load, updated);

  ctx.loaders.byId(ctx.models.Load).clear(key).prime(key, updated);
  ctx.audit.record('Load', key, { ...load }, { ...updated });
  return updated;
}

async function checkAssignable(
  ctx: TruckingContext,
  load: Load,
  driver: Lean<DriverDocument>,
  vehicle: Lean<VehicleDocument>,
  trailer: Lean<TrailerDocument> | null,
): Promise<void> {
  if (!ASSIGNABLE.includes(load.status)) {
    throw conflict(`A ${load.status} load cannot be assigned: only tendered (or already assigned) loads can.`, { reason: 'LOAD_NOT_ASSIGNABLE' });
  }
  const at = ctx.clock.now();
  if (driver.status !== 'active') throw conflict(`The driver is ${driver.status}.`, { reason: 'DRIVER_NOT_ACTIVE' });
  const expiry = driver.licenseExpiresOn.toISOString().slice(0, 10);
  if (licenseExpired(driver, at)) throw conflict(`The driver's license expired on ${expiry}.`, { reason: 'LICENSE_EXPIRED' });
  if (licenseExpired(driver, load.deliverBy)) {
    throw conflict(`The driver's license expires on ${expiry}, before the load's last stop window closes.`, { reason: 'LICENSE_EXPIRES_BEFORE_DELIVERY' });
  }
  if (vehicle.status !== 'active') throw conflict(`The vehicle is ${vehicle.status}.`, { reason: 'VEHICLE_NOT_ACTIVE' });
  if (trailer && trailer.status !== 'active') throw conflict(`The trailer is ${trailer.status}.`, { reason: 'TRAILER_NOT_ACTIVE' });
  if (settingsFor(ctx.tenant).blockAssignmentWhenOverdueCritical) {
    const overdue = await overdueCriticalMaintenance(ctx, vehicle, at);
    if (overdue.length > 0) {
      throw conflict(`The vehicle has overdue critical maintenance: ${overdue.map((item) => item.schedule.name).join(', ')}.`, {
        reason: 'MAINTENANCE_OVERDUE',
      });
    }
  }
  await requireHoursFor(ctx, load, driver);
}

/**
 * Claims a resource for a load; true when this call took it (false when the load already held it).
 * CONFLICT when another active load holds it.
 */
async function claim(ctx: TruckingContext, resource: Resource, doc: Claimable, loadId: mongoose.Types.ObjectId): Promise<boolean> {
  if (resource === 'driver') return claimDriver(ctx, doc._id, loadId);
  const Model = modelOf(ctx, resource);
  const scope = { _id: doc._id, ...tenantScope(ctx.tenant) };
  ctx.loaders.byId(Model).clear(doc._id.toHexString());
  const claimed = { activeLoad: loadId, activeLoadClaimedAt: new Date() };
  // Only an active resource is claimed: one retired (or set aside) since it was checked stays out.
  const before = await Model.findOneAndUpdate(
    { ...scope, status: 'active', activeLoad: mongoose.trusted({ $in: [null, loadId] }) },
    { $set: claimed },
    { returnDocument: 'before', timestamps: false },
  ).lean<Claimable>();
  if (before) return !before.activeLoad?.equals(loadId);

  const current = await Model.findOne(scope).lean<Claimable>();
  if (current && current.status !== 'active') throw conflict(`${LABEL[resource]} is ${current.status}.`, { reason: `${resource.toUpperCase()}_NOT_ACTIVE` });
  const holderId = current?.activeLoad ?? null;
  const unavailable = { reason: `${resource.toUpperCase()}_UNAVAILABLE` };
  if (holderId) {
    const holder = await ctx.models.Load.findOne({ _id: holderId, ...tenantScope(ctx.tenant) }).lean<Load>();
    if (holder && isActiveOn(holder, resource, doc._id)) {
      throw conflict(`${LABEL[resource]} is already on load ${holder.referenceNumber} (${holder.status}).`, { ...unavailable, loadId: holder._id.toHexString() });
    }
    const claimedAt = current?.activeLoadClaimedAt?.getTime() ?? 0;
    const stale = !holder || TERMINAL.includes(holder.status) || claimedAt < Date.now() - CLAIM_GRACE_MS;
    if (!stale)
      throw conflict(`${LABEL[resource]} is being assigned to load ${holder.referenceNumber} by another request.`, { ...unavailable, loadId: holder._id.toHexString() });
    // A stale claim: its load is gone, finished or never got it. Take it over, guarded on it.
    const takenOver = await Model.updateOne({ ...scope, status: 'active', activeLoad: holderId }, { $set: claimed }, { timestamps: false });
    if (takenOver.modifiedCount === 1) return true;
  }
  throw conflict(`${LABEL[resource]} was just claimed by another request; read it again.`, unavailable);
}

/**
 * Claims one of the driver's load slots: the load joins the driver's `activeLoads` in one guarded
 * update, only while the list is shorter than the tenant's `dispatch.maxLoadsPerDriver` (it has no
 * element at index max − 1), so concurrent assignments never put a driver on more loads than that.
 * When the slots are full, those held by loads that do not hold the driver any more (finished, gone,
 * or a claim left behind past CLAIM_GRACE_MS) are freed and the claim is tried again. True when this
 * call took a slot, false when the load already held one. CONFLICT DRIVER_UNAVAILABLE when the max
 * is 1 (as before: the driver is on another load), MAX_LOADS_PER_DRIVER when it is more.
 */
async function claimDriver(ctx: TruckingContext, driverId: mongoose.Types.ObjectId, loadId: mongoose.Types.ObjectId): Promise<boolean> {
  const { Driver } = ctx.models;
  const max = settingsFor(ctx.tenant).maxLoadsPerDriver;
  const scope = { _id: driverId, ...tenantScope(ctx.tenant) };
  ctx.loaders.byId(Driver).clear(driverId.toHexString());
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await Driver.updateOne(
      {
        ...scope,
        status: 'active',
        activeLoads: mongoose.trusted({ $exists: true, $ne: loadId }),
        [`activeLoads.${max - 1}`]: mongoose.trusted({ $exists: false }),
      },
      { $push: { activeLoads: loadId }, $set: { activeLoad: loadId, activeLoadClaimedAt: new Date() } },
      { timestamps: false },
    );
    if (taken.modifiedCount === 1) return true;

    const current = await Driver.findOne(scope).lean<Lean<DriverDocument>>();
    if (!current) break;
    if (current.status !== 'active') throw conflict(`The driver is ${current.status}.`, { reason: 'DRIVER_NOT_ACTIVE' });
    if (!current.activeLoads) {
      // Stored before drivers had slots: its one claim becomes its first slot.
      await Driver.updateOne(
        { ...scope, activeLoads: mongoose.trusted({ $exists: false }), activeLoad: current.activeLoad },
        { $set: { activeLoads: current.activeLoad ? [current.activeLoad] : [] } },
        { timestamps: false },
      );
      continue;
    }
    const held = current.activeLoads;
    if (held.some((id) => id.equals(loadId))) return false;
    const holders = await ctx.models.Load.find({ ...tenantScope(ctx.tenant), _id: mongoose.trusted({ $in: held }) }).lean<Load[]>();
    const holderOf = new Map(holders.map((holder) => [holder._id.toHexString(), holder]));
    const claimedAt = current.activeLoadClaimedAt?.getTime() ?? 0;
    const stale = held.filter((id) => {
      const holder = holderOf.get(id.toHexString());
      return !holder || TERMINAL.includes(holder.status) || (!isActiveOn(holder, 'driver', driverId) && claimedAt < Date.now() - CLAIM_GRACE_MS);
    });
    if (stale.length === 0) throw driverFull(held, holderOf, driverId, max);
    await Driver.updateOne({ ...scope }, { $pull: { activeLoads: mongoose.trusted({ $in: stale }) } }, { timestamps: false });
    await Driver.updateOne({ ...scope, activeLoad: mongoose.trusted({ $in: stale }) }, { $set: { activeLoad: null } }, { timestamps: false });
  }
  throw conflict('The driver was just claimed by another request; read it again.', { reason: 'DRIVER_UNAVAILABLE' });
}

/** Why a driver whose slots are all held by live loads cannot take another. */
function driverFull(held: mongoose.Types.ObjectId[], holderOf: Map<string, Load>, driverId: mongoose.Types.ObjectId, max: number): Error {
  const loads = held.map((id) => holderOf.get(id.toHexString())!);
  if (max === 1) {
    const holder = loads[0]!;
    const unavailable = { reason: 'DRIVER_UNAVAILABLE', loadId: holder._id.toHexString() };
    return isActiveOn(holder, 'driver', driverId)
      ? conflict(`The driver is already on load ${holder.referenceNumber} (${holder.status}).`, unavailable)
      : conflict(`The driver is being assigned to load ${holder.referenceNumber} by another request.`, unavailable);
  }
  return conflict(
    `The driver already has ${loads.length} active loads (${loads.map((load) => load.referenceNumber).join(', ')}): the most this company allows per driver is ${max} (dispatch.maxLoadsPerDriver).`,
    { reason: 'MAX_LOADS_PER_DRIVER', max, loads: loads.map((load) => ({ id: load._id.toHexString(), referenceNumber: load.referenceNumber, status: load.status })) },
  );
}

const isActiveOn = (load: Pick<LoadDocument, 'status' | Resource>, resource: Resource, id: mongoose.Types.ObjectId): boolean =>
  (ACTIVE_LOAD_STATUSES as readonly LoadStatus[]).includes(load.status) && (load[resource]?.equals(id) ?? false);

/** Gives a resource back, if (and only if) this load still holds it. */
async function release(ctx: TruckingContext, resource: Resource, id: mongoose.Types.ObjectId, loadId: mongoose.Types.ObjectId): Promise<void> {
  const Model = modelOf(ctx, resource);
  if (resource === 'driver') {
    await ctx.models.Driver.updateOne({ _id: id, ...tenantScope(ctx.tenant), activeLoads: loadId }, { $pull: { activeLoads: loadId } }, { timestamps: false });
  }
  await Model.updateOne({ _id: id, ...tenantScope(ctx.tenant), activeLoad: loadId }, { $set: { activeLoad: null } }, { timestamps: false });
  ctx.loaders.byId(Model).clear(id.toHexString());
}

/**
 * Releases what `load` holds: everything when it is no longer active, or (after a reassignment) what
 * `now` no longer uses.
 */
export async function releaseClaims(ctx: TruckingContext, load: Load, current: Load = load): Promise<void> {
  const stillActive = (ACTIVE_LOAD_STATUSES as readonly LoadStatus[]).includes(current.status);
  await Promise.all(
    (['driver', 'vehicle', 'trailer'] as const).map((resource) => {
      const held = load[resource];
      if (!held || (stillActive && current[resource]?.equals(held))) return Promise.resolve();
      return release(ctx, resource, held, load._id);
    }),
  );
}
