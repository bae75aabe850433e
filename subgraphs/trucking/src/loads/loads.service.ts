import mongoose from 'mongoose';
import { z } from 'zod';
import { listProjection, paginate, type Connection, type ConnectionArgs, type Lean, singleLine, type SelectionInfo } from '@attunelogic/shared';
import { badInput, conflict, forbidden, notFound } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { address, coordinates, instant, objectId, timeWindow } from '../common/inputs';
import { driversByUser } from '../drivers/drivers.service';
import { type TruckingContext } from '../models';
import { loadAssignees } from './assignees';
import { releaseClaims } from './assignment';
import { ACTIVE_LOAD_STATUSES, LOAD_STATUSES, STOP_TYPES, type LoadDocument, type LoadStatus } from './loads.model';

/** The tenant flag that switches loads on and off. */
export const LOADS_FEATURE = 'loadTracking';
/** A load has at most this many stops. */
export const MAX_STOPS_PER_LOAD = 25;
/** A device or a person may record an event a little ahead of the server's clock, not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type Load = Lean<LoadDocument>;

/**
 * The lifecycle in one place: where a load may go from each status. `assigned` is reached only
 * through assignLoad (which checks and claims driver and vehicle); `cancelled` from any status
 * before delivery.
 */
export const LOAD_TRANSITIONS: Readonly<Record<LoadStatus, readonly LoadStatus[]>> = {
  draft: ['tendered', 'cancelled'],
  tendered: ['assigned', 'cancelled'],
  assigned: ['in_transit', 'cancelled'],
  in_transit: ['delivered', 'cancelled'],
  delivered: ['invoiced'],
  invoiced: [],
  cancelled: [],
};

/** What a driver (acting only as driver) may do to their own load. */
const DRIVER_TRANSITIONS: readonly LoadStatus[] = ['in_transit', 'delivered'];

const loadStatus = z.enum(LOAD_STATUSES);
const stopInput = z.object({
  type: z.enum(STOP_TYPES),
  name: singleLine(120).nullish(),
  address,
  location: coordinates,
  window: timeWindow,
  pickupIndex: z.number().int().min(0).nullish(),
  notes: z.string().trim().max(1_000).nullish(),
});

const createLoadInput = z
  .object({
    referenceNumber: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/#-]*$/, 'Letters, digits, space and . _ / # - only.'),
    customerReference: z.string().trim().min(1).max(120),
    commodity: z.string().trim().min(1).max(120).nullish(),
    weightLbs: z.number().int().min(1).max(200_000),
    rateCents: z.number().int().min(0).max(100_000_000),
    stops: z.array(stopInput).min(2).max(MAX_STOPS_PER_LOAD),
    tender: z.boolean().nullish(),
  })
  .superRefine((input, issues) => {
    const types = input.stops.map((s) => s.type);
    if (!types.includes('pickup')) issues.addIssue({ code: 'custom', path: ['stops'], message: 'A load needs at least one pickup.' });
    if (!types.includes('delivery')) issues.addIssue({ code: 'custom', path: ['stops'], message: 'A load needs at least one delivery.' });
    const lastPickup = types.lastIndexOf('pickup');
    input.stops.forEach((stop, i) => {
      const path = ['stops', i, 'pickupIndex'];
      if (stop.pickupIndex === undefined || stop.pickupIndex === null) {
        // A delivery without its pickup named carries freight from every pickup.
        if (stop.type === 'delivery' && i < lastPickup)
          issues.addIssue({ code: 'custom', path, message: 'A delivery comes after the pickups it delivers from; name its pickup with pickupIndex.' });
        return;
      }
      if (stop.type === 'pickup') issues.addIssue({ code: 'custom', path, message: 'Only a delivery names a pickup.' });
      else if (stop.pickupIndex >= i || types[stop.pickupIndex] !== 'pickup')
        issues.addIssue({ code: 'custom', path, message: 'pickupIndex names a pickup listed before this delivery.' });
    });
  });

const loadFilter = z
  .object({
    status: z.array(loadStatus).max(LOAD_STATUSES.length).nullish(),
    driverId: objectId.nullish(),
    vehicleId: objectId.nullish(),
    scheduledFrom: instant.nullish(),
    scheduledTo: instant.nullish(),
  })
  .nullish();

export type LoadFilter = z.input<typeof loadFilter>;

/**
 * The tenant's loads, newest first: of some statuses, of a driver or vehicle, and/or scheduled in a
 * date range (a load is in the range when its stops' windows overlap it).
 */
/** The large stored fields of a load, by the fields of `Load` that read them (eta and hoursCheck read the stops): left out of a list page that asks for none. */
const LOAD_LIST_HEAVY = { statusHistory: ['statusHistory'], stops: ['stops', 'eta', 'hoursCheck'] } as const;

