import { describe, expect, it } from 'vitest';
import { DomainError } from '@attunelogic/shared/errors';
import { bboxOf, distanceKm, firstCrossing, meeting, normalizeZip, polygonCovers, validatePolygon } from './geo';

// Lincoln Park, Chicago (roughly), [lng, lat], closed, with a hole around the zoo.
const PARK = [
  [-87.66, 41.91],
  [-87.62, 41.91],
  [-87.62, 41.94],
  [-87.66, 41.94],
  [-87.66, 41.91],
];
const ZOO = [
  [-87.636, 41.918],
  [-87.63, 41.918],
  [-87.63, 41.924],
  [-87.636, 41.924],
  [-87.636, 41.918],
];

function refusal(coordinates: unknown): string {
  try {
    validatePolygon(coordinates);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    return (error as DomainError).message;
  }
  throw new Error('expected the polygon to be refused');
}

/** A star polygon {n/k}: its positions on a circle, visited k apart, so nearly every edge crosses nearly every other. */
function star(n: number): number[][] {
  const k = Math.floor(n / 2) - 1;
  const ring = Array.from({ length: n }, (_, i) => [Math.cos((2 * Math.PI * ((i * k) % n)) / n), Math.sin((2 * Math.PI * ((i * k) % n)) / n)]);
  ring.push(ring[0]!);
  return ring;
}

describe('validatePolygon', () => {
  it('accepts a closed ring and a ring with a hole, unchanged', () => {
    expect(validatePolygon([PARK])).toEqual({ type: 'Polygon', coordinates: [PARK] });
    expect(validatePolygon([PARK, ZOO]).coordinates).toEqual([PARK, ZOO]);
  });

  it('accepts a simple ring at the limit of 5000 positions', () => {
    const ring = Array.from({ length: 4_999 }, (_, i) => [Math.cos((2 * Math.PI * i) / 4_999), Math.sin((2 * Math.PI * i) / 4_999)]);
    ring.push(ring[0]!);
    expect(validatePolygon([ring]).coordinates[0]).toHaveLength(5_000);
  });

  it('drops consecutive repeated positions', () => {
    const repeated = [PARK[0], PARK[1], PARK[1], PARK[2], PARK[3], PARK[4]];
    expect(validatePolygon([repeated]).coordinates).toEqual([PARK]);
  });

  it.each<[string, unknown, RegExp]>([
    ['no rings', [], /at least one ring/],
    ['a ring that is not closed', [PARK.slice(0, 4)], /not closed/],
    ['a ring of 3 positions', [[PARK[0], PARK[1], PARK[0]]], /fewer than 4 positions/],
    ['a ring of 4 positions with only 2 distinct', [[PARK[0], PARK[1], PARK[1], PARK[0]]], /fewer than 4 distinct/],
    [
      'a self-intersecting ring (bow tie)',
      [
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
          [0, 0],
        ],
      ],
      /edges intersect at \[5, 5\]/,
    ],
    [
      'a ring without area (collinear)',
      [
        [
          [0, 0],
          [5, 0],
          [10, 0],
          [0, 0],
        ],
      ],
      /no area/,
    ],
    [
      'a longitude out of range',
      [
        [
          [-181, 0],
          [0, 0],
          [0, 1],
          [-181, 0],
        ],
      ],
      /out of range/,
    ],
    [
      'a latitude out of range',
      [
        [
          [0, 0],
          [1, 0],
          [1, 91],
          [0, 0],
        ],
      ],
      /out of range/,
    ],
    [
      'a position with altitude',
      [
        [
          [0, 0, 5],
          [1, 0, 5],
          [1, 1, 5],
          [0, 0, 5],
        ],
      ],
      /not \[longitude, latitude\]/,
    ],
    [
      'a position that is not numbers',
      [
        [
          ['0', '0'],
          [1, 0],
          [1, 1],
          ['0', '0'],
        ],
      ],
      /not \[longitude, latitude\]/,
    ],
    [
      'a hole outside the outline',
      [
        PARK,
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
      /hole 1 is not inside/,
    ],
    [
      'a hole crossing the outline',
      [
        PARK,
        [
          [-87.64, 41.92],
          [-87.5, 41.92],
          [-87.5, 41.93],
          [-87.64, 41.92],
        ],
      ],
      /edges intersect/,
    ],
    [
      'a hole inside another hole',
      [
        PARK,
        ZOO,
        [
          [-87.634, 41.92],
          [-87.632, 41.92],
          [-87.632, 41.922],
          [-87.634, 41.92],
        ],
      ],
      /inside hole/,
    ],
    [
      'a polygon wider than 180° of longitude',
      [
        [
          [-170, 0],
          [170, 0],
          [170, 10],
          [-170, 0],
        ],
      ],
      /antimeridian/,
    ],
    ['more than 20 rings', Array.from({ length: 21 }, () => PARK), /at most 20 rings/],
    ['more than 5000 positions', [Array.from({ length: 5_001 }, (_, i) => [i / 10_000, 0])], /at most 5000 positions/],
    [
      'a spike (an edge folding back on its neighbour)',
      [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [5, 10],
          [5, 15],
          [5, 10],
          [0, 10],
          [0, 0],
        ],
      ],
      // Where the ring turns back.
      /edges intersect at \[5, 15\]/,
    ],
    [
      'two edges touching at a position that is no neighbour of theirs (a figure eight)',
      [
        [
          [0, 0],
          [4, 0],
          [2, 2],
          [4, 4],
          [0, 4],
          [2, 2],
          [0, 0],
        ],
      ],
      /edges intersect at \[2, 2\]/,
    ],
    ['a star of 4999 positions, every edge crossing hundreds of others', [star(4_999)], /edges intersect/],
  ])('refuses %s with BAD_USER_INPUT', (_name, coordinates, message) => {
    expect(refusal(coordinates)).toMatch(message);
  });
});

