// Route optimisation as a pure module: no database, no clock, no randomness that is not seeded.
// A pickup-and-delivery routing problem with soft time windows for one vehicle (a single-vehicle
// PDPTW): visit every stop once from a start point, every stop after the stops it depends on
// (a delivery after its pickup), minimising first the total lateness against the time windows and
// then the great-circle distance.
import distance from '@turf/distance';
import { runToEnd, type Steps } from '@attunelogic/shared';

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** When a stop may be served, in epoch milliseconds. Arriving early means waiting; late is a violation. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export interface RouteStop {
  readonly id: string;
  readonly location: LatLng;
  readonly window?: TimeWindow | null;
  /** Minutes spent at the stop; the problem's default when absent. */
  readonly serviceMinutes?: number;
  /** Ids of the stops that must be visited before this one (a delivery names its pickup). */
  readonly after?: readonly string[];
}

export interface RouteProblem {
  readonly start: LatLng;
  /** When the vehicle leaves the start point, epoch milliseconds. */
  readonly departAt: number;
  readonly stops: readonly RouteStop[];
  /** Average speed over the great-circle distance; 80 km/h by default. */
  readonly averageSpeedKmh?: number;
  /** Minutes at each stop that does not say otherwise; 30 by default. */
  readonly serviceMinutes?: number;
}

/** What a route costs, compared lexicographically: lateness first, distance second. */
export interface RouteCost {
  readonly lateMinutes: number;
  readonly km: number;
}

export interface RouteLeg {
  /** Index of the stop the leg starts from; -1 for the start point. */
  readonly from: number;
  readonly to: number;
  readonly km: number;
  readonly arriveAt: number;
  /** When service starts: the arrival, or the window's start after waiting for it. */
  readonly serviceStartAt: number;
  readonly departAt: number;
  readonly waitMinutes: number;
  readonly lateMinutes: number;
}

export interface RoutePlan extends RouteCost {
  /** Stop indexes in visiting order. */
  readonly order: readonly number[];
  readonly legs: readonly RouteLeg[];
  /** The stops served after their window closed, with by how many minutes. */
  readonly violations: readonly { readonly stop: number; readonly lateMinutes: number }[];
}

export const DEFAULT_SPEED_KMH = 80;
export const DEFAULT_SERVICE_MINUTES = 30;
/** More stops than this are refused: the local search is cubic per pass. */
export const MAX_STOPS = 50;
/** Brute force enumerates orders; past this it takes too long to be a test oracle. */
export const MAX_BRUTE_FORCE_STOPS = 9;

const MINUTE = 60_000;
// Lateness below a second and distance below a millimetre are ties, not improvements: without the
// tolerances, float noise makes a local search cycle between equal routes.
const LATE_EPSILON = 1 / 60;
const KM_EPSILON = 1e-6;

/** Great-circle distance in kilometres (haversine, through turf). */
export const greatCircleKm = (a: LatLng, b: LatLng): number => distance([a.lng, a.lat], [b.lng, b.lat], { units: 'kilometers' });

/** True when `a` costs less than `b`: less lateness, or the same lateness and a shorter distance. */
export function isBetter(a: RouteCost, b: RouteCost): boolean {
  if (a.lateMinutes < b.lateMinutes - LATE_EPSILON) return true;
  if (a.lateMinutes > b.lateMinutes + LATE_EPSILON) return false;
  return a.km < b.km - KM_EPSILON;
}

/** Thrown for a problem that cannot be routed: unknown or duplicate ids, a dependency cycle. */
export class RouteProblemError extends Error {
  override readonly name = 'RouteProblemError';
}

/**
 * A problem compiled for fast evaluation: a distance matrix (index 0 is the start point, stop i is
 * i + 1) and each stop's predecessors as indexes.
 */
class Compiled {
  readonly n: number;
  readonly km: Float64Array;
  readonly travelMs: Float64Array;
  readonly serviceMs: Float64Array;
  readonly windowStart: Float64Array;
  readonly windowEnd: Float64Array;
  readonly preds: readonly (readonly number[])[];
  readonly #position: Int32Array;

