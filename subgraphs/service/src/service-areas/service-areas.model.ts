import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { type BoundingBox, type GeoPoint, type GeoPolygon } from '../geo/geo';

/**
 * A polygon as stored: FerretDB 1.24 refuses arrays nested directly in arrays (GeoJSON's
 * `number[][][]`), so each ring is an object and each position a `{ lng, lat }`.
 */
export interface StoredPolygon {
  rings: { positions: GeoPoint[] }[];
}

export const toStoredPolygon = (polygon: GeoPolygon): StoredPolygon => ({
  rings: polygon.coordinates.map((ring) => ({ positions: ring.map(([lng, lat]) => ({ lng: lng!, lat: lat! })) })),
});

export const toGeoPolygon = (stored: StoredPolygon): GeoPolygon => ({
  type: 'Polygon',
  coordinates: stored.rings.map((ring) => ring.positions.map(({ lng, lat }) => [lng, lat])),
});

/** A region the tenant serves: a list of ZIP codes, a polygon, or both. Areas may overlap. */
export interface ServiceAreaDocument extends TenantOwned {
  name: string;
  /** Five-digit US ZIP codes. */
  zipCodes: string[];
  /** A validated polygon (geo.ts), or null for an area of ZIP codes only. */
  polygon: StoredPolygon | null;
  /** The polygon's bounding box, so the database narrows the candidates of a point with range filters. */
  bbox: BoundingBox | null;
  /** Set when retired: kept for history, hidden from lists by default, covers nothing, refused for technicians. */
  retiredAt?: Date | null;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export type ServiceAreaModel = Model<ServiceAreaDocument>;

const bboxSchema = new mongoose.Schema<BoundingBox>(
  {
    minLng: { type: Number, required: true },
    minLat: { type: Number, required: true },
    maxLng: { type: Number, required: true },
    maxLat: { type: Number, required: true },
  },
  { _id: false },
);

const serviceAreaSchema = new mongoose.Schema<ServiceAreaDocument>(
  {
    name: { type: String, required: true, trim: true },
    zipCodes: { type: [String], default: [] },
    polygon: { type: mongoose.Schema.Types.Mixed, default: null },
    bbox: { type: bboxSchema, default: null },
    retiredAt: { type: Date, default: null },
    createdBy: { type: mongoose.Schema.Types.ObjectId, required: true, immutable: true },
  },
  { collection: 'serviceAreas', timestamps: true },
);
serviceAreaSchema.plugin(tenantPlugin);
serviceAreaSchema.index({ parentCompany: 1, name: 1 }, { unique: true });
serviceAreaSchema.index({ parentCompany: 1, zipCodes: 1 });

export const SERVICE_AREA_MODEL_NAME = 'ServiceArea';

export function serviceAreaModel(connection: Connection): ServiceAreaModel {
  return (
    (connection.models[SERVICE_AREA_MODEL_NAME] as ServiceAreaModel | undefined) ?? connection.model<ServiceAreaDocument>(SERVICE_AREA_MODEL_NAME, serviceAreaSchema)
  );
}
