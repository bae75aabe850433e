import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { iso } from '../access';
import { type ServiceContext } from '../models';
import { toGeoPolygon, type ServiceAreaDocument } from './service-areas.model';
import { createServiceArea, getServiceArea, listServiceAreas, serviceAreaAt, type ServiceAreaFilter } from './service-areas.service';

type ServiceArea = Lean<ServiceAreaDocument>;

export const serviceAreaResolvers = {
  Query: {
    serviceAreas: (_parent: unknown, args: ConnectionArgs & { filter?: ServiceAreaFilter }, ctx: ServiceContext) => listServiceAreas(ctx, args),
    serviceArea: (_parent: unknown, args: { id: string }, ctx: ServiceContext) => getServiceArea(ctx, args.id),
    serviceAreaAt: (_parent: unknown, args: ConnectionArgs & { lat?: number; lng?: number; zip?: string }, ctx: ServiceContext) =>
      serviceAreaAt(ctx, args),
  },
  Mutation: {
    createServiceArea: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createServiceArea(ctx, args.input),
  },
  ServiceArea: {
    id: (area: ServiceArea) => area._id.toHexString(),
    polygon: (area: ServiceArea) => (area.polygon ? toGeoPolygon(area.polygon) : null),
    createdBy: (area: ServiceArea) => userReference(area.createdBy),
    createdAt: (area: ServiceArea) => iso(area.createdAt),
    updatedAt: (area: ServiceArea) => iso(area.updatedAt),
  },
};