  constructor(readonly problem: RouteProblem) {
    const { stops } = problem;
    const n = stops.length;
    this.n = n;
    const speed = problem.averageSpeedKmh ?? DEFAULT_SPEED_KMH;
    const points = [problem.start, ...stops.map((s) => s.location)];
    this.km = new Float64Array((n + 1) * (n + 1));
    this.travelMs = new Float64Array((n + 1) * (n + 1));
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const km = i === j ? 0 : greatCircleKm(points[i]!, points[j]!);
        this.km[i * (n + 1) + j] = km;
        this.travelMs[i * (n + 1) + j] = (km / speed) * 60 * MINUTE;
      }
    }
    this.serviceMs = Float64Array.from(stops, (s) => (s.serviceMinutes ?? problem.serviceMinutes ?? DEFAULT_SERVICE_MINUTES) * MINUTE);
    this.windowStart = Float64Array.from(stops, (s) => s.window?.start ?? -Infinity);
    this.windowEnd = Float64Array.from(stops, (s) => s.window?.end ?? Infinity);
    this.#position = new Int32Array(n);

    const index = new Map<string, number>();
    stops.forEach((stop, i) => {
      if (index.has(stop.id)) throw new RouteProblemError(`Two stops have the id "${stop.id}".`);
      index.set(stop.id, i);
    });
    this.preds = stops.map((stop) =>
      (stop.after ?? []).map((id) => {
        const p = index.get(id);
        if (p === undefined) throw new RouteProblemError(`Stop "${stop.id}" depends on an unknown stop "${id}".`);
        if (p === index.get(stop.id)) throw new RouteProblemError(`Stop "${stop.id}" depends on itself.`);
        return p;
      }),
    );
    if (topologicalOrder(this.preds, (a, b) => a - b) === null) throw new RouteProblemError('The stops depend on each other in a cycle.');
  }

  /**
   * The cost of visiting the stops in `order` (no legs built: this runs in the inner loops); null as
   * soon as the partial route is already no better than `bound`.
   */
  cost(order: readonly number[]): RouteCost;
  cost(order: readonly number[], bound: RouteCost): RouteCost | null;
  cost(order: readonly number[], bound?: RouteCost): RouteCost | null {
    const n1 = this.n + 1;
    let at = 0;
    let time = this.problem.departAt;
    let km = 0;
    let late = 0;
    for (const stop of order) {
      const to = stop + 1;
      km += this.km[at * n1 + to]!;
      time += this.travelMs[at * n1 + to]!;
      if (time < this.windowStart[stop]!) time = this.windowStart[stop]!;
      if (time > this.windowEnd[stop]!) late += (time - this.windowEnd[stop]!) / MINUTE;
      time += this.serviceMs[stop]!;
      at = to;
      if (bound && !isBetter({ lateMinutes: late, km }, bound)) return null;
    }
    return { lateMinutes: late, km };
  }

  /** True when every stop comes after the stops it depends on (and each stop appears once). */
  respectsPrecedence(order: readonly number[]): boolean {
    if (order.length !== this.n) return false;
    const position = this.#position.fill(-1);
    for (let i = 0; i < order.length; i++) {
      const stop = order[i]!;
      if (!(stop >= 0 && stop < this.n) || position[stop] !== -1) return false;
      position[stop] = i;
    }
    for (let stop = 0; stop < this.n; stop++) {
      for (const p of this.preds[stop]!) if (position[p]! > position[stop]!) return false;
    }
    return true;
  }

  plan(order: readonly number[]): RoutePlan {
    const n1 = this.n + 1;
    const legs: RouteLeg[] = [];
    const violations: { stop: number; lateMinutes: number }[] = [];
    let at = 0;
    let time = this.problem.departAt;
    let km = 0;
    let late = 0;
    for (const stop of order) {
      const to = stop + 1;
      const legKm = this.km[at * n1 + to]!;
      const arriveAt = time + this.travelMs[at * n1 + to]!;
      const serviceStartAt = Math.max(arriveAt, this.windowStart[stop]!);
      const lateMinutes = Math.max(0, (serviceStartAt - this.windowEnd[stop]!) / MINUTE);
      const departAt = serviceStartAt + this.serviceMs[stop]!;
      legs.push({ from: at - 1, to: stop, km: legKm, arriveAt, serviceStartAt, departAt, waitMinutes: (serviceStartAt - arriveAt) / MINUTE, lateMinutes });
      if (lateMinutes > 0) violations.push({ stop, lateMinutes });
      km += legKm;
      late += lateMinutes;
      time = departAt;
      at = to;
    }
    return { order: [...order], legs, violations, km, lateMinutes: late };
  }
}

