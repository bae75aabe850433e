import { userReference, type ConnectionArgs } from '@attunelogic/shared';
import { referenced } from '../common/references';
import { type TruckingContext } from '../models';
import { assignLoad } from './assignment';
import { type LoadStatusChange, type LoadStop } from './loads.model';
import { createLoad, getLoad, listLoads, nextStatuses, recordStopEvent, updateLoadStatus, type Load, type LoadFilter } from './loads.service';

export const loadResolvers = {
  Query: {
    loads: (_parent: unknown, args: ConnectionArgs & { filter?: LoadFilter }, ctx: TruckingContext) => listLoads(ctx, args),
    load: (_parent: unknown, args: { id: string }, ctx: TruckingContext) => getLoad(ctx, args.id),
  },
  Mutation: {
    createLoad: (_parent: unknown, args: { input: unknown }, ctx: TruckingContext) => createLoad(ctx, args.input),
    assignLoad: (_parent: unknown, args: { id: string; driverId: string; vehicleId: string; trailerId?: string | null }, ctx: TruckingContext) =>
      assignLoad(ctx, args),
    updateLoadStatus: (_parent: unknown, args: { id: string; status: string }, ctx: TruckingContext) => updateLoadStatus(ctx, args.id, args.status),
    recordStopEvent: (_parent: unknown, args: { id: string; stopId: string; event: string; at?: string | null }, ctx: TruckingContext) =>
      recordStopEvent(ctx, args.id, args.stopId, { event: args.event, at: args.at }),
  },
  Load: {
    id: (load: Load) => load._id.toHexString(),
    stops: (load: Load) => load.stops.map((stop, index) => ({ ...stop, sequence: index + 1 })),
    driver: (load: Load, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Driver, load.driver),
    vehicle: (load: Load, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Vehicle, load.vehicle),
    trailer: (load: Load, _args: unknown, ctx: TruckingContext) => referenced(ctx, ctx.models.Trailer, load.trailer),
    pickupAt: (load: Load) => load.pickupAt.toISOString(),
    deliverBy: (load: Load) => load.deliverBy.toISOString(),
    nextStatuses: (load: Load) => nextStatuses(load),
    createdBy: (load: Load) => userReference(load.createdBy),
    createdAt: (load: Load) => load.createdAt.toISOString(),
    updatedAt: (load: Load) => load.updatedAt.toISOString(),
  },
  LoadStop: {
    id: (stop: LoadStop) => stop._id.toHexString(),
    pickupStopId: (stop: LoadStop) => stop.pickupStop?.toHexString() ?? null,
    location: (stop: LoadStop) => ({ latitude: stop.latitude, longitude: stop.longitude }),
    window: (stop: LoadStop) => ({ start: stop.windowStart.toISOString(), end: stop.windowEnd.toISOString() }),
    arrivedAt: (stop: LoadStop) => stop.arrivedAt?.toISOString() ?? null,
    departedAt: (stop: LoadStop) => stop.departedAt?.toISOString() ?? null,
  },
  LoadStatusChange: {
    at: (change: LoadStatusChange) => change.at.toISOString(),
    by: (change: LoadStatusChange) => userReference(change.by),
  },
};