/** Whether two neighbouring edges overlap beyond their common position: points of both, off that position, on one line. */
function foldsBack(s: { a: number[]; b: number[] }, t: { a: number[]; b: number[] }): boolean {
  const common = [s.a, s.b].find((p) => [t.a, t.b].some((q) => q[0] === p[0] && q[1] === p[1]))!;
  const far = (e: { a: number[]; b: number[] }) => (e.a === common || (e.a[0] === common[0] && e.a[1] === common[1]) ? e.b : e.a);
  const [u, v] = [far(s), far(t)];
  const cross = (u[0]! - common[0]!) * (v[1]! - common[1]!) - (u[1]! - common[1]!) * (v[0]! - common[0]!);
  const dot = (u[0]! - common[0]!) * (v[0]! - common[0]!) + (u[1]! - common[1]!) * (v[1]! - common[1]!);
  return cross === 0 && dot > 0;
}

/** Whether any two edges that are not neighbours on their ring meet: every pair tested (the reference for the sweep). */
function anyMeetingOfAllPairs(rings: number[][][]): boolean {
  const edges = rings.flatMap((ring, r) => ring.slice(0, -1).map((a, i) => ({ r, i, n: ring.length - 1, a, b: ring[i + 1]! })));
  return edges.some((s, x) =>
    edges.slice(x + 1).some((t) => {
      const gap = Math.abs(s.i - t.i);
      // Neighbours meet beyond their common position only when one turns back along the other (a spike).
      if (s.r === t.r && (gap === 1 || gap === s.n - 1)) return foldsBack(s, t);
      return meeting(s, t) !== null;
    }),
  );
}

/** A deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A closed ring of `n` positions on a small integer grid (many vertical, collinear and touching edges), no two consecutive alike. */
function gridRing(next: () => number, n: number, size: number): number[][] {
  const ring: number[][] = [];
  while (ring.length < n) {
    const p = [Math.floor(next() * size), Math.floor(next() * size)];
    const last = ring.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  if (ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]) ring.pop();
  return [...ring, ring[0]!];
}

describe('firstCrossing (the sweep)', () => {
  it('finds a meeting exactly when some pair of edges meets, on 20,000 random rings full of degenerate cases', () => {
    const next = random(20261203);
    let meetings = 0;
    for (let c = 0; c < 20_000; c++) {
      const rings = [gridRing(next, 3 + Math.floor(next() * 8), 2 + Math.floor(next() * 6))];
      if (next() < 0.3) rings.push(gridRing(next, 3 + Math.floor(next() * 4), 6));
      const expected = anyMeetingOfAllPairs(rings);
      const found = firstCrossing(rings);
      if ((found !== null) !== expected) throw new Error(`case ${c}: sweep says ${JSON.stringify(found)}, all pairs say ${expected}: ${JSON.stringify(rings)}`);
      meetings += Number(expected);
    }
    // Both outcomes were exercised many times.
    expect(meetings).toBeGreaterThan(2_000);
    expect(meetings).toBeLessThan(19_000);
  });

  it('finds no meeting in a simple ring of long edges that all overlap in longitude (the quadratic case of a sweep that tests every pair so overlapping)', () => {
    const m = 2_499;
    const left = Array.from({ length: m + 1 }, (_, i) => [i % 2 === 0 ? 0 : 10, i / 100]);
    const ring = [...left, ...left.map(([x, y]) => [x! + 0.5, y!]).reverse(), left[0]!];
    expect(ring.length).toBeLessThanOrEqual(5_001);
    expect(firstCrossing([ring])).toBeNull();
    ring.splice(ring.length - 2, 0, [5, m / 200]);
    expect(firstCrossing([ring])).not.toBeNull();
  });
});

describe('polygonCovers', () => {
  const park = validatePolygon([PARK, ZOO]);

  it.each<[string, { lat: number; lng: number }, boolean]>([
    ['a point inside', { lat: 41.9214, lng: -87.6436 }, true],
    ['a point outside', { lat: 41.8781, lng: -87.6298 }, false],
    ['a point on an edge', { lat: 41.925, lng: -87.66 }, true],
    ['a vertex', { lat: 41.91, lng: -87.66 }, true],
    ['a point inside the hole', { lat: 41.921, lng: -87.633 }, false],
  ])('%s: %s', (_name, at, covered) => {
    expect(polygonCovers(park, at)).toBe(covered);
  });
});

describe('helpers', () => {
  it('bounds rings in a box', () => {
    expect(bboxOf([PARK, ZOO])).toEqual({ minLng: -87.66, minLat: 41.91, maxLng: -87.62, maxLat: 41.94 });
  });

  it('normalises ZIP codes to five digits and refuses the rest', () => {
    expect(normalizeZip('60614')).toBe('60614');
    expect(normalizeZip(' 60614-1234 ')).toBe('60614');
    expect(normalizeZip('606141234')).toBe('60614');
    for (const bad of ['6061', '606145', 'ABCDE', '60614-12', '']) expect(normalizeZip(bad)).toBeNull();
  });

  it('measures great-circle distance in kilometres', () => {
    // Chicago Loop to O'Hare: about 25 km.
    expect(distanceKm({ lat: 41.8781, lng: -87.6298 }, { lat: 41.9742, lng: -87.9073 })).toBeCloseTo(25.3, 1);
  });
});
