import mongoose from 'mongoose';
import { z } from 'zod';
import { listProjection, paginate, singleLine, type Connection, type ConnectionArgs, type Lean, type TenantContext, type SelectionInfo } from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { tenantScope, parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, loadOwned, setRetiredByDate, unchangedSince, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { bboxOf, geoPointSchema, polygonCovers, validatePolygonSteps, zipSchema, type GeoPoint, type GeoPolygon } from '../geo/geo';
import { type ServiceContext, type ServiceModels } from '../models';
import { toGeoPolygon, toStoredPolygon, type ServiceAreaDocument } from './service-areas.model';

const FEATURE = 'serviceAreas';

const createServiceAreaInput = z
  .object({
    name: singleLine(100),
    zipCodes: z.array(zipSchema).max(2_000).nullish(),
    polygon: z.object({ coordinates: z.unknown() }).nullish(),
  })
  .refine((input) => (input.zipCodes?.length ?? 0) > 0 || input.polygon, 'Give ZIP codes, a polygon, or both.');

const serviceAreaFilter = z.object({ zip: zipSchema.nullish(), includeRetired: z.boolean().nullish() }).nullish();

const updateServiceAreaInput = z
  .object({
    name: singleLine(100).optional(),
    zipCodes: z.array(zipSchema).max(2_000).optional(),
    polygon: z.object({ coordinates: z.unknown() }).nullish(),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'Give at least one field to change.');

const placeInput = z
  .object({ lat: geoPointSchema.shape.lat.nullish(), lng: geoPointSchema.shape.lng.nullish(), zip: zipSchema.nullish() })
  .refine((place) => (place.lat == null) === (place.lng == null), 'Give lat and lng together.')
  .refine((place) => place.lat != null || place.zip != null, 'Give a point (lat and lng), a ZIP code, or both.');

export type ServiceAreaFilter = z.input<typeof serviceAreaFilter>;

/** The tenant's service areas, newest first, optionally only those listing a ZIP code. */
/** The large stored fields of a service area, by the fields of `ServiceArea` that read them: left out of a list page that asks for none. */
const SERVICE_AREA_LIST_HEAVY = { polygon: ['polygon'] } as const;

export async function listServiceAreas(
  ctx: ServiceContext,
  args: ConnectionArgs & { filter?: ServiceAreaFilter },
  info?: SelectionInfo,
): Promise<Connection<Lean<ServiceAreaDocument>>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:read');
  const filter = serviceAreaFilter.parse(args.filter);
  return paginate(ctx.models.ServiceArea, ctx.tenant, { ...(filter?.zip && { zipCodes: filter.zip }), ...(!filter?.includeRetired && { retiredAt: null }) }, args, {
    projection: listProjection(info, SERVICE_AREA_LIST_HEAVY),
  });
}

/** One of the tenant's service areas; `NOT_FOUND` when missing or another tenant's. */
export async function getServiceArea(ctx: ServiceContext, id: unknown): Promise<Lean<ServiceAreaDocument>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:read');
  return loadOwned(ctx, ctx.models.ServiceArea, id, 'ServiceArea');
}

/** Creates an area after validating its ZIP codes and polygon; a name the tenant uses is `CONFLICT`. */
export async function createServiceArea(ctx: ServiceContext, raw: unknown): Promise<Lean<ServiceAreaDocument>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:write');
  const input = createServiceAreaInput.parse(raw);
  if (!input.polygon) return insertServiceArea(ctx, input, null);
  const coordinates = input.polygon.coordinates;
  // Validated in slices and written (up to 5,000 positions) in one of the tenant's slots for
  // expensive work, stopped at the request's deadline: a tenant's large writes reach the database a
  // few at a time.
  return ctx.work.hold(async () => insertServiceArea(ctx, input, await ctx.work.run(validatePolygonSteps(coordinates))));
}

function insertServiceArea(ctx: ServiceContext, input: z.output<typeof createServiceAreaInput>, polygon: GeoPolygon | null): Promise<Lean<ServiceAreaDocument>> {
  // A request already past its deadline writes nothing more.
  ctx.work.deadline.check();
  return createOwned(
    ctx,
    ctx.models.ServiceArea,
    {
      name: input.name,
      zipCodes: [...new Set(input.zipCodes ?? [])].sort(),
      polygon: polygon ? toStoredPolygon(polygon) : null,
      bbox: polygon ? bboxOf(polygon.coordinates) : null,
    },
    { what: 'ServiceArea', duplicate: duplicateName(input.name) },
  );
}

const duplicateName = (name: string) => () => conflict(`The tenant already has a service area named "${name}".`, { field: 'name' });

/**
 * Changes an area's name, ZIP codes (replaced) or polygon (null removes it); it keeps at least one of
 * ZIP codes and polygon. Technicians keep the area: dispatch judges them on the area as it is now.
 */
export async function updateServiceArea(ctx: ServiceContext, id: unknown, raw: unknown): Promise<Lean<ServiceAreaDocument>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:write');
  const _id = parseId(id);
  const input = updateServiceAreaInput.parse(raw);
  // A new polygon is validated and written in one of the tenant's slots, as at creation.
  return input.polygon ? ctx.work.hold(() => changeServiceArea(ctx, _id, input)) : changeServiceArea(ctx, _id, input);
}

