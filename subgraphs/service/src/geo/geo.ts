// Geometry of the service subgraph, in TypeScript: the database has no geo indexes (docs/DATABASE.md),
// so polygons are validated and tested with turf, and a bounding box stored beside each polygon lets
// the database narrow the candidates with plain range filters.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import { point, polygon as turfPolygon } from '@turf/helpers';
import { z } from 'zod';
import { badInput } from '@attunelogic/shared/errors';
import { runToEnd, type Steps } from '@attunelogic/shared';

/** A WGS 84 point. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** A GeoJSON Polygon (RFC 7946): the first ring is the outline, further rings are holes; positions are [lng, lat]. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface BoundingBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** Bounds that keep one request's geometry work small. */
export const POLYGON_LIMITS = { rings: 20, positions: 5_000 } as const;

const invalidPolygon = (reason: string, details: Record<string, unknown> = {}) => badInput(`Invalid polygon: ${reason}.`, { field: 'polygon', ...details });

const samePosition = (a: readonly number[], b: readonly number[]): boolean => a[0] === b[0] && a[1] === b[1];

interface Segment {
  readonly ring: number;
  readonly index: number;
  readonly a: readonly number[];
  readonly b: readonly number[];
}

const orientation = (p: readonly number[], q: readonly number[], r: readonly number[]): number =>
  Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
const onSegment = (p: readonly number[], q: readonly number[], r: readonly number[]): boolean =>
  Math.min(p[0]!, r[0]!) <= q[0]! && q[0]! <= Math.max(p[0]!, r[0]!) && Math.min(p[1]!, r[1]!) <= q[1]! && q[1]! <= Math.max(p[1]!, r[1]!);

/** Where two segments cross or touch, or null. */
export function meeting(s: Pick<Segment, 'a' | 'b'>, t: Pick<Segment, 'a' | 'b'>): readonly number[] | null {
  const [p1, p2, q1, q2] = [s.a, s.b, t.a, t.b];
  const o1 = orientation(p1, p2, q1);
  const o2 = orientation(p1, p2, q2);
  const o3 = orientation(q1, q2, p1);
  const o4 = orientation(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const d = (p2[0]! - p1[0]!) * (q2[1]! - q1[1]!) - (p2[1]! - p1[1]!) * (q2[0]! - q1[0]!);
    const u = ((q1[0]! - p1[0]!) * (q2[1]! - q1[1]!) - (q1[1]! - p1[1]!) * (q2[0]! - q1[0]!)) / d;
    return [p1[0]! + u * (p2[0]! - p1[0]!), p1[1]! + u * (p2[1]! - p1[1]!)];
  }
  // Touching: an end of one on the other.
  if (o1 === 0 && onSegment(p1, q1, p2)) return q1;
  if (o2 === 0 && onSegment(p1, q2, p2)) return q2;
  if (o3 === 0 && onSegment(q1, p1, q2)) return p1;
  if (o4 === 0 && onSegment(q1, p2, q2)) return p2;
  return null;
}

/**
 * A place where two edges of the polygon cross or touch (neighbours on a ring share their common
 * position only), or null. A Shamos–Hoey sweep: the edges met by a vertical line sweeping from west
 * to east are kept ordered from south to north, and only edges that become adjacent in that order
 * are tested; the leftmost meeting of any two edges is found before the line passes it, so the
 * sweep stops there. O(n log n) comparisons for n edges whatever the polygon's shape (the edge list
 * itself is a sorted array: its insertions and removals are memory moves), where testing every pair
 * of edges that overlap in longitude is quadratic for a band of long edges.
 */
export function firstCrossing(rings: readonly (readonly (readonly number[])[])[]): readonly number[] | null {
  return runToEnd(firstCrossingSteps(rings));
}

/** Sweep events between two points where the sweep may be paused. */
const SWEEP_STEP = 512;

/** `a` before `b` from west to east, then from south to north (the sweep's order; a vertical edge starts at its south end). */
const before = (a: readonly number[], b: readonly number[]): number => a[0]! - b[0]! || a[1]! - b[1]!;

interface SweptEdge extends Segment {
  /** The end the sweep meets first, and the other. */
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly id: number;
}

/**
 * Where a new edge `s` lies against an edge `t` already crossed by the sweep line at `s`'s left end
 * (t started there or before): above (> 0) or below (< 0). `s`'s left end against `t`'s line, then
 * its right end when the left end lies on that line; collinear edges are ordered by id.
 */
function against(s: SweptEdge, t: SweptEdge): number {
  return orientation(t.left, t.right, s.left) || orientation(t.left, t.right, s.right) || s.id - t.id;
}

