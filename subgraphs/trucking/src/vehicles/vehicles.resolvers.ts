import { userReference } from '@attunelogic/shared/subgraph';
import { referenced } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { createVehicle, getVehicle, listVehicles, updateVehicle, retireVehicle } from './vehicles.service';

export const vehicleResolvers = {
  Query: {
    vehicles: (_parent, args, ctx) => listVehicles(ctx, args),
    vehicle: (_parent, args, ctx) => getVehicle(ctx, args.id),
  },
  Mutation: {
    createVehicle: (_parent, args, ctx) => createVehicle(ctx, args.input),
    updateVehicle: (_parent, args, ctx) => updateVehicle(ctx, args.id, args.input),
    retireVehicle: (_parent, args, ctx) => retireVehicle(ctx, args.id, args.reason),
  },
  Vehicle: {
    id: (vehicle) => vehicle._id.toHexString(),
    type: (vehicle) => vehicle.type ?? 'tractor',
    currentLoad: (vehicle, _args, ctx) => referenced(ctx, ctx.models.Load, vehicle.activeLoad),
    retiredAt: (vehicle) => vehicle.retiredAt?.toISOString() ?? null,
    retirementReason: (vehicle) => vehicle.retirementReason ?? null,
    createdBy: (vehicle) => userReference(vehicle.createdBy),
    createdAt: (vehicle) => vehicle.createdAt.toISOString(),
    updatedAt: (vehicle) => vehicle.updatedAt.toISOString(),
  },
} satisfies Resolvers;