/**
 * A topological order of stops given their predecessors, choosing among the ready stops by
 * `priority` (smallest first); null when the dependencies have a cycle.
 */
function topologicalOrder(preds: readonly (readonly number[])[], priority: (a: number, b: number) => number): number[] | null {
  const n = preds.length;
  const remaining = Int32Array.from(preds, (p) => p.length);
  const successors: number[][] = preds.map(() => []);
  preds.forEach((list, stop) => list.forEach((p) => successors[p]!.push(stop)));
  const ready = [...Array(n).keys()].filter((i) => remaining[i] === 0);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort(priority);
    const next = ready.shift()!;
    order.push(next);
    for (const s of successors[next]!) {
      remaining[s] = remaining[s]! - 1;
      if (remaining[s] === 0) ready.push(s);
    }
  }
  return order.length === n ? order : null;
}

/** Mulberry32: a small seeded PRNG, so the optimiser gives the same answer for the same problem. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cheapest insertion: repeatedly insert the ready stop whose best feasible position costs least. */
function cheapestInsertion(c: Compiled): number[] {
  const route: number[] = [];
  const placed = new Set<number>();
  while (route.length < c.n) {
    let best: { cost: RouteCost; stop: number; at: number } | null = null;
    for (let stop = 0; stop < c.n; stop++) {
      if (placed.has(stop) || !c.preds[stop]!.every((p) => placed.has(p))) continue;
      // Only after its last predecessor; later stops have no predecessors among the unplaced ones yet.
      const earliest = Math.max(0, ...c.preds[stop]!.map((p) => route.indexOf(p) + 1));
      for (let at = earliest; at <= route.length; at++) {
        const candidate = [...route.slice(0, at), stop, ...route.slice(at)];
        const cost = c.cost(candidate);
        if (!best || isBetter(cost, best.cost)) best = { cost, stop, at };
      }
    }
    route.splice(best!.at, 0, best!.stop);
    placed.add(best!.stop);
  }
  return route;
}

/**
 * Insertion in a given sequence (a topological order): each stop at its cheapest position after its
 * predecessors. With the earliest deadline first, a start that already respects tight windows.
 */
function sequentialInsertion(c: Compiled, sequence: readonly number[]): number[] {
  const route: number[] = [];
  for (const stop of sequence) {
    const earliest = Math.max(0, ...c.preds[stop]!.map((p) => route.indexOf(p) + 1));
    let best: { cost: RouteCost; at: number } | null = null;
    for (let at = earliest; at <= route.length; at++) {
      const cost = c.cost([...route.slice(0, at), stop, ...route.slice(at)]);
      if (!best || isBetter(cost, best.cost)) best = { cost, at };
    }
    route.splice(best!.at, 0, stop);
  }
  return route;
}

/**
 * Visits the routes one move away from `route` — or-opt (move a segment of 1 to 3 stops elsewhere;
 * Or, 1976), 2-opt (reverse a segment; Croes, 1958) and exchange of two stops — writing each into
 * `buf` (no allocation in the inner loop) and stopping when `visit` returns true.
 */
