import { userReference } from '@attunelogic/shared/subgraph';
import { referenced } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { weightIn, withinWorkingHours, workingHoursFor } from '../settings';
import { assignLoad } from './assignment';
import { autoAssigned } from './auto-assign';
import { cancelLoad, editableFields, updateLoad } from './edit';
import { createLoad, getLoad, listLoads, nextStatuses, recordStopEvent, updateLoadStatus } from './loads.service';

export const loadResolvers = {
  Query: {
    loads: (_parent, args, ctx, info) => listLoads(ctx, args, info),
    load: (_parent, args, ctx) => getLoad(ctx, args.id),
  },
  Mutation: {
    createLoad: async (_parent, args, ctx) => autoAssigned(ctx, await createLoad(ctx, args.input)),
    assignLoad: (_parent, args, ctx) => assignLoad(ctx, args),
    updateLoad: (_parent, args, ctx) => updateLoad(ctx, args.id, args.input),
    cancelLoad: (_parent, args, ctx) => cancelLoad(ctx, args.id, { reason: args.reason, note: args.note }),
    updateLoadStatus: async (_parent, args, ctx) => autoAssigned(ctx, await updateLoadStatus(ctx, args.id, args.status)),
    recordStopEvent: (_parent, args, ctx) => recordStopEvent(ctx, args.id, args.stopId, { event: args.event, at: args.at }),
  },
  Load: {
    id: (load) => load._id.toHexString(),
    stops: (load) => load.stops.map((stop, index) => ({ ...stop, sequence: index + 1 })),
    driver: (load, _args, ctx) => referenced(ctx, ctx.models.Driver, load.driver),
    vehicle: (load, _args, ctx) => referenced(ctx, ctx.models.Vehicle, load.vehicle),
    trailer: (load, _args, ctx) => referenced(ctx, ctx.models.Trailer, load.trailer),
    weight: (load, _args, ctx) => weightIn(ctx.tenant, load.weightLbs),
    pickupAt: (load) => load.pickupAt.toISOString(),
    deliverBy: (load) => load.deliverBy.toISOString(),
    nextStatuses: (load) => [...nextStatuses(load)],
    notes: (load) => load.notes ?? null,
    cancellation: (load) => load.cancellation ?? null,
    editableFields: (load) => editableFields(load),
    createdBy: (load) => userReference(load.createdBy),
    createdAt: (load) => load.createdAt.toISOString(),
    updatedAt: (load) => load.updatedAt.toISOString(),
  },
  LoadStop: {
    id: (stop) => stop._id.toHexString(),
    pickupStopId: (stop) => stop.pickupStop?.toHexString() ?? null,
    location: (stop) => ({ latitude: stop.latitude, longitude: stop.longitude }),
    window: (stop) => ({ start: stop.windowStart.toISOString(), end: stop.windowEnd.toISOString() }),
    arrivedAt: (stop) => stop.arrivedAt?.toISOString() ?? null,
    departedAt: (stop) => stop.departedAt?.toISOString() ?? null,
    outsideWorkingHours: (stop, _args, ctx) => !withinWorkingHours(workingHoursFor(ctx.tenant), stop.windowStart),
  },
  LoadCancellation: {
    at: (cancellation) => cancellation.at.toISOString(),
    by: (cancellation) => userReference(cancellation.by),
  },
  LoadStatusChange: {
    at: (change) => change.at.toISOString(),
    by: (change) => userReference(change.by),
  },
} satisfies Resolvers;