function* firstCrossingSteps(rings: readonly (readonly (readonly number[])[])[]): Steps<readonly number[] | null> {
  const edges: SweptEdge[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const [left, right] = before(a, b) <= 0 ? [a, b] : [b, a];
      edges.push({ ring: r, index: i, a, b, left, right, id: edges.length });
    }
  });
  const counts = rings.map((ring) => ring.length - 1);
  const neighbours = (s: Segment, t: Segment): boolean => {
    if (s.ring !== t.ring) return false;
    const gap = Math.abs(s.index - t.index);
    return gap === 1 || gap === counts[s.ring]! - 1;
  };
  // Neighbours share their common position only (spikes are refused before the sweep).
  const meet = (s: SweptEdge | undefined, t: SweptEdge | undefined): readonly number[] | null => (s && t && !neighbours(s, t) ? meeting(s, t) : null);

  // Each edge enters at its left end and leaves at its right end; at one position, entries first,
  // so that edges touching there are in the order together.
  const events = edges.flatMap((edge) => [
    { at: edge.left, enters: true, edge },
    { at: edge.right, enters: false, edge },
  ]);
  events.sort((x, y) => before(x.at, y.at) || Number(y.enters) - Number(x.enters));

  // A ring that turns back on itself (a spike: the edges after and before a position run along one
  // line in the same direction from it) meets itself at that position. Found first, so that
  // neighbours never share more than their common position in the sweep below.
  for (const ring of rings) {
    const n = ring.length - 1;
    for (let i = 0; i < n; i++) {
      const [previous, at, next] = [ring[(i + n - 1) % n]!, ring[i]!, ring[i + 1]!];
      const along = (previous[0]! - at[0]!) * (next[0]! - at[0]!) + (previous[1]! - at[1]!) * (next[1]! - at[1]!);
      if (orientation(previous, at, next) === 0 && along > 0) return at;
    }
  }
  // A position visited twice (consecutive repeats are gone) is a meeting: the four edges there
  // include two that are not neighbours. Found here, where the events of one position lie together.
  for (let i = 2; i < events.length; i++) {
    if (before(events[i]!.at, events[i - 2]!.at) === 0) return events[i]!.at;
  }

  const order: SweptEdge[] = [];
  // Edges on one line with the entering edge sit beside it in the order (ranked by id), and while
  // both are crossed by the sweep line they overlap: any of them that is not its neighbour meets
  // it. Adjacent ones are tested already; past them, at most its two neighbours are skipped.
  const collinear = (s: SweptEdge, t: SweptEdge | undefined): t is SweptEdge =>
    t !== undefined && orientation(t.left, t.right, s.left) === 0 && orientation(t.left, t.right, s.right) === 0;
  const collinearMeeting = (at: number): readonly number[] | null => {
    const edge = order[at]!;
    for (const step of [-1, 1]) {
      for (let i = at + step; collinear(edge, order[i]); i += step) {
        const found = meet(edge, order[i]);
        if (found) return found;
      }
    }
    return null;
  };
  for (const [n, { enters, edge }] of events.entries()) {
    if (n % SWEEP_STEP === SWEEP_STEP - 1) yield;
    if (enters) {
      let low = 0;
      let high = order.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (against(edge, order[mid]!) > 0) low = mid + 1;
        else high = mid;
      }
      order.splice(low, 0, edge);
      const at = meet(edge, order[low - 1]) ?? meet(edge, order[low + 1]) ?? collinearMeeting(low);
      if (at) return at;
    } else {
      const i = order.indexOf(edge);
      order.splice(i, 1);
      const at = meet(order[i - 1], order[i]);
      if (at) return at;
    }
  }
  return null;
}

