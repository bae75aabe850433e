import type mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { findOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { referenced } from '../common/references';
import { hoursSettingsFor } from '../hours/hours.settings';
import { plannedDriving } from '../hours/rules';
import { LOAD_EDIT_RULES } from '../loads/edit';
import { type LoadDocument, type LoadStop } from '../loads/loads.model';
import { LOADS_FEATURE } from '../loads/loads.service';
import { type TruckingContext } from '../models';
import { greatCircleKm } from '../routes/optimizer';

type Load = Lean<LoadDocument>;

/** The time at a stop once served (the optimizer's default too): no configuration key says otherwise. */
export const STOP_SERVICE_MS = 30 * 60_000;
const KM_PER_MILE = 1.609344;
const MINUTE = 60_000;

export type EtaOrigin = 'driver_position' | 'last_stop' | 'planned';

export interface StopEtaView {
  readonly stopId: mongoose.Types.ObjectId;
  readonly sequence: number;
  readonly arriveAt: Date;
  readonly departAt: Date;
  readonly distance: number;
  readonly lateMinutes: number;
}

export interface LoadEtaView {
  readonly asOf: Date;
  readonly origin: EtaOrigin;
  readonly averageSpeed: number;
  readonly distanceUnit: 'mi' | 'km';
  readonly stops: StopEtaView[];
}

const ETA_STATUSES: readonly string[] = ['draft', 'tendered', 'assigned', 'in_transit'];

/**
 * The expected arrivals of a load's remaining stops, in order: from the driver's last position
 * now (else from the last stop reached, else the first remaining stop at its window's start),
 * each leg at `averageSpeed` over great-circle distance, waiting for a window to open and
 * `STOP_SERVICE_MS` at each stop. Pure: the position and settings come from the caller.
 */
export function computeEta(
  load: Pick<Load, 'stops'>,
  position: { latitude: number; longitude: number } | null,
  now: Date,
  settings: { averageSpeed: number; distanceUnit: 'mi' | 'km' },
): LoadEtaView {
  const indexed = load.stops.map((stop, i) => ({ stop, sequence: i + 1 }));
  const remaining = indexed.filter(({ stop }) => !stop.arrivedAt);
  const reached = indexed.filter(({ stop }) => stop.arrivedAt).at(-1)?.stop;
  let origin: EtaOrigin;
  let from: { lat: number; lng: number } | null;
  let clock: number;
  if (position) {
    origin = 'driver_position';
    from = { lat: position.latitude, lng: position.longitude };
    clock = now.getTime();
  } else if (reached) {
    origin = 'last_stop';
    from = { lat: reached.latitude, lng: reached.longitude };
    clock = Math.max(now.getTime(), (reached.departedAt ?? now).getTime());
  } else {
    origin = 'planned';
    from = null;
    clock = Math.max(now.getTime(), remaining[0]?.stop.windowStart.getTime() ?? now.getTime());
  }
  const stops: StopEtaView[] = [];
  for (const { stop, sequence } of remaining) {
    const to = { lat: stop.latitude, lng: stop.longitude };
    const km = from ? greatCircleKm(from, to) : 0;
    const arrive = clock + Math.round(plannedDriving(km, settings.averageSpeed, settings.distanceUnit));
    const depart = Math.max(arrive, stop.windowStart.getTime()) + STOP_SERVICE_MS;
    const late = arrive - stop.windowEnd.getTime();
    stops.push({
      stopId: stop._id,
      sequence,
      arriveAt: new Date(arrive),
      departAt: new Date(depart),
      distance: Math.round((settings.distanceUnit === 'mi' ? km / KM_PER_MILE : km) * 10) / 10,
      lateMinutes: late > 0 ? Math.ceil(late / MINUTE) : 0,
    });
    from = to;
    clock = depart;
  }
  return { asOf: now, origin, averageSpeed: settings.averageSpeed, distanceUnit: settings.distanceUnit, stops };
}

/** `Load.eta`: the driver through the request's loader (one query for a list of loads); null once the load is done. */
export async function etaOf(ctx: TruckingContext, load: Load): Promise<LoadEtaView | null> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  if (!ETA_STATUSES.includes(load.status)) return null;
  const driver = await referenced(ctx, ctx.models.Driver, load.driver);
  const last = driver?.lastLocation ?? null;
  return computeEta(load, last, ctx.clock.now(), hoursSettingsFor(ctx.tenant));
}

/**
 * Saves a new order of a load's stops (every id once): a stop arrived at keeps its place, a
 * delivery stays after its pickup (after every pickup when it names none). One guarded write,
 * audited with the order before and after.
 */
export async function saveLoadRoute(ctx: TruckingContext, id: unknown, stopIds: readonly unknown[]): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const order = stopIds.map((stopId) => parseId(stopId, 'stopIds'));
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  if (!LOAD_EDIT_RULES.stops.includes(before.status)) {
    throw conflict(`The stops of a ${before.status} load can no longer change.`, { reason: 'FIELD_LOCKED', field: 'stops', status: before.status });
  }
  const byId = new Map(before.stops.map((stop) => [stop._id.toHexString(), stop]));
  const distinct = new Set(order.map((stopId) => stopId.toHexString()));
  if (order.length !== before.stops.length || distinct.size !== order.length || [...distinct].some((key) => !byId.has(key))) {
    throw badInput('stopIds must name every stop of the load exactly once.', { field: 'stopIds' });
  }
  const stops: LoadStop[] = order.map((stopId) => byId.get(stopId.toHexString())!);
  stops.forEach((stop, i) => {
    if (stop.arrivedAt && !before.stops[i]!._id.equals(stop._id)) {
      throw conflict('A stop the driver has arrived at keeps its place.', { reason: 'STOP_ARRIVED', stopId: stop._id.toHexString() });
    }
  });
  const lastPickup = stops.findLastIndex((stop) => stop.type === 'pickup');
  stops.forEach((stop, i) => {
    if (stop.type !== 'delivery') return;
    const pickupAt = stop.pickupStop ? stops.findIndex((s) => s._id.equals(stop.pickupStop!)) : lastPickup;
    if (pickupAt > i) throw badInput(`Stop ${stop._id.toHexString()} would be delivered before its pickup.`, { field: 'stopIds', stopId: stop._id.toHexString() });
  });
  if (stops.every((stop, i) => stop._id.equals(before.stops[i]!._id))) return before;
  return updateOwned(
    ctx,
    ctx.models.Load,
    before,
    { $set: { stops } },
    {
      what: 'Load',
      guard: { status: before.status, updatedAt: before.updatedAt },
      changed: 'The load was changed by another request meanwhile; read it again.',
      audit: (load) => ({ stops: load.stops?.map((stop) => stop._id.toHexString()) }),
    },
  );
}
