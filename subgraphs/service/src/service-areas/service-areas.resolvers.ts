import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { toGeoPolygon } from './service-areas.model';
import { createServiceArea, getServiceArea, listServiceAreas, serviceAreaAt, setServiceAreaRetired, updateServiceArea } from './service-areas.service';

export const serviceAreaResolvers = {
  Query: {
    serviceAreas: (_parent, args, ctx, info) => listServiceAreas(ctx, args, info),
    serviceArea: (_parent, args, ctx) => getServiceArea(ctx, args.id),
    serviceAreaAt: (_parent, args, ctx) => serviceAreaAt(ctx, args),
  },
  Mutation: {
    createServiceArea: (_parent, args, ctx) => createServiceArea(ctx, args.input),
    updateServiceArea: (_parent, args, ctx) => updateServiceArea(ctx, args.id, args.input),
    retireServiceArea: (_parent, args, ctx) => setServiceAreaRetired(ctx, args.id, true),
    reactivateServiceArea: (_parent, args, ctx) => setServiceAreaRetired(ctx, args.id, false),
  },
  ServiceArea: {
    id: (area) => area._id.toHexString(),
    polygon: (area) => (area.polygon ? toGeoPolygon(area.polygon) : null),
    retiredAt: (area) => isoOrNull(area.retiredAt),
    createdBy: (area) => userReference(area.createdBy),
    createdAt: (area) => iso(area.createdAt),
    updatedAt: (area) => iso(area.updatedAt),
  },
} satisfies Resolvers;