async function changeServiceArea(ctx: ServiceContext, _id: mongoose.Types.ObjectId, input: z.output<typeof updateServiceAreaInput>): Promise<Lean<ServiceAreaDocument>> {
  const before = await findOwned(ctx, ctx.models.ServiceArea, _id, 'ServiceArea');
  if (before.retiredAt) throw conflict(`The service area "${before.name}" is retired; reactivate it to change it.`);
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) set['name'] = input.name;
  if (input.zipCodes !== undefined) set['zipCodes'] = [...new Set(input.zipCodes)].sort();
  if (input.polygon !== undefined) {
    // As at creation: in slices, stopped at the deadline.
    const polygon = input.polygon ? await ctx.work.run(validatePolygonSteps(input.polygon.coordinates)) : null;
    ctx.work.deadline.check();
    set['polygon'] = polygon ? toStoredPolygon(polygon) : null;
    set['bbox'] = polygon ? bboxOf(polygon.coordinates) : null;
  }
  const zipCodes = (set['zipCodes'] as string[] | undefined) ?? before.zipCodes;
  const polygon = 'polygon' in set ? set['polygon'] : before.polygon;
  if (zipCodes.length === 0 && !polygon) throw badInput('An area keeps ZIP codes, a polygon, or both.');
  return updateOwned(
    ctx,
    ctx.models.ServiceArea,
    before,
    { $set: set },
    {
      what: 'ServiceArea',
      ...unchangedSince(before, 'The service area'),
      duplicate: duplicateName(input.name ?? before.name),
    },
  );
}

/**
 * Retires an area (or reactivates it): kept for history and on the technicians that have it, hidden
 * from serviceAreas by default, covering nothing for dispatch or serviceAreaAt, refused for
 * technicians' new areas. Its name stays taken.
 */
export async function setServiceAreaRetired(ctx: ServiceContext, id: unknown, retire: boolean): Promise<Lean<ServiceAreaDocument>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:write');
  return setRetiredByDate(ctx, ctx.models.ServiceArea, id, retire, { what: 'ServiceArea', now: ctx.clock.now(), label: () => 'The service area' });
}

/** A place to look up: a point, a ZIP code, or both. */
export interface Place {
  point?: GeoPoint | null;
  zip?: string | null;
}

/**
 * The ids of the tenant's areas covering a place: listed ZIP code, or polygon covering the point (the
 * union when both are given). The database narrows polygons to those whose bounding box holds the
 * point; turf decides. Two small queries at most, whatever the number of areas.
 */
export async function areasCovering(
  models: Pick<ServiceModels, 'ServiceArea'>,
  tenant: Pick<TenantContext, 'tenantId'>,
  place: Place,
): Promise<{ byZip: mongoose.Types.ObjectId[]; byPolygon: mongoose.Types.ObjectId[] }> {
  // A retired area covers nothing: dispatch and lookups see only the areas in use.
  const scope = { ...tenantScope(tenant), retiredAt: null };
  const { point, zip } = place;
  const [zipAreas, boxAreas] = await Promise.all([
    zip
      ? models.ServiceArea.find({ ...scope, zipCodes: zip })
          .select({ _id: 1 })
          .lean()
      : [],
    point
      ? models.ServiceArea.find({
          ...scope,
          'bbox.minLng': mongoose.trusted({ $lte: point.lng }),
          'bbox.maxLng': mongoose.trusted({ $gte: point.lng }),
          'bbox.minLat': mongoose.trusted({ $lte: point.lat }),
          'bbox.maxLat': mongoose.trusted({ $gte: point.lat }),
        })
          .select({ _id: 1, polygon: 1 })
          .lean()
      : [],
  ]);
  return {
    byZip: zipAreas.map((area) => area._id),
    byPolygon: point ? boxAreas.filter((area) => area.polygon && polygonCovers(toGeoPolygon(area.polygon), point)).map((area) => area._id) : [],
  };
}

/** The areas covering a place, as a connection (newest first). */
export async function serviceAreaAt(
  ctx: ServiceContext,
  args: ConnectionArgs & { lat?: number | null; lng?: number | null; zip?: string | null },
): Promise<Connection<Lean<ServiceAreaDocument>>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:read');
  const parsed = placeInput.safeParse({ lat: args.lat, lng: args.lng, zip: args.zip });
  if (!parsed.success) throw badInput(parsed.error.issues[0]?.message ?? 'Invalid place.');
  const place = parsed.data;
  const { byZip, byPolygon } = await areasCovering(ctx.models, ctx.tenant, {
    point: place.lat != null && place.lng != null ? { lat: place.lat, lng: place.lng } : null,
    zip: place.zip ?? null,
  });
  const ids = [...new Map([...byZip, ...byPolygon].map((id) => [id.toHexString(), id])).values()];
  // Under $and: paginate sets its own `_id` for the cursor, which must not replace this one.
  return paginate(ctx.models.ServiceArea, ctx.tenant, { $and: [{ _id: mongoose.trusted({ $in: ids }) }] }, args);
}
