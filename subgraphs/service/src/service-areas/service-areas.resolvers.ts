import { userReference } from '@attunelogic/shared/subgraph';
import { iso } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { toGeoPolygon } from './service-areas.model';
import { createServiceArea, getServiceArea, listServiceAreas, serviceAreaAt } from './service-areas.service';

export const serviceAreaResolvers = {
  Query: {
    serviceAreas: (_parent, args, ctx) => listServiceAreas(ctx, args),
    serviceArea: (_parent, args, ctx) => getServiceArea(ctx, args.id),
    serviceAreaAt: (_parent, args, ctx) => serviceAreaAt(ctx, args),
  },
  Mutation: {
    createServiceArea: (_parent, args, ctx) => createServiceArea(ctx, args.input),
  },
  ServiceArea: {
    id: (area) => area._id.toHexString(),
    polygon: (area) => (area.polygon ? toGeoPolygon(area.polygon) : null),
    createdBy: (area) => userReference(area.createdBy),
    createdAt: (area) => iso(area.createdAt),
    updatedAt: (area) => iso(area.updatedAt),
  },
} satisfies Resolvers;