export async function listLoads(ctx: TruckingContext, args: ConnectionArgs & { filter?: LoadFilter }, info?: SelectionInfo): Promise<Connection<Load>> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  const filter = loadFilter.parse(args.filter);
  return paginate(
    ctx.models.Load,
    ctx.tenant,
    {
      ...(filter?.status?.length && { status: mongoose.trusted({ $in: filter.status }) }),
      ...(filter?.driverId && { driver: filter.driverId }),
      ...(filter?.vehicleId && { vehicle: filter.vehicleId }),
      ...(filter?.scheduledTo && { pickupAt: mongoose.trusted({ $lte: filter.scheduledTo }) }),
      ...(filter?.scheduledFrom && { deliverBy: mongoose.trusted({ $gte: filter.scheduledFrom }) }),
    },
    args,
    { projection: listProjection(info, LOAD_LIST_HEAVY) },
  );
}

export async function getLoad(ctx: TruckingContext, id: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  return loadLoad(ctx, id);
}

/** A load by client id through the request's loader (no access check); `NOT_FOUND` when missing or another tenant's. */
export const loadLoad = (ctx: TruckingContext, id: unknown, field = 'id'): Promise<Load> => loadOwned(ctx, ctx.models.Load, id, 'Load', field);

/** The statuses a load may move to next through updateLoadStatus or assignLoad. */
export const nextStatuses = (load: Pick<LoadDocument, 'status'>): readonly LoadStatus[] => LOAD_TRANSITIONS[load.status];

/** The parties a load created from them names (parties/createLoadFromParty): its bill-to, and each stop's party and location. */
export interface LoadPartyRefs {
  billTo: mongoose.Types.ObjectId;
  stops: readonly { party: mongoose.Types.ObjectId; partyLocation: mongoose.Types.ObjectId }[];
}

/** Creates a load as a draft, or tendered when `tender` is true. */
export async function createLoad(ctx: TruckingContext, raw: unknown, parties?: LoadPartyRefs): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const input = createLoadInput.parse(raw);
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const stopIds = input.stops.map(() => new mongoose.Types.ObjectId());
  const stops = input.stops.map((stop, i) => ({
    _id: stopIds[i]!,
    type: stop.type,
    pickupStop: stop.type === 'delivery' && stop.pickupIndex !== null && stop.pickupIndex !== undefined ? stopIds[stop.pickupIndex]! : null,
    name: stop.name ?? null,
    address: { ...stop.address, line2: stop.address.line2 ?? null },
    latitude: stop.location.latitude,
    longitude: stop.location.longitude,
    windowStart: stop.window.start,
    windowEnd: stop.window.end,
    arrivedAt: null,
    departedAt: null,
    notes: stop.notes ?? null,
    ...parties?.stops[i],
  }));
  const status: LoadStatus = input.tender ? 'tendered' : 'draft';
  return createOwned(
    ctx,
    ctx.models.Load,
    {
      referenceNumber: input.referenceNumber,
      customerReference: input.customerReference,
      commodity: input.commodity ?? null,
      weightLbs: input.weightLbs,
      rateCents: input.rateCents,
      status,
      stops,
      pickupAt: new Date(Math.min(...stops.map((s) => s.windowStart.getTime()))),
      deliverBy: new Date(Math.max(...stops.map((s) => s.windowEnd.getTime()))),
      statusHistory: [{ status, at, by }],
      ...(parties && { billTo: parties.billTo }),
      createdBy: by,
    },
    {
      what: 'Load',
      events: [{ type: 'load.created', payload: { referenceNumber: input.referenceNumber, status } }],
      duplicate: () => conflict(`The reference number "${input.referenceNumber}" is already used by another load.`, { field: 'referenceNumber' }),
    },
  );
}

/**
 * Moves a load along its lifecycle with one guarded update (`status` must still be what was read),
 * so of two concurrent transitions from the same status exactly one wins; the other is `CONFLICT`.
 * Delivered and cancelled loads release their driver, vehicle and trailer.
 */