/** Twice the signed area of a ring in degrees² (shoelace); 0 for a ring that encloses nothing. */
function ringArea(ring: readonly number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

/**
 * Checks a client's polygon and returns it normalised (consecutive repeated positions removed).
 * Refused with `BAD_USER_INPUT`: positions that are not [lng, lat] in range, a ring with fewer than 4
 * positions or not closed, a ring without area, edges that cross or touch (self-intersection, also
 * between rings), a hole outside the outline or inside another hole, and polygons wider than 180° of
 * longitude (RFC 7946 §3.1.9: split those at the antimeridian).
 */
export function validatePolygon(coordinates: unknown): GeoPolygon {
  return runToEnd(validatePolygonSteps(coordinates));
}

/** `validatePolygon` as steps that may be paused (during the crossing sweep), for `ctx.work.run`. */
export function* validatePolygonSteps(coordinates: unknown): Steps<GeoPolygon> {
  if (!Array.isArray(coordinates) || coordinates.length === 0) throw invalidPolygon('give at least one ring (the outline)');
  if (coordinates.length > POLYGON_LIMITS.rings) throw invalidPolygon(`at most ${POLYGON_LIMITS.rings} rings`);
  let total = 0;
  const rings = coordinates.map((ring: unknown, r) => {
    if (!Array.isArray(ring)) throw invalidPolygon(`ring ${r} is not a list of positions`, { ring: r });
    total += ring.length;
    if (total > POLYGON_LIMITS.positions) throw invalidPolygon(`at most ${POLYGON_LIMITS.positions} positions in all`);
    const positions = ring.map((position: unknown, p) => {
      if (!Array.isArray(position) || position.length !== 2 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        throw invalidPolygon(`position ${p} of ring ${r} is not [longitude, latitude]`, { ring: r, position: p });
      }
      const [lng, lat] = position as [number, number];
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
        throw invalidPolygon(`position ${p} of ring ${r} is out of range (longitude −180..180, latitude −90..90)`, { ring: r, position: p });
      }
      return [lng, lat];
    });
    if (positions.length < 4) throw invalidPolygon(`ring ${r} has fewer than 4 positions`, { ring: r });
    if (!samePosition(positions[0]!, positions.at(-1)!)) {
      throw invalidPolygon(`ring ${r} is not closed: its last position must equal its first`, { ring: r });
    }
    const deduplicated = positions.filter((position, i) => i === 0 || !samePosition(position, positions[i - 1]!));
    if (deduplicated.length < 4) throw invalidPolygon(`ring ${r} has fewer than 4 distinct positions`, { ring: r });
    return deduplicated;
  });

  const bbox = bboxOf(rings);
  if (bbox.maxLng - bbox.minLng > 180) throw invalidPolygon('it spans more than 180° of longitude; split it at the antimeridian');

  // A ring on one line encloses nothing; said so before the sweep, which would find it turning back on itself.
  rings.forEach((ring, r) => {
    if (ring.every((position) => orientation(ring[0]!, ring[1]!, position) === 0)) throw invalidPolygon(`ring ${r} encloses no area`, { ring: r });
  });
  const crossing = yield* firstCrossingSteps(rings);
  if (crossing) {
    throw invalidPolygon(`edges intersect at [${crossing.map((n) => Number(n.toFixed(6))).join(', ')}]`, { kink: crossing });
  }
  // After the crossings: a bow tie's lobes cancel out to no area, and "edges intersect" says more.
  rings.forEach((ring, r) => {
    if (Math.abs(ringArea(ring)) < 1e-12) throw invalidPolygon(`ring ${r} encloses no area`, { ring: r });
  });
  const [outline, ...holes] = rings;
  const outlinePolygon = turfPolygon([outline!]);
  holes.forEach((hole, h) => {
    if (!hole.every((position) => booleanPointInPolygon(point(position), outlinePolygon))) {
      throw invalidPolygon(`hole ${h + 1} is not inside the outline`, { ring: h + 1 });
    }
    holes.forEach((other, o) => {
      if (o !== h && booleanPointInPolygon(point(hole[0]!), turfPolygon([other]))) {
        throw invalidPolygon(`hole ${h + 1} lies inside hole ${o + 1}`, { ring: h + 1 });
      }
    });
  });
  // No OGC validity pass on top (turf's booleanValid): it is quadratic in the positions (about a second
  // at the limit), and the sweep above already refuses every crossing, touch and spike between edges.
  return { type: 'Polygon', coordinates: rings };
}

/** The bounding box of a polygon's rings. */
export function bboxOf(rings: readonly (readonly number[])[][]): BoundingBox {
  const box = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      box.minLng = Math.min(box.minLng, lng!);
      box.maxLng = Math.max(box.maxLng, lng!);
      box.minLat = Math.min(box.minLat, lat!);
      box.maxLat = Math.max(box.maxLat, lat!);
    }
  }
  return box;
}

/** Whether the polygon covers the point; a point on an edge counts as covered, one inside a hole does not. */
export const polygonCovers = (polygon: GeoPolygon, at: GeoPoint): boolean => booleanPointInPolygon(point([at.lng, at.lat]), turfPolygon(polygon.coordinates));

/** Great-circle distance in kilometres. */
export const distanceKm = (a: GeoPoint, b: GeoPoint): number => distance(point([a.lng, a.lat]), point([b.lng, b.lat]), { units: 'kilometers' });

const ZIP = /^(\d{5})(?:-?\d{4})?$/;

/** A US ZIP code as service areas store it: the five-digit code (ZIP+4 is cut to five); null for anything else. */
export function normalizeZip(value: string): string | null {
  const match = ZIP.exec(value.trim());
  return match ? match[1]! : null;
}

/** zod: a US ZIP code, normalised to five digits. */
export const zipSchema = z
  .string()
  .max(10)
  .transform((value, context) => {
    const zip = normalizeZip(value);
    if (!zip) {
      context.addIssue({ code: 'custom', message: 'A ZIP code has 5 digits (or ZIP+4: 12345-6789).' });
      return z.NEVER;
    }
    return zip;
  });
