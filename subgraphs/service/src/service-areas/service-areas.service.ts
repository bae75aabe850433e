import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, singleLine, type Connection, type ConnectionArgs, type Lean, type TenantContext } from '@attunelogic/shared';
import { badInput, conflict } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { createOwned, loadOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../access';
import { bboxOf, geoPointSchema, polygonCovers, validatePolygon, zipSchema, type GeoPoint } from '../geo/geo';
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

const serviceAreaFilter = z.object({ zip: zipSchema.nullish() }).nullish();

const placeInput = z
  .object({ lat: geoPointSchema.shape.lat.nullish(), lng: geoPointSchema.shape.lng.nullish(), zip: zipSchema.nullish() })
  .refine((place) => (place.lat == null) === (place.lng == null), 'Give lat and lng together.')
  .refine((place) => place.lat != null || place.zip != null, 'Give a point (lat and lng), a ZIP code, or both.');

export type ServiceAreaFilter = z.input<typeof serviceAreaFilter>;

/** The tenant's service areas, newest first, optionally only those listing a ZIP code. */
export async function listServiceAreas(ctx: ServiceContext, args: ConnectionArgs & { filter?: ServiceAreaFilter }): Promise<Connection<Lean<ServiceAreaDocument>>> {
  requireAccess(ctx, FEATURE, 'serviceAreas:read');
  const filter = serviceAreaFilter.parse(args.filter);
  return paginate(ctx.models.ServiceArea, ctx.tenant, filter?.zip ? { zipCodes: filter.zip } : {}, args);
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
  const polygon = input.polygon ? validatePolygon(input.polygon.coordinates) : null;
  return createOwned(
    ctx,
    ctx.models.ServiceArea,
    {
      name: input.name,
      zipCodes: [...new Set(input.zipCodes ?? [])].sort(),
      polygon: polygon ? toStoredPolygon(polygon) : null,
      bbox: polygon ? bboxOf(polygon.coordinates) : null,
    },
    { what: 'ServiceArea', duplicate: () => conflict(`The tenant already has a service area named "${input.name}".`, { field: 'name' }) },
  );
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
  const scope = tenantScope(tenant);
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
