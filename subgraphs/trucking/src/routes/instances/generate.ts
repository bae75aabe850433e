// Generates the committed route-optimisation instances, deterministically (seeded PRNG): running it
// again rewrites the same files. Run: `npx tsx src/routes/instances/generate.ts` in subgraphs/trucking.
//
// Each instance: a depot in one US region, 3 to 8 stops in pickup/delivery pairs (an odd count gets a
// second delivery from one pickup), cities of the region with a small jitter. Time windows are cut
// around the schedule of a hidden random order, so a route honouring them exists; the two "tight"
// instances narrow some windows to 20 minutes and pull them earlier, so some may be infeasible and
// the optimiser has to minimise lateness. The stops are listed in another random valid order: the
// input order the optimiser must never do worse than.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { greatCircleKm, seededRandom, type LatLng } from '../optimizer';
import { INSTANCES_DIR, type RouteInstance, type RouteInstanceStop } from './instances';

type City = readonly [name: string, lat: number, lng: number];

const REGIONS: Readonly<Record<string, readonly City[]>> = {
  texas: [
    ['Dallas, TX', 32.7767, -96.797],
    ['Fort Worth, TX', 32.7555, -97.3308],
    ['Austin, TX', 30.2672, -97.7431],
    ['San Antonio, TX', 29.4241, -98.4936],
    ['Houston, TX', 29.7604, -95.3698],
    ['Waco, TX', 31.5493, -97.1467],
    ['Tyler, TX', 32.3513, -95.3011],
    ['College Station, TX', 30.628, -96.3344],
    ['Temple, TX', 31.0982, -97.3428],
    ['Beaumont, TX', 30.0802, -94.1266],
    ['Killeen, TX', 31.1171, -97.7278],
    ['Corpus Christi, TX', 27.8006, -97.3964],
  ],
  midwest: [
    ['Chicago, IL', 41.8781, -87.6298],
    ['Milwaukee, WI', 43.0389, -87.9065],
    ['Indianapolis, IN', 39.7684, -86.1581],
    ['Detroit, MI', 42.3314, -83.0458],
    ['Columbus, OH', 39.9612, -82.9988],
    ['St. Louis, MO', 38.627, -90.1994],
    ['Des Moines, IA', 41.5868, -93.625],
    ['Madison, WI', 43.0731, -89.4012],
    ['Fort Wayne, IN', 41.0793, -85.1394],
    ['Peoria, IL', 40.6936, -89.589],
    ['Grand Rapids, MI', 42.9634, -85.6681],
    ['Toledo, OH', 41.6528, -83.5379],
  ],
  west: [
    ['Los Angeles, CA', 34.0522, -118.2437],
    ['San Diego, CA', 32.7157, -117.1611],
    ['Bakersfield, CA', 35.3733, -119.0187],
    ['Fresno, CA', 36.7378, -119.7871],
    ['Sacramento, CA', 38.5816, -121.4944],
    ['San Francisco, CA', 37.7749, -122.4194],
    ['San Jose, CA', 37.3382, -121.8863],
    ['Stockton, CA', 37.9577, -121.2908],
    ['Riverside, CA', 33.9806, -117.3755],
    ['Las Vegas, NV', 36.1699, -115.1398],
    ['Reno, NV', 39.5296, -119.8138],
    ['Phoenix, AZ', 33.4484, -112.074],
  ],
  southeast: [
    ['Atlanta, GA', 33.749, -84.388],
    ['Charlotte, NC', 35.2271, -80.8431],
    ['Nashville, TN', 36.1627, -86.7816],
    ['Birmingham, AL', 33.5186, -86.8104],
    ['Jacksonville, FL', 30.3322, -81.6557],
    ['Savannah, GA', 32.0809, -81.0912],
    ['Chattanooga, TN', 35.0456, -85.3097],
    ['Knoxville, TN', 35.9606, -83.9207],
    ['Columbia, SC', 34.0007, -81.0348],
    ['Greenville, SC', 34.8526, -82.394],
    ['Macon, GA', 32.8407, -83.6324],
    ['Montgomery, AL', 32.3792, -86.3077],
  ],
};

const SPEED_KMH = 80;
const SERVICE_MINUTES = 30;
const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

interface Spec {
  readonly stops: number;
  readonly windows: 'none' | 'loose' | 'tight';
}