function scanNeighbours(route: readonly number[], buf: number[], visit: (candidate: readonly number[]) => boolean): boolean {
  const n = route.length;
  for (let length = 1; length <= Math.min(3, n - 1); length++) {
    for (let i = 0; i + length <= n; i++) {
      // The segment route[i, i+length) goes to position `at` of the route without it.
      for (let at = 0; at <= n - length; at++) {
        if (at === i) continue;
        let k = 0;
        for (let r = 0; r < n - length; r++) {
          if (r === at) for (let q = 0; q < length; q++) buf[k++] = route[i + q]!;
          buf[k++] = route[r < i ? r : r + length]!;
        }
        if (at === n - length) for (let q = 0; q < length; q++) buf[k++] = route[i + q]!;
        if (visit(buf)) return true;
      }
    }
  }
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = 0; k < n; k++) buf[k] = k < i || k > j ? route[k]! : route[i + j - k]!;
      if (visit(buf)) return true;
    }
  }
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = 0; k < n; k++) buf[k] = route[k]!;
      buf[i] = route[j]!;
      buf[j] = route[i]!;
      if (visit(buf)) return true;
    }
  }
  return false;
}

/**
 * First-improvement descent over the neighbourhoods, keeping precedence, until no move improves.
 * A candidate's cost is computed only up to the point where it is already no better than the
 * current route (lateness and distance only grow along a route). Yields after every pass over the
 * neighbourhoods (at most a few milliseconds at the stop limit), where the work may be paused.
 */
function* localSearch(c: Compiled, start: readonly number[]): Steps<{ route: number[]; cost: RouteCost }> {
  let route = [...start];
  let cost = c.cost(route);
  const buf = new Array<number>(route.length);
  for (;;) {
    const improved = scanNeighbours(route, buf, (candidate) => {
      if (!c.respectsPrecedence(candidate)) return false;
      const candidateCost = c.cost(candidate, cost);
      if (!candidateCost || !isBetter(candidateCost, cost)) return false;
      route = [...candidate];
      cost = candidateCost;
      return true;
    });
    if (!improved) return { route, cost };
    yield;
  }
}

/** A random precedence-keeping perturbation: a few random stops re-inserted at random feasible places. */
function perturb(c: Compiled, route: readonly number[], random: () => number): number[] {
  const next = [...route];
  const moves = 2 + Math.floor(random() * Math.max(1, Math.min(4, c.n / 3)));
  for (let m = 0; m < moves; m++) {
    const stop = next.splice(Math.floor(random() * next.length), 1)[0]!;
    const earliest = Math.max(0, ...c.preds[stop]!.map((p) => next.indexOf(p) + 1));
    const successors = next.flatMap((s, i) => (c.preds[s]!.includes(stop) ? [i] : []));
    const latest = Math.min(next.length, ...successors);
    next.splice(earliest + Math.floor(random() * (latest - earliest + 1)), 0, stop);
  }
  return next;
}

export interface OptimizedRoute {
  /** The best route found; never costs more than `input`. */
  readonly plan: RoutePlan;
  /** The stops in the order given, as a route (null when that order breaks a dependency). */
  readonly input: RoutePlan | null;
}

/**
 * Orders the stops: construction (cheapest insertion; insertion earliest deadline first), each improved by
 * local search (or-opt, 2-opt, exchange) under the precedence constraints, then iterated local
 * search from seeded perturbations of the best. Deterministic. The input order is searched from
 * whenever it beats the constructions, and the search only accepts improvements, so the result
 * never costs more than the input order.
 */
export function optimizeRoute(problem: RouteProblem, options: { restarts?: number } = {}): OptimizedRoute {
  return runToEnd(optimizeRouteSteps(problem, options));
}

/**
 * `optimizeRoute` as steps that may be paused (after each construction and each pass of the local
 * search), for a request that runs it in slices under its deadline (`ctx.work.run`).
 */