export async function updateLoadStatus(ctx: TruckingContext, id: unknown, rawStatus: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:status');
  const _id = parseId(id);
  const to = loadStatus.parse(rawStatus);
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  await requireOwnLoadForDriver(ctx, before, 'loads:status');
  if (actsOnlyAsDriver(ctx.tenant, 'loads:status') && !DRIVER_TRANSITIONS.includes(to)) {
    throw forbidden(`A driver may only move their load to ${DRIVER_TRANSITIONS.join(' or ')}.`);
  }
  if (to === 'assigned') throw conflict('A load is assigned with assignLoad, which checks and reserves the driver and vehicle.', { from: before.status, to });
  if (!LOAD_TRANSITIONS[before.status].includes(to)) {
    throw conflict(`A ${before.status} load cannot become ${to}.`, { from: before.status, to });
  }

  const change = { status: to, at: ctx.clock.now(), by: new mongoose.Types.ObjectId(ctx.tenant.userId) };
  const assignees = await loadAssignees(ctx, before.driver);
  const updated = await updateOwned(
    ctx,
    ctx.models.Load,
    before,
    // A cancellation through here records no reason (cancelLoad does).
    { $set: { status: to, ...(to === 'cancelled' && { cancellation: { reason: null, note: null, at: change.at, by: change.by } }) }, $push: { statusHistory: change } },
    {
      what: 'Load',
      guard: { status: before.status },
      changed: (current) => conflict(`The load became ${current.status} meanwhile; it cannot become ${to} from there.`, { from: current.status, to }),
      runValidators: false,
      events: [
        { type: 'load.status_changed', payload: { referenceNumber: before.referenceNumber, from: before.status, to }, assignees },
        ...(to === 'delivered' ? [{ type: 'load.delivered' as const, payload: { referenceNumber: before.referenceNumber, deliveredAt: change.at }, assignees }] : []),
      ],
    },
  );
  if (to === 'delivered' || to === 'cancelled') await releaseClaims(ctx, updated);
  return updated;
}

const stopEventInput = z.object({ event: z.enum(['arrived', 'departed']), at: instant.nullish() });

/**
 * Records the arrival at or the departure from a stop of an assigned or in-transit load, each once:
 * departure after arrival. The update is guarded on the stop's current times, so two concurrent
 * recordings of the same event store one.
 */
export async function recordStopEvent(ctx: TruckingContext, id: unknown, rawStopId: unknown, raw: { event: unknown; at?: unknown }): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:status');
  const _id = parseId(id);
  const stopId = parseId(rawStopId, 'stopId');
  const { event, at: given } = stopEventInput.parse(raw);
  const clock = ctx.clock.now();
  const at = given ?? clock;
  if (at.getTime() > clock.getTime() + FUTURE_TOLERANCE_MS) throw badInput('"at" is in the future.', { field: 'at' });

  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  await requireOwnLoadForDriver(ctx, before, 'loads:status');
  const index = before.stops.findIndex((stop) => stop._id.equals(stopId));
  if (index < 0) throw notFound('Stop', stopId.toHexString());
  if (!(ACTIVE_LOAD_STATUSES as readonly LoadStatus[]).includes(before.status)) {
    throw conflict(`Stop times are recorded for assigned or in-transit loads; this one is ${before.status}.`);
  }
  const stop = before.stops[index]!;
  const path = `stops.${index}`;
  let guard: Record<string, unknown>;
  let set: Record<string, Date>;
  if (event === 'arrived') {
    if (stop.arrivedAt) throw conflict(`The arrival at this stop was already recorded (${stop.arrivedAt.toISOString()}).`);
    guard = { [`${path}.arrivedAt`]: null };
    set = { [`${path}.arrivedAt`]: at };
  } else {
    if (!stop.arrivedAt) throw conflict('A departure needs the arrival at the stop recorded first.');
    if (stop.departedAt) throw conflict(`The departure from this stop was already recorded (${stop.departedAt.toISOString()}).`);
    if (at < stop.arrivedAt) throw badInput('A departure cannot be before the arrival.', { field: 'at' });
    guard = { [`${path}.arrivedAt`]: stop.arrivedAt, [`${path}.departedAt`]: null };
    set = { [`${path}.departedAt`]: at };
  }
  const assignees = await loadAssignees(ctx, before.driver);
  // FerretDB has no positional `$` update: the stop is addressed by index, and the guard checks the
  // index still holds the same stop (stops are never reordered, but the guard costs nothing).
  return updateOwned(
    ctx,
    ctx.models.Load,
    before,
    { $set: set },
    {
      what: 'Load',
      guard: { status: mongoose.trusted({ $in: [...ACTIVE_LOAD_STATUSES] }), [`${path}._id`]: stopId, ...guard },
      changed: 'The stop or the load was changed by another request; read it again.',
      runValidators: false,
      events: [
        {
          type: event === 'arrived' ? 'load.stop_arrived' : 'load.stop_departed',
          payload: { referenceNumber: before.referenceNumber, stopId: stopId.toHexString(), stopType: stop.type, sequence: index + 1, at },
          assignees,
        },
      ],
    },
  );
}

/** A caller acting only as a driver works only on loads assigned to their own driver profile. */
async function requireOwnLoadForDriver(ctx: TruckingContext, load: Load, permission: 'loads:status'): Promise<void> {
  if (!actsOnlyAsDriver(ctx.tenant, permission)) return;
  const own = await driversByUser(ctx).load(ctx.tenant.userId);
  if (!own || !load.driver?.equals(own._id)) throw forbidden('A driver may only update loads assigned to them.');
}