// 16 instances: every size from 3 to 8, most with windows, two tight.
const SPECS: readonly Spec[] = [
  { stops: 3, windows: 'none' },
  { stops: 4, windows: 'loose' },
  { stops: 5, windows: 'loose' },
  { stops: 6, windows: 'none' },
  { stops: 6, windows: 'loose' },
  { stops: 7, windows: 'loose' },
  { stops: 8, windows: 'none' },
  { stops: 8, windows: 'loose' },
  { stops: 3, windows: 'loose' },
  { stops: 4, windows: 'none' },
  { stops: 5, windows: 'tight' },
  { stops: 6, windows: 'loose' },
  { stops: 7, windows: 'none' },
  { stops: 7, windows: 'loose' },
  { stops: 8, windows: 'tight' },
  { stops: 8, windows: 'loose' },
];

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const roundToQuarter = (ms: number): number => Math.round(ms / QUARTER) * QUARTER;

function generate(index: number, spec: Spec): RouteInstance {
  const random = seededRandom(20_250_301 + index * 7_919);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const regionName = Object.keys(REGIONS)[index % 4]!;
  const cities = [...REGIONS[regionName]!];
  const take = (): { city: string; location: LatLng } => {
    const [city, lat, lng] = cities.splice(Math.floor(random() * cities.length), 1)[0]!;
    return { city, location: { lat: round(lat + (random() - 0.5) * 0.1, 5), lng: round(lng + (random() - 0.5) * 0.1, 5) } };
  };

  const depot = take();
  const stops: (Omit<RouteInstanceStop, 'window'> & { window: RouteInstanceStop['window'] })[] = [];
  const pairs = Math.floor(spec.stops / 2);
  for (let p = 1; p <= pairs; p++) {
    stops.push({ id: `P${p}`, type: 'pickup', ...take(), window: null });
    stops.push({ id: `D${p}`, type: 'delivery', pickupId: `P${p}`, ...take(), window: null });
  }
  if (spec.stops % 2 === 1) stops.push({ id: 'D1b', type: 'delivery', pickupId: 'P1', ...take(), window: null });

  // A random order keeping every pickup before its deliveries.
  const randomValidOrder = (): number[] => {
    const order: number[] = [];
    const placed = new Set<string>();
    while (order.length < stops.length) {
      const ready = stops.flatMap((s, i) => (!order.includes(i) && (!s.pickupId || placed.has(s.pickupId)) ? [i] : []));
      const next = pick(ready);
      order.push(next);
      placed.add(stops[next]!.id);
    }
    return order;
  };

  const departAt = Date.parse('2025-03-03T06:00:00Z') + (index % 5) * 24 * HOUR;
  if (spec.windows !== 'none') {
    // Schedule a hidden order and cut windows around its arrivals: that order honours them all.
    let time = departAt;
    let at = depot.location;
    for (const i of randomValidOrder()) {
      const stop = stops[i]!;
      time += (greatCircleKm(at, stop.location) / SPEED_KMH) * HOUR;
      at = stop.location;
      if (random() < 0.7) {
        const tight = spec.windows === 'tight' && random() < 0.6;
        const start = tight ? roundToQuarter(time - (1 + random()) * HOUR) : roundToQuarter(time - (1 + random() * 3) * HOUR);
        const end = tight ? start + 20 * 60_000 : roundToQuarter(time + (1 + random() * 3) * HOUR);
        stop.window = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
      }
      time += SERVICE_MINUTES * 60_000;
    }
  }

  const inputOrder = randomValidOrder();
  return {
    name: `${String(index + 1).padStart(2, '0')}-${regionName}-${spec.stops}-stops${spec.windows === 'none' ? '' : `-${spec.windows}-windows`}`,
    region: regionName,
    start: { city: depot.city, ...depot.location },
    departAt: new Date(departAt).toISOString(),
    averageSpeedKmh: SPEED_KMH,
    serviceMinutes: SERVICE_MINUTES,
    stops: inputOrder.map((i) => stops[i]!),
  };
}

function main(): void {
  SPECS.forEach((spec, index) => {
    const instance = generate(index, spec);
    writeFileSync(new URL(`${instance.name}.json`, INSTANCES_DIR), `${JSON.stringify(instance, null, 2)}\n`);
    console.log(`wrote ${instance.name}.json`);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