export function* optimizeRouteSteps(problem: RouteProblem, options: { restarts?: number } = {}): Steps<OptimizedRoute> {
  if (problem.stops.length > MAX_STOPS) throw new RouteProblemError(`At most ${MAX_STOPS} stops can be optimised at once.`);
  const c = new Compiled(problem);
  const identity = [...Array(c.n).keys()];
  const inputValid = c.respectsPrecedence(identity);
  if (c.n === 0) return { plan: c.plan([]), input: c.plan([]) };

  let best: { route: number[]; cost: RouteCost } | null = null;
  const earliestDeadlineFirst = topologicalOrder(c.preds, (a, b) => c.windowEnd[a]! - c.windowEnd[b]! || a - b)!;
  const constructed = [cheapestInsertion(c)];
  yield;
  constructed.push(sequentialInsertion(c, earliestDeadlineFirst));
  yield;
  for (const start of constructed) {
    const found = yield* localSearch(c, start);
    if (!best || isBetter(found.cost, best.cost)) best = found;
  }
  // The input order is a start too, but only searched from when it beats the constructions (a
  // search from an arbitrary order is the slowest of all); either way the result is no worse than it.
  if (inputValid && !isBetter(best!.cost, c.cost(identity))) best = yield* localSearch(c, identity);
  // Iterated local search: the starts are usually optimal for a handful of stops; the perturbations
  // get larger problems out of local optima. Seeded by the problem's size, so the same problem always
  // gets the same route; fewer rounds for many stops, where each costs more.
  const random = seededRandom(0x5eed + c.n);
  const restarts = options.restarts ?? (c.n <= 20 ? 40 : Math.max(2, Math.round(150 / c.n)));
  for (let r = 0; r < restarts && c.n > 2; r++) {
    const found = yield* localSearch(c, perturb(c, best!.route, random));
    if (isBetter(found.cost, best!.cost)) best = found;
  }
  return { plan: c.plan(best!.route), input: inputValid ? c.plan(identity) : null };
}

/** The route of the stops in the given order (indexes into `problem.stops`). */
export function planRoute(problem: RouteProblem, order: readonly number[]): RoutePlan {
  return new Compiled(problem).plan(order);
}

/** True when `order` visits every stop once, each after the stops it depends on. */
export function respectsPrecedence(problem: RouteProblem, order: readonly number[]): boolean {
  return new Compiled(problem).respectsPrecedence(order);
}

/**
 * The optimal route by enumeration of every precedence-keeping order, pruned by the partial cost
 * (lateness and distance only grow as stops are added). A test oracle for small problems.
 */
export function bruteForceRoute(problem: RouteProblem): RoutePlan {
  if (problem.stops.length > MAX_BRUTE_FORCE_STOPS) throw new RouteProblemError(`Brute force takes at most ${MAX_BRUTE_FORCE_STOPS} stops.`);
  const c = new Compiled(problem);
  const n1 = c.n + 1;
  // A holder rather than a `let`: the search assigns it inside the closure.
  const found: { best: { order: number[]; cost: RouteCost } | null } = { best: null };
  const order: number[] = [];
  const placed = new Array<boolean>(c.n).fill(false);

  const visit = (at: number, time: number, km: number, late: number): void => {
    if (found.best && !isBetter({ lateMinutes: late, km }, found.best.cost)) return;
    if (order.length === c.n) {
      found.best = { order: [...order], cost: { lateMinutes: late, km } };
      return;
    }
    for (let stop = 0; stop < c.n; stop++) {
      if (placed[stop] || !c.preds[stop]!.every((p) => placed[p])) continue;
      const to = stop + 1;
      let t = time + c.travelMs[at * n1 + to]!;
      if (t < c.windowStart[stop]!) t = c.windowStart[stop]!;
      const stopLate = t > c.windowEnd[stop]! ? (t - c.windowEnd[stop]!) / MINUTE : 0;
      placed[stop] = true;
      order.push(stop);
      visit(to, t + c.serviceMs[stop]!, km + c.km[at * n1 + to]!, late + stopLate);
      order.pop();
      placed[stop] = false;
    }
  };
  visit(0, problem.departAt, 0, 0);
  return c.plan(found.best!.order);
}
