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
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

const orientation = (p: readonly number[], q: readonly number[], r: readonly number[]): number =>
  Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
const onSegment = (p: readonly number[], q: readonly number[], r: readonly number[]): boolean =>
  Math.min(p[0]!, r[0]!) <= q[0]! && q[0]! <= Math.max(p[0]!, r[0]!) && Math.min(p[1]!, r[1]!) <= q[1]! && q[1]! <= Math.max(p[1]!, r[1]!);

/** Where two segments cross or touch, or null. */
function meeting(s: Segment, t: Segment): readonly number[] | null {
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
 * The first place where two edges of the polygon cross or touch (neighbours on a ring share their
 * common position only), or null. A sweep over the edges by longitude that stops at the first
 * meeting: a polygon drawn to cross itself everywhere costs no more than its first crossing, and
 * nothing grows with the number of crossings (turf's kinks lists them all).
 */
export function firstCrossing(rings: readonly (readonly (readonly number[])[])[]): readonly number[] | null {
  return runToEnd(firstCrossingSteps(rings));
}

/** Edges swept between two points where the sweep may be paused. */
const SWEEP_STEP = 64;

/**
 * `firstCrossing` as steps that may be paused every few edges: edges long in longitude stay active
 * for the whole sweep, so a polygon at the position limit can take most of a second.
 */
function* firstCrossingSteps(rings: readonly (readonly (readonly number[])[])[]): Steps<readonly number[] | null> {
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      segments.push({ ring: r, index: i, a, b, minX: Math.min(a[0]!, b[0]!), maxX: Math.max(a[0]!, b[0]!), minY: Math.min(a[1]!, b[1]!), maxY: Math.max(a[1]!, b[1]!) });
    }
  });
  const edges = rings.map((ring) => ring.length - 1);
  const neighbours = (s: Segment, t: Segment): boolean => {
    if (s.ring !== t.ring) return false;
    const gap = Math.abs(s.index - t.index);
    return gap === 1 || gap === edges[s.ring]! - 1;
  };
  segments.sort((x, y) => x.minX - y.minX);
  const active: Segment[] = [];
  for (const [n, s] of segments.entries()) {
    if (n % SWEEP_STEP === SWEEP_STEP - 1) yield;
    // The edges that end before this one starts leave the active list, in the same pass (no copy).
    let kept = 0;
    for (const t of active) {
      if (t.maxX < s.minX) continue;
      active[kept++] = t;
      if (t.maxY < s.minY || t.minY > s.maxY) continue;
      // Neighbours share their common position; a spike folding back on itself is left to the area and validity checks.
      if (neighbours(s, t)) continue;
      const at = meeting(s, t);
      if (at) return at;
    }
    active.length = kept;
    active.push(s);
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
