import { describe, expect, it } from 'vitest';
import {
  bruteForceRoute,
  greatCircleKm,
  isBetter,
  optimizeRoute,
  planRoute,
  respectsPrecedence,
  RouteProblemError,
  seededRandom,
  type RoutePlan,
  type RouteProblem,
  type RouteStop,
} from './optimizer';
import { instanceToProblem, loadRouteInstances } from './instances/instances';

/** The stated margin: on every committed instance the heuristic is within this of the optimum. */
const MAX_GAP_PERCENT = 5;

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-03T06:00:00Z');
const DALLAS = { lat: 32.7767, lng: -96.797 };
const FORT_WORTH = { lat: 32.7555, lng: -97.3308 };
const WACO = { lat: 31.5493, lng: -97.1467 };
const AUSTIN = { lat: 30.2672, lng: -97.7431 };
const HOUSTON = { lat: 29.7604, lng: -95.3698 };

const gapPercent = (found: RoutePlan, optimum: RoutePlan): number => (optimum.km === 0 ? 0 : ((found.km - optimum.km) / optimum.km) * 100);

/** A random problem: pickup/delivery pairs (plus an occasional free stop) around Texas, some windows. */
function randomProblem(seed: number, stops: number): RouteProblem {
  const random = seededRandom(seed);
  const point = () => ({ lat: 29 + random() * 4, lng: -99 + random() * 5 });
  const list: RouteStop[] = [];
  for (let i = 0; list.length < stops; i++) {
    const window = () => {
      if (random() < 0.5) return null;
      const start = T0 + random() * 12 * HOUR;
      return { start, end: start + (0.5 + random() * 4) * HOUR };
    };
    list.push({ id: `P${i}`, location: point(), window: window() });
    if (list.length < stops) list.push({ id: `D${i}`, location: point(), window: window(), after: random() < 0.85 ? [`P${i}`] : [] });
  }
  // Input order: shuffled, then repaired so that it keeps precedence (a delivery after its pickup).
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  const ordered: RouteStop[] = [];
  while (list.length) {
    const ready = list.findIndex((s) => (s.after ?? []).every((id) => ordered.some((o) => o.id === id)));
    ordered.push(list.splice(ready, 1)[0]!);
  }
  return { start: point(), departAt: T0, stops: ordered };
}

describe('the committed instances', () => {
  const instances = loadRouteInstances();

  it('are 16, of 3 to 8 stops, with pickup/delivery pairs and time windows', () => {
    expect(instances).toHaveLength(16);
    expect(new Set(instances.map((i) => i.stops.length))).toEqual(new Set([3, 4, 5, 6, 7, 8]));
    expect(instances.filter((i) => i.stops.some((s) => s.window)).length).toBeGreaterThanOrEqual(10);
    for (const instance of instances) {
      expect(
        respectsPrecedence(
          instanceToProblem(instance),
          instance.stops.map((_, i) => i),
        ),
        instance.name,
      ).toBe(true);
    }
  });

  it(`are solved within ${MAX_GAP_PERCENT}% of the brute-force optimum, never worse than the input order, precedence kept`, () => {
    const rows = instances.map((instance) => {
      const problem = instanceToProblem(instance);
      const started = performance.now();
      const { plan, input } = optimizeRoute(problem);
      const ms = performance.now() - started;
      const optimum = bruteForceRoute(problem);
      return { instance, problem, plan, input: input!, optimum, ms };
    });

    const table = rows.map(({ instance, plan, input, optimum, ms }) => ({
      instance: instance.name,
      stops: instance.stops.length,
      'input km': input.km.toFixed(1),
      'heuristic km': plan.km.toFixed(1),
      'optimum km': optimum.km.toFixed(1),
      'gap %': gapPercent(plan, optimum).toFixed(2),
      // Lateness comes first: an input order that is late may be shorter than the route found.
      'late min (input/heur/opt)': `${input.lateMinutes.toFixed(0)}/${plan.lateMinutes.toFixed(0)}/${optimum.lateMinutes.toFixed(0)}`,
      ms: ms.toFixed(1),
    }));
    console.log(`route optimisation, committed instances (margin ${MAX_GAP_PERCENT}%):`);
    console.table(table);

    for (const { instance, problem, plan, input, optimum } of rows) {
      expect(respectsPrecedence(problem, plan.order), instance.name).toBe(true);
      expect(isBetter(input, plan), `${instance.name}: worse than the input order`).toBe(false);
      // Lateness first: the heuristic must honour the windows as well as the optimum does.
      expect(plan.lateMinutes, instance.name).toBeCloseTo(optimum.lateMinutes, 1);
      expect(gapPercent(plan, optimum), instance.name).toBeLessThanOrEqual(MAX_GAP_PERCENT);
    }
  });
});

