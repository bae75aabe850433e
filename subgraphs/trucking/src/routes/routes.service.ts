import { z } from 'zod';
import { type Lean } from '@attunelogic/shared';
import { badInput } from '@attunelogic/shared/errors';
import { loadOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { coordinates, instant, objectId, stopType, timeWindow } from '../common/inputs';
import { type DriverDocument } from '../drivers/drivers.model';
import { type LoadDocument } from '../loads/loads.model';
import { type TruckingContext } from '../models';
import { MAX_STOPS, optimizeRouteSteps, RouteProblemError, type OptimizedRoute, type RoutePlan, type RouteProblem, type RouteStop } from './optimizer';

/** The tenant flag that switches route optimisation on and off. */
export const ROUTES_FEATURE = 'routeOptimization';
const KM_PER_MILE = 1.609344;

const stopInput = z.object({
  id: z.string().trim().min(1).max(64),
  type: stopType,
  location: coordinates,
  window: timeWindow.nullish(),
  pickupId: z.string().trim().min(1).max(64).nullish(),
  serviceMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .nullish(),
});

const optimizeInput = z
  .object({
    loadId: objectId.nullish(),
    start: coordinates.nullish(),
    stops: z.array(stopInput).min(1).max(MAX_STOPS).nullish(),
    departAt: instant.nullish(),
    averageSpeedKmh: z.number().min(5).max(130).nullish(),
    serviceMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .nullish(),
  })
  .refine((input) => Boolean(input.loadId) !== Boolean(input.stops), { message: 'Give either loadId or stops (with start).', path: ['loadId'] })
  .refine((input) => !input.stops || input.start, { message: 'A list of stops needs a start point.', path: ['start'] });

/** A stop of the result: where it stands in the optimised order, and the timing there. */
export interface RouteResultStop {
  readonly id: string;
  readonly type: 'pickup' | 'delivery';
  readonly sequence: number;
  readonly location: { latitude: number; longitude: number };
  readonly window: { start: string; end: string } | null;
  readonly arriveAt: string;
  readonly serviceStartAt: string;
  readonly departAt: string;
  readonly waitMinutes: number;
  readonly lateMinutes: number;
}

export interface RouteResult {
  readonly stops: readonly RouteResultStop[];
  readonly legs: readonly { fromStopId: string | null; toStopId: string; distanceKm: number; distanceMiles: number; travelMinutes: number }[];
  readonly totalDistanceKm: number;
  readonly totalDistanceMiles: number;
  readonly inputDistanceKm: number | null;
  readonly lateMinutes: number;
  readonly violations: readonly { stopId: string; lateMinutes: number; windowEnd: string; arriveAt: string }[];
  readonly feasible: boolean;
}

interface Described {
  readonly problem: RouteProblem;
  readonly types: readonly ('pickup' | 'delivery')[];
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Orders the stops of a load (its planned order is the input order) or of a given list from a start
 * point: every pickup before its deliveries, time windows honoured where feasible (violations are
 * reported otherwise), the shortest great-circle distance after that. Computes only: the load is
 * not changed.
 */
export async function optimize(ctx: TruckingContext, raw: unknown): Promise<RouteResult> {
  requireAccess(ctx.tenant, ROUTES_FEATURE, 'routes:optimize');
  const input = optimizeInput.parse(raw);
  const departAt = (input.departAt ?? ctx.clock.now()).getTime();
  const options = { departAt, averageSpeedKmh: input.averageSpeedKmh ?? undefined, serviceMinutes: input.serviceMinutes ?? undefined };
  const described = input.loadId ? await describeLoad(ctx, input.loadId.toHexString(), input.start ?? null, options) : describeStops(input, options);
  let result: OptimizedRoute;
  try {
    // In slices, in one of the tenant's slots for expensive work, stopped at the request's deadline.
    result = await ctx.work.run(optimizeRouteSteps(described.problem));
  } catch (error) {
    if (error instanceof RouteProblemError) throw badInput(error.message, { field: 'stops' });
    throw error;
  }
  return present(described, result.plan, result.input);
}

type Options = { departAt: number; averageSpeedKmh: number | undefined; serviceMinutes: number | undefined };

function describeStops(input: z.output<typeof optimizeInput>, options: Options): Described {
  const stops = input.stops!;
  const pickups = stops.filter((s) => s.type === 'pickup').map((s) => s.id);
  const list: RouteStop[] = stops.map((stop) => ({
    id: stop.id,
    location: { lat: stop.location.latitude, lng: stop.location.longitude },
    window: stop.window ? { start: stop.window.start.getTime(), end: stop.window.end.getTime() } : null,
    ...(stop.serviceMinutes !== null && stop.serviceMinutes !== undefined && { serviceMinutes: stop.serviceMinutes }),
    after: stop.type === 'delivery' ? (stop.pickupId ? [stop.pickupId] : pickups) : [],
  }));
  for (const stop of stops) {
    if (stop.type === 'pickup' && stop.pickupId) throw badInput(`Stop "${stop.id}" is a pickup: only a delivery names a pickup.`, { field: 'stops' });
    if (stop.pickupId && !stops.some((s) => s.id === stop.pickupId && s.type === 'pickup')) {
      throw badInput(`Stop "${stop.id}" names "${stop.pickupId}", which is not a pickup of the list.`, { field: 'stops' });
    }
  }
  const start = input.start!;
  return { problem: { start: { lat: start.latitude, lng: start.longitude }, stops: list, ...withoutUndefined(options) }, types: stops.map((s) => s.type) };
}

/**
 * A load's stops as a problem. The start point: the one given, else the driver's last known
 * position, else the first stop of the planned order (its first leg is then 0 km).
 */
async function describeLoad(ctx: TruckingContext, loadId: string, start: { latitude: number; longitude: number } | null, options: Options): Promise<Described> {
  const load: Lean<LoadDocument> = await loadOwned(ctx, ctx.models.Load, loadId, 'Load', 'loadId');
  const driver: Lean<DriverDocument> | null = load.driver ? await ctx.loaders.byId(ctx.models.Driver).load(load.driver.toHexString()) : null;
  const first = load.stops[0]!;
  const from = start
    ? { lat: start.latitude, lng: start.longitude }
    : driver?.lastLocation
      ? { lat: driver.lastLocation.latitude, lng: driver.lastLocation.longitude }
      : { lat: first.latitude, lng: first.longitude };
  const pickups = load.stops.filter((s) => s.type === 'pickup').map((s) => s._id.toHexString());
  const stops: RouteStop[] = load.stops.map((stop) => ({
    id: stop._id.toHexString(),
    location: { lat: stop.latitude, lng: stop.longitude },
    window: { start: stop.windowStart.getTime(), end: stop.windowEnd.getTime() },
    after: stop.type === 'delivery' ? (stop.pickupStop ? [stop.pickupStop.toHexString()] : pickups) : [],
  }));
  return { problem: { start: from, stops, ...withoutUndefined(options) }, types: load.stops.map((s) => s.type) };
}

const withoutUndefined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function present(described: Described, plan: RoutePlan, input: RoutePlan | null): RouteResult {
  const { problem, types } = described;
  const stopId = (index: number): string => problem.stops[index]!.id;
  const speed = problem.averageSpeedKmh ?? 80;
  const stops = plan.legs.map((leg, i) => {
    const stop = problem.stops[leg.to]!;
    return {
      id: stop.id,
      type: types[leg.to]!,
      sequence: i + 1,
      location: { latitude: stop.location.lat, longitude: stop.location.lng },
      window: stop.window ? { start: iso(stop.window.start), end: iso(stop.window.end) } : null,
      arriveAt: iso(leg.arriveAt),
      serviceStartAt: iso(leg.serviceStartAt),
      departAt: iso(leg.departAt),
      waitMinutes: round(leg.waitMinutes, 1),
      lateMinutes: round(leg.lateMinutes, 1),
    };
  });
  return {
    stops,
    legs: plan.legs.map((leg) => ({
      fromStopId: leg.from < 0 ? null : stopId(leg.from),
      toStopId: stopId(leg.to),
      distanceKm: round(leg.km, 3),
      distanceMiles: round(leg.km / KM_PER_MILE, 3),
      travelMinutes: round((leg.km / speed) * 60, 1),
    })),
    totalDistanceKm: round(plan.km, 3),
    totalDistanceMiles: round(plan.km / KM_PER_MILE, 3),
    inputDistanceKm: input ? round(input.km, 3) : null,
    lateMinutes: round(plan.lateMinutes, 1),
    violations: plan.violations.map((v) => ({
      stopId: stopId(v.stop),
      lateMinutes: round(v.lateMinutes, 1),
      windowEnd: iso(problem.stops[v.stop]!.window!.end),
      arriveAt: iso(plan.legs.find((leg) => leg.to === v.stop)!.arriveAt),
    })),
    feasible: plan.violations.length === 0,
  };
}