describe('optimizeRoute on random problems', () => {
  it('always keeps precedence and is never worse than the input order (300 problems of 1 to 14 stops)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const problem = randomProblem(seed, 1 + (seed % 14));
      const { plan, input } = optimizeRoute(problem, { restarts: 10 });
      expect(respectsPrecedence(problem, plan.order), `seed ${seed}`).toBe(true);
      expect(isBetter(input!, plan), `seed ${seed}`).toBe(false);
    }
  });

  it(`stays within ${MAX_GAP_PERCENT}% of the optimum on 150 random problems of up to 8 stops`, () => {
    const gaps: number[] = [];
    for (let seed = 1_000; seed < 1_150; seed++) {
      const problem = randomProblem(seed, 2 + (seed % 7));
      const { plan } = optimizeRoute(problem);
      const optimum = bruteForceRoute(problem);
      expect(plan.lateMinutes, `seed ${seed}`).toBeCloseTo(optimum.lateMinutes, 1);
      gaps.push(gapPercent(plan, optimum));
    }
    const worst = Math.max(...gaps);
    console.log(`random problems ≤ 8 stops: ${gaps.filter((g) => g < 1e-9).length}/${gaps.length} optimal, worst gap ${worst.toFixed(2)}%`);
    expect(worst).toBeLessThanOrEqual(MAX_GAP_PERCENT);
  });

  it('is deterministic', () => {
    const problem = randomProblem(42, 12);
    expect(optimizeRoute(problem).plan.order).toEqual(optimizeRoute(problem).plan.order);
  });

  it('fixes an input order that zigzags', () => {
    // Dallas depot; Houston, Fort Worth, Austin, Waco without windows or dependencies.
    const problem: RouteProblem = {
      start: DALLAS,
      departAt: T0,
      stops: [
        { id: 'houston', location: HOUSTON },
        { id: 'fort-worth', location: FORT_WORTH },
        { id: 'austin', location: AUSTIN },
        { id: 'waco', location: WACO },
      ],
    };
    const { plan, input } = optimizeRoute(problem);
    expect(plan.order.map((i) => problem.stops[i]!.id)).toEqual(['fort-worth', 'waco', 'austin', 'houston']);
    expect(plan.km).toBeLessThan(input!.km);
    expect(plan.km).toBeCloseTo(bruteForceRoute(problem).km, 6);
  });

  it('puts a pickup before its delivery even when the other way round is shorter', () => {
    // Delivery in Fort Worth of freight picked up in Houston, from a Dallas depot.
    const problem: RouteProblem = {
      start: DALLAS,
      departAt: T0,
      stops: [
        { id: 'deliver', location: FORT_WORTH, after: ['pickup'] },
        { id: 'pickup', location: HOUSTON },
      ],
    };
    expect(optimizeRoute(problem).plan.order).toEqual([1, 0]);
    expect(optimizeRoute(problem).input).toBeNull();
  });

  it('goes out of its way for a time window when that avoids lateness', () => {
    // Waco only 07:30-08:00 (1h45 away); by way of Fort Worth, shorter, it is reached at 08:34.
    const problem: RouteProblem = {
      start: DALLAS,
      departAt: T0,
      serviceMinutes: 15,
      stops: [
        { id: 'fort-worth', location: FORT_WORTH },
        { id: 'waco', location: WACO, window: { start: T0 + 1.5 * HOUR, end: T0 + 2 * HOUR } },
      ],
    };
    const { plan, input } = optimizeRoute(problem);
    expect(input!.violations).toHaveLength(1);
    expect(plan.order).toEqual([1, 0]);
    expect(plan.violations).toEqual([]);
    expect(plan.km).toBeGreaterThan(input!.km);
  });
});

describe('planRoute', () => {
  it('computes legs: distance, travel at the average speed, waiting for a window, service time, lateness', () => {
    const km = greatCircleKm(DALLAS, WACO);
    expect(km).toBeGreaterThan(135);
    expect(km).toBeLessThan(145);
    const problem: RouteProblem = {
      start: DALLAS,
      departAt: T0,
      averageSpeedKmh: km, // exactly one hour per leg Dallas-Waco
      serviceMinutes: 30,
      stops: [
        { id: 'waco', location: WACO, window: { start: T0 + 2 * HOUR, end: T0 + 4 * HOUR } },
        { id: 'dallas', location: DALLAS, window: { start: T0, end: T0 + 3 * HOUR } },
      ],
    };
    const plan = planRoute(problem, [0, 1]);
    expect(plan.legs[0]).toMatchObject({
      from: -1,
      to: 0,
      arriveAt: T0 + HOUR,
      serviceStartAt: T0 + 2 * HOUR,
      departAt: T0 + 2.5 * HOUR,
      waitMinutes: 60,
      lateMinutes: 0,
    });
    expect(plan.legs[1]).toMatchObject({ from: 0, to: 1, arriveAt: T0 + 3.5 * HOUR, lateMinutes: 30 });
    expect(plan.violations).toEqual([{ stop: 1, lateMinutes: 30 }]);
    expect(plan.km).toBeCloseTo(2 * km, 9);
  });

  it('refuses unknown dependencies, duplicate ids and cycles', () => {
    const base = { start: DALLAS, departAt: T0 };
    expect(() => planRoute({ ...base, stops: [{ id: 'a', location: WACO, after: ['x'] }] }, [0])).toThrow(RouteProblemError);
    expect(() =>
      planRoute(
        {
          ...base,
          stops: [
            { id: 'a', location: WACO },
            { id: 'a', location: WACO },
          ],
        },
        [0, 1],
      ),
    ).toThrow(RouteProblemError);
    expect(() =>
      planRoute(
        {
          ...base,
          stops: [
            { id: 'a', location: WACO, after: ['b'] },
            { id: 'b', location: WACO, after: ['a'] },
          ],
        },
        [0, 1],
      ),
    ).toThrow(/cycle/);
  });

  it('handles no stops', () => {
    expect(optimizeRoute({ start: DALLAS, departAt: T0, stops: [] }).plan).toMatchObject({ order: [], km: 0, lateMinutes: 0 });
  });
});
